"""The briefing journal (a hash chain per organization).

Revision ID: core_0005
Revises: core_0004
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0005"
down_revision = "core_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "core_briefing",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("instructor_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("act", sa.Text, nullable=True),
        sa.Column("signature", sa.String(20), nullable=False),
        sa.Column("corrects_id", sa.Integer, sa.ForeignKey("core_briefing.id"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("org_id", "seq", name="uq_core_briefing_org_seq"),
    )
    op.create_index("ix_core_briefing_org_id", "core_briefing", ["org_id"])
    op.create_index("ix_core_briefing_person_id", "core_briefing", ["person_id"])


def downgrade() -> None:
    op.drop_table("core_briefing")
