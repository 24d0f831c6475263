"""The incident journal as a hash chain: append entries, derive each case's state, verify the chain.

Why a chain: incidents are records an inspector relies on (REGULATION.md, DESIGN «Data»): nothing is
edited or deleted; closing a case and correcting it are new entries pointing to the entry they close
or correct, and ``ohs verify`` notices a row changed or removed outside ohs. The chain is the core
framework's (core/journal/): this module declares the journal's spec and keeps the case logic.
"""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.journal import JournalReport, JournalSpec, append_entries
from core.journal import last_entry as _last_entry

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization
    from plugins.suot.incidents.models import SuotIncidentEntry

#: Advisory-lock namespace of this journal on PostgreSQL (unique among journals; briefings use 0x0B51).
LOCK_NAMESPACE = 0x1C1D
#: The fields an entry's hash covers (everything recorded except the id and the two hashes).
HASHED_FIELDS = ("org_id", "seq", "case_no", "action", "refers_seq", "on", "data", "reason", "created_at", "actor")
AUDIT_ENTITY = "incident_entry"
ACTION_WORDS = {"open": "регистрация", "close": "закрытие", "correct": "исправление"}


def dump(data: dict[str, Any]) -> str:
    """An entry's data as canonical JSON text (sorted keys, ISO dates), the form that is stored and hashed."""
    from core.io.json_values import stored_json

    return stored_json(data)


def last_entry(session: Session, org: Organization) -> SuotIncidentEntry | None:
    """The organization's newest entry (the chain's end)."""
    return _last_entry(session, org, incident_spec())


def entry_values(case_no: int, action: str, on: datetime.date, data: dict[str, Any], refers_seq: int | None = None,
                 reason: str | None = None, **extra: Any) -> dict[str, Any]:
    """The journal's own fields of a new entry (the framework adds number, hashes, and time and actor unless given).

    A plain dict, so the demo can bulk-insert thousands of entries without building model objects.
    """
    return {"case_no": case_no, "action": action, "refers_seq": refers_seq, "on": on, "data": dump(data),
            "reason": reason, **extra}


def append(session: Session, org: Organization, case_no: int | None, action: str, on: datetime.date,
           data: dict[str, Any], refers_seq: int | None = None, reason: str | None = None) -> SuotIncidentEntry:
    """Lock the chain, add one entry at its end and audit it; ``case_no`` None opens a new case."""
    from core.journal import lock_chain

    spec = incident_spec()
    lock_chain(session, spec.namespace, org.id)
    if case_no is None:
        case_no = next_case_no(session, org)

    def audit_for(entry: SuotIncidentEntry) -> tuple[str, dict[str, Any]]:
        return f"incident.{action}", {"case": case_no, "on": on, "refers": refers_seq}

    return append_entries(session, org, spec, [entry_values(case_no, action, on, data, refers_seq, reason)],
                          audit_for)[0]


def next_case_no(session: Session, org: Organization) -> int:
    """The number the next opened case will get."""
    from sqlalchemy import func
    from sqlmodel import select

    from plugins.suot.incidents.models import SuotIncidentEntry

    top = session.exec(select(func.max(SuotIncidentEntry.case_no)).where(SuotIncidentEntry.org_id == org.id)).one()
    return (top or 0) + 1


# ---------------------------------------------------------------- case state

@dataclass
class Case:
    """A case as its entries make it: the fields in force, its status and the entries behind it."""

    case_no: int
    occurred_on: datetime.date
    fields: dict[str, Any]
    status: str = "open"
    closed_on: datetime.date | None = None
    entries: list[SuotIncidentEntry] = field(default_factory=list)
    measures: list[int] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """The case as other records name it."""
        return f"incident:{self.case_no}"

    @property
    def opening(self) -> SuotIncidentEntry:
        """The entry that registered the case."""
        return self.entries[0]

    def get(self, name: str, default: Any = None) -> Any:
        """A field of the case as it stands."""
        return self.fields.get(name, default)


def fold(entries: list[SuotIncidentEntry]) -> Case:
    """One case's state from its entries in journal order: opening data, then closing and corrections on top.

    ``occurred_on`` and ``closed_on`` may themselves be corrected; measure links only accumulate.
    """
    first = entries[0]
    case = Case(first.case_no, first.on, {}, entries=list(entries))
    for entry in entries:
        data = json.loads(entry.data)
        measures = data.pop("measures", [])
        case.measures.extend(m for m in measures if m not in case.measures)
        if entry.action == "close":
            case.status, case.closed_on = "closed", entry.on
        if "occurred_on" in data:
            case.occurred_on = datetime.date.fromisoformat(data.pop("occurred_on"))
        if "closed_on" in data:
            case.closed_on = datetime.date.fromisoformat(data.pop("closed_on"))
        case.fields.update(data)
        for name in [k for k, v in data.items() if v in ("", [])]:  # a correction that cleared the field
            del case.fields[name]
    return case


def load_cases(session: Session, org: Organization, case_no: int | None = None) -> list[Case]:
    """The organization's cases (or one), by number, each derived from its entries."""
    from sqlmodel import select

    from plugins.suot.incidents.models import SuotIncidentEntry

    query = select(SuotIncidentEntry).where(SuotIncidentEntry.org_id == org.id)
    if case_no is not None:
        query = query.where(SuotIncidentEntry.case_no == case_no)
    grouped: dict[int, list[SuotIncidentEntry]] = {}
    for entry in session.exec(query.order_by(SuotIncidentEntry.seq)):
        grouped.setdefault(entry.case_no, []).append(entry)
    return [fold(entries) for _no, entries in sorted(grouped.items()) if entries[0].action == "open"]


# ---------------------------------------------------------------- verification

def _label(session: Session, entry: SuotIncidentEntry) -> str:
    return (f"запись № {entry.seq} от {entry.on:%d.%m.%Y} (происшествие № {entry.case_no}, "
            f"{ACTION_WORDS.get(entry.action, entry.action)})")


@functools.lru_cache(maxsize=1)
def incident_spec() -> JournalSpec:
    """The incident journal as the framework and ``ohs verify`` see it."""
    from plugins.suot.incidents.models import SuotIncidentEntry

    return JournalSpec(key="incidents", title="Журнал происшествий (несчастные случаи, микротравмы)",
                       model=SuotIncidentEntry, entity=AUDIT_ENTITY, namespace=LOCK_NAMESPACE, hashed=HASHED_FIELDS,
                       label=_label, list_command="ohs incidents list",
                       extra_details=lambda entry: {"case": entry.case_no})


def verify_incidents(session: Session, org: Organization) -> JournalReport:
    """Walk the organization's incident chain and name the first entry that does not match."""
    return incident_spec().verify(session, org)


def incident_journal() -> JournalSpec:
    """The incident journal's spec (the plugin's ``journals`` hook)."""
    return incident_spec()
