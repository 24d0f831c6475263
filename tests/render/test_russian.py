"""Russian helpers for templates, checked the way a Russian reader would check a document."""

from __future__ import annotations

import datetime
import subprocess
import sys
from types import SimpleNamespace

import pytest

from core.render import russian
from core.render.russian import (
    FILTERS,
    accusative,
    dative,
    dative_initials,
    date_long,
    date_numeric,
    date_words,
    decline,
    decline_name,
    decline_position,
    genitive,
    initials,
    initials_after,
    instrumental,
    is_person,
    money_words,
    month_genitive,
    month_nominative,
    num_words,
    plural,
    quarter,
    quarter_name,
    quarter_roman,
)

# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "words", "long", "numeric"),
    [
        (datetime.date(2018, 9, 25), "«25» сентября 2018 г.", "25 сентября 2018 г.", "25.09.2018"),
        (datetime.date(2016, 6, 5), "«5» июня 2016 г.", "5 июня 2016 г.", "05.06.2016"),
        (datetime.date(2026, 1, 1), "«1» января 2026 г.", "1 января 2026 г.", "01.01.2026"),
        (datetime.datetime(2024, 12, 31, 23, 59), "«31» декабря 2024 г.", "31 декабря 2024 г.", "31.12.2024"),
        ("2016-06-05", "«5» июня 2016 г.", "5 июня 2016 г.", "05.06.2016"),
        ("2018-09-25T10:30:00", "«25» сентября 2018 г.", "25 сентября 2018 г.", "25.09.2018"),
        ("05.06.2016", "«5» июня 2016 г.", "5 июня 2016 г.", "05.06.2016"),
    ],
)
def test_dates(value, words, long, numeric):
    assert date_words(value) == words
    assert date_long(value) == long
    assert date_numeric(value) == numeric


@pytest.mark.parametrize(
    ("month", "genitive_form", "nominative_form"),
    [
        (1, "января", "январь"),
        (2, "февраля", "февраль"),
        (3, "марта", "март"),
        (4, "апреля", "апрель"),
        (5, "мая", "май"),
        (6, "июня", "июнь"),
        (7, "июля", "июль"),
        (8, "августа", "август"),
        (9, "сентября", "сентябрь"),
        (10, "октября", "октябрь"),
        (11, "ноября", "ноябрь"),
        (12, "декабря", "декабрь"),
    ],
)
def test_months(month, genitive_form, nominative_form):
    assert month_genitive(month) == genitive_form
    assert month_nominative(month) == nominative_form
    assert date_long(datetime.date(2026, month, 10)) == f"10 {genitive_form} 2026 г."


@pytest.mark.parametrize("bad", [None, "", "   ", "не дата", "2026-02-30", 42])
def test_bad_dates_raise_value_error(bad):
    for function in (date_words, date_long, date_numeric):
        with pytest.raises(ValueError):
            function(bad)


@pytest.mark.parametrize("bad", [0, 13, None, "май"])
def test_bad_month_raises(bad):
    with pytest.raises(ValueError):
        month_genitive(bad)


# --------------------------------------------------------------------------- quarters


@pytest.mark.parametrize(
    ("q", "roman", "name"),
    [
        (1, "I", "I квартал 2026 г."),
        (2, "II", "II квартал 2026 г."),
        (3, "III", "III квартал 2026 г."),
        (4, "IV", "IV квартал 2026 г."),
    ],
)
def test_quarters(q, roman, name):
    assert quarter_roman(q) == roman
    assert quarter_name(q, 2026) == name
    assert quarter(2026, q) == name
    assert quarter((2026, q)) == name
    assert quarter_name(q) == f"{roman} квартал"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 1, 1), "I квартал 2026 г."),
        (datetime.date(2026, 3, 31), "I квартал 2026 г."),
        (datetime.date(2026, 4, 1), "II квартал 2026 г."),
        (datetime.date(2026, 9, 30), "III квартал 2026 г."),
        (datetime.date(2026, 12, 31), "IV квартал 2026 г."),
    ],
)
def test_quarter_of_a_date(day, expected):
    assert quarter(day) == expected


@pytest.mark.parametrize("bad", [0, 5, None, "IV"])
def test_bad_quarter_raises(bad):
    with pytest.raises(ValueError):
        quarter_roman(bad)


# --------------------------------------------------------------------------- initials


@pytest.mark.parametrize(
    ("person", "before", "after"),
    [
        ("Ульянова Марина Александровна", "М.А. Ульянова", "Ульянова М.А."),
        ("Серов Виктор Иванович", "В.И. Серов", "Серов В.И."),
        ("Ульянова Марина", "М. Ульянова", "Ульянова М."),
        ("Римская-Корсакова Ольга Андреевна", "О.А. Римская-Корсакова", "Римская-Корсакова О.А."),
        ("Салтыков-Щедрин Михаил Евграфович", "М.Е. Салтыков-Щедрин", "Салтыков-Щедрин М.Е."),
        ("Иванова Анна-Мария Петровна", "А.-М.П. Иванова", "Иванова А.-М.П."),
        ("Ёлкин Пётр Семёнович", "П.С. Ёлкин", "Ёлкин П.С."),
        ("Киселёва Алёна Фёдоровна", "А.Ф. Киселёва", "Киселёва А.Ф."),
        ("Алиев Рашид Гусейн оглы", "Р.Г. Алиев", "Алиев Р.Г."),
        ("  Серов   Виктор  Иванович ", "В.И. Серов", "Серов В.И."),
        ("Ульянова М.А.", "М.А. Ульянова", "Ульянова М.А."),
        ("М. А. Ульянова", "М.А. Ульянова", "Ульянова М.А."),
        ("Ульянова", "Ульянова", "Ульянова"),
        ("", "", ""),
    ],
)
def test_initials_from_strings(person, before, after):
    assert initials(person) == before
    assert initials_after(person) == after


@pytest.mark.parametrize(
    "person",
    [
        {"surname": "Ульянова", "name": "Марина", "patronymic": "Александровна", "gender": "f"},
        SimpleNamespace(surname="Ульянова", name="Марина", patronymic="Александровна", gender=None),
        SimpleNamespace(surname="Ульянова", name="Марина", patronymic="Александровна"),
    ],
)
def test_initials_from_objects(person):
    assert initials(person) == "М.А. Ульянова"
    assert initials_after(person) == "Ульянова М.А."


def test_initials_without_patronymic_on_object():
    person = {"surname": "Серов", "name": "Виктор", "patronymic": None}
    assert initials(person) == "В. Серов"


def test_initials_non_breaking_separator():
    assert initials("Серов Виктор Иванович", sep="\u00a0") == "В.И.\u00a0Серов"


# --------------------------------------------------------------------------- names by case

NAMES = [
    # (nominative, genitive, dative)
    ("Ульянова Марина Александровна", "Ульяновой Марины Александровны", "Ульяновой Марине Александровне"),
    ("Серов Виктор Иванович", "Серова Виктора Ивановича", "Серову Виктору Ивановичу"),
    ("Черных Анна Сергеевна", "Черных Анны Сергеевны", "Черных Анне Сергеевне"),
    ("Черных Олег Петрович", "Черных Олега Петровича", "Черных Олегу Петровичу"),
    ("Шевченко Ольга Викторовна", "Шевченко Ольги Викторовны", "Шевченко Ольге Викторовне"),
    ("Шевченко Тарас Григорьевич", "Шевченко Тараса Григорьевича", "Шевченко Тарасу Григорьевичу"),
    ("Кузнецова Любовь Ивановна", "Кузнецовой Любови Ивановны", "Кузнецовой Любови Ивановне"),
    ("Гончаров Лев Николаевич", "Гончарова Льва Николаевича", "Гончарову Льву Николаевичу"),
    ("Морозов Никита Сергеевич", "Морозова Никиты Сергеевича", "Морозову Никите Сергеевичу"),
    ("Зайцев Илья Павлович", "Зайцева Ильи Павловича", "Зайцеву Илье Павловичу"),
    ("Смирнов Павел Андреевич", "Смирнова Павла Андреевича", "Смирнову Павлу Андреевичу"),
    ("Киселёв Артём Олегович", "Киселёва Артёма Олеговича", "Киселёву Артёму Олеговичу"),
    ("Орлов Пётр Ильич", "Орлова Петра Ильича", "Орлову Петру Ильичу"),
    ("Орлова Ольга Ильинична", "Орловой Ольги Ильиничны", "Орловой Ольге Ильиничне"),
    ("Ковальчук Ирина Сергеевна", "Ковальчук Ирины Сергеевны", "Ковальчук Ирине Сергеевне"),
    ("Ковальчук Илья Фомич", "Ковальчука Ильи Фомича", "Ковальчуку Илье Фомичу"),
    ("Глинка Михаил Иванович", "Глинки Михаила Ивановича", "Глинке Михаилу Ивановичу"),
    ("Иванова Наталья Ильинична", "Ивановой Натальи Ильиничны", "Ивановой Наталье Ильиничне"),
    ("Быстрова Ксения Юрьевна", "Быстровой Ксении Юрьевны", "Быстровой Ксении Юрьевне"),
    ("Белых Мария Кузьминична", "Белых Марии Кузьминичны", "Белых Марии Кузьминичне"),
    ("Толстая Софья Андреевна", "Толстой Софьи Андреевны", "Толстой Софье Андреевне"),
    ("Римская-Корсакова Ольга Андреевна", "Римской-Корсаковой Ольги Андреевны", "Римской-Корсаковой Ольге Андреевне"),
    ("Ёлкина Алёна Фёдоровна", "Ёлкиной Алёны Фёдоровны", "Ёлкиной Алёне Фёдоровне"),
    ("Ли Сергей Олегович", "Ли Сергея Олеговича", "Ли Сергею Олеговичу"),
    ("Ульянова Марина", "Ульяновой Марины", "Ульяновой Марине"),
]


@pytest.mark.parametrize(("nominative", "genitive_form", "dative_form"), NAMES)
def test_full_names_genitive_and_dative(nominative, genitive_form, dative_form):
    assert decline_name(nominative, "genitive") == genitive_form
    assert decline_name(nominative, "dative") == dative_form
    # The filters decide on their own that these strings are persons.
    assert genitive(nominative) == genitive_form
    assert dative(nominative) == dative_form


@pytest.mark.parametrize(
    ("nominative", "accusative_form", "instrumental_form"),
    [
        ("Ульянова Марина Александровна", "Ульянову Марину Александровну", "Ульяновой Мариной Александровной"),
        ("Серов Виктор Иванович", "Серова Виктора Ивановича", "Серовым Виктором Ивановичем"),
        ("Кузнецова Любовь Ивановна", "Кузнецову Любовь Ивановну", "Кузнецовой Любовью Ивановной"),
        ("Морозов Никита Сергеевич", "Морозова Никиту Сергеевича", "Морозовым Никитой Сергеевичем"),
        ("Гончаров Лев Николаевич", "Гончарова Льва Николаевича", "Гончаровым Львом Николаевичем"),
        ("Черных Анна Сергеевна", "Черных Анну Сергеевну", "Черных Анной Сергеевной"),
        ("Глинка Михаил Иванович", "Глинку Михаила Ивановича", "Глинкой Михаилом Ивановичем"),
    ],
)
def test_full_names_accusative_and_instrumental(nominative, accusative_form, instrumental_form):
    assert accusative(nominative) == accusative_form
    assert instrumental(nominative) == instrumental_form


def test_prepositional():
    assert decline_name("Серов Виктор Иванович", "prepositional") == "Серове Викторе Ивановиче"
    assert decline_name("Серов Виктор Иванович", "предложный") == "Серове Викторе Ивановиче"


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        # Explicit gender wins: without it «Мельник» is ambiguous and stays as written.
        ({"surname": "Мельник", "name": "Саша", "gender": "f"}, "Мельник Саше"),
        ({"surname": "Мельник", "name": "Саша", "gender": "m"}, "Мельнику Саше"),
        ({"surname": "Мельник", "name": "Саша"}, "Мельник Саше"),
        (SimpleNamespace(surname="Мельник", name="Мария", patronymic="Ивановна", gender="f"), "Мельник Марии Ивановне"),
        (SimpleNamespace(surname="Мельник", name="Иван", patronymic="Петрович", gender=None), "Мельнику Ивану Петровичу"),
        ({"surname": "Серов", "name": "Виктор", "patronymic": "Иванович", "gender": "м"}, "Серову Виктору Ивановичу"),
    ],
)
def test_gender_from_object(person, expected):
    assert dative(person) == expected


@pytest.mark.parametrize(
    ("person", "genitive_form", "dative_form"),
    [
        ("Ульянова М.А.", "Ульяновой М.А.", "Ульяновой М.А."),
        ("М.А. Ульянова", "М.А. Ульяновой", "М.А. Ульяновой"),
        ("Серов В.И.", "Серова В.И.", "Серову В.И."),
        # Gender is unknown from initials and the forms differ: left as written.
        ("Мельник М.А.", "Мельник М.А.", "Мельник М.А."),
    ],
)
def test_names_with_initials_keep_them(person, genitive_form, dative_form):
    assert genitive(person) == genitive_form
    assert dative(person) == dative_form


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("Ульянова Марина Александровна", "Ульяновой М.А."),
        ("Серов Виктор Иванович", "Серову В.И."),
        ("Черных Анна Сергеевна", "Черных А.С."),
        ("Шевченко Тарас Григорьевич", "Шевченко Т.Г."),
        ({"surname": "Ульянова", "name": "Марина", "patronymic": "Александровна"}, "Ульяновой М.А."),
    ],
)
def test_dative_initials(person, expected):
    assert dative_initials(person) == expected
    assert FILTERS["dative_initials"](person) == expected


def test_initials_with_case_before_surname():
    assert initials("Ульянова Марина Александровна", case="dative") == "М.А. Ульяновой"
    assert FILTERS["genitive_initials"]("Серов Виктор Иванович") == "Серова В.И."
    assert FILTERS["accusative_initials"]("Серов Виктор Иванович") == "Серова В.И."
    assert FILTERS["instrumental_initials"]("Ульянова Марина Александровна") == "Ульяновой М.А."


def test_names_in_capitals_stay_in_capitals():
    assert dative("УЛЬЯНОВА МАРИНА АЛЕКСАНДРОВНА") == "УЛЬЯНОВОЙ МАРИНЕ АЛЕКСАНДРОВНЕ"


@pytest.mark.parametrize(
    ("name", "genitive_form"),
    [
        # The Turkic patronymic does not decline; the name and surname do.
        ("Алиев Рашид Гусейн оглы", "Алиева Рашида Гусейн оглы"),
        ("Дюма Александр", "Дюма Александра"),
        # Latin script and names whose gender cannot be told are left as written.
        ("John Smith", "John Smith"),
        ("Бах Иоганн Себастьян", "Бах Иоганн Себастьян"),
        ("Ли Си", "Ли Си"),
    ],
)
def test_unknown_or_foreign_names_are_not_mangled(name, genitive_form):
    assert genitive(name) == genitive_form


# --------------------------------------------------------------------------- positions

POSITIONS = [
    # (nominative, genitive, dative)
    (
        "заместитель директора по спортивной подготовке",
        "заместителя директора по спортивной подготовке",
        "заместителю директора по спортивной подготовке",
    ),
    ("тренер-преподаватель", "тренера-преподавателя", "тренеру-преподавателю"),
    ("старший тренер-преподаватель", "старшего тренера-преподавателя", "старшему тренеру-преподавателю"),
    ("специалист по охране труда", "специалиста по охране труда", "специалисту по охране труда"),
    ("главный бухгалтер", "главного бухгалтера", "главному бухгалтеру"),
    ("уборщик служебных помещений", "уборщика служебных помещений", "уборщику служебных помещений"),
    (
        "рабочий по комплексному обслуживанию и ремонту зданий",
        "рабочего по комплексному обслуживанию и ремонту зданий",
        "рабочему по комплексному обслуживанию и ремонту зданий",
    ),
    ("инструктор-методист", "инструктора-методиста", "инструктору-методисту"),
    ("директор", "директора", "директору"),
    ("сторож", "сторожа", "сторожу"),
    ("водитель автомобиля", "водителя автомобиля", "водителю автомобиля"),
    ("медицинская сестра", "медицинской сестры", "медицинской сестре"),
    ("старшая медицинская сестра", "старшей медицинской сестры", "старшей медицинской сестре"),
    ("заведующий хозяйством", "заведующего хозяйством", "заведующему хозяйством"),
    ("заведующая библиотекой", "заведующей библиотекой", "заведующей библиотекой"),
    ("контрактный управляющий", "контрактного управляющего", "контрактному управляющему"),
    ("начальник отдела кадров", "начальника отдела кадров", "начальнику отдела кадров"),
    ("заместитель главного бухгалтера", "заместителя главного бухгалтера", "заместителю главного бухгалтера"),
    ("педагог дополнительного образования", "педагога дополнительного образования", "педагогу дополнительного образования"),
    ("шеф-повар", "шеф-повара", "шеф-повару"),
    ("слесарь-сантехник", "слесаря-сантехника", "слесарю-сантехнику"),
    ("инженер-электроник", "инженера-электроника", "инженеру-электронику"),
    ("секретарь-машинистка", "секретаря-машинистки", "секретарю-машинистке"),
    ("уборщица", "уборщицы", "уборщице"),
    ("вахтёр", "вахтёра", "вахтёру"),
    ("сторож (вахтёр)", "сторожа (вахтёра)", "сторожу (вахтёру)"),
    ("инженер по ОТ", "инженера по ОТ", "инженеру по ОТ"),
    ("Директор МБУ СШОР «Олимп»", "Директора МБУ СШОР «Олимп»", "Директору МБУ СШОР «Олимп»"),
    ("Заместитель директора по АХЧ", "Заместителя директора по АХЧ", "Заместителю директора по АХЧ"),
    ("ГЛАВНЫЙ БУХГАЛТЕР", "ГЛАВНОГО БУХГАЛТЕРА", "ГЛАВНОМУ БУХГАЛТЕРУ"),
]


@pytest.mark.parametrize(("nominative", "genitive_form", "dative_form"), POSITIONS)
def test_positions_genitive_and_dative(nominative, genitive_form, dative_form):
    assert decline_position(nominative, "genitive") == genitive_form
    assert decline_position(nominative, "dative") == dative_form
    assert genitive(nominative) == genitive_form
    assert dative(nominative) == dative_form


@pytest.mark.parametrize(
    ("nominative", "accusative_form", "instrumental_form"),
    [
        ("медицинская сестра", "медицинскую сестру", "медицинской сестрой"),
        ("старший тренер-преподаватель", "старшего тренера-преподавателя", "старшим тренером-преподавателем"),
        ("главный бухгалтер", "главного бухгалтера", "главным бухгалтером"),
        ("специалист по охране труда", "специалиста по охране труда", "специалистом по охране труда"),
        ("сторож", "сторожа", "сторожем"),
    ],
)
def test_positions_accusative_and_instrumental(nominative, accusative_form, instrumental_form):
    assert accusative(nominative) == accusative_form
    assert instrumental(nominative) == instrumental_form


@pytest.mark.parametrize(
    "title",
    ["и.о. директора", "Chief Executive Officer", "по совместительству", "", "1,0 ставки"],
)
def test_positions_that_cannot_be_declined_are_returned_as_is(title):
    assert decline_position(title, "dative") == title


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("главный бухгалтер, кассир", "главному бухгалтеру, кассир"),
        ("  директор  школы ", "  директору  школы "),
        ("тренер-преподаватель (по совместительству)", "тренеру-преподавателю (по совместительству)"),
        ("тьютор", "тьютору"),
        ("главный ИТ-специалист", "главному ИТ-специалисту"),
        ("вице-президент", "вице-президенту"),
    ],
)
def test_positions_keep_spacing_punctuation_and_fixed_parts(title, expected):
    assert decline_position(title, "dative") == expected


def test_capfirst_keeps_abbreviations():
    assert FILTERS["capfirst"]("заместителю директора МБУ СШОР") == "Заместителю директора МБУ СШОР"
    assert FILTERS["capfirst"]("") == ""


def test_nominative_is_identity():
    assert decline("главный бухгалтер", "nominative") == "главный бухгалтер"
    assert decline("Серов Виктор Иванович", "им") == "Серов Виктор Иванович"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Ульянова Марина Александровна", True),
        ("Ульянова Марина", True),
        ("Ульянова М.А.", True),
        ({"surname": "Серов"}, True),
        ("заместитель директора", False),
        ("Заместитель директора", False),
        ("Главный Бухгалтер", False),
        ("Директор МБУ СШОР", False),
        ("директор", False),
    ],
)
def test_person_or_position(value, expected):
    assert is_person(value) is expected


@pytest.mark.parametrize("bad", ["падеж", "", 7])
def test_unknown_case_raises(bad):
    with pytest.raises(ValueError):
        decline("директор", bad)


def test_none_raises():
    with pytest.raises(ValueError):
        dative(None)
    with pytest.raises(ValueError):
        initials(None)


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "один"),
        (2, "два"),
        (5, "пять"),
        (21, "двадцать один"),
        (100, "сто"),
        (2026, "две тысячи двадцать шесть"),
        (0, "ноль"),
    ],
)
def test_num_words(n, words):
    assert num_words(n) == words


@pytest.mark.parametrize(
    ("n", "gender", "words"),
    [
        (1, "f", "одна"),
        (2, "f", "две"),
        (21, "ж", "двадцать одна"),
        (1, "n", "одно"),
        (2, "с", "два"),
        (1, "м", "один"),
    ],
)
def test_num_words_gender(n, gender, words):
    assert num_words(n, gender=gender) == words


def test_num_words_case():
    assert num_words(2, case="genitive") == "двух"
    assert num_words(5, case="dative") == "пяти"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 год"),
        (2, "2 года"),
        (5, "5 лет"),
        (11, "11 лет"),
        (12, "12 лет"),
        (14, "14 лет"),
        (21, "21 год"),
        (22, "22 года"),
        (25, "25 лет"),
        (111, "111 лет"),
        (0, "0 лет"),
        (1.5, "1,5 года"),
    ],
)
def test_plural(n, expected):
    assert plural(n, "год", "года", "лет") == expected


def test_plural_without_number():
    assert plural(3, "день", "дня", "дней", with_number=False) == "дня"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1234.5, "одна тысяча двести тридцать четыре рубля 50 копеек"),
        ("21,01", "двадцать один рубль 01 копейка"),
        (5, "пять рублей 00 копеек"),
    ],
)
def test_money_words(amount, expected):
    assert money_words(amount) == expected


# --------------------------------------------------------------------------- filters in Jinja2


def test_filters_in_a_strict_template():
    jinja2 = pytest.importorskip("jinja2")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    template = env.from_string(
        "Приказ от {{ day | date_words }}\n"
        "Назначить {{ person | accusative_initials }} ответственной за отчёт за {{ (2026, 4) | quarter }}\n"
        "{{ position | dative | capfirst }} {{ person | dative_initials }}\n"
        "Стаж {{ years | plural('год', 'года', 'лет') }}, {{ years | num_words }}\n"
        "{{ person | initials }}"
    )
    person = SimpleNamespace(surname="Ульянова", name="Марина", patronymic="Александровна", gender="f")
    text = template.render(day=datetime.date(2026, 1, 12), person=person, position="заместитель директора МБУ СШОР", years=21)
    assert text.splitlines() == [
        "Приказ от «12» января 2026 г.",
        "Назначить Ульянову М.А. ответственной за отчёт за IV квартал 2026 г.",
        "Заместителю директора МБУ СШОР Ульяновой М.А.",
        "Стаж 21 год, двадцать один",
        "М.А. Ульянова",
    ]
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing | date_words }}").render()
    with pytest.raises(ValueError):
        env.from_string("{{ day | date_words }}").render(day=None)


def test_filter_names():
    expected = {
        "date_words", "date_long", "date_numeric", "month_genitive", "month_nominative",
        "quarter", "quarter_name", "quarter_roman", "full_name", "initials", "initials_after",
        "genitive_initials", "dative_initials", "accusative_initials", "instrumental_initials",
        "decline", "capfirst", "genitive", "dative", "accusative", "instrumental", "prepositional",
        "num_words", "plural", "money_words", "lower_first", "by_sex",
    }  # fmt: skip
    assert set(FILTERS) == expected
    for function in FILTERS.values():
        assert function.__doc__


def test_import_is_light():
    # The CLI imports this module; the heavy libraries must load only on first use.
    code = (
        "import sys, core.render.russian; "
        "print(sorted(m for m in ('pymorphy3', 'pytrovich', 'num2words', 'sqlmodel', 'sqlalchemy') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert russian.__doc__


@pytest.mark.parametrize(("person", "expected"), [
    ({"surname": "Колесникова", "name": "Ольга", "patronymic": "Викторовна"}, "ознакомлена"),
    ({"surname": "Серов", "name": "Виктор", "patronymic": "Иванович"}, "ознакомлен"),
    ({"surname": "Мельник", "name": "Саша", "patronymic": "", "gender": "f"}, "ознакомлена"),  # recorded sex wins
    ("Мельник С.", "ознакомлен(а)"),  # nothing tells: the neutral written form
    (None, "ознакомлен(а)"),
])
def test_by_sex_agrees_with_the_person(person, expected):
    from core.render.russian import by_sex

    assert by_sex(person, "ознакомлен", "ознакомлена") == expected


def test_by_sex_without_a_common_stem():
    from core.render.russian import by_sex

    assert by_sex("Мельник С.", "он", "она") == "он(а)"
    assert by_sex("Мельник С.", "его", "её") == "его/её"


@pytest.mark.parametrize(("value", "expected"), [
    ("Главный бухгалтер", "главный бухгалтер"), ("СОУТ-эксперт", "СОУТ-эксперт"), ("", ""), (None, ""),
    ("тренер", "тренер"), ("ИТ-специалист", "ИТ-специалист"),
])
def test_lower_first_keeps_abbreviations(value, expected):
    from core.render.russian import lower_first

    assert lower_first(value) == expected
