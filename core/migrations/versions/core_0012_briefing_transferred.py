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


def _alter(nullable: bool) -> None:
    """Change ``instructor_id``'s NULL-ability; on SQLite batch mode copies the table, its corrections set aside.

    Why set aside: batch mode drops the old table while the copy's ``corrects_id`` still points at it, and
    with foreign keys on SQLite refuses that (``PRAGMA foreign_keys`` cannot change inside the upgrade's one
    transaction). The links are kept in a side table, cleared, and written back to the same ids after the
    copy, so every entry — and so its hash — is as before.
    """
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute("CREATE TABLE _ohs_briefing_links AS SELECT id, corrects_id FROM core_briefing "
                   "WHERE corrects_id IS NOT NULL")
        op.execute("UPDATE core_briefing SET corrects_id = NULL WHERE corrects_id IS NOT NULL")
    with op.batch_alter_table("core_briefing") as batch:
        batch.alter_column("instructor_id", existing_type=sa.Integer, nullable=nullable)
    if sqlite:
        op.execute("UPDATE core_briefing SET corrects_id = (SELECT l.corrects_id FROM _ohs_briefing_links l "
                   "WHERE l.id = core_briefing.id) WHERE id IN (SELECT id FROM _ohs_briefing_links)")
        op.execute("DROP TABLE _ohs_briefing_links")


def upgrade() -> None:
    """Let ``core_briefing.instructor_id`` be NULL."""
    _alter(nullable=True)


def downgrade() -> None:
    """Require the instructor again (fails while carried-over entries without one exist: restore a backup)."""
    _alter(nullable=False)
