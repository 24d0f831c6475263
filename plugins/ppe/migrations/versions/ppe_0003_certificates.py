"""Validity of the certificates and declarations of conformity that issues of СИЗ name.

Revision ID: ppe_0003
Revises: ppe_0002
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "ppe_0003"
down_revision = "ppe_0002"
branch_labels = None
# Only core_organization is referenced (already required by ppe_0001): no dependency on another branch.
depends_on = None


def upgrade() -> None:
    """Create ``ppe_certificate``."""
    op.create_table(
        "ppe_certificate",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("text", sa.String(300), nullable=False),
        sa.Column("valid_until", sa.Date, nullable=False),
        sa.Column("added_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("org_id", "key", name="uq_ppe_certificate_org_key"),
    )
    op.create_index("ix_ppe_certificate_org_id", "ppe_certificate", ["org_id"])


def downgrade() -> None:
    """Drop ``ppe_certificate``."""
    op.drop_table("ppe_certificate")
