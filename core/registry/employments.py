"""Employments of a person: several at once (internal part-time), one after another (transfers).

The person's own columns (position, department, kind, rate, hired/dismissed) stay the view of the main
employment, which the rest of the toolkit reads; ``core_employment`` keeps every employment with its period.
:func:`sync_main` brings the main chain in line after a change of the person's columns (a card typed in, an
edit, a dismissal, an import); a change of position or department with a date becomes a transfer — the
employment in force is closed the day before and another is opened — and without one it is a correction of
the same employment.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.registry.people_io import PersonRow
    from core.storage.models import Employment, Organization, Person

_DAY = datetime.timedelta(days=1)


def employments(session: Session, person: Person) -> list[Employment]:
    """The person's employments, the earliest first (main before part-time on the same day)."""
    from sqlmodel import select

    from core.storage.models import Employment

    rows = session.exec(select(Employment).where(Employment.person_id == person.id))
    return sorted(rows, key=lambda e: (e.started_on, not e.main, e.id or 0))


def current_main(session: Session, person: Person) -> Employment | None:
    """The latest employment of the main chain (open, or closed by the dismissal)."""
    chain = [e for e in employments(session, person) if e.main]
    return max(chain, key=lambda e: (e.started_on, e.id or 0)) if chain else None


def held_on(session: Session, org: Organization, on: datetime.date) -> dict[int, list[Employment]]:
    """Person id → the employments in force on that day (main first), for the whole organization in one query."""
    from sqlalchemy import or_
    from sqlmodel import col, select

    from core.storage.models import Employment

    ended = col(Employment.ended_on)
    query = select(Employment).where(Employment.org_id == org.id, col(Employment.started_on) <= on,
                                     or_(ended.is_(None), ended >= on))
    result: dict[int, list[Employment]] = {}
    for employment in sorted(session.exec(query), key=lambda e: (not e.main, e.started_on, e.id or 0)):
        result.setdefault(employment.person_id, []).append(employment)
    return result


def places(person: Person, held: dict[int, list[Employment]]) -> list[tuple[str, int | None]]:
    """(position, department id) of each employment the person holds (``held``), else the register's."""
    found = [(e.position, e.department_id) for e in held.get(person.id or 0, [])]
    return found or [(person.position, person.department_id)]


def _from_person(person: Person, started_on: datetime.date, reason: str, previous: Employment | None = None
                 ) -> Employment:
    from core.storage.models import Employment

    assert person.id is not None  # a flushed person
    return Employment(org_id=person.org_id, person_id=person.id, position=person.position,
                      department_id=person.department_id, kind=person.employment_kind, rate=person.rate,
                      personnel_number=person.personnel_number, main=True, started_on=started_on,
                      ended_on=person.dismissed_on, reason=reason, previous_id=previous.id if previous else None)


def sync_main(session: Session, person: Person, transfer_on: datetime.date | None = None) -> Employment:
    """Make the main employment match the person's columns; the main employment in force afterwards.

    A new position or department becomes a transfer when ``transfer_on`` falls after the employment's start
    (else it corrects that employment: a typo, or a card fixed the day it was entered). A hire date after
    the last dismissal opens a new employment (re-hired); a dismissal closes the part-time ones still open.
    """
    main = current_main(session, person)
    if main is None or (main.ended_on is not None and person.hired_on > main.ended_on):
        employment = _from_person(person, person.hired_on, "hire")
    elif ((main.position, main.department_id) != (person.position, person.department_id)
          and transfer_on is not None and transfer_on > main.started_on):
        main.ended_on = transfer_on - _DAY
        session.add(main)
        session.flush()
        employment = _from_person(person, transfer_on, "transfer", main)
    else:
        employment = main
        employment.position, employment.department_id = person.position, person.department_id
        employment.kind, employment.rate = person.employment_kind, person.rate
        employment.personnel_number = person.personnel_number
        if employment.reason == "hire":
            employment.started_on = person.hired_on
        employment.ended_on = person.dismissed_on
    session.add(employment)
    if person.dismissed_on is not None:
        for other in employments(session, person):
            if not other.main and other.ended_on is None:
                other.ended_on = max(person.dismissed_on, other.started_on)
                session.add(other)
    session.flush()
    return employment


def add_part_time(session: Session, org: Organization, person: Person, row: PersonRow,
                  department_id: int | None) -> Employment:
    """Open a part-time employment of a person from a file row (its position, department, kind, rate, number)."""
    from core.storage.models import Employment

    assert org.id is not None and person.id is not None  # both are stored rows
    employment = Employment(org_id=org.id, person_id=person.id, position=row.position, department_id=department_id,
                            kind=row.employment_kind or "internal", rate=row.rate,
                            personnel_number=row.personnel_number, main=False, started_on=row.hired_on,
                            ended_on=row.dismissed_on or person.dismissed_on, reason="hire")
    session.add(employment)
    session.flush()
    return employment


def transfer_part_time(session: Session, employment_id: int, position: str, department_id: int | None,
                       on: datetime.date) -> Employment:
    """Move a part-time employment to another position or department from ``on`` (on its first day: correct it)."""
    from core.storage.models import Employment

    employment = session.get(Employment, employment_id)
    if employment is None:
        raise NotFoundError(f"Должности №{employment_id} нет.")
    if on <= employment.started_on:
        employment.position, employment.department_id = position, department_id
        session.add(employment)
        session.flush()
        return employment
    employment.ended_on = on - _DAY
    session.add(employment)
    session.flush()
    new = Employment(org_id=employment.org_id, person_id=employment.person_id, position=position,
                     department_id=department_id, kind=employment.kind, rate=employment.rate,
                     personnel_number=employment.personnel_number, main=False, started_on=on, reason="transfer",
                     previous_id=employment.id)
    session.add(new)
    session.flush()
    return new


def backfill(session: Session, org: Organization) -> int:
    """One main employment for every person of the organization who has none (after a bulk insert of people)."""
    from sqlalchemy import exists, insert, literal, select
    from sqlmodel import col

    from core.storage.models import Employment, Person, utcnow

    has_one = exists().where(col(Employment.person_id) == col(Person.id))
    fields = [col(getattr(Person, name)) for name in ("org_id", "id", "position", "department_id", "employment_kind",
                                                      "rate", "personnel_number")]
    source = select(*fields, literal(True), col(Person.hired_on), col(Person.dismissed_on), literal("hire"),
                    literal(utcnow())).where(col(Person.org_id) == org.id, ~has_one)
    columns = ["org_id", "person_id", "position", "department_id", "kind", "rate", "personnel_number", "main",
               "started_on", "ended_on", "reason", "created_at"]
    result = session.connection().execute(insert(Employment).from_select(columns, source))
    return int(result.rowcount or 0)


def find_employment(session: Session, person: Person, number: int | None) -> Employment:
    """The employment with that number among the person's, or the main one in force (None)."""
    if number is None:
        main = current_main(session, person)
        if main is None:
            raise NotFoundError(f"У работника {person.full_name} нет записей о должностях.")
        return main
    found = next((e for e in employments(session, person) if e.id == number), None)
    if found is None:
        raise NotFoundError(f"Должность №{number} не принадлежит работнику {person.full_name}; номера должностей: "
                            f"ohs people show {person.id}.",
                            form=f"Должность №{number} не принадлежит работнику {person.full_name}; его должности — "
                                 "в карточке работника.")
    return found


def transfer(session: Session, org: Organization, person: Person, employment: Employment, position: str | None,
             department: str | None, on: datetime.date, today: datetime.date) -> Employment:
    """Record a transfer: ``employment`` ends the day before ``on``, the new one starts on ``on`` (audited)."""
    from core.audit import audit
    from core.registry.people import department_names, get_department
    from core.registry.names import existing_spelling

    if position is None and department is None:
        raise OhsError("Перевод: укажите новую должность (--position) или подразделение (--department).",
                       form="Перевод: укажите новую должность или подразделение.")
    if on > today:
        raise OhsError(f"Дата перевода (--on) {on:%d.%m.%Y} ещё не наступила.", concerns="on",
                       form=f"Дата перевода {on:%d.%m.%Y} ещё не наступила.")
    if employment.ended_on is not None:
        closed = (f"должность №{employment.id} ({employment.position}) закрыта {employment.ended_on:%d.%m.%Y}; "
                  "переводить можно только с действующей.")
        raise OhsError(f"Дата перевода (--on): {closed}", concerns="on", form=f"Дата перевода: {closed}")
    if on <= employment.started_on:
        late = (f"{on:%d.%m.%Y} должна быть позже начала работы в должности ({employment.started_on:%d.%m.%Y}); "
                "ошибку в самой должности исправьте")
        raise OhsError(f"Дата перевода (--on) {late}: ohs people edit {person.id} position=…", concerns="on",
                       form=f"Дата перевода {late} в поле «Должность» без даты перевода.")
    new_position = " ".join((position or "").split()) or employment.position
    if position is not None and not new_position:
        raise OhsError("Должность (--position) пуста: укажите её.", concerns="position",
                       form="Должность пуста: укажите её.")
    from sqlmodel import select

    from core.storage.models import Employment

    known = set(session.exec(select(Employment.position).where(Employment.org_id == org.id).distinct()))
    new_position = existing_spelling(new_position, known) or new_position
    dept = get_department(session, org, department) if department else None
    dept_id = dept.id if dept else employment.department_id
    if (new_position, dept_id) == (employment.position, employment.department_id):
        raise OhsError("Перевод: должность и подразделение те же, что сейчас; укажите новые.")
    employment.ended_on = on - _DAY
    session.add(employment)
    session.flush()
    assert org.id is not None and person.id is not None  # both are stored rows
    new = Employment(org_id=org.id, person_id=person.id, position=new_position, department_id=dept_id,
                     kind=employment.kind, rate=employment.rate, personnel_number=employment.personnel_number,
                     main=employment.main, started_on=on, reason="transfer", previous_id=employment.id)
    session.add(new)
    if employment.main:  # the person's columns show the main employment
        person.position, person.department_id = new_position, dept_id
        session.add(person)
    session.flush()
    names = department_names(session, org)
    audit(session, org, "people.transfer", "person", person.id, full_name=person.full_name, on=on,
          employment_id=employment.id, new_employment_id=new.id,
          position=[employment.position, new_position],
          department=[names.get(employment.department_id or 0), names.get(dept_id or 0)])
    return new


def employment_json(employment: Employment, dept_names: dict[int, str]) -> dict[str, Any]:
    """An employment as a JSON-ready dict."""
    from core.storage.models import EMPLOYMENT_KINDS, EMPLOYMENT_REASONS

    return {"id": employment.id, "position": employment.position,
            "department": dept_names.get(employment.department_id) if employment.department_id else None,
            "kind": employment.kind, "kind_title": EMPLOYMENT_KINDS.get(employment.kind or ""),
            "rate": employment.rate, "personnel_number": employment.personnel_number, "main": employment.main,
            "started_on": employment.started_on.isoformat(),
            "ended_on": employment.ended_on.isoformat() if employment.ended_on else None,
            "reason": employment.reason, "reason_title": EMPLOYMENT_REASONS.get(employment.reason),
            "previous_id": employment.previous_id}
