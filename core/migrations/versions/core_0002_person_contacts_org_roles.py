"""People's gender and e-mail; organization roles (head, workers' representative).

Revision ID: core_0002
Revises: core_0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0002"
down_revision = "core_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("core_person") as batch:
        batch.add_column(sa.Column("gender", sa.String(1), nullable=True))
        batch.add_column(sa.Column("email", sa.String(200), nullable=True))
    op.create_table(
        "core_org_role",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("since", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_core_org_role_org_id", "core_org_role", ["org_id"])


def downgrade() -> None:
    op.drop_table("core_org_role")
    with op.batch_alter_table("core_person") as batch:
        batch.drop_column("email")
        batch.drop_column("gender")
