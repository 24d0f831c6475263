"""The journal framework for submitted reports: hash format per entry, chains re-hashed.

Revision ID: best_practices_0010
Revises: best_practices_0002
Create Date: 2026-12-06

Adds ``chain_version`` (existing rows: format 1) to the submissions, then verifies each
organization's chain and re-hashes it in format 2 with its head and an audit row (core/journal/
upgrade.py), creating ``core_journal_head`` if core_0010 has not run yet.
"""

import sqlalchemy as sa
from alembic import op

revision = "best_practices_0010"
down_revision = "best_practices_0002"
branch_labels = None
depends_on = None

#: The submissions' format-1 field list, frozen as it was when this revision was written.
SUBMISSION_FIELDS = ("org_id", "seq", "year", "quarter", "version", "submitted_on", "number", "addressee", "reason",
                     "practice_ids", "document_id", "sha256", "created_at", "actor")


def upgrade() -> None:
    """Add the format column and re-hash the intact chains."""
    from core.journal.upgrade import rehash_journal

    op.add_column("best_practices_submission",
                  sa.Column("chain_version", sa.Integer, nullable=False, server_default="1"))
    rehash_journal(op.get_bind(), table="best_practices_submission", key="best_practices",
                   entity="best_practices_submission", hashed=SUBMISSION_FIELDS)


def downgrade() -> None:
    """Drop the format column (re-hashed entries then no longer verify: restore a backup instead)."""
    op.execute(sa.text("DELETE FROM core_journal_head WHERE journal = 'best_practices'"))
    op.drop_column("best_practices_submission", "chain_version")
