"""Commissions, their members and appointments by order.

Revision ID: core_0004
Revises: core_0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0004"
down_revision = "core_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "core_commission",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("order_number", sa.String(40), nullable=False),
        sa.Column("order_date", sa.Date, nullable=False),
        sa.Column("signed_by_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("valid_until", sa.Date, nullable=True),
        sa.Column("replaces_id", sa.Integer, sa.ForeignKey("core_commission.id"), nullable=True),
        sa.Column("dissolved_on", sa.Date, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("org_id", "order_number", "order_date", name="uq_core_commission_org_order"),
    )
    op.create_index("ix_core_commission_org_id", "core_commission", ["org_id"])
    op.create_index("ix_core_commission_kind", "core_commission", ["kind"])
    op.create_index("ix_core_commission_replaces_id", "core_commission", ["replaces_id"])
    op.create_table(
        "core_commission_member",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("commission_id", sa.Integer, sa.ForeignKey("core_commission.id"), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("from_date", sa.Date, nullable=False),
        sa.Column("until_date", sa.Date, nullable=True),
        sa.UniqueConstraint("commission_id", "person_id", name="uq_core_commission_member_person"),
    )
    op.create_index("ix_core_commission_member_org_id", "core_commission_member", ["org_id"])
    op.create_index("ix_core_commission_member_commission_id", "core_commission_member", ["commission_id"])
    op.create_index("ix_core_commission_member_person_id", "core_commission_member", ["person_id"])
    op.create_table(
        "core_appointment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("department_id", sa.Integer, sa.ForeignKey("core_department.id"), nullable=True),
        sa.Column("order_number", sa.String(40), nullable=False),
        sa.Column("order_date", sa.Date, nullable=False),
        sa.Column("from_date", sa.Date, nullable=False),
        sa.Column("until_date", sa.Date, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_core_appointment_org_id", "core_appointment", ["org_id"])
    op.create_index("ix_core_appointment_person_id", "core_appointment", ["person_id"])


def downgrade() -> None:
    op.drop_table("core_appointment")
    op.drop_table("core_commission_member")
    op.drop_table("core_commission")
