"""The person's табельный номер, kind of employment and rate, as HR exports carry them.

Revision ID: core_0013
Revises: core_0012
Create Date: 2026-12-06

One person still holds one position: these columns describe that (the main) employment. Several
employments of one person with their history are a later model change (see core/people_import.py).
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0013"
down_revision = "core_0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add core_person.personnel_number, employment_kind and rate; index the number for re-import matching."""
    with op.batch_alter_table("core_person") as batch:
        batch.add_column(sa.Column("personnel_number", sa.String(50), nullable=True))
        batch.add_column(sa.Column("employment_kind", sa.String(20), nullable=True))
        batch.add_column(sa.Column("rate", sa.Float, nullable=True))
    op.create_index("ix_core_person_org_personnel_number", "core_person", ["org_id", "personnel_number"])


def downgrade() -> None:
    """Drop the three columns and their index."""
    op.drop_index("ix_core_person_org_personnel_number", table_name="core_person")
    with op.batch_alter_table("core_person") as batch:
        batch.drop_column("rate")
        batch.drop_column("employment_kind")
        batch.drop_column("personnel_number")
