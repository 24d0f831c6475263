"""Accounts of the district server: who signs in, with which role, for which organization or district.

Services only (no command line, no web): ``ohs user`` and the server's sign-in pages call them. Every function
takes the moment it acts at (``now``) from its caller, so tests never depend on the wall clock; the command
line passes :func:`core.clock.now`. Passwords exist here only on their way into Argon2: they are never stored,
logged, audited or shown.

The sign-in page's unit of work::

    with app.session() as session:            # one write transaction, committed even when sign-in is refused
        try:
            account = authenticate(session, login, password, address=ip, now=now)
        except LoginRefused as exc:
            message = exc.message             # shown on the form; the failure is committed and counted
        else:
            token = open_session(session, account, address=ip, now=now)   # the cookie's value

``session_account`` may write (``last_seen_at``, at most once a minute), so it too needs a write transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.accounts.admin import (
    accounts_exist,
    add_account,
    disable_account,
    enable_account,
    find_account,
    list_accounts,
    set_password,
)
from core.accounts.rules import ROLES
from core.accounts.sessions import ABSOLUTE_TIMEOUT, IDLE_TIMEOUT, end_session, open_session, session_account
from core.accounts.signin import LoginRefused, authenticate

if TYPE_CHECKING:
    from core.accounts.models import Account, AccountEvent, LoginFailure, LoginSession

__all__ = [
    "Account",
    "AccountEvent",
    "LoginFailure",
    "LoginSession",
    "ABSOLUTE_TIMEOUT",
    "IDLE_TIMEOUT",
    "ROLES",
    "LoginRefused",
    "accounts_exist",
    "add_account",
    "authenticate",
    "disable_account",
    "enable_account",
    "end_session",
    "find_account",
    "list_accounts",
    "open_session",
    "session_account",
    "set_password",
]


def __getattr__(name: str) -> object:
    """The models on first use (``core.accounts.Account``…), so importing the services does not load SQLModel."""
    if name in ("Account", "LoginSession", "LoginFailure", "AccountEvent"):
        from core.accounts import models

        return getattr(models, name)
    raise AttributeError(name)
