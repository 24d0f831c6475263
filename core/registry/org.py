"""The organization profile: requisites, sector, head; validated where they enter."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.obligations.checks import Finding
    from core.payloads import KnownActivity
    from core.storage.models import Organization, Person


@dataclass(frozen=True)
class ProfileKey:
    """One settable key of ``ohs org set``."""

    key: str
    title: str
    hint: str = ""


PROFILE_KEYS: tuple[ProfileKey, ...] = (
    ProfileKey("name", "Полное наименование"),
    ProfileKey("short_name", "Сокращённое наименование"),
    ProfileKey("legal_address", "Юридический адрес"),
    ProfileKey("inn", "ИНН", "10 или 12 цифр, с контрольными цифрами"),
    ProfileKey("kpp", "КПП", "9 знаков"),
    ProfileKey("ogrn", "ОГРН", "13 цифр (ОГРНИП — 15)"),
    ProfileKey("okved", "Основной вид деятельности (ОКВЭД)", "например 85.41"),
    ProfileKey("sector", "Сфера", "production, non_production, education, healthcare"),
    ProfileKey("small_business", "Малый бизнес", "да или нет"),
    ProfileKey("headcount", "Численность", "число, или auto — считать по списку работников"),
    ProfileKey("municipality", "Муниципальное образование"),
    ProfileKey("phone", "Телефон"),
    ProfileKey("email", "Электронная почта"),
    ProfileKey("website", "Сайт"),
    ProfileKey("activities", "Виды деятельности", "через запятую: плавание, футбол… (пусто — не указаны)"),
    ProfileKey("head", "Руководитель", "работник: номер, СНИЛС или ФИО"),
    ProfileKey("worker_representative", "Представитель трудового коллектива", "работник: номер, СНИЛС или ФИО"),
)
KEYS_BY_NAME = {k.key: k for k in PROFILE_KEYS}
ROLE_KEYS = ("head", "worker_representative")


def _sector(value: str) -> str:
    from core.storage.models import SECTORS

    value = value.strip()
    if value not in SECTORS:
        names = ", ".join(f"{k} ({v})" for k, v in SECTORS.items())
        raise OhsError(f"Неизвестная сфера «{value}»; возможны: {names}.")
    return value


#: The largest headcount accepted: far above any Russian employer (the largest have under a million), and
#: well inside PostgreSQL's INTEGER, which refuses a larger number while SQLite would store it.
MAX_HEADCOUNT = 10_000_000


def _headcount(value: str) -> int | None:
    if value.strip().lower() in ("auto", "авто", ""):
        return None
    try:
        number = int(value)
    except ValueError:
        raise OhsError(f"Численность «{value}» должна быть целым числом или auto.") from None
    if number < 0:
        raise OhsError("Численность не может быть отрицательной.")
    if number > MAX_HEADCOUNT:
        limit = f"{MAX_HEADCOUNT:,}".replace(",", " ")
        raise OhsError(f"Численность {number} больше {limit} человек; проверьте, нет ли лишних цифр.")
    return number


def _text(value: str) -> str:
    return " ".join(value.split())


def _validators() -> dict[str, Callable[[str], Any]]:
    from core.registry import validation as v
    return {
        "name": _text,
        "short_name": _text,
        "legal_address": _text,
        "inn": v.normalize_inn,
        "kpp": v.normalize_kpp,
        "ogrn": v.normalize_ogrn,
        "okved": v.normalize_okved,
        "sector": _sector,
        "small_business": v.parse_yes_no,
        "headcount": _headcount,
        "municipality": _text,
        "phone": v.normalize_phone,
        "email": v.normalize_email,
        "website": v.normalize_url,
    }


def parse_assignments(pairs: tuple[str, ...]) -> list[tuple[str, str]]:
    """``KEY=VALUE`` arguments as pairs, refusing unknown keys (before anything is written)."""
    result = []
    for pair in pairs:
        if "=" not in pair:
            raise OhsError(f"«{pair}»: ожидается КЛЮЧ=ЗНАЧЕНИЕ, например inn=7107000000.")
        key, value = pair.split("=", 1)
        key = key.strip()
        if key not in KEYS_BY_NAME:
            known = ", ".join(KEYS_BY_NAME)
            raise OhsError(f"Неизвестный ключ «{key}»; возможны: {known}.")
        result.append((key, value))
    return result


def set_profile(
    session: Session, org: Organization, pairs: list[tuple[str, str]], today: datetime.date,
    since: datetime.date | None = None, known_activities: list[KnownActivity] | None = None,
) -> dict[str, Any]:
    """Validate every value first, then apply them all; returns what changed.

    A role (head, workers' representative) is held from ``since``; without it, the first holder
    recorded holds it from their hiring (orders signed before the toolkit was set up stay valid)
    and a replacement from ``today``. ``activities`` are checked against ``known_activities`` (the plugins'
    ``known_activities`` hook, :func:`core.registry.activities.catalogue`).
    """
    from core.registry.activities import parse_activities

    from core.audit import audit
    from core.registry.lengths import check_length
    from core.storage.models import Organization
    from core.registry.people import resolve_person

    validators = _validators()
    validators["activities"] = lambda value: parse_activities(value, known_activities or [])
    plan: dict[str, Any] = {}
    errors: list[str] = []
    for key, raw in pairs:
        try:
            if key in ROLE_KEYS:
                person = resolve_person(session, org, raw)
                on = since or today
                if person.dismissed_on and person.dismissed_on < on:
                    raise OhsError(f"{person.full_name} уволен(а) {person.dismissed_on:%d.%m.%Y} и не может быть назначен(а).")
                if person.hired_on > on:
                    raise OhsError(f"{person.full_name} принят(а) только {person.hired_on:%d.%m.%Y}; укажите --since не раньше.")
                plan[key] = person
            else:
                plan[key] = validators[key](raw)
                # SQLite would keep a too-long value and PostgreSQL refuse it: one rule for both, from the model.
                check_length(Organization, key, plan[key])
        except OhsError as exc:
            errors.append(f"{KEYS_BY_NAME[key].title} ({key}): {exc.message}")
    if errors:
        raise OhsError("Профиль организации не изменён: есть ошибки в значениях.", details=errors)
    changed: dict[str, Any] = {}
    for key, value in plan.items():
        if key in ROLE_KEYS:
            first = role_holder(session, org, key) is None
            assign_role(session, org, key, value, since or (value.hired_on if first else today))
            changed[key] = value.full_name
        else:
            old = getattr(org, key)
            if old != value:
                setattr(org, key, value)
                changed[key] = value
    session.add(org)
    if changed:
        audit(session, org, "org.set", "organization", org.id, **changed)
    return changed


def assign_role(session: Session, org: Organization, role: str, person: Person, since: datetime.date) -> None:
    """Make ``person`` the holder of an organization role from ``since`` (history is kept)."""
    from core.storage.models import OrgRole

    session.add(OrgRole(org_id=org.id, role=role, person_id=person.id, since=since))


def role_holder(session: Session, org: Organization, role: str, on: datetime.date | None = None) -> Person | None:
    """Who held the role on that day (the latest appointment not after it)."""
    from sqlmodel import select

    from core.storage.models import OrgRole, Person

    query = select(Person).join(OrgRole, OrgRole.person_id == Person.id).where(
        OrgRole.org_id == org.id, OrgRole.role == role
    )
    if on is not None:
        query = query.where(OrgRole.since <= on)
    return session.exec(query.order_by(OrgRole.since.desc(), OrgRole.id.desc())).first()


def computed_headcount(session: Session, org: Organization, on: datetime.date) -> int:
    """People employed on that day, from the register."""
    from sqlalchemy import func, or_
    from sqlmodel import select

    from core.storage.models import Person

    query = select(func.count()).select_from(Person).where(
        Person.org_id == org.id,
        Person.hired_on <= on,
        or_(Person.dismissed_on.is_(None), Person.dismissed_on >= on),
    )
    return int(session.exec(query).one())


def profile(session: Session, org: Organization, today: datetime.date) -> dict[str, Any]:
    """The profile as a JSON-ready dict, with the headcount computed when not set (activities: a list of keys)."""
    from core.registry.activities import declared

    data: dict[str, Any] = {"key": org.key}
    for k in PROFILE_KEYS:
        if k.key in ROLE_KEYS:
            person = role_holder(session, org, k.key, today)
            data[k.key] = None if person is None else {"id": person.id, "full_name": person.full_name, "position": person.position}
        elif k.key == "activities":
            data[k.key] = declared(org)
        else:
            data[k.key] = getattr(org, k.key)
    data["headcount_computed"] = org.headcount is None
    if org.headcount is None:
        data["headcount"] = computed_headcount(session, org, today)
    return data


#: Requisites that documents print; an empty one is reported by ``ohs check``.
REQUIRED_FOR_DOCUMENTS = ("name", "short_name", "legal_address", "inn", "ogrn", "okved", "sector")


def profile_findings(session: Session, org: Organization, today: datetime.date) -> list[Finding]:
    """Requisites missing for documents, and a missing head of the organization."""
    from core.obligations.checks import Finding

    found = []
    for key in REQUIRED_FOR_DOCUMENTS:
        if not getattr(org, key):
            title = KEYS_BY_NAME[key].title
            found.append(
                Finding(
                    severity="warning",
                    title=f"Не заполнено: {title}",
                    source="core",
                    detail="Реквизит печатается в документах организации.",
                    fix=f"ohs org set {key}=…",
                )
            )
    if role_holder(session, org, "head", today) is None:
        found.append(
            Finding(
                severity="warning",
                title="Не указан руководитель организации",
                source="core",
                detail="Руководитель утверждает документы СУОТ и подписывает приказы.",
                fix="ohs org set head=<работник>",
            )
        )
    return found
