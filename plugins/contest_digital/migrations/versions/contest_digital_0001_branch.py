"""Start of the contest_digital plugin's migration branch (its tables are added on this branch).

Revision ID: contest_digital_0001
Revises:
Create Date: 2026-11-24
"""

revision = "contest_digital_0001"
down_revision = None
branch_labels = ("contest_digital",)
depends_on = "core_0001"


def upgrade() -> None:
    """Nothing yet: the branch exists so the plugin's first table has a place to go."""


def downgrade() -> None:
    """Nothing to undo."""
