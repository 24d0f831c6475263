"""Bringing chains written before the framework to format 2, for the migrations that introduce it.

Why re-hash rather than keep old entries in format 1 for ever: format 1 names a corrected entry by
row id, so swapping row ids goes unnoticed in every old entry; re-hashed, the whole journal gets the
stronger check. Nothing is lost or laundered on the way:

* a chain is re-hashed only if it verifies first (every hash and link in format 1, and its last
  entry is the newest one the audit log recorded); the audit log receives one ``journal.upgrade``
  row per journal with the old and the new last hash and the number of entries, so the old chain's
  end stays on record;
* a chain that does not verify is left as it is, in format 1 (``chain_version`` says so per entry),
  and the audit log says why (``journal.upgrade_skipped``): ``ohs verify`` keeps naming the broken
  entry with the old formula, and a re-hash can never cover up what was done before the upgrade.

Either way the journal's head is created from the chain as found. The functions work on a plain
connection with reflected tables (no models), so a migration keeps working when models change later.

The head table is created by whichever migration runs first (core_0010, suot_0010 or
best_practices_0010; :func:`ensure_head_table`): a plugin revision cannot ``depends_on`` the core's
newest revision without Alembic dropping that revision from the version table, and the order in
which branches are upgraded is otherwise not fixed. Its definition here is frozen like a migration's.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from core.journal.chain import CHAIN_VERSION, ChainEntry, chain_break, entry_hash_v2
from core.journal.spec import CORRECTS_SEQ

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

UPGRADE_ACTION = "journal.upgrade"
SKIPPED_ACTION = "journal.upgrade_skipped"


def ensure_head_table(conn: Connection) -> None:
    """Create ``core_journal_head`` (as of core_0010) unless an earlier migration of this upgrade did."""
    import sqlalchemy as sa

    if sa.inspect(conn).has_table("core_journal_head"):
        return
    meta = sa.MetaData()
    sa.Table(
        "core_journal_head", meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("journal", sa.String(60), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("audit_count", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("org_id", "journal", name="uq_core_journal_head_org_journal"),
        sa.Index("ix_core_journal_head_org_id", "org_id"),
    )
    # core_organization must be known to the metadata for the foreign key: reflect it.
    sa.Table("core_organization", meta, autoload_with=conn)
    meta.create_all(conn, tables=[meta.tables["core_journal_head"]])


def _newest_audited(conn: Connection, audit: Any, org_id: int, entity: str) -> tuple[int, str | None] | None:
    """(entry number, hash) of the newest audit row of the journal, or None."""
    import sqlalchemy as sa

    row = conn.execute(sa.select(audit.c.entity_id, audit.c.details)
                       .where(audit.c.org_id == org_id, audit.c.entity == entity, audit.c.entity_id.is_not(None))
                       .order_by(audit.c.id.desc()).limit(1)).first()
    if row is None or not str(row[0]).isdigit():
        return None
    return int(row[0]), json.loads(row[1] or "{}").get("hash")


def rehash_journal(conn: Connection, *, table: str, key: str, entity: str, hashed: tuple[str, ...],
                   corrects: str | None = None) -> None:
    """Verify every organization's chain in ``table`` in format 1, re-hash it in format 2, create its head.

    ``hashed`` is the journal's format-1 field list, ``corrects`` its corrected-entry row-id column.
    """
    import sqlalchemy as sa

    from core.audit import current_user
    from core.storage.models import utcnow

    ensure_head_table(conn)
    meta = sa.MetaData()
    entries = sa.Table(table, meta, autoload_with=conn)
    audit = sa.Table("core_audit", meta, autoload_with=conn)
    heads = sa.Table("core_journal_head", meta, autoload_with=conn)
    now, actor = utcnow(), current_user()
    v2_fields = tuple(CORRECTS_SEQ if name == corrects else name for name in hashed)
    for org_id in conn.execute(sa.select(entries.c.org_id).distinct()).scalars().all():
        query = sa.select(entries).where(entries.c.org_id == org_id).order_by(entries.c.seq)
        rows = conn.execute(query).mappings().all()
        if not rows:
            continue
        old = [ChainEntry({name: r[name] for name in hashed}, r["prev_hash"], r["hash"], 1) for r in rows]
        broken = chain_break(old, key)
        newest = _newest_audited(conn, audit, org_id, entity)
        tail_ok = newest is None or (newest[0] == rows[-1]["seq"] and newest[1] in (None, rows[-1]["hash"]))
        last_hash = rows[-1]["hash"]
        if broken is None and tail_ok:
            id_seq = {r["id"]: r["seq"] for r in rows}
            prev, updates = "", []
            for r in rows:
                fields = {}
                for name in v2_fields:
                    if name == CORRECTS_SEQ:
                        target = r[corrects]
                        fields[name] = None if target is None else id_seq.get(target, -1)
                    else:
                        fields[name] = r[name]
                digest = entry_hash_v2(key, prev, fields)
                updates.append({"_id": r["id"], "_prev": prev, "_hash": digest})
                prev = digest
            conn.execute(entries.update().where(entries.c.id == sa.bindparam("_id"))
                         .values(prev_hash=sa.bindparam("_prev"), hash=sa.bindparam("_hash"),
                                 chain_version=CHAIN_VERSION), updates)
            details = {"journal": key, "count": len(rows), "hash": prev, "chain": CHAIN_VERSION, "old_hash": last_hash,
                       "from": 1}
            conn.execute(audit.insert().values(org_id=org_id, at=now, actor=actor, action=UPGRADE_ACTION, entity=entity,
                                               entity_id=str(rows[-1]["seq"]),
                                               details=json.dumps(details, ensure_ascii=False, sort_keys=True)))
            last_hash = prev
        else:
            where = (f"entry {rows[broken[0]]['seq']}: {broken[1]}" if broken is not None
                     else f"the audit log's last entry is {newest[0]}")
            details = {"journal": key, "count": len(rows), "reason": f"chain broken before the upgrade ({where})"}
            # Not the journal's entity: this row must not pass for the chain's newest audited entry.
            conn.execute(audit.insert().values(org_id=org_id, at=now, actor=actor, action=SKIPPED_ACTION,
                                               entity="journal", entity_id=key,
                                               details=json.dumps(details, ensure_ascii=False, sort_keys=True)))
        audited = conn.execute(sa.select(sa.func.count()).select_from(audit)
                               .where(audit.c.org_id == org_id, audit.c.entity == entity)).scalar_one()
        conn.execute(heads.insert().values(org_id=org_id, journal=key, count=rows[-1]["seq"], last_hash=last_hash,
                                           audit_count=audited, updated_at=now))
