"""Which procedures of the Примерное положение о СУОТ (776н) the organization applies.

The catalogue is ``data/procedures.toml``; the organization's choices are records in
``suot_procedure_choice`` (the latest one on a date wins). Other СУОТ documents use
:func:`applicable_procedures`.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization
    from plugins.suot.models import SuotProcedureChoice

DATA = Path(__file__).parent / "data" / "procedures.toml"


@dataclass(frozen=True)
class CatalogueEntry:
    """One procedure as the catalogue describes it."""

    key: str
    title: str
    act: str
    point: str
    basis: str
    confidence: str
    default: bool
    condition: str = ""


@dataclass(frozen=True)
class Procedure:
    """A procedure and whether it applies to the organization (the interface other modules use)."""

    key: str
    title: str
    basis: str
    applies: bool


@dataclass(frozen=True)
class ProcedureStatus:
    """A procedure with why it applies or not, for ``ohs suot procedures``."""

    entry: CatalogueEntry
    applies: bool
    why: str
    since: datetime.date | None

    def to_json(self) -> dict[str, Any]:
        """The status as a JSON object."""
        return {"key": self.entry.key, "title": self.entry.title, "basis": self.entry.basis,
                "confidence": self.entry.confidence, "default": self.entry.default,
                "applies": self.applies, "why": self.why, "since": self.since}


@cache
def catalogue() -> dict[str, CatalogueEntry]:
    """The procedures of ``data/procedures.toml`` by key, in file order."""
    with open(DATA, "rb") as fh:
        raw = tomllib.load(fh)
    return {item["key"]: CatalogueEntry(**item) for item in raw["procedure"]}


def get_entry(key: str) -> CatalogueEntry:
    """The catalogue entry, or a Russian error listing the known keys."""
    entries = catalogue()
    if key not in entries:
        raise OhsError(f"Процедуры «{key}» нет в перечне; укажите один из ключей: {', '.join(entries)}.")
    return entries[key]


def latest_choices(session: Session, org: Organization, on: datetime.date) -> dict[str, SuotProcedureChoice]:
    """The choice in force on ``on`` for each key (later ``since`` wins, then the later record)."""
    from sqlmodel import select

    from plugins.suot.models import SuotProcedureChoice

    rows = session.exec(select(SuotProcedureChoice).where(
        SuotProcedureChoice.org_id == org.id, SuotProcedureChoice.since <= on,
    ).order_by(SuotProcedureChoice.since, SuotProcedureChoice.id))
    return {row.key: row for row in rows}


def procedure_statuses(session: Session, org: Organization, on: datetime.date) -> list[ProcedureStatus]:
    """Every catalogue procedure with whether it applies on ``on`` and why."""
    choices = latest_choices(session, org, on)
    result = []
    for entry in catalogue().values():
        choice = choices.get(entry.key)
        if choice is not None:
            said = "применяется" if choice.applies else "не применяется"
            why = f"решение организации с {choice.since:%d.%m.%Y}: {said}"
            if choice.reason:
                why += f" ({choice.reason})"
            result.append(ProcedureStatus(entry, choice.applies, why, choice.since))
        elif entry.default:
            result.append(ProcedureStatus(entry, True, "применяется всеми работодателями", None))
        else:
            result.append(ProcedureStatus(
                entry, False, f"по умолчанию не применяется: {entry.condition}; "
                f"если применяется — ohs suot procedure set {entry.key} yes", None))
    return result


def applicable_procedures(session: Session, org: Organization, on: datetime.date | None = None) -> list[Procedure]:
    """Every 776н procedure with ``applies`` for the organization on ``on`` (today by default)."""
    from core.clock import today as clock_today

    on = on or clock_today()
    return [Procedure(key=s.entry.key, title=s.entry.title, basis=s.entry.basis, applies=s.applies)
            for s in procedure_statuses(session, org, on)]


def set_procedure(
    session: Session, org: Organization, key: str, applies: bool, since: datetime.date, reason: str = "",
) -> SuotProcedureChoice:
    """Record that a procedure applies (or not) from ``since``; earlier records are kept."""
    from core.audit import audit
    from plugins.suot.models import SuotProcedureChoice

    get_entry(key)
    choice = SuotProcedureChoice(org_id=org.id, key=key, applies=applies, since=since,
                                 reason=" ".join((reason or "").split()))
    session.add(choice)
    session.flush()
    audit(session, org, "suot.procedure.set", "suot_procedure_choice", choice.id, key=key, applies=applies,
          since=since, reason=choice.reason)
    return choice
