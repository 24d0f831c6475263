"""Documents per period: the version series of a yearly kind is kept per year.

Revision ID: core_0014
Revises: core_0013
Create Date: 2026-12-06

``core_document.period`` holds the year of a yearly document (the plan of measures, the schedule of
training, medical exams and СОУТ), empty for other kinds; versions are numbered within (kind, period).
Existing yearly documents get the year they were made in: before this revision the plan was always made
for the year of its date unless ``--year`` said otherwise, and the audit entry keeps that option — it is
read where present, so no plan changes its year.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "core_0014"
down_revision = "core_0013"
branch_labels = None
depends_on = None

#: The kinds that were yearly when this revision was written (their builders read the ``year`` option).
YEARLY_KINDS = ("measures_plan", "training_schedule")


def upgrade() -> None:
    """Add ``period``, fill it for yearly documents, and make versions unique within (kind, period)."""
    with op.batch_alter_table("core_document") as batch:
        batch.add_column(sa.Column("period", sa.String(20), nullable=False, server_default=""))
        batch.drop_constraint("uq_core_document_kind_version", type_="unique")
        batch.create_unique_constraint("uq_core_document_kind_period_version", ["org_id", "kind", "period", "version"])
    bind = op.get_bind()
    documents = sa.table("core_document", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                         sa.column("made_on", sa.Date), sa.column("period", sa.String))
    audit = sa.table("core_audit", sa.column("action", sa.String), sa.column("entity", sa.String),
                     sa.column("entity_id", sa.String), sa.column("details", sa.Text))
    rows = bind.execute(sa.select(documents.c.id, documents.c.made_on).where(documents.c.kind.in_(YEARLY_KINDS))).all()
    for doc_id, made_on in rows:
        year = _year_option(bind, audit, doc_id) or (made_on.year if hasattr(made_on, "year") else int(str(made_on)[:4]))
        bind.execute(documents.update().where(documents.c.id == doc_id).values(period=str(year)))


def _year_option(bind, audit, doc_id: int) -> int | None:
    """The ``--year`` the version was made with, from its ``docs.make`` audit entry, if any."""
    row = bind.execute(sa.select(audit.c.details).where(
        audit.c.action == "docs.make", audit.c.entity == "document", audit.c.entity_id == str(doc_id)).limit(1)).first()
    try:
        year = (json.loads(row[0]).get("options") or {}).get("year") if row and row[0] else None
        return int(year) if year else None
    except (ValueError, TypeError, AttributeError):
        return None


def downgrade() -> None:
    """Back to one series per kind (fails, as it must, if two periods share a version number)."""
    with op.batch_alter_table("core_document") as batch:
        batch.drop_constraint("uq_core_document_kind_period_version", type_="unique")
        batch.create_unique_constraint("uq_core_document_kind_version", ["org_id", "kind", "version"])
        batch.drop_column("period")
