"""Briefings carried over from a paper journal: the instructor may be unknown.

Revision ID: core_0012
Revises: core_0010
Create Date: 2026-12-06

``ohs history import`` records the last briefings a paper journal shows as ordinary entries marked
«перенесено из бумажного журнала». The paper names the instructor, the register often does not hold
them (dismissed years ago), and naming somebody else would falsify the entry, so ``instructor_id``
becomes optional. Entries typed in with ``ohs briefing add`` still require an instructor (core/briefings.py).
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0012"
down_revision = "core_0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Let ``core_briefing.instructor_id`` be NULL (batch mode: SQLite copies the table)."""
    with op.batch_alter_table("core_briefing") as batch:
        batch.alter_column("instructor_id", existing_type=sa.Integer, nullable=True)


def downgrade() -> None:
    """Require the instructor again (fails while carried-over entries without one exist: restore a backup)."""
    with op.batch_alter_table("core_briefing") as batch:
        batch.alter_column("instructor_id", existing_type=sa.Integer, nullable=False)
