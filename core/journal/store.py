"""Appending to a journal: lock, number, hash, audit, and move the head — in one transaction.

Every journal appends the same way, so the way is written once: take the journal's lock, read the
chain's end, check it against the head (a journal changed outside ohs is not silently continued:
appending would make a cut look whole), give each new entry the next number, link and hash it in
the current format, audit it, and move the head to the new end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError
from core.journal.chain import CHAIN_VERSION, entry_hash_v2
from core.journal.spec import CORRECTS_SEQ, JournalSpec

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.journal.models import JournalHead
    from core.storage.models import Organization

#: What a journal's audit callback returns for an entry: the action and its details.
AuditFor = Callable[[Any], tuple[str, dict[str, Any]]]


def lock_chain(session: Session, namespace: int, org_id: int) -> None:
    """Serialize appends to one organization's chain until the transaction ends.

    SQLite write transactions already begin with ``BEGIN IMMEDIATE`` (core/storage/db.py), so only one writer
    exists at a time. On PostgreSQL two transactions could read the same last entry and fork the
    chain, so take a transaction-scoped advisory lock keyed on (journal namespace, organization).
    """
    from sqlalchemy import text

    if session.connection().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:ns, :org)"), {"ns": namespace, "org": org_id})


def last_entry(session: Session, org: Organization, spec: JournalSpec) -> Any | None:
    """The chain's last entry (highest number)."""
    from sqlmodel import select

    model = spec.model
    return session.exec(select(model).where(model.org_id == org.id).order_by(model.seq.desc()).limit(1)).first()


def get_entry(session: Session, org: Organization, spec: JournalSpec, seq: int) -> Any:
    """The entry with that journal number, or a Russian error naming the list command."""
    from sqlmodel import select

    model = spec.model
    entry = session.exec(select(model).where(model.org_id == org.id, model.seq == seq)).first()
    if entry is None:
        where = f"; посмотрите номера: {spec.list_command}" if spec.list_command else ""
        raise NotFoundError(f"Записи № {seq} в журнале «{spec.title}» нет{where}.")
    return entry


def read_head(session: Session, org: Organization, key: str) -> JournalHead | None:
    """The stored head of one journal of the organization."""
    from sqlmodel import select

    from core.journal.models import JournalHead

    return session.exec(select(JournalHead).where(JournalHead.org_id == org.id, JournalHead.journal == key)).first()


def _checked_head(session: Session, org: Organization, spec: JournalSpec, last: Any | None) -> JournalHead:
    """The head, refusing to continue a chain whose end it does not match (a cut or a rewrite)."""
    from core.journal.models import JournalHead

    head = read_head(session, org, spec.key)
    count, last_hash = (last.seq, last.hash) if last is not None else (0, "")
    if head is None and last is None:
        head = JournalHead(org_id=org.id, journal=spec.key)
        session.add(head)
        return head
    if head is None or head.count != count or head.last_hash != last_hash:
        raise OhsError(
            f"Журнал «{spec.title}» не сходится со своей контрольной суммой — он изменён вне ohs, и новая запись "
            "не добавлена; проверьте журналы: ohs verify.")
    return head


def corrected_seqs(session: Session, org: Organization, spec: JournalSpec, ids: set[int]) -> dict[int, int]:
    """Row id → entry number of the corrected entries (version 2 hashes the number)."""
    from sqlmodel import select

    if not ids:
        return {}
    model = spec.model
    return dict(session.exec(select(model.id, model.seq).where(model.org_id == org.id, model.id.in_(ids))).all())


def hashed_values(spec: JournalSpec, entry: Any, id_seq: dict[int, int],
                  version: int = CHAIN_VERSION) -> dict[str, Any]:
    """The fields the entry's hash covers in format ``version`` (an entry object or a row dict)."""
    get = entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name)
    if version == 1:
        return {name: get(name) for name in spec.hashed}
    values = {}
    for name in spec.hashed_v2:
        if name == CORRECTS_SEQ:
            target = get(spec.corrects)
            # A row id that no longer exists can match no number: the hash breaks.
            values[name] = None if target is None else id_seq.get(target, -1)
        else:
            values[name] = get(name)
    return values


def _prepare(session: Session, org: Organization, spec: JournalSpec,
             rows: Sequence[dict[str, Any]]) -> tuple[JournalHead, list[dict[str, Any]]]:
    """Lock, check the head, then number, link and hash the rows (plain dicts of every column)."""
    from core.audit import current_user
    from core.storage.models import utcnow

    lock_chain(session, spec.namespace, org.id)
    last = last_entry(session, org, spec)
    head = _checked_head(session, org, spec, last)
    seq, prev = (last.seq, last.hash) if last is not None else (0, "")
    targets = {r.get(spec.corrects) for r in rows if spec.corrects and r.get(spec.corrects) is not None}
    id_seq = corrected_seqs(session, org, spec, targets)
    defaults = {"created_at": utcnow(), "actor": current_user()}
    if spec.corrects:
        defaults[spec.corrects] = None
    full = []
    for values in rows:
        seq += 1
        row = {**defaults, **values, "org_id": org.id, "seq": seq, "prev_hash": prev, "chain_version": CHAIN_VERSION}
        row["hash"] = prev = entry_hash_v2(spec.key, row["prev_hash"], hashed_values(spec, row, id_seq))
        full.append(row)
    return head, full


def _move_head(head: JournalHead, rows: list[dict[str, Any]], audited: int) -> None:
    from core.storage.models import utcnow

    if rows:
        head.count, head.last_hash = rows[-1]["seq"], rows[-1]["hash"]
    head.audit_count += audited
    head.updated_at = utcnow()


def _audit(session: Session, org: Organization, spec: JournalSpec, action: str, seq: int, entry_hash: str,
           details: dict[str, Any]) -> None:
    """One audit row naming the entry's number and hash (``chain`` marks the hash format)."""
    from core.audit import record

    record(session, org, action, spec.entity, seq, {**details, "hash": entry_hash, "chain": CHAIN_VERSION})


def append_entries(session: Session, org: Organization, spec: JournalSpec, rows: Sequence[dict[str, Any]],
                   audit_for: AuditFor) -> list[Any]:
    """Append rows (the journal's own fields; ``created_at``/``actor`` may be given) at the chain's end.

    All under the journal's lock, each audited with ``audit_for(entry)``, the head moved; returns the
    new entries in order.
    """
    head, full = _prepare(session, org, spec, rows)
    entries = []
    for row in full:
        entry = spec.model(**row)
        session.add(entry)
        action, details = audit_for(entry)
        _audit(session, org, spec, action, entry.seq, entry.hash, details)
        entries.append(entry)
    _move_head(head, full, len(full))
    session.flush()
    return entries


def bulk_append(session: Session, org: Organization, spec: JournalSpec, rows: Sequence[dict[str, Any]],
                action: str, **details: Any) -> int:
    """Append many rows in one insert (demo data, imports): one audit row carries the last hash and the count."""
    from sqlalchemy import insert

    if not rows:
        return 0
    head, full = _prepare(session, org, spec, rows)
    # On the table, not the ORM entity: the rows are complete column dicts, and the ORM's bulk path spent a
    # third of a 150,000-entry history import (bench/bench_history_import.py) collecting them again.
    session.flush()  # what the ORM path did first: pending rows (the workers) before entries that refer to them
    session.connection().execute(insert(spec.model.__table__), full)
    _audit(session, org, spec, action, full[-1]["seq"], full[-1]["hash"], {**details, "count": len(full)})
    _move_head(head, full, 1)
    session.flush()
    return len(full)
