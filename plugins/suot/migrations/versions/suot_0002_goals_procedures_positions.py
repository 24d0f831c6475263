"""СУОТ goals, procedure choices and position facts (for exemptions from workplace instruction).

Revision ID: suot_0002
Revises: suot_0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "suot_0002"
down_revision = "suot_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create suot_goal, suot_procedure_choice and suot_position_fact."""
    op.create_table(
        "suot_goal",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("text", sa.String(1000), nullable=False),
        sa.Column("indicator", sa.String(500), nullable=True),
        sa.Column("target", sa.String(200), nullable=True),
        sa.Column("deadline", sa.Date, nullable=True),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("added_on", sa.Date, nullable=False),
        sa.Column("withdrawn_on", sa.Date, nullable=True),
        sa.Column("withdraw_reason", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_suot_goal_org_id", "suot_goal", ["org_id"])
    op.create_table(
        "suot_procedure_choice",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("applies", sa.Boolean, nullable=False),
        sa.Column("since", sa.Date, nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_suot_procedure_choice_org_id", "suot_procedure_choice", ["org_id"])
    op.create_table(
        "suot_position_fact",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("position", sa.String(300), nullable=False),
        sa.Column("office_only", sa.Boolean, nullable=True),
        sa.Column("other_hazards", sa.Boolean, nullable=True),
        sa.Column("sout_class", sa.String(4), nullable=False),
        sa.Column("sout_date", sa.Date, nullable=True),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("since", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_suot_position_fact_org_id", "suot_position_fact", ["org_id"])
    op.create_index("ix_suot_position_fact_position", "suot_position_fact", ["position"])


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("suot_position_fact")
    op.drop_table("suot_procedure_choice")
    op.drop_table("suot_goal")
