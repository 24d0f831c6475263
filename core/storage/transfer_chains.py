"""The journals of a moved organization, re-linked in its new database.

Why a re-hash: an entry's hash covers recorded values that are row ids — ``org_id`` in every journal,
``person_id`` and ``instructor_id`` of a briefing, the PPE norm line, the practices and the document of a
submitted report (core/journal/chain.py, each spec's ``hashed``). Ids cannot be kept in a database that
holds other organizations, so the stored hashes of the copied entries no longer match what they
record. Only a correction's target is already named by its number (``corrects_seq``, format 2).

What is done, as the upgrade to format 2 did (core/journal/upgrade.py): the chain is moved only after it
verified in the source; in the target each entry gets the hash of the same recorded values with the new
ids (the copy changes nothing else: core/storage/transfer_rows.py rewrites only ids and declared
references), the head moves to the new end, and the
audit log gets one ``journal.transfer`` row per journal with the old and the new last hash, the number
of entries and where they came from — so the old chain's end stays on record, and ``ohs verify`` reads
the copied audit rows (which keep the hashes they were written with) as history before that re-hash
(core/journal/verify.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.journal.chain import CHAIN_VERSION, entry_hash_v2
from core.journal.verify import TRANSFER_ACTION

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.journal.spec import JournalSpec
    from core.storage.models import Organization


def rehash_journals(session: Session, org: Organization, pm: Any, source: dict[str, Any]) -> list[dict[str, Any]]:
    """Re-link every framework journal of ``org`` (just copied); returns per journal: entries, old and new hash.

    ``source`` (the source organization's key and id) is written into each audit row.
    """
    from core.journal import JournalSpec, journals

    done = []
    for journal in journals(pm):
        if isinstance(journal, JournalSpec):
            result = _rehash(session, org, journal, source)
            if result is not None:
                done.append(result)
    return done


def _rehash(session: Session, org: Organization, spec: JournalSpec, source: dict[str, Any]) -> dict[str, Any] | None:
    import sqlalchemy as sa

    from core.audit import record
    from core.journal.models import JournalHead
    from core.journal.store import hashed_values
    from core.storage.models import utcnow
    from core.storage.transfer_rows import table_of

    conn = session.connection()
    table = table_of(spec.model)
    rows = [dict(r) for r in conn.execute(sa.select(table).where(table.c.org_id == org.id)
                                          .order_by(table.c.seq)).mappings()]
    if not rows:
        return None
    id_seq = {r["id"]: r["seq"] for r in rows}
    prev, updates = "", []
    for row in rows:
        digest = entry_hash_v2(spec.key, prev, hashed_values(spec, row, id_seq, CHAIN_VERSION))
        updates.append({"_id": row["id"], "_prev": prev, "_hash": digest})
        prev = digest
    conn.execute(sa.update(table).where(table.c.id == sa.bindparam("_id"))
                 .values(prev_hash=sa.bindparam("_prev"), hash=sa.bindparam("_hash"), chain_version=CHAIN_VERSION),
                 updates)
    old_hash, last_seq = rows[-1]["hash"], rows[-1]["seq"]
    record(session, org, TRANSFER_ACTION, spec.entity, last_seq,
           {"journal": spec.key, "count": len(rows), "hash": prev, "chain": CHAIN_VERSION, "old_hash": old_hash,
            "from": source})
    heads = table_of(JournalHead)
    conn.execute(sa.update(heads).where(heads.c.org_id == org.id, heads.c.journal == spec.key)
                 .values(last_hash=prev, audit_count=heads.c.audit_count + 1, updated_at=utcnow()))
    session.flush()
    return {"journal": spec.key, "title": spec.title, "entries": len(rows), "old_hash": old_hash, "hash": prev}
