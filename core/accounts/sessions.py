"""Signed-in sessions: a random token for the browser, only its sha256 in the database; idle and absolute expiry."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.accounts.models import Account

#: A session unused this long is over (the next request asks to sign in again).
IDLE_TIMEOUT = datetime.timedelta(minutes=30)
#: A session is over this long after sign-in, however busy: a stolen cookie does not live for ever.
ABSOLUTE_TIMEOUT = datetime.timedelta(hours=12)
#: ``last_seen_at`` is written at most this often: most requests then only read.
TOUCH_INTERVAL = datetime.timedelta(minutes=1)


def token_hash(token: str) -> str:
    """The stored form of a session token (sha256, hex)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(session: Session, account: Account, *, address: str, now: datetime.datetime) -> str:
    """Start a session for the account; returns the token for the cookie (it is not stored anywhere)."""
    from core.accounts.models import LoginSession

    token = secrets.token_urlsafe(32)
    if account.id is None:
        session.flush()
    assert account.id is not None
    session.add(LoginSession(token_hash=token_hash(token), account_id=account.id, address=address[:100],
                             created_at=now, last_seen_at=now))
    return token


def session_account(session: Session, token: str, *, now: datetime.datetime) -> Account | None:
    """The account signed in with ``token``, or None: unknown, ended, disabled, idle too long, or too old.

    May write (``last_seen_at``, at most once per :data:`TOUCH_INTERVAL`), so call it in a write transaction.
    An expired session is left as it is: the time alone makes it dead, and a read stays a read.
    """
    from sqlmodel import select

    from core.accounts.models import Account, LoginSession

    if not token:
        return None
    row = session.exec(
        select(LoginSession, Account).join(Account, Account.id == LoginSession.account_id)  # type: ignore[arg-type]
        .where(LoginSession.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None
    login_session, account = row
    if login_session.ended_at is not None or account.disabled_at is not None:
        return None
    if now - login_session.last_seen_at > IDLE_TIMEOUT or now - login_session.created_at > ABSOLUTE_TIMEOUT:
        return None
    if now - login_session.last_seen_at >= TOUCH_INTERVAL:
        login_session.last_seen_at = now
        session.add(login_session)
    return account


def end_session(session: Session, token: str, *, now: datetime.datetime) -> None:
    """Sign out: the session is ended (an unknown or already ended token is no error)."""
    from sqlmodel import select

    from core.accounts.events import record_event
    from core.accounts.admin import account_org
    from core.accounts.models import Account, LoginSession

    if not token:
        return
    login_session = session.exec(select(LoginSession).where(LoginSession.token_hash == token_hash(token))).first()
    if login_session is None or login_session.ended_at is not None:
        return
    login_session.ended_at = now
    session.add(login_session)
    account = session.get(Account, login_session.account_id)
    if account is not None:
        record_event(session, at=now, actor=account.login, action="logout", login=account.login,
                     address=login_session.address or None, org=account_org(session, account))


def end_all_sessions(session: Session, account: Account, *, now: datetime.datetime) -> int:
    """End every open session of the account (a new password, a disabled account); returns how many."""
    from sqlmodel import col, select

    from core.accounts.models import LoginSession

    # Through the ORM rather than one UPDATE: the sessions may already be loaded in this unit of work (an
    # UPDATE would leave those objects stale), and the rows are few: one per sign-in not yet ended.
    open_sessions = list(session.exec(select(LoginSession).where(
        LoginSession.account_id == account.id, col(LoginSession.ended_at).is_(None))))
    for login_session in open_sessions:
        login_session.ended_at = now
        session.add(login_session)
    return len(open_sessions)
