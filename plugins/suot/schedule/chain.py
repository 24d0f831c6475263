"""The training and medical-exam journals' shared commands, on the core journal framework (core/journal/).

Why a shared module: both journals record the same thing for several workers at once and correct an
entry the same way (the corrected entry's fields with some replaced, checked as a new record). The
chain itself — locking, numbering, hashing, auditing, the head and verification — is the
framework's; a journal here is a :class:`~core.journal.JournalSpec` (``ChainSpec`` is its old name).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from core.journal import JournalReport, JournalSpec, get_entry, last_entry
from core.journal import bulk_append as _bulk_append
from core.journal.store import append_entries as _append_entries

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

#: The old name of a journal's declaration, kept for the plugin's modules.
ChainSpec = JournalSpec

__all__ = ["ChainSpec", "append_entries", "append_for_people", "bulk_append", "correct_entry", "corrected_ids",
           "fmt", "get_entry", "journal", "last_entry", "verify"]


def append_entries(session: Session, org: Organization, spec: JournalSpec, rows: list[dict[str, Any]],
                   audit_details: Callable[[Any], dict[str, Any]] | None = None) -> list[Any]:
    """Append rows (field dicts without seq, hashes, actor, time), each audited as added or correcting."""
    def audit_for(entry: Any) -> tuple[str, dict[str, Any]]:
        action = "correct" if getattr(entry, "corrects_id", None) else "add"
        return f"{spec.entity}.{action}", (audit_details(entry) if audit_details else {})

    return _append_entries(session, org, spec, rows, audit_for)


def append_for_people(session: Session, org: Organization, spec: ChainSpec, people: list[Any],
                      check: Callable[[Any], None], values: Callable[[Any], dict[str, Any]],
                      details: Callable[[Any], dict[str, Any]], nobody: str) -> list[Any]:
    """The same record for several workers: each checked first, then all written, or none (``nobody``: no one given)."""
    if not people:
        raise OhsError(nobody)
    seen: set[int] = set()
    unique = [p for p in people if not (p.id in seen or seen.add(p.id))]
    for person in unique:
        check(person)
    return append_entries(session, org, spec, [values(p) for p in unique], details)


def correct_entry(session: Session, org: Organization, spec: ChainSpec, seq: int, reason: str,
                  changes: dict[str, Any], data_type: type, fields: tuple[str, ...],
                  check: Callable[[Any, Any], None], values: Callable[..., dict[str, Any]],
                  details: Callable[[Any], dict[str, Any]]) -> Any:
    """A correction entry: the corrected entry's ``fields`` with the given ``changes``, checked as a new record."""
    from core.storage.models import Person

    if not (reason or "").strip():
        raise OhsError("Укажите причину исправления: --reason \"…\".", concerns="reason",
                       form="Укажите причину исправления.")
    old = get_entry(session, org, spec, seq)
    person = session.get(Person, old.person_id)
    data = data_type(**{name: changes.get(name) if changes.get(name) is not None else getattr(old, name)
                        for name in fields})
    check(person, data)
    return append_entries(session, org, spec, [values(person, data, reason.strip(), old.id)], details)[0]


def bulk_append(session: Session, org: Organization, spec: JournalSpec, rows: list[dict[str, Any]]) -> int:
    """Append many rows in one insert (demo data, imports): one audit entry carries the last hash."""
    return _bulk_append(session, org, spec, rows, f"{spec.entity}.import")


def corrected_ids(session: Session, org: Organization, spec: ChainSpec) -> dict[int, list[int]]:
    """Entry id → numbers of the entries that correct it."""
    from sqlmodel import select

    model = spec.model
    found: dict[int, list[int]] = {}
    for seq, corrects_id in session.exec(
        select(model.seq, model.corrects_id).where(model.org_id == org.id, model.corrects_id.is_not(None))
    ).all():
        found.setdefault(corrects_id, []).append(seq)
    return found


def verify(session: Session, org: Organization, spec: JournalSpec) -> JournalReport:
    """Walk the chain and name the first entry that does not match (the framework's checks)."""
    return spec.verify(session, org)


def journal(spec: JournalSpec) -> JournalSpec:
    """The journal as ``ohs verify`` sees it: its spec."""
    return spec


def fmt(day: datetime.date) -> str:
    """«12.03.2026»."""
    return f"{day:%d.%m.%Y}"
