"""What an account may be: roles, the form of a login, the rules a password must meet (Russian messages)."""

from __future__ import annotations

import re

from core.errors import OhsError

#: Roles on the server: key → the title users read.
ROLES: dict[str, str] = {
    "specialist": "специалист по охране труда",
    "head": "руководитель",
    "viewer": "просмотр",
    "district": "район (администрация)",
}

#: The role whose scope is a district, not one organization.
DISTRICT_ROLE = "district"

#: A login: 3–64 characters of Latin letters, digits, «.», «_» and «-» (after lowercasing).
LOGIN_PATTERN = re.compile(r"[a-z0-9._-]{3,64}")

PASSWORD_MIN_LENGTH = 10
#: Longer input is refused: a password of megabytes would only make every check of it slow.
PASSWORD_MAX_LENGTH = 1000

#: The longest district name (core_organization.district and core_account.district).
DISTRICT_MAX_LENGTH = 200


def normalize_login(login: str) -> str:
    """The login as stored: surrounding spaces dropped, lowercased («Ivanova » → «ivanova»)."""
    return login.strip().lower()


def check_login(login: str) -> str:
    """The normalized login, or an ``OhsError`` saying what a login may hold."""
    value = normalize_login(login)
    if not LOGIN_PATTERN.fullmatch(value):
        raise OhsError(
            f"Логин «{login}» не подходит: от 3 до 64 знаков — латинские буквы, цифры, точка, «_» и «-» "
            "(например, ivanova или school5.ot)."
        )
    return value


def check_role(role: str) -> str:
    """``role`` if it is one of :data:`ROLES`, else an ``OhsError`` listing them."""
    if role not in ROLES:
        names = ", ".join(f"{key} ({title})" for key, title in ROLES.items())
        raise OhsError(f"Неизвестная роль «{role}»; возможны: {names}.")
    return role


def check_password(password: str, login: str) -> None:
    """Refuse a password that is too short, too long, or the login itself (the message never repeats it)."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise OhsError(f"Пароль слишком короткий: нужно не меньше {PASSWORD_MIN_LENGTH} знаков.")
    if len(password) > PASSWORD_MAX_LENGTH:
        raise OhsError(f"Пароль слишком длинный: не больше {PASSWORD_MAX_LENGTH} знаков.")
    if password.strip().lower() == normalize_login(login):
        raise OhsError("Пароль не должен совпадать с логином; придумайте другой.")


def check_district(district: str | None) -> str:
    """The district name with spaces tidied, or an ``OhsError`` for an empty or too long one."""
    value = " ".join((district or "").split())
    if not value:
        raise OhsError("Не указан район: напишите его название, например --district \"Центральный район\".")
    if len(value) > DISTRICT_MAX_LENGTH:
        raise OhsError(f"Название района длиннее {DISTRICT_MAX_LENGTH} знаков; сократите его.")
    return value
