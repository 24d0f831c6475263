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
from itertools import chain, islice
from pathlib import Path
from typing import Any

from core.errors import OhsError
from core.io.cells import csv_row
from core.io.tabular import TableFileError, blank, clean, csv_records, has_line_break, key, not_like, xlsx_records
from core.registry import people_values
from core.registry.people_columns import (
    EXPORT_COLUMNS,
    HEADERS,
    HEADER_SEARCH_ROWS,
    TITLES,
    Columns,
    Layout,
    find_header,
    is_footer,
    map_header,
)
from core.registry.people_dupes import Merge, merge_duplicates
from core.registry.validation import ValidationError, normalize_email, normalize_snils, parse_date, split_full_name

__all__ = ["EXPORT_COLUMNS", "PeopleFileError", "PeopleTable", "PersonRow", "RowError", "read_people_file",
           "read_people_table", "write_people_file"]


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
    personnel_number: str | None = None  # табельный номер as written
    employment_kind: str | None = None  # main | internal | external (core.storage.models.EMPLOYMENT_KINDS)
    rate: float | None = None  # ставка
    #: Fields the file gave a value for; None means all of them (a person typed in or exported).
    #: A re-import changes only these: an absent column or an empty cell keeps what the register holds.
    given: frozenset[str] | None = dataclass_field(default=None, compare=False)
    #: «Дата перевода»: from when a new position or department of a re-imported person holds (a transfer).
    transferred_on: date | None = None
    #: The person's other positions in the same file (internal part-time), joined by СНИЛС or табельный номер.
    other_jobs: tuple[PersonRow, ...] = dataclass_field(default=(), compare=False)

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


_TITLES = TITLES
_ROLE_TITLES = {"none": "нет", "specialist": "специалист по ОТ", "head": "руководитель службы ОТ"}
_ROLES = {**{v.lower(): k for k, v in _ROLE_TITLES.items()}, **{k: k for k in _ROLE_TITLES}, "": "none",
          "специалист по охране труда": "specialist", "руководитель службы охраны труда": "head"}
_GENDERS = {"м": "m", "муж": "m", "мужской": "m", "m": "m", "ж": "f", "жен": "f", "женский": "f", "f": "f"}
_GENDER_TITLES = {"m": "м", "f": "ж"}
_MIN_WORKING_AGE = 14  # ТК РФ, ст. 63: the youngest age at which an employment contract may be signed

#: Name cells: a line break inside one is refused, not joined (a joined name could match someone else).
_NAME_FIELDS = ("full_name", "surname", "name", "patronymic")


def _fmt(day: date) -> str:
    return day.strftime("%d.%m.%Y")


# ---------------------------------------------------------------- reading


@dataclass
class PeopleTable:
    """What a people file holds: the rows, the problems, and how the table was found in the file."""

    people: list[PersonRow]
    errors: list[RowError]
    layout: Layout
    footer_line: int | None = None  # the «Итого» row that ended the table
    merged: list[Merge] = dataclass_field(default_factory=list)  # rows of one person joined into one


def read_people_file(path: Path, *, today: date | None = None) -> tuple[list[PersonRow], list[RowError]]:
    """Read people from a .csv/.txt or .xlsx file: the rows without problems and every problem found.

    A row with at least one problem is not among the returned rows. Raises PeopleFileError when the file
    as a whole is unusable. ``today`` (to catch birth dates in the future) defaults to the current date.
    See :func:`read_people_table` for the header search and the column mapping.
    """
    table = read_people_table(path, today=today)
    return table.people, table.errors


def read_people_table(path: Path, *, today: date | None = None, header_row: int | None = None,
                      mapping: dict[str, str | None] | None = None) -> PeopleTable:
    """Read a people file as HR programs export it: title rows above the table, «Итого» below.

    The header row is found by its column names (``header_row`` takes a given line instead);
    ``mapping`` (folded title → field or None, from ``--map``) names columns the reader does not know.
    Rows of one person (the same СНИЛС or табельный номер) are joined (see core.registry.people_dupes).
    """
    path = Path(path)
    if not path.is_file():
        raise PeopleFileError(f"Файл {path} не найден.")
    from core.clock import today as clock_today

    today = today or clock_today()
    mapping = mapping or {}
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        known = set(HEADERS) | set(mapping)
        return _read_records(path, csv_records(path, known), today, header_row, mapping)
    if suffix != ".xlsx":
        hint = "сохраните его в Excel как «Книга Excel (.xlsx)» или «CSV (разделители — точка с запятой)»"
        raise not_like(path, f"расширение «{path.suffix or 'нет'}» не поддерживается, {hint}")
    return _read_records(path, xlsx_records(path), today, header_row, mapping)


def _read_records(path: Path, records: Iterator[tuple[int, list[Any]]], today: date, header_row: int | None,
                  mapping: dict[str, str | None]) -> PeopleTable:
    top = [record for record in islice(records, HEADER_SEARCH_ROWS) if not all(map(blank, record[1]))]
    if not top:
        raise PeopleFileError(f"Файл пуст: {path}.")
    header_line, header, found = find_header(path, top, mapping, header_row)
    layout = map_header(path, header_line, header, mapping)
    layout.chosen = found
    columns, width = layout.columns, layout.width
    order = {title: index for index, title in columns.values()}
    people: list[PersonRow] = []
    errors: list[RowError] = []
    footer_line = None
    any_rows = False
    for line, cells in chain((r for r in top if r[0] > header_line), records):
        if all(map(blank, cells)):
            continue
        if footer_line is not None:
            continue  # signatures and notes under the total are not people
        if is_footer(cells):
            footer_line = line
            continue
        any_rows = True
        person, problems = parse_row(line, cells, columns, today)
        stray = [index for index in range(width, len(cells)) if not blank(cells[index])]
        stray += [index for index in layout.untitled if index < len(cells) and not blank(cells[index])]
        if stray:
            problems.append(RowError(line, f"колонка {min(stray) + 1}", (
                "Значение стоит в колонке без заголовка; возможно, в тексте есть лишний разделитель — "
                "подпишите колонку, заключите такое значение в кавычки или удалите его.")))
        # Report in the order of the file's columns, the way the user reads the row.
        errors.extend(sorted(problems, key=lambda problem: order.get(problem.column, width)))
        if person is not None and not problems:
            people.append(person)
    if not any_rows:
        raise PeopleFileError(f"В файле нет ни одной строки с людьми: {path}.")
    name_column = columns["full_name" if "full_name" in columns else "surname"][1]
    people, merged, duplicates = merge_duplicates(people, name_column, columns)
    errors.extend(duplicates)
    return PeopleTable(people, errors, layout, footer_line, merged)


def parse_row(line: int, cells: list[Any], columns: Columns, today: date) -> tuple[PersonRow | None, list[RowError]]:
    """The person in one row (also used by ``people edit`` on a card's values) (None when a required value is missing) and all problems found in it.

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

    surname = name = patronymic = note = None
    if "full_name" in columns:
        # «Иванов Иван Иванович (вн. совм.)»: 1С reports note the kind of employment after the name
        full, note = people_values.name_note(text("full_name", "Не указаны фамилия и имя."))
        surname, name, patronymic = _checked(fail, "full_name", split_full_name, full) or (None, None, None)
    else:
        surname, name = text("surname", "Не указана фамилия."), text("name", "Не указано имя.")
        patronymic = text("patronymic")
    position, department = text("position", "Не указана должность."), text("department")

    def day(field: str) -> date | None:
        return _checked(fail, field, lambda v: parse_date(people_values.excel_date(v, columns[field][1]), columns[field][1]),
                        raw(field))

    birth, hired, dismissed = day("birth_date"), day("hired_on"), day("dismissed_on")
    moved = day("transferred_on") if "transferred_on" in columns else None
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
    if moved and hired and moved <= hired:
        fail("transferred_on", f"Дата перевода {_fmt(moved)} не позже даты приема {_fmt(hired)}.")

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
    number = _checked(fail, "personnel_number", people_values.personnel_number, raw("personnel_number"))
    kind = _checked(fail, "employment_kind", people_values.employment_kind, raw("employment_kind"))
    kind = kind or people_values.kind_from_note(note)
    share = _checked(fail, "rate", people_values.rate, raw("rate"))
    values = {"surname": surname, "name": name, "patronymic": patronymic, "position": position,
              "department": department, "email": email, "personnel_number": number}
    for field, problem in _length_problems(values).items():
        fail("full_name" if "full_name" in columns and field in _NAME_FIELDS else field, problem)
    if not (surname and name and position and hired):
        return None, problems
    given = {field for field, (index, _title) in columns.items() if index < len(cells) and not blank(cells[index])}
    if "full_name" in given:  # the full name is written whole: a missing patronymic means there is none
        given |= {"surname", "name", "patronymic"}
    if kind is not None:
        given.add("employment_kind")
    return PersonRow(line, surname, name, patronymic, birth, position, department, hired, dismissed, snils, email,
                     role or "none", gender, number, kind, share, frozenset(given), moved), problems


@cache
def _length_limits() -> dict[str, int]:
    """Field → the longest text its database column holds, read from the models (department: its name)."""
    from core.registry.lengths import max_length
    from core.storage.models import Department, Person

    fields = ("surname", "name", "patronymic", "position", "email", "personnel_number")
    limits = {field: max_length(Person, field) for field in fields}
    limits["department"] = max_length(Department, "name")
    return {field: limit for field, limit in limits.items() if limit is not None}


def _length_problems(values: dict[str, Any]) -> dict[str, str]:
    """Field → Russian sentence for values longer than their database column."""
    from core.registry.lengths import too_long

    return {field: too_long(_TITLES[field], len(value), limit) for field, limit in _length_limits().items()
            if isinstance(value := values.get(field), str) and len(value) > limit}


def check_row_lengths(row: PersonRow) -> None:
    """Raise ``OhsError`` when a typed-in person's text does not fit the register's columns."""
    problems = _length_problems({field: getattr(row, field) for field in
                                 ("surname", "name", "patronymic", "position", "department", "email",
                                  "personnel_number")})
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
    table = [[export_value(row, field) for field, _ in EXPORT_COLUMNS] for row in rows]
    from core.io.atomic import write_atomic

    def write(temporary: Path) -> None:
        if suffix == ".xlsx":
            _write_xlsx(temporary, table)
            return
        with temporary.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
            writer.writerow([title for _, title in EXPORT_COLUMNS])
            writer.writerows(csv_row(_csv_text(v) for v in values) for values in table)

    try:
        write_atomic(path, write)
    except OhsError as exc:
        raise PeopleFileError(exc.message) from None


def _csv_text(value: Any) -> Any:
    """Dates as 25.09.2018 and rates with a decimal comma, as Russian Excel reads them back."""
    if isinstance(value, date):
        return _fmt(value)
    if isinstance(value, float):
        return people_values.rate_text(value)
    return value


def export_value(row: PersonRow, field: str) -> Any:
    """A row's field as a file cell shows it: sex, role and employment kind in Russian, nothing as empty."""
    value = getattr(row, field)
    if field == "employment_kind":
        return people_values.kind_title(value).capitalize() if value else ""
    if field == "rate":
        return "" if value is None else value
    if field == "gender":
        return _GENDER_TITLES.get(value or "", "")
    if field == "osh_role":
        return _ROLE_TITLES.get(value, value)
    return "" if value is None else value


def _write_xlsx(path: Path, table: list[list[Any]]) -> None:
    from core.io.xlsx import SheetSpec, write_table

    spec = SheetSpec("Сотрудники", [title for _, title in EXPORT_COLUMNS], autofilter=True)
    write_table(path, spec, table)
