"""Hazards, risk assessments, control acts.

Revision ID: suot_0005
Revises: suot_0004
Create Date: 2026-11-24
"""

from alembic import op  # noqa: F401 - used once the tables are written

revision = "suot_0005"
down_revision = "suot_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables (none yet)."""


def downgrade() -> None:
    """Drop the tables (none yet)."""
