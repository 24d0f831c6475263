"""Norms of the organization, people's sizes and the issue/return/write-off journal.

Revision ID: ppe_0002
Revises: ppe_0001
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "ppe_0002"
down_revision = "ppe_0001"
branch_labels = None
# No dependency on another branch's revision: the tables reference only core_organization and core_person
# (core_0001, already required by ppe_0001). A dependency on core's newest revision would let Alembic drop
# that revision from alembic_version, and the database would then look outdated while ppe is switched off.
depends_on = None


def _org() -> sa.Column:
    return sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False)


def upgrade() -> None:
    """Create the four tables of the plugin."""
    op.create_table(
        "ppe_norm",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("position", sa.String(300), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("org_id", "position", "version", name="uq_ppe_norm_org_position_version"),
    )
    op.create_index("ix_ppe_norm_org_id", "ppe_norm", ["org_id"])

    op.create_table(
        "ppe_norm_item",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("norm_id", sa.Integer, sa.ForeignKey("ppe_norm.id"), nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("unit", sa.String(30), nullable=False),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("period_kind", sa.String(10), nullable=False),
        sa.Column("period_months", sa.Integer, nullable=True),
        sa.Column("basis_kind", sa.String(20), nullable=False),
        sa.Column("basis_ref", sa.String(300), nullable=False),
        sa.Column("alternative_of", sa.Integer, nullable=True),
        sa.Column("washing", sa.Boolean, nullable=False),
        sa.Column("skills", sa.Boolean, nullable=False),
        sa.UniqueConstraint("norm_id", "line", name="uq_ppe_norm_item_norm_line"),
    )
    op.create_index("ix_ppe_norm_item_org_id", "ppe_norm_item", ["org_id"])
    op.create_index("ix_ppe_norm_item_norm_id", "ppe_norm_item", ["norm_id"])

    op.create_table(
        "ppe_size",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("personnel_number", sa.String(30), nullable=True),
        sa.Column("height", sa.String(20), nullable=True),
        sa.Column("clothing", sa.String(20), nullable=True),
        sa.Column("shoes", sa.String(20), nullable=True),
        sa.Column("headwear", sa.String(20), nullable=True),
        sa.Column("respirator", sa.String(20), nullable=True),
        sa.Column("gloves", sa.String(20), nullable=True),
        sa.Column("updated_on", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("org_id", "person_id", name="uq_ppe_size_org_person"),
    )
    op.create_index("ix_ppe_size_org_id", "ppe_size", ["org_id"])
    op.create_index("ix_ppe_size_person_id", "ppe_size", ["person_id"])

    op.create_table(
        "ppe_entry",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("core_person.id"), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("item", sa.String(300), nullable=False),
        sa.Column("norm_item_id", sa.Integer, sa.ForeignKey("ppe_norm_item.id"), nullable=True),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("size", sa.String(20), nullable=True),
        sa.Column("certificate", sa.String(300), nullable=True),
        sa.Column("wear_percent", sa.Integer, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("corrects_id", sa.Integer, sa.ForeignKey("ppe_entry.id"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("chain_version", sa.Integer, nullable=False, server_default="2"),
        sa.UniqueConstraint("org_id", "seq", name="uq_ppe_entry_org_seq"),
    )
    op.create_index("ix_ppe_entry_org_id", "ppe_entry", ["org_id"])
    op.create_index("ix_ppe_entry_person_id", "ppe_entry", ["person_id"])


def downgrade() -> None:
    """Drop the plugin's tables."""
    for table in ("ppe_entry", "ppe_size", "ppe_norm_item", "ppe_norm"):
        op.drop_table(table)
