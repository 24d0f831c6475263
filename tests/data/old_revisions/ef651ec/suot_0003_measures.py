"""The plan of OSH measures: suot_measure (the plan as adopted) and suot_measure_event (its execution).

Revision ID: suot_0003
Revises: suot_0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "suot_0003"
down_revision = "suot_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create suot_measure and suot_measure_event."""
    op.create_table(
        "suot_measure",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("source_ref", sa.String(500), nullable=True),
        sa.Column("analysis", sa.String(2000), nullable=True),
        sa.Column("measure", sa.String(2000), nullable=False),
        sa.Column("expected", sa.String(1000), nullable=True),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("responsible_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("funding", sa.String(500), nullable=False),
        sa.Column("cost", sa.String(40), nullable=True),
        sa.Column("added_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_suot_measure_org_id", "suot_measure", ["org_id"])
    op.create_table(
        "suot_measure_event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("measure_id", sa.Integer, sa.ForeignKey("suot_measure.id"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("note", sa.String(2000), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_suot_measure_event_measure_id", "suot_measure_event", ["measure_id"])


def downgrade() -> None:
    """Drop the two tables."""
    op.drop_table("suot_measure_event")
    op.drop_table("suot_measure")
