"""The participant's portfolio: contest_specialist_item, contest_specialist_evidence, contest_specialist_retraction.

Revision ID: contest_specialist_0002
Revises: contest_specialist_0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "contest_specialist_0002"
down_revision = "contest_specialist_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the three portfolio tables."""
    op.create_table(
        "contest_specialist_item",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("subtype", sa.String(40), nullable=True),
        sa.Column("level", sa.String(20), nullable=True),
        sa.Column("role", sa.String(20), nullable=True),
        sa.Column("format", sa.String(20), nullable=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("date_to", sa.Date, nullable=True),
        sa.Column("valid_until", sa.Date, nullable=True),
        sa.Column("number", sa.Integer, nullable=True),
        sa.Column("flag", sa.Boolean, nullable=True),
        sa.Column("description", sa.String(2000), nullable=True),
        sa.Column("ref", sa.String(100), nullable=True),
        sa.Column("added_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_contest_specialist_item_org_id", "contest_specialist_item", ["org_id"])
    op.create_index("ix_contest_specialist_item_person_id", "contest_specialist_item", ["person_id"])
    op.create_table(
        "contest_specialist_evidence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("contest_specialist_item.id"), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("added_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_contest_specialist_evidence_org_id", "contest_specialist_evidence", ["org_id"])
    op.create_index("ix_contest_specialist_evidence_item_id", "contest_specialist_evidence", ["item_id"])
    op.create_table(
        "contest_specialist_retraction",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("contest_specialist_item.id"), nullable=False, unique=True),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_contest_specialist_retraction_org_id", "contest_specialist_retraction", ["org_id"])


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("contest_specialist_retraction")
    op.drop_table("contest_specialist_evidence")
    op.drop_table("contest_specialist_item")
