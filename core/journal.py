"""Journals as hash chains: canonical serialisation, entry hashes, chain verification, the registry.

Why: journals (briefings, trainings, medical exams, incidents, submitted reports) are records, not
documents. Point 18.3 of the school's СУОТ regulation and DESIGN («Data») say they are never edited
or deleted; a correction is a new entry that references the one it corrects. A database file can
still be changed behind the toolkit's back (a DB browser, a restored backup, a careless script), so
each entry stores the hash of the previous entry and its own hash:

    hash = sha256(prev_hash + canonical(fields))

where ``canonical`` is UTF-8 JSON of the entry's recorded fields with sorted keys, dates and moments
in ISO form and no whitespace. Changing a field breaks that entry's hash; deleting or reordering
entries breaks the next entry's ``prev_hash`` link. ``ohs verify`` walks every registered journal
and names the first entry that does not match. (Deleting the very LAST entry leaves a shorter but
valid chain; the audit log, which records each entry's hash, is the witness for that case.)

This module knows nothing about briefings: a plugin returns its :class:`Journal` (a key, a title and
a verifier ``(session, org) -> JournalReport``) from the ``journals`` hook.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.models import Organization

#: ``prev_hash`` of the first entry of every chain.
GENESIS = ""


def _plain(value: Any) -> Any:
    """A JSON value that serialises the same way on every machine and database."""
    if isinstance(value, datetime.datetime):
        # Always with microseconds, so a whole second does not change the text form.
        return value.isoformat(timespec="microseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The canonical bytes of an entry's recorded fields: sorted keys, ISO dates, UTF-8 JSON."""
    return json.dumps(_plain(fields), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(prev_hash: str | None, fields: Mapping[str, Any]) -> str:
    """sha256 (hex) of the previous entry's hash followed by this entry's canonical fields."""
    digest = hashlib.sha256((prev_hash or GENESIS).encode("ascii"))
    digest.update(canonical(fields))
    return digest.hexdigest()


@dataclass(frozen=True)
class ChainEntry:
    """One stored entry as the chain sees it: its recorded fields and the two stored hashes."""

    fields: Mapping[str, Any]
    prev_hash: str
    hash: str


def chain_break(entries: Sequence[ChainEntry]) -> tuple[int, str] | None:
    """The first broken entry's index and why: ``"link"`` (prev_hash does not match) or ``"hash"``."""
    expected_prev = GENESIS
    for index, entry in enumerate(entries):
        if entry.prev_hash != expected_prev:
            # The entry before it was removed, replaced or moved: the link no longer holds.
            return index, "link"
        if entry.hash != entry_hash(entry.prev_hash, entry.fields):
            return index, "hash"
        expected_prev = entry.hash
    return None


def verify_chain(entries: Sequence[ChainEntry]) -> int | None:
    """Index of the first entry that does not match its chain, or None when the chain is intact."""
    broken = chain_break(entries)
    return None if broken is None else broken[0]


@dataclass
class JournalReport:
    """The result of verifying one journal of one organization."""

    key: str
    title: str
    count: int
    broken_index: int | None = None
    message: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the whole chain matches."""
        return self.broken_index is None


@dataclass(frozen=True)
class Journal:
    """A registered journal: key, Russian title and the function that verifies it."""

    key: str
    title: str
    verify: Callable[[Session, Organization], JournalReport]


def journals(pm: Any) -> list[Journal]:
    """Every journal the plugins keep, the core's first (the ``journals`` hook, in registration order)."""
    # pluggy calls the last registered plugin first; reversed, the core's briefings lead the list.
    return [journal for found in reversed(pm.hook.journals()) for journal in found or ()]


def lock_chain(session: Session, namespace: int, org_id: int) -> None:
    """Serialize appends to one organization's chain until the transaction ends.

    SQLite write transactions already begin with ``BEGIN IMMEDIATE`` (core/db.py), so only one writer
    exists at a time. On PostgreSQL two transactions could read the same last entry and fork the
    chain, so take a transaction-scoped advisory lock keyed on (journal namespace, organization).
    """
    from sqlalchemy import text

    if session.connection().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:ns, :org)"), {"ns": namespace, "org": org_id})


def check_tail(session: Session, org: Organization, entity: str, actions: tuple[str, ...], entries: Sequence[Any],
               report: JournalReport, noun: str = "запись") -> JournalReport:
    """A chain cut at its end is still a valid chain: its last entry must be the newest one audited.

    Every entry's hash goes to the audit log (``entity``, one of ``actions``, ``entity_id`` = the
    entry's ``seq``, ``details["hash"]``) in the same transaction, so the newest audited entry must be
    the chain's last one with the same hash. ``entries`` are in chain order (each has ``seq`` and ``hash``).
    """
    from sqlmodel import select

    from core.models import AuditEntry

    last_audit = session.exec(
        select(AuditEntry).where(AuditEntry.org_id == org.id, AuditEntry.entity == entity,
                                 AuditEntry.action.in_(actions))
        .order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    if last_audit is None or last_audit.entity_id is None:
        return report
    seq, recorded = int(last_audit.entity_id), json.loads(last_audit.details).get("hash")
    if entries and entries[-1].seq == seq and entries[-1].hash == recorded:
        return report
    report.broken_index = len(entries)
    report.message = (f"{noun} № {seq} (последняя по журналу аудита от {last_audit.at:%d.%m.%Y}) удалена или "
                      "заменена вне ohs")
    report.details = {"seq": seq, "reason": "tail"}
    return report
