"""Reading people from HR exports and writing them back (core/registry/people_io.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.registry.people_io import PeopleFileError, PersonRow, RowError, read_people_file, write_people_file

TODAY = date(2025, 6, 1)
HEADER = "Фамилия;Имя;Отчество;Дата рождения;Должность;Подразделение;Дата приема;СНИЛС"


def read(path):
    return read_people_file(path, today=TODAY)


def write_csv(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def write_xlsx(path, rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def file_error(path) -> PeopleFileError:
    with pytest.raises(PeopleFileError) as info:
        read(path)
    return info.value


def reasons(errors: list[RowError]) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, e.reason) for e in errors]


ULYANOVA = PersonRow(
    line=2, surname="Ульянова", name="Марина", patronymic="Александровна", birth_date=date(1980, 2, 1),
    position="Инженер по охране труда", department="Служба ОТ", hired_on=date(2020, 9, 1),
    snils="112-233-445 95",
)


# ---------------------------------------------------------------- formats and encodings


def test_csv_cp1251_semicolon_as_1c_exports(tmp_path):
    path = write_csv(tmp_path / "1c.csv", (
        f"{HEADER}\n"
        "Ульянова;Марина;Александровна;01.02.1980;Инженер по охране труда;Служба ОТ;1.9.2020;11223344595\n"
        "Ёлкин;Пётр;;;Слесарь-ремонтник;;2021-03-15;\n"
    ), "cp1251")
    people, errors = read(path)
    assert errors == []
    assert people == [ULYANOVA, PersonRow(
        line=3, surname="Ёлкин", name="Пётр", patronymic=None, birth_date=None, position="Слесарь-ремонтник",
        department=None, hired_on=date(2021, 3, 15))]


def test_csv_utf8_comma_with_quotes_and_multiline_value(tmp_path):
    path = write_csv(tmp_path / "people.csv", (
        "Фамилия,Имя,Должность,Дата приема,Подразделение\n"
        'Иванов,Иван,"Мастер участка, 5 разряд",01.02.2020,"Цех №1\nучасток ""Сборка"""\n'
        "Петров,Петр,Слесарь,31.02.2020,Цех №2\n"
    ))
    people, errors = read(path)
    assert people[0].position == "Мастер участка, 5 разряд"
    assert people[0].department == 'Цех №1 участок "Сборка"'
    # The quoted value spans lines 2–3, so Петров is on line 4 of the file.
    assert reasons(errors) == [(4, "Дата приема", "Дата приема „31.02.2020“: такой даты нет.")]


def test_csv_utf8_bom_and_messy_headers(tmp_path):
    path = write_csv(tmp_path / "people.csv", (
        "\ufeff  фамилия ;ИМЯ;Дата  приёма;ДОЛЖНОСТЬ;Электронная почта;пол;роль в от;\n"
        "Ульянова;Марина;01.09.2020;Инженер;M.Ulyanova@Example.ru;Ж;Специалист по ОТ;\n"
        "Ёлкин;Пётр;01.09.2020;Директор;;муж;руководитель службы ОТ;\n"
    ))
    people, errors = read(path)
    assert errors == []
    assert [(p.surname, p.email, p.gender, p.osh_role) for p in people] == [
        ("Ульянова", "M.Ulyanova@example.ru", "f", "specialist"),
        ("Ёлкин", None, "m", "head"),
    ]


def test_tab_separated_utf16_txt_as_excel_unicode_text(tmp_path):
    path = tmp_path / "people.txt"
    path.write_bytes("ФИО\tДолжность\tДата поступления\r\nАлиев Руслан Ибрагим оглы\tВодитель\t01.09.2020\r\n"
                     .encode("utf-16"))
    people, errors = read(path)
    assert errors == []
    assert (people[0].surname, people[0].name, people[0].patronymic) == ("Алиев", "Руслан", "Ибрагим оглы")


def test_xlsx_with_date_cells_string_dates_and_number_snils(tmp_path):
    path = write_xlsx(tmp_path / "people.xlsx", [
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Должность", "Подразделение", "Дата приема", "СНИЛС", None],
        ["Ульянова", "Марина", "Александровна", datetime(1980, 2, 1), "Инженер по охране труда", "Служба ОТ",
         "01.09.2020", 11223344595],
        [],
        ["Ёлкин", "Пётр", None, "15.03.1990", "Слесарь", 12, datetime(2021, 3, 15), 100199965],
    ])
    people, errors = read(path)
    assert errors == []
    assert people[0] == ULYANOVA
    assert people[1].line == 4  # the sheet's row number, the empty row counted
    assert (people[1].birth_date, people[1].hired_on) == (date(1990, 3, 15), date(2021, 3, 15))
    assert people[1].department == "12"
    assert people[1].snils == "001-001-999 65"


def test_xlsx_single_fio_column_and_date_number_without_format(tmp_path):
    path = write_xlsx(tmp_path / "people.xlsx", [
        ["ФИО", "Должность", "Дата приема"],
        ["  Ульянова  Марина   Александровна ", "Инженер", 45901],  # 45901 is 01.09.2025 in Excel's day count
        ["Ульянова", "Инженер", datetime(2020, 9, 1)],
    ])
    people, errors = read(path)
    assert (people[0].surname, people[0].name, people[0].patronymic) == ("Ульянова", "Марина", "Александровна")
    assert people[0].hired_on == date(2025, 9, 1)
    assert errors[0].line == 3 and errors[0].column == "ФИО"
    assert "нужны хотя бы фамилия и имя" in errors[0].reason


# ---------------------------------------------------------------- file-level problems


def test_missing_file(tmp_path):
    assert file_error(tmp_path / "нет.csv").message == f"Файл {tmp_path / 'нет.csv'} не найден."


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("people.xls", b"\xd0\xcf\x11\xe0", "расширение «.xls» не поддерживается"),
    ("people.xlsx", "Фамилия;Имя\n".encode(), "не удалось открыть его как книгу Excel"),
    ("people.csv", b"\x00\x01\x02binary\x00", "в нем есть двоичные данные"),
    ("people.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "в нем есть двоичные данные"),
    ("people.csv", b"PK\x03\x04....", "похоже, книга Excel"),
    ("people.csv", "Фамилия;Имя\n".encode("cp1251") + b"\x98\x98", "не в кодировке UTF-8 и не в Windows-1251"),
    ("people.txt", b"\xff\xfe\x00", "текст в кодировке UTF-16 поврежден"),
])
def test_not_csv_or_xlsx(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    error = file_error(path)
    assert error.message.startswith(f"Файл {path} не похож на CSV или XLSX: ")
    assert expected in error.message


def test_zip_that_is_not_a_workbook(tmp_path):
    import zipfile

    path = tmp_path / "people.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert "не удалось открыть его как книгу Excel" in file_error(path).message


def test_empty_files(tmp_path):
    assert file_error(write_csv(tmp_path / "a.csv", "")).message == f"Файл пуст: {tmp_path / 'a.csv'}."
    assert file_error(write_csv(tmp_path / "b.csv", "\ufeff\n;;\n")).message.startswith("Файл пуст")
    assert file_error(write_xlsx(tmp_path / "c.xlsx", [])).message.startswith("Файл пуст")
    only_header = file_error(write_csv(tmp_path / "d.csv", f"{HEADER}\n;;;;\n"))
    assert only_header.message == f"В файле нет ни одной строки с людьми: {tmp_path / 'd.csv'}."
    assert file_error(write_xlsx(tmp_path / "e.xlsx", [HEADER.split(";")])).message.startswith("В файле нет ни")


def test_unknown_columns_are_ignored_and_listed(tmp_path):
    from core.registry.people_io import read_people_table

    path = write_csv(tmp_path / "a.csv", "Фамилия;Имя;Должность;Дата приема;Табельный номер;Стаж\n"
                                         "Иванов;Иван;Слесарь;01.02.2020;15;3 года\n")
    table = read_people_table(path, today=TODAY)
    assert table.errors == [] and table.layout.ignored == ["Стаж"]
    assert table.people[0].personnel_number == "15"


def test_missing_required_columns(tmp_path):
    error = file_error(write_csv(tmp_path / "a.csv", "Фамилия;Отчество;Подразделение\nИванов;;\n"))
    assert error.message.endswith("не хватает обязательных колонок: Имя, Должность, Дата приема.")
    error = file_error(write_csv(tmp_path / "b.csv", "ФИО;Дата приема\n"))
    assert error.message.endswith("не хватает обязательных колонок: Должность.")


def test_conflicting_and_repeated_columns(tmp_path):
    both = file_error(write_csv(tmp_path / "a.csv", "ФИО;Фамилия;Должность;Дата приема\n"))
    assert "есть и колонка „ФИО“, и отдельные колонки фамилии" in both.message
    twice = file_error(write_csv(tmp_path / "b.csv", "ФИО;Должность;Дата приема;Дата приёма\n"))
    assert "колонка „Дата приёма“ повторяет колонку „Дата приема“" in twice.message
    _people, errors = read(write_csv(tmp_path / "c.csv", "ФИО;;Должность;Дата приема\nИванов Иван;х;Сторож;01.01.2020\n"))
    assert [(e.line, e.column) for e in errors] == [(2, "колонка 2")] and "без заголовка" in errors[0].reason


# ---------------------------------------------------------------- row problems


def test_every_problem_in_a_row_is_reported(tmp_path):
    path = write_csv(tmp_path / "a.csv", (
        "Фамилия;Имя;Дата рождения;Должность;Дата приема;Дата увольнения;СНИЛС;E-mail;Пол;Роль в ОТ\n"
        ";;01.13.1990;;;;112-233-445 96;ivan@;х;инспектор\n"
        "Иванов;Иван;01.01.2030;Слесарь;01.01.2020;31.12.2019;12345;;;\n"
        "Петров;Петр;10.05.2010;Курьер;01.05.2024;;;;;\n"
        "Сидоров;Сидор;;Курьер;01.1850;;11223344595x;;;\n"
    ))
    people, errors = read(path)
    assert people == []
    assert reasons(errors) == [
        (2, "Фамилия", "Не указана фамилия."),
        (2, "Имя", "Не указано имя."),
        (2, "Дата рождения", "Дата рождения „01.13.1990“: такой даты нет."),
        (2, "Должность", "Не указана должность."),
        (2, "Дата приема", "Не указана дата приема на работу."),
        (2, "СНИЛС", "СНИЛС 112-233-445 96 неверен: не сходится контрольное число (последние две цифры); "
                     "проверьте номер по страховому свидетельству."),
        (2, "E-mail", "Адрес электронной почты „ivan@“ неверен: ожидается вид name@example.ru."),
        (2, "Пол", "Пол „х“ не распознан: укажите «м» или «ж»."),
        (2, "Роль в ОТ", "Роль в ОТ „инспектор“ не распознана: укажите «нет», «специалист по ОТ» или "
                         "«руководитель службы ОТ»."),
        (3, "Дата рождения", "Дата рождения 01.01.2030 еще не наступила: проверьте год."),
        (3, "Дата увольнения", "Дата увольнения 31.12.2019 раньше даты приема 01.01.2020."),
        (3, "СНИЛС", "СНИЛС должен состоять из 11 цифр, а в „12345“ их 5."),
        (4, "Дата рождения", "Человек моложе 14 лет на дату приема 01.05.2024 (дата рождения 10.05.2010): "
                             "трудовой договор заключают с 14 лет (ст. 63 ТК РФ), проверьте даты."),
        (5, "Дата приема", "Дата приема „01.1850“: не похоже на дату, ожидается ДД.ММ.ГГГГ, например 01.09.2025."),
        (5, "СНИЛС", "СНИЛС может содержать только цифры, пробелы и дефисы, а в „11223344595x“ есть другие символы."),
    ]


def test_fourteen_on_the_day_of_hiring_is_allowed(tmp_path):
    path = write_csv(tmp_path / "a.csv", "ФИО;Дата рождения;Должность;Дата приема\n"
                                         "Петров Петр;10.05.2010;Курьер;10.05.2024\n")
    assert read(path)[1] == []


def test_value_beyond_header_means_a_stray_delimiter(tmp_path):
    path = write_csv(tmp_path / "a.csv", "ФИО;Должность;Дата приема\nИванов Иван;Мастер; 5 разряд;01.02.2020\n")
    people, errors = read(path)
    assert people == []
    assert [(e.line, e.column) for e in errors] == [(2, "Дата приема"), (2, "колонка 4")]
    assert "лишний разделитель" in errors[1].reason


def test_duplicates_point_to_the_first_line(tmp_path):
    path = write_csv(tmp_path / "a.csv", (
        "Фамилия;Имя;Отчество;Дата рождения;Должность;Дата приема;СНИЛС\n"
        "Ульянова;Марина;Александровна;01.02.1980;Инженер;01.09.2020;112-233-445 95\n"
        "Петров;Петр;;;Слесарь;01.09.2020;11223344595\n"
        "УЛЬЯНОВА;Марина;Александровна;01.02.1980;Инженер;01.09.2021;\n"
        "Иванов;Иван;;;Слесарь;01.09.2020;\n"
        "Иванов;Иван;;;Слесарь;01.09.2020;\n"  # namesakes without a birth date can't be told apart
    ))
    people, errors = read(path)
    assert [p.line for p in people] == [5, 6]
    assert sorted(reasons(errors)) == [
        (2, "Фамилия", "те же ФИО и дата рождения, что в строке 4."),
        (3, "СНИЛС", "тот же СНИЛС или табельный номер, что у Ульянова Марина Александровна в строке 2, а ФИО другие; "
                     "исправьте СНИЛС или табельный номер."),
        (4, "Фамилия", "УЛЬЯНОВА Марина Александровна с датой рождения 01.02.1980 уже есть в строке 2; если это один "
                       "человек, укажите в обеих строках один СНИЛС или табельный номер, иначе — исправьте ФИО или "
                       "дату рождения."),
    ]


def test_duplicate_in_xlsx_single_fio_column(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [
        ["ФИО", "Дата рождения", "Должность", "Дата приема"],
        ["Ёлкин Пётр", datetime(1990, 1, 1), "Слесарь", datetime(2020, 1, 1)],
        ["Елкин Петр", "01.01.1990", "Слесарь", datetime(2021, 1, 1)],
    ])
    assert sorted(reasons(read(path)[1])) == [
        (2, "ФИО", "те же ФИО и дата рождения, что в строке 3."),
        (3, "ФИО", "Елкин Петр с датой рождения 01.01.1990 уже есть в строке 2; если это один человек, укажите в "
                   "обеих строках один СНИЛС или табельный номер, иначе — исправьте ФИО или дату рождения.")]


# ---------------------------------------------------------------- writing and round trips


FULL = PersonRow(
    line=2, surname="Ёлкина", name="Алёна", patronymic="Фёдоровна", birth_date=date(1985, 12, 31),
    position="Руководитель службы охраны труда; ведущий", department='Отдел "ОТ и ПБ", г. Пермь',
    hired_on=date(2010, 1, 11), dismissed_on=date(2024, 5, 30), snils="001-001-999 65",
    email="alena@example.ru", osh_role="head", gender="f",
)
SPARSE = PersonRow(line=3, surname="Ким", name="Ли", patronymic=None, birth_date=None, position="=Сварщик",
                   department=None, hired_on=date(2024, 2, 29))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip(tmp_path, suffix):
    path = tmp_path / f"people{suffix}"
    write_people_file(path, [FULL, SPARSE])
    assert read(path) == ([FULL, SPARSE], [])


def test_csv_export_opens_in_russian_excel(tmp_path):
    path = tmp_path / "people.csv"
    write_people_file(path, [FULL])
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ("Фамилия;Имя;Отчество;Дата рождения;Должность;Подразделение;Дата приема;"
                        "Дата увольнения;СНИЛС;E-mail;Пол;Роль в ОТ;Табельный номер;Вид занятости;Ставка")
    assert lines[1] == ('Ёлкина;Алёна;Фёдоровна;31.12.1985;"Руководитель службы охраны труда; ведущий";'
                        '"Отдел ""ОТ и ПБ"", г. Пермь";11.01.2010;30.05.2024;001-001-999 65;alena@example.ru;'
                        "ж;руководитель службы ОТ;;;")


def test_xlsx_export_layout(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "people.xlsx"
    write_people_file(path, [FULL, SPARSE])
    sheet = load_workbook(path).worksheets[0]
    assert [c.value for c in sheet[1]][:3] == ["Фамилия", "Имя", "Отчество"]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet["D2"].is_date and sheet["D2"].number_format == "DD.MM.YYYY"
    assert sheet["G3"].value == datetime(2024, 2, 29)
    assert sheet["E3"].data_type == "s" and sheet["E3"].value == "=Сварщик"
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["B"].width >= 5


def test_write_rejects_unknown_extension(tmp_path):
    with pytest.raises(PeopleFileError, match="укажите расширение .csv или .xlsx"):
        write_people_file(tmp_path / "people.ods", [FULL])
    with pytest.raises(PeopleFileError, match="Не удалось записать файл"):
        write_people_file(tmp_path / "нет" / "people.csv", [FULL])


# ---------------------------------------------------------------- property: any valid list round-trips

_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
_word = st.text(_LETTERS, min_size=1, max_size=12)
_phrase = st.lists(st.text(_LETTERS + "0123456789-=.,;:\"'№()/", min_size=1, max_size=10), min_size=1,
                   max_size=4).map(" ".join)


_EMAIL = r"[a-z0-9_%+-]{1,10}@[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?\.(ru|рф|com)"


def _snils(number: int) -> str:
    digits = f"{number:09d}"
    total = sum(int(d) * w for d, w in zip(digits, range(9, 0, -1)))
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]} {total % 101 % 100:02d}"


@st.composite
def _person(draw) -> PersonRow:
    hired = draw(st.dates(date(1950, 1, 1), TODAY + timedelta(days=365)))
    birth = draw(st.none() | st.integers(14 * 366, 70 * 365).map(lambda d: hired - timedelta(days=d)))
    if birth and not date(1900, 1, 1) <= birth <= TODAY:
        birth = None
    return PersonRow(
        line=0, surname=draw(_word), name=draw(_word), patronymic=draw(st.none() | _word), birth_date=birth,
        position=draw(_phrase), department=draw(st.none() | _phrase), hired_on=hired,
        dismissed_on=draw(st.none() | st.dates(hired, date(2100, 12, 31))),
        snils=draw(st.none() | st.integers(1_001_999, 999_999_999).map(_snils)),
        email=draw(st.none() | st.from_regex(_EMAIL, fullmatch=True)),
        osh_role=draw(st.sampled_from(["none", "specialist", "head"])), gender=draw(st.sampled_from([None, "m", "f"])),
    )


def _valid_list(people: list[PersonRow]) -> list[PersonRow]:
    """Drop what the reader rightly calls a duplicate and number the lines as they will be written."""
    kept, snils, names = [], set(), set()
    for person in people:
        who = (f"{person.surname} {person.name} {person.patronymic}".lower().replace("ё", "е"), person.birth_date)
        if (person.snils and person.snils in snils) or (person.birth_date and who in names):
            continue
        snils.add(person.snils)
        names.add(who)
        kept.append(replace(person, line=len(kept) + 2))
    return kept


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_person(), min_size=1, max_size=8).map(_valid_list))
def test_any_valid_list_round_trips(tmp_path, people):
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"people{suffix}"
        write_people_file(path, people)
        assert read(path) == (people, []), suffix
