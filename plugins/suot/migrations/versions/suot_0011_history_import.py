"""Where a СОУТ result came from, and the training programmes a position requires.

Revision ID: suot_0011
Revises: suot_0010
Create Date: 2026-12-06

``suot_sout.note``: the source of a result carried over from paper («перенесено из бумажного журнала…»)
or written by ``ohs suot position set --sout-class --sout-date`` (one СОУТ record for both commands).
``suot_position_fact.programs``: the programmes of training and knowledge check the position requires
(«A,B,first_aid»), so ``ohs due`` lists them for every holder, not only for new hires; NULL = not declared.
"""

import sqlalchemy as sa
from alembic import op

revision = "suot_0011"
down_revision = "suot_0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the two nullable columns (existing rows: no source, no declared programmes)."""
    with op.batch_alter_table("suot_sout") as batch:
        batch.add_column(sa.Column("note", sa.Text, nullable=True))
    with op.batch_alter_table("suot_position_fact") as batch:
        batch.add_column(sa.Column("programs", sa.String(100), nullable=True))


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("suot_position_fact") as batch:
        batch.drop_column("programs")
    with op.batch_alter_table("suot_sout") as batch:
        batch.drop_column("note")
