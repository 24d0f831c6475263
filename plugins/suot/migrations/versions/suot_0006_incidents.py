"""Incidents (hash-chained journal), Social Fund reference values.

Revision ID: suot_0006
Revises: suot_0005
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "suot_0006"
down_revision = "suot_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create suot_incident_entry and suot_injury_reference."""
    op.create_table(
        "suot_incident_entry",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("case_no", sa.Integer, nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("refers_seq", sa.Integer, nullable=True),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("org_id", "seq", name="uq_suot_incident_entry_org_seq"),
    )
    op.create_index("ix_suot_incident_entry_org_id", "suot_incident_entry", ["org_id"])
    op.create_index("ix_suot_incident_entry_case_no", "suot_incident_entry", ["case_no"])
    op.create_table(
        "suot_injury_reference",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("okved", sa.String(8), nullable=False),
        sa.Column("frequency", sa.String(20), nullable=False),
        sa.Column("days", sa.String(20), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("org_id", "year", "okved", name="uq_suot_injury_reference_org_year_okved"),
    )
    op.create_index("ix_suot_injury_reference_org_id", "suot_injury_reference", ["org_id"])


def downgrade() -> None:
    """Drop the two tables."""
    op.drop_table("suot_injury_reference")
    op.drop_table("suot_incident_entry")
