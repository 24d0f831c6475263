"""Repair databases that ran suot_0003..suot_0006 before those revisions were edited in place.

Databases made by commits ef651ec..e12447f lack ``suot_measure_event.org_id`` (added to suot_0003 later);
those made by a5ed760, 28f8626 and 49f863a ran suot_0004..suot_0006 while they were still empty slots,
so they lack the training, medical, СОУТ, absence, risk, control and incident tables. This revision
states the schema those revisions create now and creates only what the live database lacks (see
core/migrate_repair.py); on a database made by the final revisions it does nothing.

Revision ID: suot_0007
Revises: suot_0006
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from core.migrate_repair import TableSpec, ensure_tables

revision = "suot_0007"
down_revision = "suot_0006"
branch_labels = None
depends_on = None


def _org() -> sa.Column:
    return sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False)


def _chain() -> list[sa.Column]:
    """Columns every hash-chained journal row ends with (as in suot_0004)."""
    return [
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    ]


#: suot_0003: the event rows take the organization of the measure they belong to.
MEASURE_EVENT = TableSpec(
    "suot_measure_event",
    lambda: [
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("measure_id", sa.Integer, sa.ForeignKey("suot_measure.id"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("note", sa.String(2000), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    ],
    [("ix_suot_measure_event_org_id", ["org_id"]), ("ix_suot_measure_event_measure_id", ["measure_id"])],
    fills={"org_id": "UPDATE suot_measure_event SET org_id = (SELECT m.org_id FROM suot_measure m "
                     "WHERE m.id = suot_measure_event.measure_id) WHERE org_id IS NULL"},
)

#: suot_0004
TRAINING_MEDICAL_SOUT = [
    TableSpec("suot_training", lambda: [
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
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
        *_chain(),
        sa.UniqueConstraint("org_id", "seq", name="uq_suot_training_org_seq"),
    ], [("ix_suot_training_org_id", ["org_id"]), ("ix_suot_training_person_id", ["person_id"])]),
    TableSpec("suot_medical_exam", lambda: [
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
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
        *_chain(),
        sa.UniqueConstraint("org_id", "seq", name="uq_suot_medical_exam_org_seq"),
    ], [("ix_suot_medical_exam_org_id", ["org_id"]), ("ix_suot_medical_exam_person_id", ["person_id"])]),
    TableSpec("suot_sout", lambda: [
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("department_id", sa.Integer, sa.ForeignKey("core_department.id"), nullable=True),
        sa.Column("position", sa.String(300), nullable=False),
        sa.Column("workplace_no", sa.String(40), nullable=True),
        sa.Column("report_on", sa.Date, nullable=False),
        sa.Column("sout_class", sa.String(4), nullable=False),
        sa.Column("factors", sa.Text, nullable=True),
        sa.Column("declaration", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    ], [("ix_suot_sout_org_id", ["org_id"])]),
    TableSpec("suot_sout_event", lambda: [
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("department_id", sa.Integer, sa.ForeignKey("core_department.id"), nullable=True),
        sa.Column("position", sa.String(300), nullable=False),
        sa.Column("reason", sa.String(30), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("note", sa.String(2000), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    ], [("ix_suot_sout_event_org_id", ["org_id"])]),
    TableSpec("suot_absence", lambda: [
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("from_on", sa.Date, nullable=False),
        sa.Column("to_on", sa.Date, nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    ], [("ix_suot_absence_org_id", ["org_id"]), ("ix_suot_absence_person_id", ["person_id"])]),
]

#: suot_0005
RISKS_CONTROL = [
    TableSpec("suot_hazard", lambda: [
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("group_key", sa.String(40), nullable=False),
        sa.Column("text", sa.String(1000), nullable=False),
        sa.Column("added_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    ], [("ix_suot_hazard_org_id", ["org_id"])]),
    TableSpec("suot_risk_assessment", lambda: [
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
    ], [("ix_suot_risk_assessment_org_id", ["org_id"]),
        ("ix_suot_risk_assessment_hazard_code", ["hazard_code"])]),
    TableSpec("suot_control_act", lambda: [
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
    ], [("ix_suot_control_act_org_id", ["org_id"])]),
    TableSpec("suot_control_finding", lambda: [
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("act_id", sa.Integer, sa.ForeignKey("suot_control_act.id"), nullable=False),
        sa.Column("text", sa.String(2000), nullable=False),
        sa.Column("requirement", sa.String(1000), nullable=True),
        sa.Column("added_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    ], [("ix_suot_control_finding_org_id", ["org_id"]), ("ix_suot_control_finding_act_id", ["act_id"])]),
    TableSpec("suot_measure_link", lambda: [
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("ref", sa.String(40), nullable=False),
        sa.Column("measure_id", sa.Integer, sa.ForeignKey("suot_measure.id"), nullable=False),
        sa.Column("linked_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    ], [("ix_suot_measure_link_org_id", ["org_id"]), ("ix_suot_measure_link_ref", ["ref"]),
        ("ix_suot_measure_link_measure_id", ["measure_id"])]),
]

#: suot_0006
INCIDENTS = [
    TableSpec("suot_incident_entry", lambda: [
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("case_no", sa.Integer, nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("refers_seq", sa.Integer, nullable=True),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        *_chain(),
        sa.UniqueConstraint("org_id", "seq", name="uq_suot_incident_entry_org_seq"),
    ], [("ix_suot_incident_entry_org_id", ["org_id"]), ("ix_suot_incident_entry_case_no", ["case_no"])]),
    TableSpec("suot_injury_reference", lambda: [
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("okved", sa.String(8), nullable=False),
        sa.Column("frequency", sa.String(20), nullable=False),
        sa.Column("days", sa.String(20), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("org_id", "year", "okved", name="uq_suot_injury_reference_org_year_okved"),
    ], [("ix_suot_injury_reference_org_id", ["org_id"])]),
]


def upgrade() -> None:
    """Create whichever of the tables, columns and indexes of suot_0003..suot_0006 the database lacks."""
    ensure_tables(op, [MEASURE_EVENT, *TRAINING_MEDICAL_SOUT, *RISKS_CONTROL, *INCIDENTS])


def downgrade() -> None:
    """Nothing to undo: what this revision created belongs to suot_0003..suot_0006."""
