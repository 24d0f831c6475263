"""Incidents (hash-chained), Social Fund reference values.

Revision ID: suot_0006
Revises: suot_0005
Create Date: 2026-11-24
"""

from alembic import op  # noqa: F401 - used once the tables are written

revision = "suot_0006"
down_revision = "suot_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables (none yet)."""


def downgrade() -> None:
    """Drop the tables (none yet)."""
