"""Core tables: organization, departments, people, audit log.

Revision ID: core_0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0001"
down_revision = None
branch_labels = ("core",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "core_organization",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("short_name", sa.String(200), nullable=False),
        sa.Column("legal_address", sa.String(500), nullable=False),
        sa.Column("inn", sa.String(12), nullable=True),
        sa.Column("kpp", sa.String(9), nullable=True),
        sa.Column("ogrn", sa.String(15), nullable=True),
        sa.Column("okved", sa.String(8), nullable=True),
        sa.Column("sector", sa.String(20), nullable=True),
        sa.Column("small_business", sa.Boolean, nullable=True),
        sa.Column("headcount", sa.Integer, nullable=True),
        sa.Column("municipality", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(50), nullable=False),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("website", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "core_department",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.UniqueConstraint("org_id", "name", name="uq_core_department_org_name"),
    )
    op.create_index("ix_core_department_org_id", "core_department", ["org_id"])
    op.create_table(
        "core_person",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("surname", sa.String(100), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("patronymic", sa.String(100), nullable=True),
        sa.Column("birth_date", sa.Date, nullable=True),
        sa.Column("position", sa.String(300), nullable=False),
        sa.Column("department_id", sa.Integer, sa.ForeignKey("core_department.id"), nullable=True),
        sa.Column("hired_on", sa.Date, nullable=False),
        sa.Column("dismissed_on", sa.Date, nullable=True),
        sa.Column("snils", sa.String(14), nullable=True),
        sa.Column("osh_role", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("org_id", "snils", name="uq_core_person_org_snils"),
    )
    op.create_index("ix_core_person_org_id", "core_person", ["org_id"])
    op.create_index("ix_core_person_department_id", "core_person", ["department_id"])
    op.create_index("ix_core_person_org_surname", "core_person", ["org_id", "surname"])
    op.create_table(
        "core_audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("entity", sa.String(60), nullable=False),
        sa.Column("entity_id", sa.String(60), nullable=True),
        sa.Column("details", sa.Text, nullable=False),
    )
    op.create_index("ix_core_audit_org_id", "core_audit", ["org_id"])


def downgrade() -> None:
    op.drop_table("core_audit")
    op.drop_table("core_person")
    op.drop_table("core_department")
    op.drop_table("core_organization")
