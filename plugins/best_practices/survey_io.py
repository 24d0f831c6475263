"""Survey results as online forms export them (Google Forms, Яндекс Формы): CSV or XLSX.

Such a file has a header row: a timestamp column first («Отметка времени», «Timestamp», «Время
создания»), then one column per question. The import needs the timestamp and the proposal; the
author, department, category and expected effect are used when present; every other question's
answer is kept with the proposal, so nothing the worker wrote is lost. Decoding and the XLSX reader
are those of the people import (core/io/tabular.py).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from core.io.tabular import blank as _blank
from core.io.tabular import clean as _clean
from core.io.tabular import csv_records, xlsx_records
from core.io.tabular import key as _key

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

#: Field → (title shown in messages, accepted headers). The first two are required.
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "moment": ("Отметка времени", ("Отметка времени", "Timestamp", "Время создания", "Время ответа",
                                   "Дата и время", "Дата заполнения", "Дата", "Время")),
    "text": ("Предложение", ("Предложение", "Ваше предложение", "Предложения", "Предложение по охране труда",
                             "Предложение по улучшению условий и охраны труда", "Что можно улучшить",
                             "Proposal")),
    "author": ("ФИО", ("ФИО", "Ф.И.О.", "Фамилия, имя, отчество", "Ваше ФИО", "Ваши фамилия, имя, отчество",
                       "Автор", "Name")),
    "department": ("Подразделение", ("Подразделение", "Структурное подразделение", "Ваше подразделение", "Отдел",
                                     "Department")),
    "category": ("Категория", ("Категория", "Область", "Вид опыта", "Category")),
    "effect": ("Ожидаемый эффект", ("Ожидаемый эффект", "Эффект", "Ожидаемый результат", "Effect")),
}
REQUIRED = ("moment", "text")
_HEADERS = {_key(alias): name for name, (_, aliases) in COLUMNS.items() for alias in aliases}
_CATEGORY_WORDS = {
    "technique": ("technique", "техника"), "technology": ("technology", "технология"),
    "organization": ("organization", "организация труда"), "osh_service": ("osh_service", "служба охраны труда"),
    "union": ("union", "профсоюз", "уполномоченные профсоюза"),
}
_CATEGORIES = {_key(word): key for key, words in _CATEGORY_WORDS.items() for word in words}
#: Timestamp forms seen in exports (Russian and English Google Forms, Яндекс Формы, Excel).
_MOMENT_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                   "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S", "%m/%d/%Y %H:%M:%S")


@dataclass
class SurveyRow:
    """One answer with a proposal in it."""

    line: int
    received_on: datetime.date
    text: str
    author: str | None = None
    department: str | None = None
    category: str | None = None
    effect: str | None = None
    answers: dict[str, str] = field(default_factory=dict)


@dataclass
class SurveyFile:
    """What the file holds: usable rows, rows without a proposal, the file's hash."""

    rows: list[SurveyRow]
    skipped: int
    sha256: str


def _parse_moment(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = re.sub(r"\s*(GMT|UTC)[+-]?\d*(:\d\d)?$", "", _clean(value))
    text = re.sub(r"(\d:\d\d)\.\d+$", r"\1", text)  # fractions of a second
    for form in _MOMENT_FORMATS:
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def _records(path: Path, name: str) -> Iterator[tuple[int, list[Any]]]:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        # Form services export with commas, so a tie goes to «,».
        return csv_records(path, _HEADERS, delimiters=(",", ";", "\t"))
    if suffix != ".xlsx":
        suffix = path.suffix or "без расширения"
        raise OhsError(f"Файл {name}: поддерживаются выгрузки форм в CSV и XLSX, а не «{suffix}».")
    return xlsx_records(path)


def _header(name: str, cells: list[Any]) -> tuple[dict[str, int], dict[int, str]]:
    """Known columns by field, and the other questions by column index; missing required ones listed."""
    known: dict[str, int] = {}
    others: dict[int, str] = {}
    for index, cell in enumerate(cells):
        title = _clean(cell)
        if not title:
            continue
        name = _HEADERS.get(_key(title))
        if name is not None and name not in known:
            known[name] = index
        else:
            others[index] = title
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in known]
    if missing:
        raise OhsError(
            f"В файле {name} не хватает колонок: {', '.join(missing)}.",
            [f"{COLUMNS[name][0]}: подойдёт заголовок {', '.join('«' + a + '»' for a in COLUMNS[name][1][:4])}"
             for name in REQUIRED if name not in known]
            + ["Необязательные колонки: ФИО, Подразделение, Категория, Ожидаемый эффект; остальные вопросы "
               "сохраняются как ответы."])
    return known, others


def read_survey(path: Path, today: datetime.date, name: str | None = None) -> SurveyFile:
    """Read the file; every bad row is reported at once and nothing is returned then.

    ``name`` is the file as the user knows it, for messages (an upload is read from a temporary file).
    """
    path = Path(path)
    name = name or path.name
    if not path.is_file():
        raise OhsError(f"Файл {path} не найден.")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    records = _records(path, name)
    header = next((cells for _, cells in records if not all(map(_blank, cells))), None)
    if header is None:
        raise OhsError(f"Файл {name} пуст.")
    known, others = _header(name, header)
    rows: list[SurveyRow] = []
    errors: list[str] = []
    skipped = 0

    def cell(cells: list[Any], name: str) -> str | None:
        index = known.get(name)
        value = _clean(cells[index]) if index is not None and index < len(cells) else ""
        return value or None

    for line, cells in records:
        if all(map(_blank, cells)):
            continue
        text = cell(cells, "text")
        if not text:
            skipped += 1  # the respondent left the proposal empty: nothing to review
            continue
        raw = cells[known["moment"]] if known["moment"] < len(cells) else None
        moment = _parse_moment(raw)
        if moment is None:
            errors.append(f"строка {line}: «{_clean(raw)}» в колонке «{header[known['moment']]}» — не дата")
            continue
        if moment > today:
            errors.append(f"строка {line}: дата ответа {moment:%d.%m.%Y} ещё не наступила")
            continue
        category_text = cell(cells, "category")
        category = _CATEGORIES.get(_key(category_text)) if category_text else None
        answers = {title: _clean(cells[i]) for i, title in others.items() if i < len(cells) and _clean(cells[i])}
        if category_text and category is None:
            answers[_clean(header[known["category"]])] = category_text
        rows.append(SurveyRow(line, moment, text, cell(cells, "author"), cell(cells, "department"), category,
                              cell(cells, "effect"), answers))
    if errors:
        raise OhsError(f"Файл {name} не импортирован: ошибки в {len(errors)} строках; исправьте их и повторите.",
                       errors[:50])
    return SurveyFile(rows, skipped, sha)


def import_survey(session: Session, org: Organization, path: Path, today: datetime.date, channel: str = "survey",
                  survey: str | None = None, name: str | None = None) -> tuple[list[Any], int]:
    """Record every answer with a proposal as a proposal; the same file twice is refused.

    ``name`` is the file's name as the user gave it (an upload's), for messages and the survey's default title.
    """
    from sqlmodel import select

    from core.audit import audit
    from core.registry.people import resolve_person
    from plugins.best_practices.models import BestPracticeProposal
    from plugins.best_practices.proposals import CHANNELS
    from plugins.best_practices.practices import clean

    if channel not in CHANNELS:
        raise OhsError(f"Канала «{channel}» нет; выберите: {', '.join(CHANNELS)}.")
    name = name or Path(path).name
    data = read_survey(path, today, name)
    twin = session.exec(select(BestPracticeProposal).where(
        BestPracticeProposal.org_id == org.id, BestPracticeProposal.import_sha256 == data.sha256).limit(1)).first()
    if twin is not None:
        raise OhsError(f"Этот файл уже импортирован {twin.created_at:%d.%m.%Y} (предложение №{twin.id} и другие); "
                       "повторно он не загружается.")
    if not data.rows:
        raise OhsError(f"В файле {name} нет ни одного ответа с предложением (пустых ответов: {data.skipped}).")
    title = clean(survey) or Path(name).stem
    added = []
    for row in data.rows:
        author_id = None
        if row.author:
            try:
                author_id = resolve_person(session, org, row.author).id
            except OhsError:
                author_id = None  # a name that is not in the register stays as written
        proposal = BestPracticeProposal(
            org_id=org.id, received_on=row.received_on, channel=channel, text=row.text, author_id=author_id,
            author_name=row.author, department=row.department, category=row.category, effect=row.effect,
            survey=title[:300], answers=json.dumps(row.answers, ensure_ascii=False) if row.answers else None,
            import_sha256=data.sha256,
        )
        session.add(proposal)
        added.append(proposal)
    session.flush()
    audit(session, org, "practice.proposal.import", "best_practices_proposal", None, file=name,
          sha256=data.sha256, added=len(added), skipped=data.skipped, survey=title, channel=channel)
    return added, data.skipped
