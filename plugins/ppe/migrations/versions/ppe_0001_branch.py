"""Start of the ppe plugin's migration branch (its tables are added on this branch).

Revision ID: ppe_0001
Revises:
Create Date: 2026-12-06
"""

revision = "ppe_0001"
down_revision = None
branch_labels = ("ppe",)
depends_on = "core_0001"


def upgrade() -> None:
    """Nothing yet: the branch exists so the plugin's first table has a place to go."""


def downgrade() -> None:
    """Nothing to undo."""
