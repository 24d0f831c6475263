"""Several employments of one person, with transfers as history; the organization's declared activities.

Revision ID: core_0015
Revises: core_0014
Create Date: 2026-12-07

``core_employment`` holds one row per employment (position, department, kind, rate, табельный номер, from/to
dates). A transfer closes the employment in force and opens another (``reason = 'transfer'``, ``previous_id``):
the rows describe periods, so «which department on that date» is one range condition — what the journals
ask for every entry. Every existing person gets one employment copied from their own columns (the main one,
from the hiring to the dismissal); the person's columns stay as the view of the main employment.

``core_organization.activities`` holds the organization's activities (comma-separated catalogue keys).
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0015"
down_revision = "core_0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create core_employment, fill one employment per person, add core_organization.activities."""
    op.create_table(
        "core_employment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("position", sa.String(300), nullable=False),
        sa.Column("department_id", sa.Integer, sa.ForeignKey("core_department.id"), nullable=True),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("rate", sa.Float, nullable=True),
        sa.Column("personnel_number", sa.String(50), nullable=True),
        sa.Column("main", sa.Boolean, nullable=False),
        sa.Column("started_on", sa.Date, nullable=False),
        sa.Column("ended_on", sa.Date, nullable=True),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("previous_id", sa.Integer, sa.ForeignKey("core_employment.id"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_core_employment_org_id", "core_employment", ["org_id"])
    op.create_index("ix_core_employment_department_id", "core_employment", ["department_id"])
    op.create_index("ix_core_employment_person_started", "core_employment", ["person_id", "started_on"])
    op.get_bind().execute(sa.text(
        "INSERT INTO core_employment (org_id, person_id, position, department_id, kind, rate, personnel_number, "
        "main, started_on, ended_on, reason, created_at) "
        "SELECT org_id, id, position, department_id, employment_kind, rate, personnel_number, "
        ":main, hired_on, dismissed_on, 'hire', created_at FROM core_person ORDER BY id"
    ), {"main": True})
    # A plain ADD COLUMN (SQLite takes it with its default): a batch would copy and drop the table, which the
    # rows referring to the organization forbid while foreign keys are enforced.
    op.add_column("core_organization", sa.Column("activities", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    """Drop the employments (the person's columns still hold the main one) and the activities."""
    op.drop_column("core_organization", "activities")  # ALTER TABLE … DROP COLUMN (SQLite 3.35+), no table copy
    op.drop_index("ix_core_employment_person_started", table_name="core_employment")
    op.drop_index("ix_core_employment_department_id", table_name="core_employment")
    op.drop_index("ix_core_employment_org_id", table_name="core_employment")
    op.drop_table("core_employment")
