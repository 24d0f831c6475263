"""The best-practice register: practices, links, attachments, proposals and report submissions.

Revision ID: best_practices_0002
Revises: best_practices_0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "best_practices_0002"
down_revision = "best_practices_0001"
branch_labels = None
# core_document (the submitted report's DOCX) is created by core_0003.
depends_on = "core_0003"


def _org() -> sa.Column:
    return sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False)


def upgrade() -> None:
    """Create the five tables of the plugin."""
    op.create_table(
        "best_practices_practice",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("effect", sa.Text, nullable=False),
        sa.Column("implemented_on", sa.Date, nullable=False),
        sa.Column("department", sa.String(300), nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("cost", sa.String(40), nullable=True),
        sa.Column("spread", sa.Text, nullable=True),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=True),
        sa.Column("added_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_best_practices_practice_org_id", "best_practices_practice", ["org_id"])
    op.create_index("ix_best_practices_practice_implemented_on", "best_practices_practice", ["implemented_on"])
    op.create_index("ix_best_practices_practice_author_id", "best_practices_practice", ["author_id"])

    op.create_table(
        "best_practices_link",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("practice_id", sa.Integer, sa.ForeignKey("best_practices_practice.id"), nullable=False),
        sa.Column("ref", sa.String(60), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("date", sa.Date, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("practice_id", "ref", name="uq_best_practices_link_practice_ref"),
    )
    op.create_index("ix_best_practices_link_org_id", "best_practices_link", ["org_id"])
    op.create_index("ix_best_practices_link_practice_id", "best_practices_link", ["practice_id"])

    op.create_table(
        "best_practices_attachment",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("practice_id", sa.Integer, sa.ForeignKey("best_practices_practice.id"), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("added_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_best_practices_attachment_org_id", "best_practices_attachment", ["org_id"])
    op.create_index("ix_best_practices_attachment_practice_id", "best_practices_attachment", ["practice_id"])

    op.create_table(
        "best_practices_proposal",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=True),
        sa.Column("author_name", sa.String(300), nullable=True),
        sa.Column("department", sa.String(300), nullable=True),
        sa.Column("category", sa.String(20), nullable=True),
        sa.Column("effect", sa.Text, nullable=True),
        sa.Column("survey", sa.String(300), nullable=True),
        sa.Column("answers", sa.Text, nullable=True),
        sa.Column("import_sha256", sa.String(64), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decided_on", sa.Date, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("practice_id", sa.Integer, sa.ForeignKey("best_practices_practice.id"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_best_practices_proposal_org_id", "best_practices_proposal", ["org_id"])
    op.create_index("ix_best_practices_proposal_import_sha256", "best_practices_proposal", ["import_sha256"])

    op.create_table(
        "best_practices_submission",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("quarter", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("submitted_on", sa.Date, nullable=False),
        sa.Column("number", sa.String(60), nullable=True),
        sa.Column("addressee", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("practice_ids", sa.Text, nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("core_document.id"), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("org_id", "seq", name="uq_best_practices_submission_org_seq"),
        sa.UniqueConstraint("org_id", "year", "quarter", "version", name="uq_best_practices_submission_quarter"),
    )
    op.create_index("ix_best_practices_submission_org_id", "best_practices_submission", ["org_id"])


def downgrade() -> None:
    """Drop the five tables."""
    for table in ("best_practices_submission", "best_practices_proposal", "best_practices_attachment",
                  "best_practices_link", "best_practices_practice"):
        op.drop_table(table)
