"""Training and knowledge checks, medical exams (hash-chained journals), special assessment (СОУТ), absences.

Revision ID: suot_0004
Revises: suot_0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "suot_0004"
down_revision = "suot_0003"
branch_labels = None
depends_on = None


def _chain_columns() -> list[sa.Column]:
    """Columns every hash-chained journal row ends with."""
    return [
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    ]


def upgrade() -> None:
    """Create suot_training, suot_medical_exam, suot_sout, suot_sout_event and suot_absence."""
    op.create_table(
        "suot_training",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("program", sa.String(20), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("protocol", sa.String(100), nullable=False),
        sa.Column("result", sa.String(10), nullable=False),
        sa.Column("hours", sa.Integer, nullable=True),
        sa.Column("provider", sa.String(500), nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("corrects_id", sa.Integer, sa.ForeignKey("suot_training.id"), nullable=True),
        *_chain_columns(),
        sa.UniqueConstraint("org_id", "seq", name="uq_suot_training_org_seq"),
    )
    op.create_index("ix_suot_training_org_id", "suot_training", ["org_id"])
    op.create_index("ix_suot_training_person_id", "suot_training", ["person_id"])
    op.create_table(
        "suot_medical_exam",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("basis", sa.String(40), nullable=True),
        sa.Column("referral", sa.Boolean, nullable=False),
        sa.Column("conclusion", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("corrects_id", sa.Integer, sa.ForeignKey("suot_medical_exam.id"), nullable=True),
        *_chain_columns(),
        sa.UniqueConstraint("org_id", "seq", name="uq_suot_medical_exam_org_seq"),
    )
    op.create_index("ix_suot_medical_exam_org_id", "suot_medical_exam", ["org_id"])
    op.create_index("ix_suot_medical_exam_person_id", "suot_medical_exam", ["person_id"])
    op.create_table(
        "suot_sout",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("department_id", sa.Integer, sa.ForeignKey("core_department.id"), nullable=True),
        sa.Column("position", sa.String(300), nullable=False),
        sa.Column("workplace_no", sa.String(40), nullable=True),
        sa.Column("report_on", sa.Date, nullable=False),
        sa.Column("sout_class", sa.String(4), nullable=False),
        sa.Column("factors", sa.Text, nullable=True),
        sa.Column("declaration", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_suot_sout_org_id", "suot_sout", ["org_id"])
    op.create_table(
        "suot_sout_event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("department_id", sa.Integer, sa.ForeignKey("core_department.id"), nullable=True),
        sa.Column("position", sa.String(300), nullable=False),
        sa.Column("reason", sa.String(30), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("note", sa.String(2000), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_suot_sout_event_org_id", "suot_sout_event", ["org_id"])
    op.create_table(
        "suot_absence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("from_on", sa.Date, nullable=False),
        sa.Column("to_on", sa.Date, nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_suot_absence_org_id", "suot_absence", ["org_id"])
    op.create_index("ix_suot_absence_person_id", "suot_absence", ["person_id"])


def downgrade() -> None:
    """Drop the five tables."""
    for table in ("suot_absence", "suot_sout_event", "suot_sout", "suot_medical_exam", "suot_training"):
        op.drop_table(table)
