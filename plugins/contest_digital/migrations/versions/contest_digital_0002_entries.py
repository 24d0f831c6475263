"""The application's values as dated records: contest_digital_entry.

Revision ID: contest_digital_0002
Revises: contest_digital_0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "contest_digital_0002"
down_revision = "contest_digital_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create contest_digital_entry."""
    op.create_table(
        "contest_digital_entry",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("set_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_contest_digital_entry_org_id", "contest_digital_entry", ["org_id"])
    op.create_index("ix_contest_digital_entry_org_key", "contest_digital_entry", ["org_id", "key"])


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("contest_digital_entry")
