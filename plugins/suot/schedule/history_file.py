"""The history file: the last known dates from paper journals and certificates, one row per worker or workplace.

Layout (the template ``ohs history template`` writes): who (ФИО, СНИЛС, date of birth — matched with the
register the way the people import matches), where (department, position), the last intro, primary and
repeat briefing, the last training and knowledge check per programme with its protocol number, the last
medical exam and psychiatric examination, the workplace's СОУТ (card number, date, class) and the source
of the dates. A row without ФИО is a workplace row and carries only СОУТ. Reading collects every problem
with its row and column (the file's own header), like core/registry/people_io.py, so the file is fixed in one pass;
matching with the register and the journals' own checks happen in plugins/suot/schedule/history_import.py.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.io.tabular import TableFileError, blank, clean, csv_records, key, not_like, xlsx_records
from core.registry.people_io import RowError
from core.registry.validation import ValidationError, normalize_snils, parse_date, split_full_name

#: Programmes as the template's columns name them (keys of plugins/suot/schedule/training.py).
PROGRAM_TITLES: dict[str, str] = {"A": "Программа А", "B": "Программа Б", "V": "Программа В",
                                  "first_aid": "Первая помощь", "ppe": "СИЗ"}
BRIEFING_TITLES: dict[str, str] = {"intro": "Вводный инструктаж", "primary": "Первичный инструктаж",
                                   "repeat": "Повторный инструктаж"}

#: field → the template's header; the order of the template's columns.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("full_name", "ФИО"), ("snils", "СНИЛС"), ("birth_date", "Дата рождения"), ("department", "Подразделение"),
    ("position", "Должность"),
    *((f"briefing.{k}", title) for k, title in BRIEFING_TITLES.items()),
    *(pair for k, title in PROGRAM_TITLES.items()
      for pair in ((f"training.{k}.on", f"{title}: дата"), (f"training.{k}.protocol", f"{title}: протокол"))),
    ("medical", "Медосмотр"), ("psychiatric", "Психиатрическое освидетельствование"),
    ("sout.card", "СОУТ: № карты"), ("sout.on", "СОУТ: дата"), ("sout.class", "СОУТ: класс"),
    ("source", "Источник"),
)
TITLES = dict(COLUMNS)
#: (kind, field) and (programme, date field, protocol field), built once: a file may have 50,000 rows.
_BRIEFING_FIELDS = tuple((kind, f"briefing.{kind}") for kind in BRIEFING_TITLES)
_PROGRAM_FIELDS = tuple((p, f"training.{p}.on", f"training.{p}.protocol") for p in PROGRAM_TITLES)
_ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("Ф.И.О.", "Работник", "Сотрудник", "Фамилия Имя Отчество"),
    "department": ("Структурное подразделение",),
    "position": ("Рабочее место",),
    "medical": ("Медицинский осмотр", "Периодический медосмотр", "Периодический медицинский осмотр"),
    "psychiatric": ("Психиатрическое освидетельствование (дата)", "Психосвидетельствование"),
    **{f"training.{k}.on": (title, f"{title} дата") for k, title in PROGRAM_TITLES.items()},
    **{f"training.{k}.protocol": (f"{title}: № протокола", f"{title} протокол") for k, title in
       PROGRAM_TITLES.items()},
    "sout.card": ("СОУТ: номер карты", "№ карты СОУТ"), "sout.on": ("СОУТ дата", "Дата СОУТ"),
    "sout.class": ("СОУТ класс", "Класс условий труда"),
}
_HEADERS = {key(title): name for name, title in COLUMNS}
_HEADERS.update({key(alias): name for name, aliases in _ALIASES.items() for alias in aliases})

#: The template's example row (a made-up worker; the import refuses it unless such a worker is registered).
EXAMPLE: dict[str, Any] = {
    "full_name": "Иванова Мария Петровна", "snils": "112-233-445 95", "birth_date": "14.02.1985",
    "department": "Отделение спортивной гимнастики", "position": "Тренер-преподаватель",
    "briefing.intro": "01.09.2015", "briefing.primary": "01.09.2015", "briefing.repeat": "12.03.2026",
    "training.B.on": "15.10.2024", "training.B.protocol": "7/2024",
    "training.first_aid.on": "15.10.2024", "training.first_aid.protocol": "8/2024",
    "medical": "20.05.2026", "psychiatric": "25.08.2015",
    "sout.card": "12", "sout.on": "10.06.2022", "sout.class": "2",
    "source": "журнал инструктажей на рабочем месте № 3; протоколы комиссии 2024 г.; карта СОУТ № 12",
}


@dataclass
class HistoryRow:
    """One row of a history file, read and checked for itself (not yet against the register)."""

    line: int
    person: tuple[str, str, str | None] | None = None  # (surname, name, patronymic)
    snils: str | None = None
    birth_date: datetime.date | None = None
    department: str | None = None
    position: str | None = None
    briefings: dict[str, datetime.date] = field(default_factory=dict)
    trainings: dict[str, tuple[datetime.date, str]] = field(default_factory=dict)
    medical: datetime.date | None = None
    psychiatric: datetime.date | None = None
    sout: tuple[str | None, datetime.date, str] | None = None  # (card number, date, class)
    source: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # field → the file's header

    @property
    def empty(self) -> bool:
        """True when the row carries no date at all (a worker copied from the staff list with nothing known)."""
        return not (self.briefings or self.trainings or self.medical or self.psychiatric or self.sout)


def write_template(path: Path) -> None:
    """The XLSX template with Russian headers, the example row and a second sheet explaining the columns."""
    from functools import partial

    from core.io.atomic import write_atomic
    from core.io.xlsx import SheetSpec

    if path.suffix.lower() != ".xlsx":
        raise TableFileError(f"Шаблон пишется в книгу Excel: укажите имя файла с расширением .xlsx вместо {path.name}.")

    spec = SheetSpec("История", [title for _name, title in COLUMNS], freeze="B2",
                     widths=[max(14, min(len(title) + 2, 40)) for _name, title in COLUMNS])
    example = [EXAMPLE.get(name) for name, _title in COLUMNS]
    notes = (SheetSpec("Пояснения", ["Пояснения"], widths=[120]), _NOTES)
    write = partial(_write_template, spec=spec, example=example, notes=notes)

    write_atomic(path, write)


def _write_template(temporary: Path, spec: Any, example: list[Any], notes: Any) -> None:
    from core.io.xlsx import write_table

    write_table(temporary, spec, [example], notes=notes)


_NOTES = (
    "Одна строка — один работник (последние известные даты из бумажных журналов и удостоверений) "
    "или одно рабочее место (только СОУТ, без ФИО).",
    "Работник находится в реестре по СНИЛС, иначе по ФИО (и дате рождения, если есть однофамильцы): "
    "сначала импортируйте кадровый список — ohs people import ФАЙЛ.",
    "Даты — 25.09.2018 или 2018-09-25; пустая ячейка — сведений нет.",
    "Обучение: дата проверки знания и номер протокола — обе ячейки; результат считается удовлетворительным.",
    "Медосмотр: дата последнего периодического (или предварительного, если периодического ещё не было).",
    "СОУТ: № карты, дата утверждения отчёта и итоговый класс (1, 2, 3.1–3.4, 4); в строке работника — "
    "по его рабочему месту.",
    "Источник: откуда даты (журнал, протокол, карта); записи получат отметку «перенесено из бумажного "
    "журнала» с этим источником.",
    "Строка-пример (Иванова Мария Петровна) — образец: замените её своими данными или удалите.",
    "Проверка без записи: ohs history import ФАЙЛ --dry-run.",
)


def read_history_file(path: Path) -> tuple[list[HistoryRow], list[RowError], int]:
    """Rows without problems, every problem found, and the number of rows with no dates (skipped).

    Raises ``TableFileError`` when the file as a whole is unusable (format, size, header).
    """
    path = Path(path)
    if not path.is_file():
        raise TableFileError(f"Файл {path} не найден.")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        records = csv_records(path, _HEADERS)
    elif suffix == ".xlsx":
        records = xlsx_records(path)  # checked by core.io.archive before openpyxl opens it
    else:
        hint = "сохраните его в Excel как «Книга Excel (.xlsx)» или «CSV (разделители — точка с запятой)»"
        raise not_like(path, f"расширение «{path.suffix or 'нет'}» не поддерживается, {hint}")
    return _read(path, records)


def _map_header(path: Path, cells: list[Any]) -> dict[str, tuple[int, str]]:
    titles = [clean(c) for c in cells]
    while titles and not titles[-1]:
        titles.pop()
    columns: dict[str, tuple[int, str]] = {}
    unknown = []
    for index, title in enumerate(titles):
        if not title:
            raise TableFileError(f"В файле {path} у колонки {index + 1} нет заголовка: подпишите ее или удалите.")
        name = _HEADERS.get(key(title))
        if name in columns:
            raise TableFileError(f"В файле {path} колонка „{title}“ повторяет колонку „{columns[name][1]}“.")
        if name is None:
            unknown.append(f"„{title}“")
        else:
            columns[name] = (index, title)
    accepted = "Допустимые колонки: " + ", ".join(t for _n, t in COLUMNS) + " (шаблон: ohs history template ФАЙЛ)."
    if unknown:
        raise TableFileError(f"В файле {path} есть колонки, которых программа не знает: {', '.join(unknown)}.",
                             [accepted])
    if "full_name" not in columns and "position" not in columns:
        raise TableFileError(f"В файле {path} не хватает обязательных колонок: ФИО (или Должность для строк "
                             "рабочих мест).", [accepted])
    return columns


def _read(path: Path, records: Iterator[tuple[int, list[Any]]]) -> tuple[list[HistoryRow], list[RowError], int]:
    header = next((cells for _, cells in records if not all(map(blank, cells))), None)
    if header is None:
        raise TableFileError(f"Файл пуст: {path}.")
    columns = _map_header(path, header)
    titles = {name: title for name, (_i, title) in columns.items()}
    rows: list[HistoryRow] = []
    errors: list[RowError] = []
    skipped = 0
    any_rows = False
    for line, cells in records:
        if all(map(blank, cells)):
            continue
        any_rows = True
        row, problems = _parse(line, cells, columns, titles)
        if problems:
            errors.extend(problems)
        elif row.empty:
            skipped += 1
        else:
            rows.append(row)
    if not any_rows:
        raise TableFileError(f"В файле нет ни одной строки со сведениями: {path}.")
    return rows, errors, skipped


def _excel_day(value: Any, title: str) -> datetime.date:
    """A date cell: a date, Excel's day number (a cell without a date format) or text «25.09.2018»."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            value = from_excel(value)
        except (ValueError, OverflowError, TypeError):
            raise ValidationError(f"{title} „{clean(value)}“: не похоже на дату.") from None
    return parse_date(value, title)


def _parse(line: int, cells: list[Any], columns: dict[str, tuple[int, str]],
           titles: dict[str, str]) -> tuple[HistoryRow, list[RowError]]:
    """One row and every problem in it."""
    problems: list[RowError] = []
    row = HistoryRow(line=line, columns=titles)

    def raw(name: str) -> Any:
        column = columns.get(name)
        if column is None or column[0] >= len(cells):
            return None
        return cells[column[0]]

    def fail(name: str, reason: str) -> None:
        problems.append(RowError(line, titles.get(name, TITLES.get(name, name)), reason))

    def text(name: str) -> str | None:
        value = raw(name)
        return None if value is None else (clean(value) or None)

    def day(name: str) -> datetime.date | None:
        value = raw(name)
        if blank(value):
            return None
        if isinstance(value, datetime.datetime) and 1900 <= value.year <= 2100:
            return value.date()  # a date cell, the common case: parse_date would only re-check it
        try:
            return _excel_day(value, titles[name])
        except ValidationError as exc:
            fail(name, exc.message)
            return None

    full = text("full_name")
    if full:
        try:
            row.person = split_full_name(full)
        except ValidationError as exc:
            fail("full_name", exc.message)
    if not blank(snils := raw("snils")):
        try:  # a number cell drops the СНИЛС's leading zeros; normalize_snils pads an int back to 11 digits
            row.snils = normalize_snils(int(snils) if isinstance(snils, float) else snils)
        except ValidationError as exc:
            fail("snils", exc.message)
    row.birth_date = day("birth_date")
    row.department, row.position = text("department"), text("position")
    row.source = text("source")
    for kind, name in _BRIEFING_FIELDS:
        if name in columns and (on := day(name)) is not None:
            row.briefings[kind] = on
    for program, on_field, protocol_field in _PROGRAM_FIELDS:
        if on_field not in columns and protocol_field not in columns:
            continue
        before = len(problems)
        on, protocol = day(on_field), text(protocol_field)
        if len(problems) > before:
            continue
        if on is not None and not protocol:
            fail(on_field, f"Дата проверки знания есть, а номера протокола нет: заполните колонку "
                           f"«{TITLES[protocol_field]}».")
        elif protocol and on is None:
            fail(protocol_field, f"Номер протокола есть, а даты проверки знания нет: заполните колонку "
                                 f"«{TITLES[on_field]}».")
        elif on is not None:
            row.trainings[program] = (on, protocol)
    row.medical, row.psychiatric = day("medical"), day("psychiatric")
    _parse_sout(row, text, day, fail)
    if not full:
        if not row.position:
            fail("full_name" if "full_name" in columns else "position",
                 "Не указаны ни ФИО работника, ни должность рабочего места.")
        elif row.briefings or row.trainings or row.medical or row.psychiatric:
            fail("full_name", "Инструктажи, обучение и медосмотры записываются работнику: укажите ФИО "
                              "(строка без ФИО — рабочее место, в ней только СОУТ).")
    return row, problems


def _parse_sout(row: HistoryRow, text, day, fail) -> None:
    """The СОУТ cells: date and class together (the card number is optional)."""
    from core.errors import OhsError
    from plugins.suot.positions import normalize_class

    card, on, raw_class = text("sout.card"), day("sout.on"), text("sout.class")
    if not (card or on or raw_class):
        return
    sout_class = ""
    if raw_class:
        try:
            sout_class = normalize_class(raw_class)
        except OhsError as exc:
            fail("sout.class", exc.message)
            return
    if on is None:
        fail("sout.on", "Для СОУТ укажите дату утверждения отчёта.")
    elif not sout_class:
        fail("sout.class", "Для СОУТ укажите итоговый класс условий труда: 1, 2, 3.1–3.4 или 4.")
    else:
        row.sout = (card, on, sout_class)
