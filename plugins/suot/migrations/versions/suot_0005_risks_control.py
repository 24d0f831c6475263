"""Hazards, risk assessments, control acts and their findings, links of measures to them.

Revision ID: suot_0005
Revises: suot_0004
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "suot_0005"
down_revision = "suot_0004"
branch_labels = None
depends_on = None


def _org() -> sa.Column:
    return sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False)


def upgrade() -> None:
    """Create suot_hazard, suot_risk_assessment, suot_control_act, suot_control_finding, suot_measure_link."""
    op.create_table(
        "suot_hazard",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("group_key", sa.String(40), nullable=False),
        sa.Column("text", sa.String(1000), nullable=False),
        sa.Column("added_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_suot_hazard_org_id", "suot_hazard", ["org_id"])
    op.create_table(
        "suot_risk_assessment",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("hazard_code", sa.String(60), nullable=False),
        sa.Column("hazard_text", sa.String(1000), nullable=False),
        sa.Column("position", sa.String(300), nullable=True),
        sa.Column("department_id", sa.Integer, sa.ForeignKey("core_department.id"), nullable=True),
        sa.Column("probability", sa.Integer, nullable=False),
        sa.Column("severity", sa.Integer, nullable=False),
        sa.Column("controls", sa.String(2000), nullable=True),
        sa.Column("residual_probability", sa.Integer, nullable=True),
        sa.Column("residual_severity", sa.Integer, nullable=True),
        sa.Column("assessed_on", sa.Date, nullable=False),
        sa.Column("assessed_by_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=True),
        sa.Column("supersedes_id", sa.Integer, sa.ForeignKey("suot_risk_assessment.id"), nullable=True),
        sa.Column("note", sa.String(2000), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_suot_risk_assessment_org_id", "suot_risk_assessment", ["org_id"])
    op.create_index("ix_suot_risk_assessment_hazard_code", "suot_risk_assessment", ["hazard_code"])
    op.create_table(
        "suot_control_act",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("stage", sa.Integer, nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("conducted_by_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("department_id", sa.Integer, sa.ForeignKey("core_department.id"), nullable=True),
        sa.Column("participants", sa.String(1000), nullable=True),
        sa.Column("scope", sa.String(1000), nullable=True),
        sa.Column("conclusion", sa.String(2000), nullable=True),
        sa.Column("corrects_id", sa.Integer, sa.ForeignKey("suot_control_act.id"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_suot_control_act_org_id", "suot_control_act", ["org_id"])
    op.create_table(
        "suot_control_finding",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("act_id", sa.Integer, sa.ForeignKey("suot_control_act.id"), nullable=False),
        sa.Column("text", sa.String(2000), nullable=False),
        sa.Column("requirement", sa.String(1000), nullable=True),
        sa.Column("added_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_suot_control_finding_org_id", "suot_control_finding", ["org_id"])
    op.create_index("ix_suot_control_finding_act_id", "suot_control_finding", ["act_id"])
    op.create_table(
        "suot_measure_link",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("ref", sa.String(40), nullable=False),
        sa.Column("measure_id", sa.Integer, sa.ForeignKey("suot_measure.id"), nullable=False),
        sa.Column("linked_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_suot_measure_link_org_id", "suot_measure_link", ["org_id"])
    op.create_index("ix_suot_measure_link_ref", "suot_measure_link", ["ref"])
    op.create_index("ix_suot_measure_link_measure_id", "suot_measure_link", ["measure_id"])


def downgrade() -> None:
    """Drop the five tables."""
    op.drop_table("suot_measure_link")
    op.drop_table("suot_control_finding")
    op.drop_table("suot_control_act")
    op.drop_table("suot_risk_assessment")
    op.drop_table("suot_hazard")
