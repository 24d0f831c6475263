"""Signing in: the password checked against its Argon2 hash, with attempt limits per login and per address.

What a refusal says is chosen so that it tells an attacker nothing: an unknown login and a wrong password get
the same sentence (and take the same time: an unknown login is checked against a dummy hash); a disabled
account is named only to whoever typed its right password. Every attempt is in the server's log.
"""

from __future__ import annotations

import datetime
import math
from typing import TYPE_CHECKING

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.accounts.models import Account

#: The attempt limits: this many failures within :data:`LIMIT_WINDOW` close sign-in for :data:`LOCK_TIME`.
LOGIN_LIMIT = 5
ADDRESS_LIMIT = 30
LIMIT_WINDOW = datetime.timedelta(minutes=15)
LOCK_TIME = datetime.timedelta(minutes=15)
#: Failures older than this are deleted when a new one is written: the counters need no more.
FAILURE_KEPT = LIMIT_WINDOW + LOCK_TIME

WRONG = "Неверный логин или пароль."


class LoginRefused(OhsError):
    """Sign-in refused; the message is for the person at the form, in Russian."""


def authenticate(session: Session, login: str, password: str, *, address: str, now: datetime.datetime) -> Account:
    """The account whose login and password these are, or ``LoginRefused`` saying why (never which one was wrong).

    Order of checks: the limits first (a locked login or address is not even checked, so guessing costs
    nothing but time), then the password, then whether the account is disabled. A hash made with older
    Argon2 parameters is replaced at a successful sign-in.

    A refusal writes too (the failure counted for the limits, the log entry): catch ``LoginRefused`` inside the
    transaction and let it commit, or the limits never see the failures.
    """
    from sqlmodel import select

    from core.accounts.admin import account_org
    from core.accounts.events import record_event
    from core.accounts.models import Account
    from core.accounts.passwords import hash_password, needs_rehash, spend_like_a_check, verify_password
    from core.accounts.rules import LOGIN_PATTERN, PASSWORD_MAX_LENGTH, normalize_login

    name = normalize_login(login)[:200]
    address = (address or "")[:100]
    lock = _locked_until(session, name, address, now)
    if lock is not None:
        until, by_address = lock
        record_event(session, at=now, actor=name or "?", action="login.locked", login=name, address=address or None,
                     details={"by": "address" if by_address else "login"})
        raise LoginRefused(_lock_message(until, now, by_address))
    account = None
    if LOGIN_PATTERN.fullmatch(name):
        account = session.exec(select(Account).where(Account.login == name)).first()
    too_long = len(password) > PASSWORD_MAX_LENGTH
    if account is None or too_long:
        spend_like_a_check("" if too_long else password)
        ok = False
    else:
        ok = verify_password(account.password_hash, password)
    org = account_org(session, account) if account is not None else None
    if not ok:
        _record_failure(session, name, address, now)
        record_event(session, at=now, actor=name or "?", action="login.failed", login=name, address=address or None,
                     org=org, details={"reason": "unknown_login" if account is None else "wrong_password"})
        lock = _locked_until(session, name, address, now)
        if lock is not None:
            until, by_address = lock
            raise LoginRefused(f"{WRONG} {_lock_message(until, now, by_address)}")
        raise LoginRefused(WRONG)
    assert account is not None
    if account.disabled_at is not None:
        record_event(session, at=now, actor=name, action="login.disabled", login=name, address=address or None,
                     org=org)
        raise LoginRefused("Учётная запись отключена; обратитесь к администратору сервера.")
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
        session.add(account)
    record_event(session, at=now, actor=name, action="login.ok", login=name, address=address or None, org=org)
    return account


def _record_failure(session: Session, login: str, address: str, now: datetime.datetime) -> None:
    from sqlalchemy import delete
    from sqlmodel import col

    from core.accounts.models import LoginFailure

    session.execute(delete(LoginFailure).where(col(LoginFailure.at) < now - FAILURE_KEPT))
    session.add(LoginFailure(login=login, address=address, at=now))
    session.flush()


def _locked_until(
    session: Session, login: str, address: str, now: datetime.datetime,
) -> tuple[datetime.datetime, bool] | None:
    """(until when, whether by address) if sign-in is closed for this login or this address now, else None."""
    from sqlmodel import col, select

    from core.accounts.models import LoginFailure

    since = now - FAILURE_KEPT
    found: list[tuple[datetime.datetime, bool]] = []
    checks = [(col(LoginFailure.login) == login, LOGIN_LIMIT, False)]
    if address:
        checks.append((col(LoginFailure.address) == address, ADDRESS_LIMIT, True))
    for condition, limit, by_address in checks:
        times = list(session.exec(
            select(LoginFailure.at).where(condition, col(LoginFailure.at) > since, col(LoginFailure.at) <= now)
            .order_by(col(LoginFailure.at))
        ))
        until = lock_end(times, limit)
        if until is not None and until > now:
            found.append((until, by_address))
    return max(found) if found else None


def lock_end(times: list[datetime.datetime], limit: int) -> datetime.datetime | None:
    """When the latest lock ends: ``limit`` failures within :data:`LIMIT_WINDOW` lock for :data:`LOCK_TIME`
    from the last of them. ``times`` ascending; None when they never reach the limit.

    No failure is recorded while locked, so the lock cannot be stretched by knocking on it.
    """
    end = None
    for i in range(limit - 1, len(times)):
        if times[i] - times[i - limit + 1] <= LIMIT_WINDOW:
            end = times[i] + LOCK_TIME
    return end


def _lock_message(until: datetime.datetime, now: datetime.datetime, by_address: bool) -> str:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    who = "с этого адреса" if by_address else "под этим логином"
    return f"Слишком много неудачных попыток входа {who}; повторите через {minutes} мин."
