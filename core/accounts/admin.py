"""Administering accounts: add, change a password, disable and enable, list; each change in the server's log."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.accounts.models import Account
    from core.storage.models import Organization


def find_account(session: Session, login: str) -> Account:
    """The account with that login (any case, spaces around ignored), else a ``NotFoundError``."""
    from sqlmodel import select

    from core.accounts.models import Account
    from core.accounts.rules import normalize_login

    account = session.exec(select(Account).where(Account.login == normalize_login(login))).first()
    if account is None:
        raise NotFoundError(f"Учётной записи «{login.strip()}» нет; список — «ohs user list».")
    return account


def account_org(session: Session, account: Account) -> Organization | None:
    """The organization the account belongs to (None for a district account)."""
    from core.storage.models import Organization

    return session.get(Organization, account.org_id) if account.org_id is not None else None


def check_new_account(
    session: Session, login: str, *, role: str, org_key: str | None = None, district: str | None = None,
) -> tuple[str, Organization | None, str | None]:
    """(login, organization, district) of an account that may be added, else an ``OhsError`` naming the problem.

    A district role needs a district and no organization, the others an existing organization and no district.
    The command line calls it before asking for the password, so a typo does not cost typing it twice.
    """
    from sqlmodel import select

    from core.accounts.models import Account
    from core.accounts.rules import DISTRICT_ROLE, ROLES, check_district, check_login, check_role
    from core.storage.models import Organization

    login = check_login(login)
    check_role(role)
    org: Organization | None = None
    if role == DISTRICT_ROLE:
        if org_key:
            raise OhsError(f"Роль «{ROLES[role]}» — для администрации района, без организации: "
                           "укажите --district, а не --org.")
        district = check_district(district)
    else:
        if district:
            raise OhsError(f"Роль «{ROLES[role]}» — для работника организации: укажите --org КЛЮЧ, а не --district "
                           "(район указывают только для роли district).")
        if not org_key:
            raise OhsError(f"Для роли «{ROLES[role]}» укажите организацию: --org КЛЮЧ (список — «ohs org list»).")
        org = session.exec(select(Organization).where(Organization.key == org_key.strip())).first()
        if org is None:
            raise NotFoundError(f"Организации с ключом «{org_key.strip()}» нет на сервере; "
                                "зарегистрируйте её командой «ohs org add».")
        district = None
    if session.exec(select(Account.id).where(Account.login == login)).first() is not None:
        raise OhsError(f"Учётная запись «{login}» уже есть; пароль меняет «ohs user passwd {login}».")
    return login, org, district


def add_account(
    session: Session, login: str, password: str, *, role: str, org_key: str | None = None,
    district: str | None = None, now: datetime.datetime, actor: str,
) -> Account:
    """Create an account: a district role needs a district and no organization, the others an existing organization.

    Everything is checked before anything is written; the password is stored only as its Argon2 hash.
    """
    from core.accounts.events import record_event
    from core.accounts.models import Account
    from core.accounts.passwords import hash_password
    from core.accounts.rules import check_password

    login, org, district = check_new_account(session, login, role=role, org_key=org_key, district=district)
    check_password(password, login)
    account = Account(login=login, password_hash=hash_password(password), role=role,
                      org_id=org.id if org is not None else None, district=district,
                      created_at=now, password_changed_at=now)
    session.add(account)
    session.flush()
    details: dict[str, Any] = {"role": role}
    if org is not None:
        details["org"] = org.key
    if district is not None:
        details["district"] = district
    record_event(session, at=now, actor=actor, action="account.add", login=login, org=org, details=details)
    return account


def set_password(session: Session, login: str, password: str, *, now: datetime.datetime, actor: str) -> Account:
    """Give the account a new password and end all its open sessions (whoever knew the old one is signed out)."""
    from core.accounts.events import record_event
    from core.accounts.passwords import hash_password
    from core.accounts.rules import check_password
    from core.accounts.sessions import end_all_sessions

    account = find_account(session, login)
    check_password(password, account.login)
    account.password_hash = hash_password(password)
    account.password_changed_at = now
    session.add(account)
    ended = end_all_sessions(session, account, now=now)
    record_event(session, at=now, actor=actor, action="account.password", login=account.login,
                 org=account_org(session, account), details={"sessions_ended": ended})
    return account


def disable_account(session: Session, login: str, *, now: datetime.datetime, actor: str) -> Account:
    """Forbid the account to sign in and end its open sessions; the account and its history are kept."""
    from core.accounts.events import record_event
    from core.accounts.sessions import end_all_sessions

    account = find_account(session, login)
    if account.disabled_at is not None:
        raise OhsError(f"Учётная запись «{account.login}» уже отключена ({account.disabled_at:%d.%m.%Y %H:%M}).")
    account.disabled_at = now
    session.add(account)
    ended = end_all_sessions(session, account, now=now)
    record_event(session, at=now, actor=actor, action="account.disable", login=account.login,
                 org=account_org(session, account), details={"sessions_ended": ended})
    return account


def enable_account(session: Session, login: str, *, now: datetime.datetime, actor: str) -> Account:
    """Allow a disabled account to sign in again (with the password it had; change it with :func:`set_password`)."""
    from core.accounts.events import record_event

    account = find_account(session, login)
    if account.disabled_at is None:
        raise OhsError(f"Учётная запись «{account.login}» не отключена.")
    account.disabled_at = None
    session.add(account)
    record_event(session, at=now, actor=actor, action="account.enable", login=account.login,
                 org=account_org(session, account))
    return account


def list_accounts(session: Session) -> list[dict[str, Any]]:
    """Every account, by login: role and its title, organization key, district, disabled, created, last sign-in."""
    from sqlalchemy import func
    from sqlmodel import col, select

    from core.accounts.models import Account, LoginSession
    from core.accounts.rules import ROLES
    from core.storage.models import Organization

    last = (select(LoginSession.account_id, func.max(LoginSession.created_at).label("last"))
            .group_by(col(LoginSession.account_id)).subquery())
    query = (select(Account, Organization.key, last.c.last)
             .join(Organization, col(Organization.id) == col(Account.org_id), isouter=True)
             .join(last, last.c.account_id == col(Account.id), isouter=True)
             .order_by(col(Account.login)))
    rows: list[dict[str, Any]] = []
    for account, org_key, last_sign_in in session.exec(query):
        rows.append({
            "login": account.login,
            "role": account.role,
            "role_title": ROLES.get(account.role, account.role),
            "org": org_key,
            "district": account.district,
            "disabled": account.disabled_at is not None,
            "disabled_at": account.disabled_at,
            "created": account.created_at,
            "last_sign_in": last_sign_in,
        })
    return rows


def accounts_exist(session: Session) -> bool:
    """Whether the database holds any account (then every page of the server asks to sign in). One indexed query."""
    from sqlmodel import select

    from core.accounts.models import Account

    return session.exec(select(Account.id).limit(1)).first() is not None
