"""The people register: departments and workers, added by hand or imported from HR files."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from core.payloads import Figure
    from sqlmodel import Session

    from core.storage.models import Department, Organization, Person
    from core.registry.people_io import PersonRow

from core.registry.names import existing_spelling
from core.registry.names import fold as _fold
# The import's planning moved to core.registry.people_import; its names stay importable from here for older callers.
from core.registry.people_import import SYNCED_FIELDS, ImportPlan, apply_import, mask_snils, plan_import, row_fields  # noqa: F401


def find_department(session: Session, org: Organization, name: str) -> Department | None:
    """The department named so, ё/е, case and spaces aside («Отделение легкой атлетики» finds «…лёгкой…»)."""
    from sqlmodel import select

    from core.storage.models import Department

    name = " ".join(name.split())
    dept = session.exec(select(Department).where(Department.org_id == org.id, Department.name == name)).first()
    if dept is None:  # a handful of departments: compare their folded names here rather than in SQL
        dept = next((d for d in departments(session, org) if _fold(d.name) == _fold(name)), None)
    return dept


def get_department(session: Session, org: Organization, name: str | None, create: bool = True) -> Department | None:
    """The department with that name (in its stored spelling), created when missing (HR files name them freely)."""
    from core.storage.models import Department

    if not name or not name.strip():
        return None
    name = " ".join(name.split())
    dept = find_department(session, org, name)
    if dept is None and create:
        dept = Department(org_id=org.id, name=name)
        session.add(dept)
        session.flush()
    return dept


def departments(session: Session, org: Organization) -> list[Department]:
    """The organization's departments by name."""
    from sqlmodel import select

    from core.storage.models import Department

    return list(session.exec(select(Department).where(Department.org_id == org.id).order_by(Department.name)))


def department_names(session: Session, org: Organization) -> dict[int, str]:
    """Department id → name."""
    return {d.id: d.name for d in departments(session, org)}


def add_person(session: Session, org: Organization, row: PersonRow, today: datetime.date) -> Person:
    """Add one worker after checking the same rules as the import."""
    from sqlmodel import select

    from core.audit import audit
    from core.storage.models import Person
    from core.registry.people_io import check_row_lengths

    check_row_lengths(row)
    check_row_dates(row, today)
    if row.snils:
        existing = by_snils(session, org, row.snils)
        if existing is not None:
            raise OhsError(f"Работник с таким СНИЛС уже есть: №{existing.id}; "
                           f"посмотреть: ohs people show {existing.id}.", concerns="snils",
                           form=f"Работник с таким СНИЛС уже есть: №{existing.id} {existing.full_name}.")
    dept = get_department(session, org, row.department)
    known = set(session.exec(select(Person.position).where(Person.org_id == org.id).distinct()))
    position = existing_spelling(row.position, known) or row.position
    person = Person(org_id=org.id, department_id=dept.id if dept else None, **{**row_fields(row), "position": position})
    session.add(person)
    session.flush()
    from core.registry.employments import sync_main

    sync_main(session, person)
    audit(session, org, "people.add", "person", person.id, full_name=person.full_name, position=person.position)
    return person


def check_row_dates(row: PersonRow, today: datetime.date) -> None:
    """Refuse a typed-in card whose dates cannot be (hired in the future, born after hiring, dismissed before)."""
    problem = None
    if row.hired_on > today:
        problem = "hired_on", f"Дата приема {row.hired_on:%d.%m.%Y} ещё не наступила."
    elif row.birth_date and row.birth_date >= row.hired_on:
        problem = "birth_date", "Дата рождения позже даты приема."
    elif row.dismissed_on and row.dismissed_on < row.hired_on:
        problem = "dismissed_on", "Дата увольнения раньше даты приема."
    if problem:
        error = OhsError(problem[1])
        error.field = problem[0]  # type: ignore[attr-defined]  # the form shows it next to that date
        raise error


def by_snils(session: Session, org: Organization, snils: str) -> Person | None:
    """The organization's worker with that (canonical) СНИЛС, or None."""
    from sqlmodel import select

    from core.storage.models import Person

    return session.exec(select(Person).where(Person.org_id == org.id, Person.snils == snils)).first()


def list_people(
    session: Session,
    org: Organization,
    on: datetime.date | None = None,
    department: str | None = None,
    include_dismissed: bool = False,
) -> list[Person]:
    """Workers employed on ``on`` (or everyone with ``include_dismissed``), by surname."""
    from sqlalchemy import or_
    from sqlmodel import select

    from core.storage.models import Person

    query = select(Person).where(Person.org_id == org.id)
    if not include_dismissed and on is not None:
        query = query.where(Person.hired_on <= on, or_(Person.dismissed_on.is_(None), Person.dismissed_on >= on))
    if department:
        dept = find_department(session, org, department)
        if dept is None:
            raise NotFoundError(f"Подразделения «{department}» нет; список: ohs people departments.",
                                concerns="department",
                                form=f"Подразделения «{department}» нет; проверьте название по списку подразделений.")
        from sqlalchemy import exists

        from core.storage.models import Employment

        # A part-timer is listed in each department they work in (an employment there on ``on``).
        works_there = exists().where(Employment.person_id == Person.id, Employment.department_id == dept.id)
        if on is not None:
            works_there = works_there.where(Employment.started_on <= on,
                                            or_(Employment.ended_on.is_(None), Employment.ended_on >= on))
        query = query.where(or_(Person.department_id == dept.id, works_there))
    return list(session.exec(query.order_by(Person.surname, Person.name, Person.patronymic, Person.id)))


_SNILS_RE = re.compile(r"^\d{3}-?\d{3}-?\d{3}[ -]?\d{2}$")


def resolve_person(session: Session, org: Organization, ref: str) -> Person:
    """Find a worker by register number, СНИЛС, full name, «Фамилия И.О.» or a unique surname."""
    from sqlmodel import select

    from core.storage.models import Person

    ref = " ".join(str(ref).split())
    if not ref:
        raise OhsError("Не указан работник: номер, СНИЛС или ФИО.")
    if ref.isdigit() and len(ref) <= 9:
        person = session.get(Person, int(ref))
        if person is None or person.org_id != org.id:
            raise NotFoundError(f"Работника №{ref} нет в списке; посмотрите номера: ohs people list.",
                                form=f"Работника №{ref} нет в списке; номера — на странице «Работники».")
        return person
    if _SNILS_RE.match(ref):
        from core.registry.validation import normalize_snils

        person = by_snils(session, org, normalize_snils(ref))
        if person is None:
            raise NotFoundError(f"Работника со СНИЛС {ref} нет в списке.")
        return person
    words = re.split(r"[\s.]+", ref.strip(" ."))
    surname = words[0]
    variants = {surname, surname.capitalize(), surname.upper(), surname.replace("е", "ё"), surname.replace("ё", "е")}
    candidates = list(session.exec(select(Person).where(Person.org_id == org.id, Person.surname.in_(variants))))
    if not candidates:
        # Fallback for unusual capitalization: compare folded surnames in Python.
        candidates = [
            p for p in session.exec(select(Person).where(Person.org_id == org.id)) if _fold(p.surname) == _fold(surname)
        ]
    rest = [w for w in words[1:] if w]
    matched = [p for p in candidates if _matches(p, rest)]
    if not matched:
        raise NotFoundError(f"Работник «{ref}» не найден; посмотрите список: ohs people list.",
                            form=f"Работник «{ref}» не найден; проверьте написание по списку на странице «Работники».")
    if len(matched) > 1:
        active = [p for p in matched if p.dismissed_on is None]
        if len(active) == 1:
            return active[0]
        names = "; ".join(f"№{p.id} {p.full_name}, {p.position}" for p in matched[:10])
        raise OhsError(f"«{ref}» подходит нескольким работникам ({names}); укажите номер или СНИЛС.")
    return matched[0]


def _matches(person: Person, rest: list[str]) -> bool:
    parts = [person.name, person.patronymic or ""]
    for given, actual in zip(rest, parts, strict=False):
        given_f, actual_f = _fold(given), _fold(actual)
        if len(given_f) == 1:
            if not actual_f.startswith(given_f):
                return False
        elif given_f != actual_f:
            return False
    return len(rest) <= 2


def dismiss(session: Session, org: Organization, person: Person, on: datetime.date) -> Person:
    """Record the dismissal date (the day of dismissal is the last working day)."""
    from core.audit import audit

    if person.dismissed_on is not None:
        raise OhsError(f"{person.full_name} уже уволен(а) {person.dismissed_on:%d.%m.%Y}.")
    if on < person.hired_on:
        raise OhsError(f"Дата увольнения {on:%d.%m.%Y} раньше даты приема {person.hired_on:%d.%m.%Y}.")
    person.dismissed_on = on
    session.add(person)
    from core.registry.employments import sync_main

    sync_main(session, person)  # closes the main employment and the part-time ones still open
    audit(session, org, "people.dismiss", "person", person.id, full_name=person.full_name, dismissed_on=on)
    return person


def person_json(person: Person, dept_names: dict[int, str]) -> dict[str, Any]:
    """A person as a JSON-ready dict."""
    from core.storage.models import EMPLOYMENT_KINDS, OSH_ROLES

    return {
        "id": person.id,
        "surname": person.surname,
        "name": person.name,
        "patronymic": person.patronymic,
        "full_name": person.full_name,
        "gender": person.gender,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "position": person.position,
        "department": dept_names.get(person.department_id) if person.department_id else None,
        "hired_on": person.hired_on.isoformat(),
        "dismissed_on": person.dismissed_on.isoformat() if person.dismissed_on else None,
        "snils": person.snils,
        "email": person.email,
        "osh_role": person.osh_role,
        "osh_role_title": OSH_ROLES.get(person.osh_role, person.osh_role),
        "personnel_number": person.personnel_number,
        "employment_kind": person.employment_kind,
        "employment_kind_title": EMPLOYMENT_KINDS.get(person.employment_kind) if person.employment_kind else None,
        "rate": person.rate,
    }


def person_row(person: Person, dept_names: dict[int, str], line: int = 0) -> PersonRow:
    """A register entry in the file-row shape (for export)."""
    from core.registry.people_io import PersonRow

    return PersonRow(
        line=line,
        department=dept_names.get(person.department_id) if person.department_id else None,
        **{name: getattr(person, name) for name in SYNCED_FIELDS},
    )


def register_stats(session: Session, org: Organization) -> list[Figure]:
    """People and departments in the register, documents made and briefing journal entries (the core's records)."""
    from core.payloads import Figure

    from sqlalchemy import func
    from sqlmodel import select

    from core.journal.briefing_models import Briefing
    from core.documents.models import Document
    from core.storage.models import Department, Person

    def count(model: type) -> int:
        return int(session.exec(select(func.count()).select_from(model).where(model.org_id == org.id)).one())

    return [Figure("people", "работников в реестре", count(Person)), Figure("departments", "подразделений", count(Department)),
            Figure("documents", "редакций документов сделано", count(Document)),
            Figure("briefings", "записей в журнале инструктажей", count(Briefing))]
