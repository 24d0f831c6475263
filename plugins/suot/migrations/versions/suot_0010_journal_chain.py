"""The journal framework for trainings, medical exams and incidents: hash format per entry, chains re-hashed.

Revision ID: suot_0010
Revises: suot_0007
Create Date: 2026-12-06

Adds ``chain_version`` (existing rows: format 1) to the three journal tables, then verifies each
organization's chain and re-hashes it in format 2 with its head and an audit row (core/journal/
upgrade.py), creating ``core_journal_head`` if core_0010 has not run yet.
"""

import sqlalchemy as sa
from alembic import op

revision = "suot_0010"
down_revision = "suot_0007"
branch_labels = None
depends_on = None

#: (table, journal key, audit entity, format-1 fields, corrected-entry column), frozen as they were.
JOURNALS = (
    ("suot_training", "trainings", "training",
     ("org_id", "seq", "person_id", "program", "on", "protocol", "result", "hours", "provider", "reason",
      "corrects_id", "created_at", "actor"), "corrects_id"),
    ("suot_medical_exam", "medical_exams", "medical_exam",
     ("org_id", "seq", "person_id", "kind", "on", "result", "basis", "referral", "conclusion", "reason",
      "corrects_id", "created_at", "actor"), "corrects_id"),
    ("suot_incident_entry", "incidents", "incident_entry",
     ("org_id", "seq", "case_no", "action", "refers_seq", "on", "data", "reason", "created_at", "actor"), None),
)


def upgrade() -> None:
    """Add the format column to each journal table and re-hash the intact chains."""
    from core.journal.upgrade import rehash_journal

    for table, key, entity, fields, corrects in JOURNALS:
        op.add_column(table, sa.Column("chain_version", sa.Integer, nullable=False, server_default="1"))
        rehash_journal(op.get_bind(), table=table, key=key, entity=entity, hashed=fields, corrects=corrects)


def downgrade() -> None:
    """Drop the format column (re-hashed entries then no longer verify: restore a backup instead)."""
    for table, key, _entity, _fields, _corrects in JOURNALS:
        op.execute(sa.text("DELETE FROM core_journal_head WHERE journal = :key").bindparams(key=key))
        op.drop_column(table, "chain_version")
