"""The journal framework: per-journal heads, the hash format of each entry, the briefing chain re-hashed.

Revision ID: core_0010
Revises: core_0005
Create Date: 2026-12-06

``core_journal_head`` keeps each journal's entry count, last hash and audit-row count (core/journal/
models.py). ``core_briefing.chain_version`` says which formula an entry was hashed with: existing
rows are format 1; an intact chain is then verified and re-hashed in format 2, recorded in the audit
log (core/journal/upgrade.py explains why, what happens to a chain that does not verify, and why the
head table is created by whichever of core_0010, suot_0010, best_practices_0010 runs first).
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0010"
down_revision = "core_0005"
branch_labels = None
depends_on = None

#: The briefing journal's format-1 field list, frozen here as it was when this revision was written.
BRIEFING_FIELDS = ("org_id", "seq", "person_id", "kind", "on", "instructor_id", "reason", "act", "signature",
                   "corrects_id", "created_at", "actor")


def upgrade() -> None:
    """Create core_journal_head, add core_briefing.chain_version, re-hash intact briefing chains."""
    from core.journal.upgrade import ensure_head_table, rehash_journal

    ensure_head_table(op.get_bind())
    op.add_column("core_briefing", sa.Column("chain_version", sa.Integer, nullable=False, server_default="1"))
    rehash_journal(op.get_bind(), table="core_briefing", key="briefings", entity="briefing", hashed=BRIEFING_FIELDS,
                   corrects="corrects_id")


def downgrade() -> None:
    """Drop the heads and the format column (re-hashed entries then no longer verify: restore a backup instead)."""
    op.drop_column("core_briefing", "chain_version")
    op.drop_table("core_journal_head")
