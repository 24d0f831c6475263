"""Checks of the questionnaire's values; the edition file names a check for each field.

ИНН, phone, e-mail, URL and names reuse ``core.registry.validation``. The registry numbers are checked for
their format only (no registry is queried):

- 5.1 Реестр программ для ЭВМ (Роспатент/ФИПС): the registration number of the certificate, 10 digits
  ``ГГГГ6NNNNN`` — the year of registration, then a serial that starts with 6 (61…, 66…, 68…); 62… is a
  database certificate and is refused for this field. Optionally «от ДД.ММ.ГГГГ» (the year must match).
- 5.2 Единый реестр российских программ (Минцифры): the register entry number, 1–7 digits, optionally
  «от ДД.ММ.ГГГГ» (the register exists since 2016).

A «№» sign and spaces are accepted; the value is stored as «2021612345 от 12.03.2021».
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from core.errors import OhsError

#: The year the Russian software register began (постановление Правительства РФ от 16.11.2015 № 1236).
SOFTWARE_REGISTRY_SINCE = datetime.date(2016, 1, 1)
#: Earliest launch year accepted: older values are taken for typos.
EARLIEST_LAUNCH_YEAR = 1950
TEXT_LIMIT = 1000
LONG_TEXT_LIMIT = 20000

_NUMBER_DATE = re.compile(r"№?\s*(?P<number>[0-9 ]+?)\s*(?:от\s+(?P<date>\S+))?\s*")


def _text(value: str, today: datetime.date) -> str:
    text = " ".join(value.split())
    if len(text) > TEXT_LIMIT:
        raise OhsError(f"слишком длинное значение ({len(text)} знаков, можно до {TEXT_LIMIT}).")
    return text


def _long_text(value: str, today: datetime.date) -> str:
    # Paragraphs are kept: descriptions are printed as the applicant wrote them.
    lines = [" ".join(line.split()) for line in value.strip().replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines)
    if len(text) > LONG_TEXT_LIMIT:
        raise OhsError(f"слишком длинное значение ({len(text)} знаков, можно до {LONG_TEXT_LIMIT}).")
    return text


def _person_name(value: str, today: datetime.date) -> str:
    from core.registry.validation import split_full_name

    return " ".join(p for p in split_full_name(value) if p)


def _launch_year(value: str, today: datetime.date) -> str:
    text = value.strip()
    if not re.fullmatch(r"\d{4}", text):
        raise OhsError(f"год «{text}» должен быть четырёхзначным числом, например 2021.")
    year = int(text)
    if year > today.year:
        raise OhsError(f"год запуска {year} ещё не наступил (сегодня {today:%d.%m.%Y}).")
    if year < EARLIEST_LAUNCH_YEAR:
        raise OhsError(f"год запуска {year} раньше {EARLIEST_LAUNCH_YEAR}: проверьте, нет ли опечатки.")
    return text


def _number_and_date(value: str, what: str, example: str) -> tuple[str, datetime.date | None]:
    from core.registry.validation import ValidationError, parse_date

    match = _NUMBER_DATE.fullmatch(value.strip())
    if not match:
        raise OhsError(f"{what} «{value.strip()}» не распознан: ожидается вид «{example}».")
    number = match["number"].replace(" ", "")
    on = None
    if match["date"]:
        try:
            on = parse_date(match["date"], "дата регистрации")
        except ValidationError as exc:
            raise OhsError(exc.message) from None
    return number, on


def _dated(number: str, on: datetime.date | None) -> str:
    return f"{number} от {on:%d.%m.%Y}" if on else number


def _program_certificate(value: str, today: datetime.date) -> str:
    number, on = _number_and_date(value, "Номер свидетельства", "2021612345 от 12.03.2021")
    if not re.fullmatch(r"\d{10}", number):
        raise OhsError(f"номер свидетельства «{number}» должен состоять из 10 цифр: год регистрации и номер, "
                       "например 2021612345.")
    year = int(number[:4])
    if number[4:6] == "62":
        raise OhsError(f"номер {number} — свидетельство на базу данных (серия 62), а нужен номер программы для ЭВМ "
                       "(серии 61, 66, 68…).")
    if number[4] != "6":
        raise OhsError(f"номер {number} не похож на номер свидетельства о регистрации программы для ЭВМ: после года "
                       "идёт серия 61, 66, 68….")
    if not 1992 <= year <= today.year:
        raise OhsError(f"год регистрации {year} в номере {number} невозможен (от 1992 до {today.year}).")
    if on is not None:
        if on > today:
            raise OhsError(f"дата регистрации {on:%d.%m.%Y} ещё не наступила.")
        if on.year != year:
            raise OhsError(f"номер {number} выдан в {year} году, а дата регистрации {on:%d.%m.%Y}.")
    return _dated(number, on)


def _software_registry_entry(value: str, today: datetime.date) -> str:
    number, on = _number_and_date(value, "Номер реестровой записи", "12345 от 20.12.2021")
    if not re.fullmatch(r"\d{1,7}", number) or int(number) == 0:
        raise OhsError(f"номер реестровой записи «{number}» должен быть целым числом от 1 (до 7 цифр), "
                       "например 12345.")
    if on is not None and not SOFTWARE_REGISTRY_SINCE <= on <= today:
        raise OhsError(f"дата включения в реестр {on:%d.%m.%Y} невозможна: реестр ведётся с 2016 года, "
                       "дата не может быть в будущем.")
    return _dated(str(int(number)), on)


def _core(name: str) -> Callable[[str, datetime.date], str]:
    def check(value: str, today: datetime.date) -> str:
        from core.registry import validation
        return getattr(validation, name)(value)

    return check


VALIDATORS: dict[str, Callable[[str, datetime.date], str]] = {
    "text": _text,
    "long_text": _long_text,
    "person_name": _person_name,
    "inn": _core("normalize_inn"),
    "phone": _core("normalize_phone"),
    "email": _core("normalize_email"),
    "url": _core("normalize_url"),
    "launch_year": _launch_year,
    "program_certificate": _program_certificate,
    "software_registry_entry": _software_registry_entry,
}


def validate(validator: str, value: str, today: datetime.date) -> str:
    """The canonical form of ``value`` or an :class:`OhsError` saying what is wrong with it."""
    text = value.strip()
    if not text:
        raise OhsError("пустое значение.")
    return VALIDATORS[validator](text, today)
