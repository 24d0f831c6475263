"""Hash-chained journals of the schedule part (trainings, medical exams), built on core/journal.py.

Why a shared module: both journals append rows the same way (lock the chain, link to the last row,
hash, audit) and verify the same way (walk the chain, then compare its end with the audit log,
because a chain cut at its end is still a valid chain). Only the table, the hashed fields and the
wording differ, and those are a :class:`ChainSpec`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError
from core.journal import ChainEntry, Journal, JournalReport, chain_break, check_tail, entry_hash, lock_chain

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.models import Organization


@dataclass(frozen=True)
class ChainSpec:
    """One journal: its key and title, the table, the audit entity, the lock namespace, the hashed fields.

    ``label(session, entry)`` names an entry in messages («запись № 3 от 12.03.2026 (Иванов И.И., …)»);
    ``list_command`` is how a user sees the numbers.
    """

    key: str
    title: str
    model: type
    entity: str
    namespace: int
    hashed: tuple[str, ...]
    label: Callable[[Any, Any], str]
    list_command: str

    @property
    def actions(self) -> tuple[str, ...]:
        """Audit actions that record an entry's hash (the tail witness)."""
        return (f"{self.entity}.add", f"{self.entity}.correct", f"{self.entity}.import")


def fields_of(spec: ChainSpec, entry: Any) -> dict[str, Any]:
    """The entry's recorded fields, as the chain hashes them."""
    get = entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name)
    return {name: get(name) for name in spec.hashed}


def last_entry(session: Session, org: Organization, spec: ChainSpec) -> Any | None:
    """The chain's last entry (highest number)."""
    from sqlmodel import select

    model = spec.model
    return session.exec(select(model).where(model.org_id == org.id).order_by(model.seq.desc()).limit(1)).first()


def get_entry(session: Session, org: Organization, spec: ChainSpec, seq: int) -> Any:
    """The entry with that journal number, or a Russian error naming the list command."""
    from sqlmodel import select

    model = spec.model
    entry = session.exec(select(model).where(model.org_id == org.id, model.seq == seq)).first()
    if entry is None:
        raise NotFoundError(f"Записи № {seq} в журнале «{spec.title}» нет; посмотрите номера: {spec.list_command}.")
    return entry


def append_entries(session: Session, org: Organization, spec: ChainSpec, rows: list[dict[str, Any]],
                   audit_details: Callable[[Any], dict[str, Any]] | None = None) -> list[Any]:
    """Append rows (field dicts without seq, hashes, actor, time) under the chain lock, each audited."""
    from core.app import audit
    from core.audit import current_user
    from core.models import utcnow

    lock_chain(session, spec.namespace, org.id)
    last = last_entry(session, org, spec)
    actor = current_user()
    entries = []
    for values in rows:
        entry = spec.model(org_id=org.id, seq=(last.seq + 1) if last else 1, created_at=utcnow(), actor=actor,
                           prev_hash=last.hash if last else "", hash="", **values)
        entry.hash = entry_hash(entry.prev_hash, fields_of(spec, entry))
        session.add(entry)
        action = "correct" if getattr(entry, "corrects_id", None) else "add"
        audit(session, org, f"{spec.entity}.{action}", spec.entity, entry.seq, hash=entry.hash,
              **(audit_details(entry) if audit_details else {}))
        entries.append(entry)
        last = entry
    session.flush()
    return entries


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
    from core.models import Person

    if not (reason or "").strip():
        raise OhsError("Укажите причину исправления: --reason \"…\".")
    old = get_entry(session, org, spec, seq)
    person = session.get(Person, old.person_id)
    data = data_type(**{name: changes.get(name) if changes.get(name) is not None else getattr(old, name)
                        for name in fields})
    check(person, data)
    return append_entries(session, org, spec, [values(person, data, reason.strip(), old.id)], details)[0]


def bulk_append(session: Session, org: Organization, spec: ChainSpec, rows: list[dict[str, Any]]) -> int:
    """Append many rows in one insert (demo data, imports): one audit entry carries the last hash.

    Rows must come in journal order; the caller holds the only writer (a new workspace).
    """
    from sqlalchemy import insert

    from core.app import audit
    from core.audit import current_user
    from core.models import utcnow

    if not rows:
        return 0
    lock_chain(session, spec.namespace, org.id)
    last = last_entry(session, org, spec)
    seq, prev = (last.seq, last.hash) if last else (0, "")
    actor, now = current_user(), utcnow()
    full = []
    for values in rows:
        seq += 1
        row = {"org_id": org.id, "seq": seq, "created_at": now, "actor": actor, "prev_hash": prev, **values}
        row.setdefault("corrects_id", None)
        row["hash"] = prev = entry_hash(prev, fields_of(spec, row))
        full.append(row)
    session.execute(insert(spec.model), full)
    audit(session, org, f"{spec.entity}.import", spec.entity, seq, hash=prev, count=len(full))
    return len(full)


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


def verify(session: Session, org: Organization, spec: ChainSpec) -> JournalReport:
    """Walk the chain and name the first entry that does not match; then check its end against the audit log."""
    from sqlmodel import select

    model = spec.model
    entries = list(session.exec(select(model).where(model.org_id == org.id).order_by(model.seq)))
    report = JournalReport(spec.key, spec.title, len(entries))
    broken = chain_break([ChainEntry(fields_of(spec, e), e.prev_hash, e.hash) for e in entries])
    if broken is not None:
        index, why = broken
        entry = entries[index]
        label = spec.label(session, entry)
        report.message = (f"{label} изменена или удалена вне ohs: хеш не совпадает" if why == "hash" else
                          f"{label}: предыдущая запись изменена или удалена вне ohs: "
                          "хеш предыдущей записи не совпадает")
        report.broken_index = index
        report.details = {"seq": entry.seq, "reason": why}
        return report
    return check_tail(session, org, spec.entity, spec.actions, entries, report)


def journal(spec: ChainSpec) -> Journal:
    """The journal as ``ohs verify`` sees it."""
    return Journal(spec.key, spec.title, lambda session, org: verify(session, org, spec))


def fmt(day: datetime.date) -> str:
    """«12.03.2026»."""
    return f"{day:%d.%m.%Y}"
