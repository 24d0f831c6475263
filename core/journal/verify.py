"""Verifying a journal: the chain itself, then its end against the audit log and the head.

The checks, in order, each naming the entry a user should look at:

1. the chain: every entry's hash and link (an edited, deleted or reordered entry; a correction whose
   target's row id was swapped — version 2 hashes the target's number);
2. the audit log's hashes: every entry audited in the current format must still carry the hash it
   was written with (a chain recomputed after an edit) — from the newest re-hash the toolkit itself
   made (the format upgrade, a move into another database) on;
3. the tail: the newest audited entry must be the chain's last (the newest entries deleted);
4. the head: the chain must have as many entries as the head says and end with its hash (the newest
   entries deleted together with their audit rows, a whole journal deleted);
5. the audit rows: none of the journal's audit rows may be missing (old audit rows deleted).

An intruder who rewrites the entries, the audit log and the head consistently passes all five:
only an anchor held outside the database (core/journal/anchor.py) shows that.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.journal.chain import ChainEntry, chain_break
from core.journal.spec import JournalReport, JournalSpec

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

#: The audit action of the upgrade that re-hashed a journal (core/journal/upgrade.py).
UPGRADE_ACTION = "journal.upgrade"
#: The audit action of a move into another database that re-hashed a journal with its new ids
#: (core/storage/transfer_chains.py).
TRANSFER_ACTION = "journal.transfer"
#: Re-hashes: the row covers the whole chain as it then stood, with the new end's hash.
REHASH_ACTIONS = (UPGRADE_ACTION, TRANSFER_ACTION)


@dataclass(frozen=True)
class AuditMark:
    """One audit row of the journal: which entry (and how many before it) it records, with which hash."""

    seq: int
    span: int
    hash: str | None
    version: int
    at: datetime.datetime
    #: A re-hash of the whole chain (``REHASH_ACTIONS``: the format upgrade, a move into another database).
    upgrade: bool


def load_entries(session: Session, org: Organization, spec: JournalSpec) -> list[Any]:
    """The organization's entries in chain order."""
    from sqlmodel import select

    model = spec.model
    return list(session.exec(select(model).where(model.org_id == org.id).order_by(model.seq)))


def _marks(session: Session, org: Organization, spec: JournalSpec) -> list[AuditMark]:
    """The journal's audit rows, oldest first."""
    from sqlmodel import select

    from core.storage.models import AuditEntry

    rows = session.exec(select(AuditEntry.entity_id, AuditEntry.details, AuditEntry.at, AuditEntry.action)
                        .where(AuditEntry.org_id == org.id, AuditEntry.entity == spec.entity)
                        .order_by(AuditEntry.id)).all()
    marks = []
    for entity_id, details, at, action in rows:
        if entity_id is None or not str(entity_id).isdigit():
            continue
        data = json.loads(details or "{}")
        # Bulk rows (demo, import) record the last entry and how many they wrote.
        span = data.get("count") or data.get("entries") or 1
        marks.append(AuditMark(int(entity_id), int(span), data.get("hash"), int(data.get("chain") or 1), at,
                               action in REHASH_ACTIONS))
    return marks


def verify_journal(session: Session, org: Organization, spec: JournalSpec) -> JournalReport:
    """Walk the organization's chain and name the first entry that does not match (see the module's list)."""
    from core.journal.store import hashed_values

    entries = load_entries(session, org, spec)
    report = JournalReport(spec.key, spec.title, len(entries))
    id_seq = {e.id: e.seq for e in entries}
    chain = [ChainEntry(hashed_values(spec, e, id_seq, e.chain_version), e.prev_hash, e.hash, e.chain_version)
             for e in entries]
    broken = chain_break(chain, spec.key)
    if broken is not None:
        index, why = broken
        entry = entries[index]
        label = spec.label(session, entry)
        message = (f"{label} изменена или удалена вне ohs: хеш не совпадает" if why == "hash" else
                   f"{label}: предыдущая {spec.noun} изменена или удалена вне ohs: "
                   f"хеш предыдущей {spec.noun_genitive} не совпадает")
        return report.fail(index, message, **_details(spec, entry, why))
    marks = _marks(session, org, spec)
    checks: tuple[Callable[..., bool], ...] = (_audited_hashes, _tail, _head, _audit_rows)
    for check in checks:
        if not check(session, org, spec, entries, marks, report):
            return report
    if entries:
        report.head = {"count": entries[-1].seq, "hash": entries[-1].hash}
    return report


def gone(spec: JournalSpec, first: int, last: int) -> str:
    """«запись № 7 удалена» or «записи № 5–7 удалены»."""
    if first == last:
        return f"{spec.noun} № {first} удалена"
    return f"{spec.noun_genitive} № {first}–{last} удалены"


def _details(spec: JournalSpec, entry: Any, why: str) -> dict[str, Any]:
    extra = spec.extra_details(entry) if spec.extra_details else {}
    return {"seq": entry.seq, **extra, "reason": why}


def _audited_hashes(session: Session, org: Organization, spec: JournalSpec, entries: list[Any],
                    marks: list[AuditMark], report: JournalReport) -> bool:
    """Each entry audited in the current format still carries the hash it was written with.

    Rows before the newest re-hash (an upgrade of the format, a move into another database) carry the
    hashes of the chain as it was; that chain verified before it was re-hashed, and the re-hash row
    keeps its old end (``old_hash``). From that row on, every hash must hold.
    """
    by_seq = {e.seq: (i, e) for i, e in enumerate(entries)}
    first: tuple[int, Any, AuditMark] | None = None
    rehashed = max((i for i, m in enumerate(marks) if m.upgrade), default=0)
    for mark in marks[rehashed:]:
        found = by_seq.get(mark.seq)
        if mark.version < 2 or mark.hash is None or found is None or found[1].hash == mark.hash:
            continue
        if first is None or found[0] < first[0]:
            first = (found[0], found[1], mark)
    if first is None:
        return True
    index, entry, mark = first
    report.fail(index, f"{spec.label(session, entry)}: хеш не совпадает с записанным в журнале аудита "
                       f"{mark.at:%d.%m.%Y} — журнал пересчитан вне ohs", **_details(spec, entry, "audit"))
    return False


def _tail(session: Session, org: Organization, spec: JournalSpec, entries: list[Any], marks: list[AuditMark],
          report: JournalReport) -> bool:
    """A chain cut at its end is still a valid chain: its last entry must be the newest one audited."""
    hashed = [m for m in marks if m.hash is not None]
    if not hashed:
        return True
    last = hashed[-1]
    if entries and entries[-1].seq == last.seq and entries[-1].hash == last.hash:
        return True
    by_seq = {e.seq: (i, e) for i, e in enumerate(entries)}
    if last.seq in by_seq and by_seq[last.seq][1].hash == last.hash:
        # The audited end is intact and entries follow it that ohs never audited: added behind its back.
        index = by_seq[last.seq][0] + 1
        entry = entries[index]
        report.fail(index, f"{spec.label(session, entry)} добавлена вне ohs: в журнале аудита её нет",
                    **_details(spec, entry, "tail"))
        return False
    report.fail(len(entries), f"{spec.noun} № {last.seq} (последняя по журналу аудита от {last.at:%d.%m.%Y}) "
                              "удалена или заменена вне ohs", seq=last.seq, reason="tail")
    return False


def _head(session: Session, org: Organization, spec: JournalSpec, entries: list[Any], marks: list[AuditMark],
          report: JournalReport) -> bool:
    """The chain has as many entries as its head says and ends with the head's hash."""
    from core.journal.store import read_head

    head = read_head(session, org, spec.key)
    count, last_hash = (entries[-1].seq, entries[-1].hash) if entries else (0, "")
    if head is None:
        if not entries:
            return True
        report.fail(len(entries), f"у журнала нет контрольной суммы, а записей в нём {len(entries)}: "
                                  "контрольная сумма удалена вне ohs", seq=count, reason="head")
        return False
    if head.count > count:
        report.fail(len(entries), f"{gone(spec, count + 1, head.count)} вне ohs: по контрольной сумме журнала от "
                                  f"{head.updated_at:%d.%m.%Y} в нём {head.count}, а осталось {count}",
                    seq=count + 1, reason="head")
        return False
    if head.count < count:
        entry = entries[head.count]
        report.fail(head.count, f"{spec.label(session, entry)} добавлена вне ohs: по контрольной сумме журнала "
                                f"({head.updated_at:%d.%m.%Y}) в нём {head.count}", **_details(spec, entry, "head"))
        return False
    if head.last_hash != last_hash:
        entry = entries[-1]
        report.fail(len(entries) - 1, f"{spec.label(session, entry)} не совпадает с контрольной суммой журнала "
                                      f"({head.updated_at:%d.%m.%Y}): журнал изменён или пересчитан вне ohs",
                    **_details(spec, entry, "head"))
        return False
    return True


def _audit_rows(session: Session, org: Organization, spec: JournalSpec, entries: list[Any],
                marks: list[AuditMark], report: JournalReport) -> bool:
    """None of the journal's audit rows is missing: the head counts them."""
    from core.journal.store import read_head

    head = read_head(session, org, spec.key)
    if head is None or len(marks) >= head.audit_count:
        return True
    # The first entry no remaining audit row covers (the upgrade's row covers all: leave it out).
    covered: set[int] = set()
    for mark in marks:
        if not mark.upgrade:
            covered.update(range(mark.seq - mark.span + 1, mark.seq + 1))
    missing = next((i for i, e in enumerate(entries) if e.seq not in covered), None)
    lost = head.audit_count - len(marks)
    if missing is None:
        report.fail(len(entries), f"из журнала аудита удалены строки о журнале ({lost} из {head.audit_count})",
                    reason="audit_rows")
        return False
    entry = entries[missing]
    report.fail(missing, f"{spec.label(session, entry)}: её строка в журнале аудита удалена вне ohs "
                         f"(удалено строк: {lost})", **_details(spec, entry, "audit_rows"))
    return False
