"""People lists as HR systems export them (CSV from 1С, XLSX from Excel) and back.

Reading collects every problem in every row instead of stopping at the first one,
so that the user can fix the whole file in one pass.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from core.errors import OhsError
from core.io.cells import csv_row, xlsx_row
from core.io.tabular import TableFileError, blank, clean, csv_records, has_line_break, key, not_like, xlsx_records
from core.validation import ValidationError, normalize_email, normalize_snils, parse_date, split_full_name

__all__ = ["EXPORT_COLUMNS", "PeopleFileError", "PersonRow", "RowError", "read_people_file", "write_people_file"]


@dataclass
class PersonRow:
    """One person as read from (or written to) a people file."""

    line: int  # line number in the file, the header being line 1 (XLSX: sheet row number)
    surname: str
    name: str
    patronymic: str | None
    birth_date: date | None
    position: str
    department: str | None
    hired_on: date
    dismissed_on: date | None = None
    snils: str | None = None  # canonical «112-233-445 95»
    email: str | None = None
    osh_role: str = "none"  # none | specialist | head
    gender: str | None = None  # "m" | "f" | None
    #: Fields the file gave a value for; None means all of them (a person typed in or exported).
    #: A re-import changes only these: an absent column or an empty cell keeps what the register holds.
    given: frozenset[str] | None = dataclass_field(default=None, compare=False)

    def gives(self, field: str) -> bool:
        """True when the row carries a value for ``field`` (see ``given``)."""
        return self.given is None or field in self.given


@dataclass
class RowError:
    """A problem in one cell (or one row) of a people file."""

    line: int
    column: str  # the column's header as written in the file
    reason: str  # Russian


#: The file as a whole cannot be read or written: wrong format, too big, no header, unknown columns.
PeopleFileError = TableFileError


#: Export order and the canonical header of every field.
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("surname", "Фамилия"), ("name", "Имя"), ("patronymic", "Отчество"), ("birth_date", "Дата рождения"),
    ("position", "Должность"), ("department", "Подразделение"), ("hired_on", "Дата приема"),
    ("dismissed_on", "Дата увольнения"), ("snils", "СНИЛС"), ("email", "E-mail"), ("gender", "Пол"),
    ("osh_role", "Роль в ОТ"),
)
_TITLES = dict(EXPORT_COLUMNS)
_ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("ФИО", "Ф.И.О.", "Ф. И. О.", "Фамилия Имя Отчество", "Фамилия, имя, отчество"),
    "department": ("Структурное подразделение",),
    "hired_on": ("Дата приёма", "Дата поступления", "Дата приема на работу"),
    "email": ("Email", "Электронная почта", "Эл. почта"),
}
_ROLE_TITLES = {"none": "нет", "specialist": "специалист по ОТ", "head": "руководитель службы ОТ"}
_ROLES = {**{v.lower(): k for k, v in _ROLE_TITLES.items()}, **{k: k for k in _ROLE_TITLES}, "": "none",
          "специалист по охране труда": "specialist", "руководитель службы охраны труда": "head"}
_GENDERS = {"м": "m", "муж": "m", "мужской": "m", "m": "m", "ж": "f", "жен": "f", "женский": "f", "f": "f"}
_GENDER_TITLES = {"m": "м", "f": "ж"}
_MIN_WORKING_AGE = 14  # ТК РФ, ст. 63: the youngest age at which an employment contract may be signed

#: Name cells: a line break inside one is refused, not joined (a joined name could match someone else).
_NAME_FIELDS = ("full_name", "surname", "name", "patronymic")

Columns = dict[str, tuple[int, str]]  # field → (column index, header as written)


_HEADERS = {key(title): field for field, title in EXPORT_COLUMNS}
_HEADERS.update({key(alias): field for field, aliases in _ALIASES.items() for alias in aliases})


def _fmt(day: date) -> str:
    return day.strftime("%d.%m.%Y")


# ---------------------------------------------------------------- reading


def read_people_file(path: Path, *, today: date | None = None) -> tuple[list[PersonRow], list[RowError]]:
    """Read people from a .csv/.txt or .xlsx file.

    Returns the rows without problems and every problem found; a row with at least one
    problem is not among the returned rows. Raises PeopleFileError when the file as a
    whole is unusable. ``today`` (to catch birth dates in the future) defaults to the
    current date.
    """
    path = Path(path)
    if not path.is_file():
        raise PeopleFileError(f"Файл {path} не найден.")
    from core.clock import today as clock_today

    today = today or clock_today()
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_records(path, csv_records(path, _HEADERS), today)
    if suffix != ".xlsx":
        hint = "сохраните его в Excel как «Книга Excel (.xlsx)» или «CSV (разделители — точка с запятой)»"
        raise not_like(path, f"расширение «{path.suffix or 'нет'}» не поддерживается, {hint}")
    return _read_records(path, xlsx_records(path), today)


def _map_header(path: Path, cells: list[Any]) -> tuple[Columns, int]:
    """The columns found in the header and the header's width; PeopleFileError if unusable."""
    titles = [clean(c) for c in cells]
    while titles and not titles[-1]:
        titles.pop()
    columns: Columns = {}
    unknown: list[str] = []
    for index, title in enumerate(titles):
        if not title:
            raise PeopleFileError(f"В файле {path} у колонки {index + 1} нет заголовка: подпишите ее или удалите.")
        field = _HEADERS.get(key(title))
        if field in columns:
            raise PeopleFileError(f"В файле {path} колонка „{title}“ повторяет колонку „{columns[field][1]}“.")
        if field is None:
            unknown.append(f"„{title}“")
        else:
            columns[field] = (index, title)
    accepted = "Допустимые колонки: " + ", ".join(t for _, t in EXPORT_COLUMNS) + " или ФИО одной колонкой."
    if unknown:
        raise PeopleFileError(f"В файле {path} есть колонки, которых программа не знает: {', '.join(unknown)}.",
                              [accepted])
    if "full_name" in columns and columns.keys() & {"surname", "name", "patronymic"}:
        raise PeopleFileError(f"В файле {path} есть и колонка „{columns['full_name'][1]}“, и отдельные колонки "
                              "фамилии, имени или отчества: оставьте что-то одно.")
    required = ("position", "hired_on") if "full_name" in columns else ("surname", "name", "position", "hired_on")
    missing = [title for field, title in EXPORT_COLUMNS if field in required and field not in columns]
    if missing:
        raise PeopleFileError(f"В файле {path} не хватает обязательных колонок: {', '.join(missing)}.",
                              ["Обязательны: ФИО (или Фамилия и Имя), Должность, Дата приема.", accepted])
    return columns, len(titles)


def _read_records(path: Path, records: Iterator[tuple[int, list[Any]]], today: date) -> tuple[
        list[PersonRow], list[RowError]]:
    header = next((cells for _, cells in records if not all(map(blank, cells))), None)
    if header is None:
        raise PeopleFileError(f"Файл пуст: {path}.")
    columns, width = _map_header(path, header)
    order = {title: index for index, title in columns.values()}
    people: list[PersonRow] = []
    errors: list[RowError] = []
    first_seen: dict[object, int] = {}  # СНИЛС or (ФИО, birth date) → the line it first appeared on
    any_rows = False
    for line, cells in records:
        if all(map(blank, cells)):
            continue
        any_rows = True
        person, problems = _parse_row(line, cells, columns, today)
        if stray := [index for index in range(width, len(cells)) if not blank(cells[index])]:
            problems.append(RowError(line, f"колонка {stray[0] + 1}", (
                "Значение стоит за пределами колонок заголовка; возможно, в тексте есть лишний разделитель — "
                "заключите такое значение в кавычки или удалите его.")))
        if person is not None and person.snils:
            if (first := first_seen.setdefault(person.snils, line)) != line:
                reason = f"СНИЛС {person.snils} уже указан в строке {first}."
                problems.append(RowError(line, columns["snils"][1], reason))
        if person is not None and person.birth_date:
            who = " ".join(filter(None, (person.surname, person.name, person.patronymic)))
            if (first := first_seen.setdefault((key(who), person.birth_date), line)) != line:
                column = columns["full_name" if "full_name" in columns else "surname"][1]
                problems.append(RowError(line, column, (
                    f"{who} с датой рождения {_fmt(person.birth_date)} уже есть в строке {first}.")))
        # Report in the order of the file's columns, the way the user reads the row.
        errors.extend(sorted(problems, key=lambda problem: order.get(problem.column, width)))
        if person is not None and not problems:
            people.append(person)
    if not any_rows:
        raise PeopleFileError(f"В файле нет ни одной строки с людьми: {path}.")
    return people, errors


def _parse_row(line: int, cells: list[Any], columns: Columns, today: date) -> tuple[PersonRow | None, list[RowError]]:
    """The person in one row (None when a required value is missing) and all problems found in it.

    The person comes back even when optional fields have problems, so that the caller can
    still detect duplicates; the caller drops rows with problems.
    """
    problems: list[RowError] = []

    def raw(field: str) -> Any:
        index = columns[field][0] if field in columns else len(cells)
        return cells[index] if index < len(cells) else None

    def fail(field: str, reason: str) -> None:
        problems.append(RowError(line, columns[field][1], reason))

    def text(field: str, missing: str | None = None) -> str | None:
        if field in _NAME_FIELDS and has_line_break(raw(field)):
            fail(field, ("В ячейке перенос строки внутри имени: фамилия, имя и отчество пишутся в одну строку — "
                         "уберите перенос (в Excel — Alt+Enter) и проверьте, что в ячейке один человек."))
            return None
        value = clean(raw(field))
        if not value and missing and field in columns:
            fail(field, missing)
        return value or None

    surname = name = patronymic = None
    if "full_name" in columns:
        full = text("full_name", "Не указаны фамилия и имя.")
        surname, name, patronymic = _checked(fail, "full_name", split_full_name, full) or (None, None, None)
    else:
        surname, name = text("surname", "Не указана фамилия."), text("name", "Не указано имя.")
        patronymic = text("patronymic")
    position, department = text("position", "Не указана должность."), text("department")

    def day(field: str) -> date | None:
        return _checked(fail, field, lambda v: parse_date(_excel_date(v, columns[field][1]), columns[field][1]),
                        raw(field))

    birth, hired, dismissed = day("birth_date"), day("hired_on"), day("dismissed_on")
    if blank(raw("hired_on")):
        fail("hired_on", "Не указана дата приема на работу.")
    if birth and birth > today:
        fail("birth_date", f"Дата рождения {_fmt(birth)} еще не наступила: проверьте год.")
    elif birth and hired:
        age = hired.year - birth.year - ((hired.month, hired.day) < (birth.month, birth.day))
        if age < _MIN_WORKING_AGE:
            fail("birth_date", (
                f"Человек моложе {_MIN_WORKING_AGE} лет на дату приема {_fmt(hired)} (дата рождения {_fmt(birth)}): "
                f"трудовой договор заключают с {_MIN_WORKING_AGE} лет (ст. 63 ТК РФ), проверьте даты."))
    if dismissed and hired and dismissed < hired:
        fail("dismissed_on", f"Дата увольнения {_fmt(dismissed)} раньше даты приема {_fmt(hired)}.")

    # A number cell drops the СНИЛС's leading zeros; normalize_snils pads an int back to 11 digits.
    value = raw("snils")
    snils = _checked(fail, "snils", normalize_snils, int(value) if isinstance(value, float) else value)
    email = _checked(fail, "email", normalize_email, text("email"))
    gender_text, role_text = text("gender") or "", text("osh_role") or ""
    gender = _GENDERS.get(key(gender_text).rstrip("."))
    if gender_text and gender is None:
        fail("gender", f"Пол „{gender_text}“ не распознан: укажите «м» или «ж».")
    role = _ROLES.get(key(role_text))
    if role is None:
        fail("osh_role", (f"Роль в ОТ „{role_text}“ не распознана: укажите «нет», «специалист по ОТ» "
                          "или «руководитель службы ОТ»."))
    values = {"surname": surname, "name": name, "patronymic": patronymic, "position": position,
              "department": department, "email": email}
    for field, problem in _length_problems(values).items():
        fail("full_name" if "full_name" in columns and field in _NAME_FIELDS else field, problem)
    if not (surname and name and position and hired):
        return None, problems
    given = {field for field, (index, _title) in columns.items() if index < len(cells) and not blank(cells[index])}
    if "full_name" in given:  # the full name is written whole: a missing patronymic means there is none
        given |= {"surname", "name", "patronymic"}
    return PersonRow(line, surname, name, patronymic, birth, position, department, hired, dismissed, snils, email,
                     role or "none", gender, frozenset(given)), problems


@cache
def _length_limits() -> dict[str, int]:
    """Field → the longest text its database column holds, read from the models (department: its name)."""
    from core.lengths import max_length
    from core.models import Department, Person

    fields = ("surname", "name", "patronymic", "position", "email")
    limits = {field: max_length(Person, field) for field in fields}
    limits["department"] = max_length(Department, "name")
    return {field: limit for field, limit in limits.items() if limit is not None}


def _length_problems(values: dict[str, Any]) -> dict[str, str]:
    """Field → Russian sentence for values longer than their database column."""
    from core.lengths import too_long

    return {field: too_long(_TITLES[field], len(value), limit) for field, limit in _length_limits().items()
            if isinstance(value := values.get(field), str) and len(value) > limit}


def check_row_lengths(row: PersonRow) -> None:
    """Raise ``OhsError`` when a typed-in person's text does not fit the register's columns."""
    problems = _length_problems({field: getattr(row, field) for field in
                                 ("surname", "name", "patronymic", "position", "department", "email")})
    if problems:
        raise OhsError(next(iter(problems.values())))


def _checked(fail: Callable[[str, str], None], field: str, normalize: Callable[[Any], Any], value: Any) -> Any:
    """``normalize(value)``; None for an empty value or after reporting the validator's message."""
    if blank(value):
        return None
    try:
        return normalize(value)
    except ValidationError as exc:
        fail(field, exc.message)
        return None


def _excel_date(value: Any, title: str) -> Any:
    """A date cell without a date format arrives as Excel's day number; turn it into a date."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value)
        except (ValueError, OverflowError, TypeError):
            raise ValidationError(f"{title} „{clean(value)}“: не похоже на дату.") from None
    return value


# ---------------------------------------------------------------- writing


def write_people_file(path: Path, rows: Iterable[PersonRow]) -> None:
    """Write people to .csv/.txt (UTF-8 with BOM and «;», as Russian Excel opens it) or .xlsx.

    The file is written next to the target and then moved over it, so a failure never
    leaves a half-written list behind.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx"):
        raise PeopleFileError(f"Не умею сохранять людей в файл {path}: укажите расширение .csv или .xlsx.")
    table = [[_export_value(row, field) for field, _ in EXPORT_COLUMNS] for row in rows]
    from core.io.atomic import write_atomic

    def write(temporary: Path) -> None:
        if suffix == ".xlsx":
            _write_xlsx(temporary, table)
            return
        with temporary.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
            writer.writerow([title for _, title in EXPORT_COLUMNS])
            writer.writerows(csv_row(_fmt(v) if isinstance(v, date) else v for v in values) for values in table)

    try:
        write_atomic(path, write)
    except OhsError as exc:
        raise PeopleFileError(exc.message) from None


def _export_value(row: PersonRow, field: str) -> Any:
    value = getattr(row, field)
    if field == "gender":
        return _GENDER_TITLES.get(value or "", "")
    if field == "osh_role":
        return _ROLE_TITLES.get(value, value)
    return "" if value is None else value


def _write_xlsx(path: Path, table: list[list[Any]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from core.io.xlsx import save_workbook

    # A regular (not write-only) book gets shared strings and a <dimension> as Excel writes them;
    # such a file reads back about a fifth faster than a write-only one.
    book = Workbook()
    sheet = book.active
    sheet.title = "Сотрудники"
    titles = [title for _, title in EXPORT_COLUMNS]
    sheet.append(titles)
    for values in table:
        sheet.append(xlsx_row(sheet, [None if value == "" else value for value in values]))
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.is_date:
                cell.number_format = "DD.MM.YYYY"
    for index, title in enumerate(titles):
        longest = max([len(title)] + [10 if isinstance(r[index], date) else len(r[index]) for r in table])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(longest + 2, 50)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{len(table) + 1}"
    save_workbook(book, path)  # closes the archive even on a full disk
