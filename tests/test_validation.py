"""Validators of identifiers, contacts, dates and full names (core/registry/validation.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import OhsError
from core.registry.validation import (
    ValidationError,
    normalize_email,
    normalize_inn,
    normalize_kpp,
    normalize_ogrn,
    normalize_okved,
    normalize_phone,
    normalize_snils,
    normalize_url,
    parse_date,
    parse_yes_no,
    split_full_name,
)


def message(func, value, *args) -> str:
    with pytest.raises(ValidationError) as info:
        func(value, *args)
    assert isinstance(info.value, OhsError)
    return info.value.message


# ---------------------------------------------------------------- ИНН


def inn12(first10: str) -> str:
    """A valid 12-digit ИНН built by the ФНС rule, independently of stdnum."""
    w1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    d1 = sum(w * int(d) for w, d in zip(w1, first10)) % 11 % 10
    w2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    d2 = sum(w * int(d) for w, d in zip(w2, first10 + str(d1))) % 11 % 10
    return f"{first10}{d1}{d2}"


def test_inn_valid_organization_and_individual():
    assert normalize_inn("7707083893") == "7707083893"
    assert normalize_inn(" 7707 083 893 ") == "7707083893"
    assert normalize_inn("500100732259") == "500100732259"
    assert normalize_inn(inn12("7736050003")) == inn12("7736050003")


def test_inn_from_spreadsheet_number_gets_leading_zero_back():
    # Башкортостан's tax offices start with 02; Excel turns 0274062111 into 274062111.
    assert normalize_inn(274062111) == "0274062111"


def test_inn_messages_name_the_failed_check():
    assert message(normalize_inn, "7707083894") == (
        "ИНН 7707083894 неверен: не сходится контрольная цифра; проверьте номер по документам."
    )
    assert message(normalize_inn, "77070838") == (
        "ИНН должен состоять из 10 цифр (организация) или 12 цифр (индивидуальный предприниматель "
        "или другое физическое лицо), а в „77070838“ их 8."
    )
    assert message(normalize_inn, "77O7083893").startswith("ИНН может содержать только цифры")
    assert message(normalize_inn, " ") == "ИНН не указан."


def test_empty_values_are_reported_as_missing():
    assert message(normalize_kpp, "") == "КПП не указан."
    assert message(normalize_ogrn, None) == "ОГРН не указан."
    assert message(normalize_snils, "  ") == "СНИЛС не указан."
    assert message(normalize_email, "") == "Адрес электронной почты не указан."
    assert message(normalize_phone, "") == "Телефон не указан."
    assert message(normalize_okved, "") == "Код ОКВЭД не указан."
    assert message(normalize_url, "") == "Адрес сайта не указан."
    assert message(parse_date, "", "Дата приема") == "Дата приема не указана."


def test_inn12_names_which_check_digit_failed():
    valid = inn12("5001007322")
    wrong_second = valid[:11] + str((int(valid[11]) + 1) % 10)
    assert "не сходится 12-я (вторая контрольная) цифра" in message(normalize_inn, wrong_second)
    # Change the 11th digit and fix the 12th for the new 11 digits: only the first check fails.
    first11 = valid[:10] + str((int(valid[10]) + 1) % 10)
    w2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    only_first = first11 + str(sum(w * int(d) for w, d in zip(w2, first11)) % 11 % 10)
    assert "не сходится 11-я (первая контрольная) цифра" in message(normalize_inn, only_first)
    both = first11 + str((int(only_first[11]) + 1) % 10)
    assert "не сходятся обе контрольные цифры (11-я и 12-я)" in message(normalize_inn, both)


# ---------------------------------------------------------------- КПП


def test_kpp_format():
    assert normalize_kpp("773601001") == "773601001"
    assert normalize_kpp("7736AB001") == "7736AB001"
    assert normalize_kpp(" 7736ab001 ") == "7736AB001"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("77360100", "КПП должен состоять из 9 символов, а в „77360100“ их 8."),
        ("77A601001", "первые 4 символа (код налоговой инспекции) должны быть цифрами"),
        ("7736-!001", "5-й и 6-й символы (причина постановки на учет)"),
        ("773601A01", "последние 3 символа (порядковый номер) должны быть цифрами"),
        ("7736АВ001", "(русские буквы замените латинскими)"),
    ],
)
def test_kpp_says_which_part_is_wrong(value, expected):
    assert expected in message(normalize_kpp, value)


def test_kpp_docstring_says_there_is_no_check_digit():
    assert "no check digit" in normalize_kpp.__doc__


# ---------------------------------------------------------------- ОГРН


def ogrn13(first12: str) -> str:
    return first12 + str(int(first12) % 11 % 10)


def ogrnip(first14: str) -> str:
    return first14 + str(int(first14) % 13 % 10)


def test_ogrn_valid():
    assert normalize_ogrn("1027700132195") == "1027700132195"
    assert normalize_ogrn(ogrn13("102500000132")) == ogrn13("102500000132")
    assert normalize_ogrn("385768585948949") == "385768585948949"


def test_ogrnip_with_remainder_above_nine_is_accepted():
    # The control digit is the last digit of the remainder mod 13; remainders 10–12 give 0–2.
    prefix = next(p for p in (f"3045001160{n:04d}" for n in range(100)) if int(p) % 13 >= 10)
    assert normalize_ogrn(ogrnip(prefix)) == ogrnip(prefix)


def test_ogrn_messages():
    assert message(normalize_ogrn, "1027700132194") == (
        "ОГРН 1027700132194 неверен: не сходится контрольная (последняя) цифра; проверьте номер по документам."
    )
    assert "ОГРНИП 385768585948948 неверен: не сходится контрольная" in message(normalize_ogrn, "385768585948948")
    assert "а в „10277001321“ их 11" in message(normalize_ogrn, "10277001321")
    assert "только цифры" in message(normalize_ogrn, "10277001321x5")
    assert "не может начинаться с 0" in message(normalize_ogrn, "0027700132195")
    assert "должен начинаться с 3 или 4" in message(normalize_ogrn, "585768585948949")


# ---------------------------------------------------------------- СНИЛС


def snils_control_by_the_rule(number9: str) -> str:
    """The control number exactly as the rule is worded (kept apart from the implementation)."""
    total = sum(int(d) * w for d, w in zip(number9, [9, 8, 7, 6, 5, 4, 3, 2, 1]))
    if total < 100:
        control = total
    elif total in (100, 101):
        control = 0
    else:
        control = total % 101
        if control == 100:
            control = 0
    return f"{control:02d}"


# Hand-computed: digit × weight (9..1) summed.
HAND_COMPUTED = [
    ("112-233-445 95", "9+8+14+12+15+12+12+8+5 = 95 → 95"),
    ("322-222-222 99", "27+16+56 = 99 → 99"),
    ("322-222-223 00", "sum 100 → 00"),
    ("322-222-224 00", "sum 101 → 00"),
    ("322-222-225 01", "sum 102 → 102 mod 101 = 1"),
    ("999-999-999 01", "9×45 = 405 → 405 mod 101 = 1"),
    ("001-001-999 65", "7+4+27+18+9 = 65 → 65"),
]


@pytest.mark.parametrize(("snils", "why"), HAND_COMPUTED)
def test_snils_hand_computed_examples_are_valid(snils, why):
    assert normalize_snils(snils) == snils
    assert snils_control_by_the_rule(snils.replace("-", "")[:9]) == snils[-2:]


def test_snils_accepted_spellings():
    for value in ("112-233-445 95", "11223344595", " 112 233 445 95 ", "112-233-445-95", "112–233–445\xa095", 11223344595):
        assert normalize_snils(value) == "112-233-445 95"
    # From a spreadsheet number cell: leading zeros are gone.
    assert normalize_snils(100199965) == "001-001-999 65"


def test_snils_before_checksum_era_is_not_checked():
    assert normalize_snils("001-001-998 00") == "001-001-998 00"
    assert normalize_snils("000-000-001 77") == "000-000-001 77"


def test_snils_messages():
    assert message(normalize_snils, "112-233-445 96") == (
        "СНИЛС 112-233-445 96 неверен: не сходится контрольное число (последние две цифры); "
        "проверьте номер по страховому свидетельству."
    )
    assert message(normalize_snils, "112-233-445 9") == "СНИЛС должен состоять из 11 цифр, а в „112-233-445 9“ их 10."
    assert "только цифры, пробелы и дефисы" in message(normalize_snils, "112-233-445 9S")
    assert "из одних нулей" in message(normalize_snils, "000-000-000 00")


@given(st.integers(min_value=1_001_999, max_value=999_999_999))
def test_generated_snils_is_accepted(number):
    digits = f"{number:09d}"
    snils = digits + snils_control_by_the_rule(digits)
    assert normalize_snils(snils) == f"{digits[:3]}-{digits[3:6]}-{digits[6:]} {snils[9:]}"


def is_valid_snils(digits: str) -> bool:
    try:
        normalize_snils(digits)
    except ValidationError:
        return False
    return True


def test_single_digit_change_is_not_always_caught():
    # 322-222-223 00 and 322-222-224 00 differ in one digit and both are valid: sums 100 and 101
    # both give control 00, so "any single-digit change is caught" is not a property of СНИЛС.
    assert is_valid_snils("32222222300") and is_valid_snils("32222222400")


@given(st.integers(min_value=1_001_999, max_value=999_999_999), st.integers(0, 10), st.integers(1, 9))
def test_single_digit_change_is_caught_except_last_digit_plus_minus_one_at_sum_100_101(number, position, shift):
    """What is true: a changed control digit, or a changed number digit other than the 9th by ±1, is always caught.

    The sum changes by weight × delta, at most 81 in size and never a multiple of 101, so the
    remainder mod 101 always changes; only remainders 0 and 100 share the control «00», and they are
    one apart, which only the 9th digit (weight 1) changed by ±1 can bridge.
    """
    digits = f"{number:09d}"
    valid = digits + snils_control_by_the_rule(digits)
    changed = valid[:position] + str((int(valid[position]) + shift) % 10) + valid[position + 1 :]
    if int(changed[:9]) <= 1_001_998:
        return  # numbers issued before the checksum are not checked at all
    total = sum(int(d) * w for d, w in zip(digits, range(9, 0, -1)))
    new_total = sum(int(d) * w for d, w in zip(changed[:9], range(9, 0, -1)))
    exception = position == 8 and abs(new_total - total) == 1 and {total % 101, new_total % 101} == {0, 100}
    assert is_valid_snils(changed) == exception


# ---------------------------------------------------------------- contacts and codes


def test_email():
    assert normalize_email(" Ivan.Petrov@Example.RU ") == "Ivan.Petrov@example.ru"
    assert normalize_email("ot@завод.рф") == "ot@завод.рф"
    for bad in ("ivan", "ivan@", "ivan@example", "iv an@example.ru", "a@@b.ru", "a@b..ru", "a@b.ru;c@d.ru"):
        assert "ожидается вид name@example.ru" in message(normalize_email, bad), bad


def test_phone_lenient():
    assert normalize_phone("+7 (495) 123-45-67") == "+7 (495) 123-45-67"
    assert normalize_phone("8 912 345 67 89") == "8 912 345 67 89"
    assert normalize_phone("4951234567") == "4951234567"
    assert normalize_phone("+7 495 123-45-67 доб. 1234") == "+7 495 123-45-67 доб. 1234"
    assert normalize_phone("+7 495 123-45-67 ext 12") == "+7 495 123-45-67 ext 12"
    assert "а в номере их 6" in message(normalize_phone, "12-34-56")
    assert "допустимы цифры" in message(normalize_phone, "+7 495 звонить утром")
    assert "их 12" in message(normalize_phone, "+7 495 123-45-67-8")


def test_okved():
    for code in ("43", "43.2", "43.21", "43.21.1", "43.21.11"):
        assert normalize_okved(code) == code
    for bad in ("4", "43.", "43.2.1", "43.21.111", "43,21", "А3.21"):
        assert "ожидается вид 43, 43.2, 43.21, 43.21.1 или 43.21.11" in message(normalize_okved, bad), bad


def test_url():
    assert normalize_url("ohs.example.ru") == "https://ohs.example.ru"
    assert normalize_url("http://ohs.example.ru/ot?x=1") == "http://ohs.example.ru/ot?x=1"
    assert normalize_url("завод.рф") == "https://завод.рф"
    assert normalize_url("http://localhost:8080") == "http://localhost:8080"
    assert "только адреса http:// и https://" in message(normalize_url, "ftp://example.ru")
    for bad in ("https://", "example", "https://exa mple.ru", "http://example.ru:port"):
        assert "ожидается вид https://example.ru" in message(normalize_url, bad), bad


# ---------------------------------------------------------------- dates, yes/no, names


def test_parse_date_accepts_common_spellings():
    assert parse_date("01.09.2025") == date(2025, 9, 1)
    assert parse_date("1.9.2025") == date(2025, 9, 1)
    assert parse_date(" 2025-09-01 ") == date(2025, 9, 1)
    assert parse_date(datetime(2025, 9, 1, 0, 0)) == date(2025, 9, 1)
    assert parse_date(date(2025, 9, 1)) == date(2025, 9, 1)
    assert parse_date("29.02.2024") == date(2024, 2, 29)


def test_parse_date_messages_name_field_and_value():
    assert message(parse_date, "31.02.2026", "Дата приема") == "Дата приема „31.02.2026“: такой даты нет."
    assert message(parse_date, "29.02.2025") == "Дата „29.02.2025“: такой даты нет."
    assert message(parse_date, "01.09.1850", "дата рождения") == (
        "Дата рождения „01.09.1850“: год должен быть от 1900 до 2100, проверьте, нет ли опечатки."
    )
    assert "год должен быть от 1900 до 2100" in message(parse_date, datetime(2200, 1, 1))
    assert "не похоже на дату, ожидается ДД.ММ.ГГГГ" in message(parse_date, "1 сентября", "Дата приема")
    assert "не похоже на дату" in message(parse_date, "01.09.25")


def test_parse_yes_no():
    for yes in ("да", "ДА", "Yes", "true", "1", True):
        assert parse_yes_no(yes) is True
    for no in ("нет", "No", "FALSE", "0", False):
        assert parse_yes_no(no) is False
    assert message(parse_yes_no, "может быть") == "Значение „может быть“ не распознано: укажите «да» или «нет»."


def test_split_full_name():
    assert split_full_name("Ульянова Марина Александровна") == ("Ульянова", "Марина", "Александровна")
    assert split_full_name("  Ульянова   Марина  ") == ("Ульянова", "Марина", None)
    assert split_full_name("Алиев Руслан Ибрагим оглы") == ("Алиев", "Руслан", "Ибрагим оглы")
    assert split_full_name("Алиева Лейла Ибрагим кызы") == ("Алиева", "Лейла", "Ибрагим кызы")
    assert split_full_name("Салтыков-Щедрин Михаил Евграфович") == ("Салтыков-Щедрин", "Михаил", "Евграфович")
    assert "нужны хотя бы фамилия и имя" in message(split_full_name, "Ульянова")
    assert "нужны хотя бы фамилия и имя" in message(split_full_name, "   ")
    assert "больше трех слов" in message(split_full_name, "Де Ла Круз Хуан Карлос")
