"""Tables of the server's accounts: who may sign in, their open sessions, failed attempts, and the server's log.

They belong to the server, not to one organization: an account of the district administration has no
organization at all, so these tables carry ``org_id`` only where an account is tied to one.
"""

from __future__ import annotations

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    """A person who signs in to the server: a login, an Argon2 hash of the password, a role and its scope.

    ``org_id`` is set for the roles of one organization (specialist, head, viewer), ``district`` for the
    district administration's role. A disabled account is kept (the log refers to it), it only cannot sign in.
    """

    __tablename__ = "core_account"

    id: int | None = Field(default=None, primary_key=True)
    #: Lowercased; 3–64 characters of a-z 0-9 . _ - (core.accounts.rules.LOGIN_PATTERN).
    login: str = Field(max_length=64, unique=True)
    #: The Argon2 encoded hash (parameters, salt and hash in one string); never the password.
    password_hash: str = Field(max_length=255)
    #: One of core.accounts.rules.ROLES.
    role: str = Field(max_length=20)
    org_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=True, index=True)
    )
    district: str | None = Field(default=None, max_length=200)
    disabled_at: NaiveDatetime | None = None
    created_at: NaiveDatetime
    password_changed_at: NaiveDatetime


class LoginSession(SQLModel, table=True):
    """One signed-in browser: only the sha256 of its token is stored, so a copy of the database signs nobody in."""

    __tablename__ = "core_login_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    account_id: int = Field(sa_column=Column(Integer, ForeignKey("core_account.id"), nullable=False, index=True))
    address: str = Field(default="", max_length=100)
    created_at: NaiveDatetime
    last_seen_at: NaiveDatetime
    ended_at: NaiveDatetime | None = None


class LoginFailure(SQLModel, table=True):
    """One failed sign-in, counted for the attempt limits (per login and per address); old rows are pruned."""

    __tablename__ = "core_login_failure"
    __table_args__ = (
        Index("ix_core_login_failure_login_at", "login", "at"),
        Index("ix_core_login_failure_address_at", "address", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    #: The login as typed, normalized and cut to the column (it may name no account).
    login: str = Field(max_length=200)
    address: str = Field(default="", max_length=100)
    at: NaiveDatetime = Field(index=True)


class AccountEvent(SQLModel, table=True):
    """The server's audit log: sign-ins, failures, administrative actions on accounts and organizations."""

    __tablename__ = "core_account_event"

    id: int | None = Field(default=None, primary_key=True)
    at: NaiveDatetime = Field(index=True)
    #: Who did it: the administrator at the command line, or the login itself for a sign-in.
    actor: str = Field(max_length=100)
    action: str = Field(max_length=60)
    login: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=100)
    details: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))


ACCOUNT_MODELS: tuple[type[SQLModel], ...] = (Account, LoginSession, LoginFailure, AccountEvent)

#: Tables of the server rather than of one organization: they carry no (or a nullable) ``org_id``, are read
#: before anyone's organization is known (signing in), and stay outside the per-organization row security.
SERVER_TABLES: frozenset[str] = frozenset(str(m.__table__.name) for m in ACCOUNT_MODELS)  # type: ignore[attr-defined]
