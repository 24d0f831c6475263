"""The participant's portfolio: what the workspace cannot know (diplomas, earlier jobs, events, awards…).

Each kind says which fields it takes; input is checked at the boundary and nothing is written on an
error. Items are never edited: evidence files are added later as new rows, a wrong item is retracted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from core.workspace import Workspace
    from plugins.contest_specialist.models import PortfolioItem

#: The longest project description the contest accepts («до 500 символов на проект»).
PROJECT_NOTE_LIMIT = 500
CHARACTERISTIC = ("planning", "critical_decisions", "communication", "documents", "commitment", "knowledge",
                  "innovation", "effectiveness")
SUOT_DOCUMENTS = (
    "suot_regulation", "sout", "professional_risks", "medical_exams", "shift_medical_exams", "psychiatric_exams",
    "intoxication_checks", "briefings", "internship", "first_aid_training", "safe_methods_training", "osh_training",
    "ppe", "washing_agents", "buildings", "equipment", "processes", "tools", "materials", "contractors", "accidents",
    "microtraumas", "occupational_diseases", "emergencies", "sanitary", "work_rest", "milk", "therapeutic_food",
    "informing", "document_flow", "suot_control", "contests", "other",
)
EVENT_LEVELS = ("organization", "regional", "national", "international")
EVENT_FORMATS = ("conference", "forum", "meeting", "webinar", "competition", "exhibition", "worldskills")
EVENT_ROLES = ("participant", "speaker", "moderator", "exhibitor", "expert")


@dataclass(frozen=True)
class KindSpec:
    """Which fields a portfolio kind takes; ``types``/``levels`` are the allowed values (required when set)."""

    title: str
    types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    allowed: frozenset[str] = field(default_factory=frozenset)
    required: frozenset[str] = field(default_factory=frozenset)


def _spec(title: str, types: tuple[str, ...] = (), levels: tuple[str, ...] = (), allowed: str = "",
          required: str = "") -> KindSpec:
    return KindSpec(title, types, levels, frozenset(allowed.split()), frozenset(required.split()))


KINDS: dict[str, KindSpec] = {
    "education": _spec("Образование (диплом)", ("higher", "secondary_vocational"), allowed="technosphere"),
    "retraining": _spec("Профессиональная переподготовка", allowed="hours", required="hours"),
    "employment": _spec("Период работы", ("osh_position", "osh_head", "osh_services"), allowed="date_to"),
    "certificate": _spec("Свидетельство, сертификат", ("short_course", "attested", "international"),
                         allowed="valid_until"),
    "event": _spec("Мероприятие", levels=EVENT_LEVELS, allowed="role format by_authority", required="role format"),
    "award": _spec("Награда, поощрение", levels=("organization", "regional", "federal", "international", "contest")),
    "council": _spec("Общественный совет, рабочая группа", ("federal_council", "guillotine"), allowed="date_to"),
    "publication": _spec("Публикация"),
    "membership": _spec("Членство в объединении специалистов", allowed="date_to"),
    "mentoring": _spec("Наставничество, преподавание", allowed="date_to"),
    "characteristic": _spec("Оценка в характеристике", CHARACTERISTIC, allowed="score", required="score"),
    "document": _spec("Разработанный документ", SUOT_DOCUMENTS),
    "program": _spec("Разработанная программа", ("internship", "safe_methods", "osh_training")),
    "investigation": _spec("Участие в расследовании", ("accident", "occupational_disease", "emergency")),
    "project": _spec("Реализованный проект", allowed="description ref", required="description"),
    "clean_record": _spec("Справка об отсутствии взысканий", ("disciplinary", "administrative")),
    "penalty": _spec("Взыскание", ("disciplinary", "administrative")),
}
OPTION_NAMES = {
    "technosphere": "--technosphere", "hours": "--hours", "date_to": "--to", "valid_until": "--valid-until",
    "role": "--role", "format": "--format", "by_authority": "--by-authority", "score": "--score",
    "description": "--description", "ref": "--ref",
}


@dataclass
class ItemInput:
    """What ``portfolio add`` received, before checking."""

    kind: str
    title: str | None
    on: datetime.date
    subtype: str | None = None
    level: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


def _check(item: ItemInput, today: datetime.date) -> KindSpec:
    if item.kind not in KINDS:
        raise OhsError(f"Неизвестный вид записи «{item.kind}»; возможны: {', '.join(KINDS)}.")
    spec = KINDS[item.kind]
    given = {k for k, v in item.values.items() if v not in (None, False, "")}
    extra = sorted(given - spec.allowed)
    if extra:
        names = ", ".join(OPTION_NAMES[k] for k in extra)
        raise OhsError(f"Для записи «{item.kind}» не бывает {names}; уберите.")
    lacking = sorted(spec.required - given)
    if lacking:
        names = ", ".join(OPTION_NAMES[k] for k in lacking)
        raise OhsError(f"Для записи «{item.kind}» укажите {names}.")
    for _what, value, choices, option in (("вид", item.subtype, spec.types, "--type"),
                                         ("уровень", item.level, spec.levels, "--level")):
        if choices and value not in choices:
            raise OhsError(f"Для записи «{item.kind}» укажите {option}: {', '.join(choices)}.")
        if not choices and value:
            raise OhsError(f"Для записи «{item.kind}» не бывает {option}; уберите.")
    if item.on > today:
        raise OhsError(f"Дата {item.on:%d.%m.%Y} ещё не наступила; укажите прошедшую дату.")
    for key in ("date_to", "valid_until"):
        end = item.values.get(key)
        if end is not None and end < item.on:
            raise OhsError(f"Дата {OPTION_NAMES[key]} {end:%d.%m.%Y} раньше начала {item.on:%d.%m.%Y}; исправьте.")
    v = item.values
    if v.get("technosphere") and item.subtype != "higher":
        raise OhsError("«Техносферная безопасность» учитывается только для высшего образования (--type higher).")
    if v.get("role") is not None and v["role"] not in EVENT_ROLES:
        raise OhsError(f"Роль «{v['role']}» неизвестна; возможны: {', '.join(EVENT_ROLES)}.")
    if v.get("format") is not None and v["format"] not in EVENT_FORMATS:
        raise OhsError(f"Формат «{v['format']}» неизвестен; возможны: {', '.join(EVENT_FORMATS)}.")
    if v.get("hours") is not None and v["hours"] <= 0:
        raise OhsError("Число часов должно быть больше нуля.")
    if v.get("score") is not None and not 1 <= v["score"] <= 5:
        raise OhsError(f"Оценка {v['score']} вне шкалы от 1 до 5 (приложение № 3 к Положению о конкурсе).")
    description = " ".join((v.get("description") or "").split())
    if len(description) > PROJECT_NOTE_LIMIT:
        raise OhsError(f"Описание проекта — {len(description)} символов, а конкурс принимает до {PROJECT_NOTE_LIMIT}; "
                       "сократите.")
    return spec


def store_evidence(session: Session, workspace: Workspace, source: Path) -> tuple[str, int]:
    """Stage a file into ``files/<sha[:2]>/<sha>`` of the workspace (once per content); returns sha256 and size.

    Copied, hashed, checked and renamed into place when the transaction commits (core.io.store);
    symbolic links and anything but a regular file are refused.
    """
    from core.io.store import store_file

    sha, size, _target = store_file(session, workspace.files_dir, Path(source))
    return sha, size


def evidence_files(session: Session, org: Organization, workspace: Workspace) -> list[Any]:
    """Every evidence file recorded for the organization (for ``ohs verify``)."""
    from sqlmodel import select

    from core.io.integrity import StoredFile
    from plugins.contest_specialist.models import PortfolioEvidence

    rows = session.exec(select(PortfolioEvidence).where(PortfolioEvidence.org_id == org.id)
                        .order_by(PortfolioEvidence.id))
    return [StoredFile(evidence_path(workspace, r.sha256), r.sha256, r.size,
                       f"Подтверждение «{r.filename}» (запись портфолио №{r.item_id})") for r in rows]


def evidence_path(workspace: Workspace, sha: str) -> Path:
    """Where an evidence file with that sha256 is kept."""
    return workspace.files_dir / sha[:2] / sha


def add_item(session: Session, org: Organization, workspace: Workspace, person: Person, item: ItemInput,
             today: datetime.date, evidence: Path | None = None) -> PortfolioItem:
    """Check and record one portfolio item (with its evidence file when given)."""
    from core.audit import audit
    from plugins.contest_specialist.models import PortfolioItem

    spec = _check(item, today)
    v = item.values
    title = " ".join((item.title or "").split()) or spec.title
    row = PortfolioItem(
        org_id=org.id, person_id=person.id, kind=item.kind, subtype=item.subtype, level=item.level,
        role=v.get("role"), format=v.get("format"), title=title, on=item.on, date_to=v.get("date_to"),
        valid_until=v.get("valid_until"), number=v.get("hours") if item.kind == "retraining" else v.get("score"),
        flag=bool(v.get("technosphere") or v.get("by_authority")) if item.kind in ("education", "event") else None,
        description=" ".join((v.get("description") or "").split()) or None, ref=v.get("ref"), added_on=today,
    )
    session.add(row)
    session.flush()
    audit(session, org, "contest_specialist.portfolio.add", "contest_specialist_item", row.id,
          person_id=person.id, kind=item.kind, subtype=item.subtype, level=item.level, title=title, on=item.on)
    if evidence is not None:
        add_evidence(session, org, workspace, row.id, evidence, today)
    return row


def get_item(session: Session, org: Organization, item_id: int) -> PortfolioItem:
    """A portfolio item of this organization."""
    from plugins.contest_specialist.models import PortfolioItem

    row = session.get(PortfolioItem, item_id)
    if row is None or row.org_id != org.id:
        raise NotFoundError(f"Записи портфолио №{item_id} нет; посмотрите: ohs contest specialist portfolio list РАБОТНИК.")
    return row


def add_evidence(session: Session, org: Organization, workspace: Workspace, item_id: int, source: Path,
                 today: datetime.date) -> str:
    """Attach an evidence file to an item (a new row; the item is not changed); returns its sha256."""
    from core.audit import audit
    from plugins.contest_specialist.models import PortfolioEvidence

    get_item(session, org, item_id)
    sha, size = store_evidence(session, workspace, source)
    session.add(PortfolioEvidence(org_id=org.id, item_id=item_id, sha256=sha, filename=Path(source).name[:300],
                                  size=size, added_on=today))
    audit(session, org, "contest_specialist.portfolio.evidence", "contest_specialist_item", item_id, sha256=sha,
          filename=Path(source).name)
    return sha


def retract_item(session: Session, org: Organization, item_id: int, reason: str, today: datetime.date) -> None:
    """Withdraw an item with the reason; it stays in the portfolio's history."""
    from sqlmodel import select

    from core.audit import audit
    from plugins.contest_specialist.models import PortfolioRetraction

    get_item(session, org, item_id)
    reason = " ".join((reason or "").split())
    if not reason:
        raise OhsError("Укажите причину: --reason «внесено по ошибке».")
    if session.exec(select(PortfolioRetraction.id).where(PortfolioRetraction.item_id == item_id)).first():
        raise OhsError(f"Запись портфолио №{item_id} уже отозвана.")
    session.add(PortfolioRetraction(org_id=org.id, item_id=item_id, on=today, reason=reason))
    audit(session, org, "contest_specialist.portfolio.retract", "contest_specialist_item", item_id, reason=reason)


@dataclass
class PortfolioEntry:
    """An item with its evidence files and retraction, for listing and for deriving facts."""

    item: PortfolioItem
    evidence: list[tuple[str, str]]
    retracted: str | None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict."""
        it = self.item
        return {
            "id": it.id, "kind": it.kind, "kind_title": KINDS[it.kind].title, "type": it.subtype, "level": it.level,
            "role": it.role, "format": it.format, "title": it.title, "on": it.on, "to": it.date_to,
            "valid_until": it.valid_until, "number": it.number, "flag": it.flag, "description": it.description,
            "ref": it.ref, "evidence": [{"sha256": s, "filename": f} for s, f in self.evidence],
            "retracted": self.retracted,
        }


def portfolio_of(session: Session, org: Organization, person_id: int, include_retracted: bool = False
                 ) -> list[PortfolioEntry]:
    """The person's items with evidence (three queries, whatever the size of the portfolio)."""
    from sqlmodel import select

    from plugins.contest_specialist.models import PortfolioEvidence, PortfolioItem, PortfolioRetraction

    items = list(session.exec(select(PortfolioItem).where(
        PortfolioItem.org_id == org.id, PortfolioItem.person_id == person_id).order_by(PortfolioItem.id)))
    ids = [i.id for i in items]
    evidence: dict[int, list[tuple[str, str]]] = {}
    retracted: dict[int, str] = {}
    if ids:
        for ev in session.exec(select(PortfolioEvidence).where(PortfolioEvidence.item_id.in_(ids))
                               .order_by(PortfolioEvidence.id)):
            evidence.setdefault(ev.item_id, []).append((ev.sha256, ev.filename))
        for r in session.exec(select(PortfolioRetraction).where(PortfolioRetraction.item_id.in_(ids))):
            retracted[r.item_id] = f"{r.on:%d.%m.%Y}: {r.reason}"
    entries = [PortfolioEntry(i, evidence.get(i.id, []), retracted.get(i.id)) for i in items]
    return entries if include_retracted else [e for e in entries if e.retracted is None]
