"""Accounts of the district server: accounts, signed-in sessions, failed attempts, the server's log; the district
of an organization.

Revision ID: core_0016
Revises: core_0015
Create Date: 2026-12-08

``core_account`` holds who may sign in (the Argon2 hash of the password, never the password), with a role for
one organization (``org_id``) or for a district. ``core_login_session`` keeps only the sha256 of each session's
token. ``core_login_failure`` counts failed attempts for the limits per login and per address.
``core_account_event`` is the server's audit log. ``core_organization.district`` is the district an organization
belongs to on the server, set by the server's administrator.
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0016"
down_revision = "core_0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the four account tables and add core_organization.district."""
    op.create_table(
        "core_account",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("login", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=True),
        sa.Column("district", sa.String(200), nullable=True),
        sa.Column("disabled_at", sa.DateTime, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("password_changed_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_core_account_org_id", "core_account", ["org_id"])
    op.create_table(
        "core_login_session",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("core_account.id"), nullable=False),
        sa.Column("address", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_core_login_session_account_id", "core_login_session", ["account_id"])
    op.create_table(
        "core_login_failure",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("login", sa.String(200), nullable=False),
        sa.Column("address", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_core_login_failure_at", "core_login_failure", ["at"])
    op.create_index("ix_core_login_failure_login_at", "core_login_failure", ["login", "at"])
    op.create_index("ix_core_login_failure_address_at", "core_login_failure", ["address", "at"])
    op.create_table(
        "core_account_event",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("login", sa.String(200), nullable=True),
        sa.Column("address", sa.String(100), nullable=True),
        sa.Column("details", sa.Text, nullable=False),
    )
    op.create_index("ix_core_account_event_at", "core_account_event", ["at"])
    # A plain ADD COLUMN, as in core_0015: a batch copy of core_organization is refused while rows refer to it.
    op.add_column("core_organization", sa.Column("district", sa.String(200), nullable=True))


def downgrade() -> None:
    """Drop the account tables and the organization's district."""
    op.drop_column("core_organization", "district")
    op.drop_table("core_account_event")
    op.drop_table("core_login_failure")
    op.drop_table("core_login_session")
    op.drop_table("core_account")
