"""Which row of an HR export is the table's header, and which column holds which field.

1С:ЗУП, 1С:Бухгалтерия and «Парус» put a report title, the organization and blank rows above the
table and a total below it, and name the columns their own way («Сотрудник», «Таб. №», «Принят»).
The header is the row whose cells name the fields; the columns the toolkit does not use are listed,
not refused; ``--map "Колонка=поле"`` names a column nobody foresaw.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

from core.io.tabular import TableFileError, blank, clean, key

#: Export order and the canonical header of every field.
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("surname", "Фамилия"), ("name", "Имя"), ("patronymic", "Отчество"), ("birth_date", "Дата рождения"),
    ("position", "Должность"), ("department", "Подразделение"), ("hired_on", "Дата приема"),
    ("dismissed_on", "Дата увольнения"), ("snils", "СНИЛС"), ("email", "E-mail"), ("gender", "Пол"),
    ("osh_role", "Роль в ОТ"), ("personnel_number", "Табельный номер"), ("employment_kind", "Вид занятости"),
    ("rate", "Ставка"),
)
#: Columns read on import only: the date of a transfer is history, not a field of the person's card.
IMPORT_ONLY_COLUMNS: tuple[tuple[str, str], ...] = (("transferred_on", "Дата перевода"),)
TITLES = {**dict(EXPORT_COLUMNS), "full_name": "ФИО", **dict(IMPORT_ONLY_COLUMNS)}

#: Other names of the same columns, as HR programs and hand-made registers write them.
ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("ФИО", "Ф.И.О.", "Ф. И. О.", "Фамилия Имя Отчество", "Фамилия, имя, отчество", "Сотрудник",
                  "Работник", "Физическое лицо", "Физ. лицо", "Физлицо", "ФИО сотрудника", "ФИО работника"),
    "position": ("Должность (профессия)", "Профессия", "Должность, профессия", "Штатная должность"),
    "department": ("Структурное подразделение", "Подразделение организации", "Отдел"),
    "hired_on": ("Дата приёма", "Дата поступления", "Дата приема на работу", "Принят", "Принят на работу",
                 "Дата начала работы"),
    "dismissed_on": ("Уволен", "Дата увольнения с работы"),
    "snils": ("Страховой номер", "Страховой номер (СНИЛС)", "СНИЛС сотрудника"),
    "email": ("Email", "Электронная почта", "Эл. почта"),
    "personnel_number": ("Таб. №", "Таб.№", "Таб №", "Таб. номер", "Таб.номер", "Табельный №", "Табельный",
                         "Табельный номер сотрудника"),
    "employment_kind": ("Вид занятости сотрудника", "Занятость"),
    "rate": ("Количество ставок", "Кол-во ставок", "Ставок", "Доля ставки"),
    "transferred_on": ("Дата перемещения", "Переведен", "Переведён", "Дата кадрового перевода"),
}

#: Field names accepted on the right of ``--map`` besides the column titles: the English keys.
FIELD_KEYS = frozenset(TITLES)

#: Rows of the file read to find the header: report titles take a handful, never dozens.
HEADER_SEARCH_ROWS = 30

#: Folded column title → field, for every title and alias.
HEADERS = {key(title): field for field, title in (*EXPORT_COLUMNS, *IMPORT_ONLY_COLUMNS)}
HEADERS.update({key(alias): field for field, aliases in ALIASES.items() for alias in aliases})
_NAME_PARTS = {"surname", "name", "patronymic"}
_FOOTER_WORDS = ("итого", "всего")

Columns = dict[str, tuple[int, str]]  # field → (column index, header as written)


@dataclass
class Layout:
    """Where the table is in the file and what each column holds."""

    header_line: int  # the header's line (CSV) or sheet row (XLSX) number
    columns: Columns
    width: int
    ignored: list[str] = dataclass_field(default_factory=list)  # titles of the columns not used
    untitled: list[int] = dataclass_field(default_factory=list)  # indexes of columns with no title
    chosen: bool = False  # True when the header was found by its names (not given with --header-row)


def parse_mapping(items: Iterable[str]) -> dict[str, str | None]:
    """``--map`` values («Колонка=поле») as folded column title → field (None: ignore the column).

    The field is an English key (``full_name``) or any title the reader knows («Табельный номер»);
    an empty or «-» field ignores the column.
    """
    mapping: dict[str, str | None] = {}
    for item in items:
        title, sep, target = item.partition("=")
        if not sep or not title.strip():
            raise TableFileError(f"--map «{item}»: укажите «Колонка=поле», например --map \"Ф.И.О. работника=ФИО\".")
        target = target.strip()
        if target in ("", "-"):
            mapping[key(title)] = None
            continue
        field = target if target in FIELD_KEYS else HEADERS.get(key(target))
        if field is None:
            raise TableFileError(f"--map «{item}»: поле «{target}» неизвестно; допустимы: {expected_names()}.")
        mapping[key(title)] = field
    return mapping


def expected_names() -> str:
    """The canonical column names, for messages."""
    return ", ".join(["ФИО"] + [title for _, title in (*EXPORT_COLUMNS, *IMPORT_ONLY_COLUMNS)])


def field_of(title: str, mapping: dict[str, str | None]) -> str | None:
    """The field a column title stands for (``mapping`` first), None when unknown or ignored."""
    folded = key(title)
    if folded in mapping:
        return mapping[folded]
    return HEADERS.get(folded)


def _score(cells: Sequence[Any], mapping: dict[str, str | None]) -> set[str]:
    return {f for c in cells if isinstance(c, str) and (f := field_of(clean(c), mapping)) is not None}


def is_header(fields: set[str]) -> bool:
    """A row may be a table's header when it names a name column and at least one more known column."""
    has_name = "full_name" in fields or "surname" in fields
    return has_name and len(fields - _NAME_PARTS - {"full_name"}) >= 1


def find_header(path: Path, top: list[tuple[int, list[Any]]], mapping: dict[str, str | None],
                header_row: int | None) -> tuple[int, list[Any], bool]:
    """The header's line and cells among the file's first rows; TableFileError naming what was found.

    ``header_row`` (``--header-row N``) takes that line as it is.
    """
    if header_row is not None:
        for line, cells in top:
            if line == header_row:
                return line, cells, False
        raise TableFileError(f"В файле {path} нет строки {header_row} среди первых {HEADER_SEARCH_ROWS} строк: "
                             "укажите в --header-row номер строки с заголовками колонок.")
    scored = [(len(fields), line, cells) for line, cells in top if is_header(fields := _score(cells, mapping))]
    # The row naming the most columns is the header: a signature block under a short list («Должность», «ФИО»)
    # names fewer. Two rows naming as many (two tables, a repeated header) are for the user to choose.
    best = max((score for score, _l, _c in scored), default=0)
    candidates = [(line, cells) for score, line, cells in scored if score == best]
    if len(candidates) > 1:
        lines = ", ".join(str(line) for line, _ in candidates)
        raise TableFileError(f"В файле {path} заголовками колонок могут быть строки {lines}: укажите нужную, "
                             f"например --header-row {candidates[0][0]}.")
    if candidates:
        return candidates[0][0], candidates[0][1], True
    found = [clean(c) for _, cells in top for c in cells if isinstance(c, str) and clean(c)]
    shown = ", ".join(f"«{c}»" for c in dict.fromkeys(found).keys()) or "нет ни одной подписи"
    raise TableFileError(
        f"В файле {path} не найдена строка заголовков: нужны колонка с ФИО (или Фамилия и Имя) и другие "
        "известные колонки — Должность, Дата приема, Табельный номер…; подпишите колонки или укажите их "
        "через --map \"Колонка=поле\".",
        [f"В первых строках файла: {shown[:1500]}.", f"Ожидаются колонки: {expected_names()}."])


def map_header(path: Path, line: int, cells: list[Any], mapping: dict[str, str | None]) -> Layout:
    """The columns found in the header row; TableFileError for a header the import cannot use."""
    titles = [clean(c) for c in cells]
    while titles and not titles[-1]:
        titles.pop()
    layout = Layout(line, {}, len(titles))
    for index, title in enumerate(titles):
        if not title:
            layout.untitled.append(index)
            continue
        field = field_of(title, mapping)
        if field is None and key(title) not in mapping:  # a column --map "Колонка=-" drops is not listed
            layout.ignored.append(title)
        elif field is None:
            continue
        elif field == "full_name" and field in layout.columns:
            layout.ignored.append(title)  # 1С reports give both «Сотрудник» and «Физическое лицо»: the first is read
        elif field in layout.columns:
            raise TableFileError(f"В файле {path} колонка „{title}“ повторяет колонку „{layout.columns[field][1]}“; "
                                 f"оставьте одну или укажите другую через --map \"{title}=-\".")
        else:
            layout.columns[field] = (index, title)
    columns = layout.columns
    if "full_name" in columns and columns.keys() & _NAME_PARTS:
        raise TableFileError(f"В файле {path} есть и колонка „{columns['full_name'][1]}“, и отдельные колонки "
                             "фамилии, имени или отчества: оставьте что-то одно.")
    required = ("position", "hired_on") if "full_name" in columns else ("surname", "name", "position", "hired_on")
    missing = [TITLES[field] for field in required if field not in columns]
    if missing:
        found = ", ".join(f"«{t}»" for t in titles if t) or "нет"
        raise TableFileError(f"В файле {path} не хватает обязательных колонок: {', '.join(missing)}.",
                             ["Обязательны: ФИО (или Фамилия и Имя), Должность, Дата приема.",
                              f"Колонки в строке {line}: {found}.", f"Ожидаются колонки: {expected_names()}."])
    return layout


def is_footer(cells: Sequence[Any]) -> bool:
    """True for a report's total row («Итого», «Всего: 40»): the table ends there."""
    first = next((c for c in cells if not blank(c)), None)
    if not isinstance(first, str):
        return False
    word = key(first)
    return any(word == w or (word.startswith(w) and not word[len(w)].isalpha()) for w in _FOOTER_WORDS)
