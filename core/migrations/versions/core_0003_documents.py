"""Document registry: versions, authors, acknowledgements.

Revision ID: core_0003
Revises: core_0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0003"
down_revision = "core_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "core_document",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("kind", sa.String(80), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("number", sa.String(40), nullable=True),
        sa.Column("made_on", sa.Date, nullable=False),
        sa.Column("path", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("approved_by_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=True),
        sa.Column("approved_on", sa.Date, nullable=True),
        sa.Column("order_number", sa.String(40), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("org_id", "kind", "version", name="uq_core_document_kind_version"),
    )
    op.create_index("ix_core_document_org_id", "core_document", ["org_id"])
    op.create_index("ix_core_document_kind", "core_document", ["kind"])
    op.create_table(
        "core_document_author",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("core_document.id"), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
    )
    op.create_index("ix_core_document_author_org_id", "core_document_author", ["org_id"])
    op.create_index("ix_core_document_author_document_id", "core_document_author", ["document_id"])
    op.create_table(
        "core_acknowledgement",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("core_document.id"), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("document_id", "person_id", name="uq_core_ack_document_person"),
    )
    op.create_index("ix_core_acknowledgement_org_id", "core_acknowledgement", ["org_id"])
    op.create_index("ix_core_acknowledgement_document_id", "core_acknowledgement", ["document_id"])
    op.create_index("ix_core_acknowledgement_person_id", "core_acknowledgement", ["person_id"])


def downgrade() -> None:
    op.drop_table("core_acknowledgement")
    op.drop_table("core_document_author")
    op.drop_table("core_document")
