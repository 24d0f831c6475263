"""Demo appointments by order and the knowledge-check commission of the demo school.

Built with the services of ``core.registry.commissions``, so the demo passes the same rules as real data
(active people, the head signs, at least three commission members). Everything is derived from
the people already generated, with one pass over them, so scaled demos stay cheap.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person

OSH_SPECIALIST = "Специалист по охране труда"
DEPUTY_SPORT = "Заместитель директора по спортивной подготовке"
DEPUTY_ADMIN = "Заместитель директора по административно-хозяйственной работе"
SENIOR_COACH = "Старший тренер-преподаватель"
COACHING_PREFIX = "Отделение спортивной гимнастики"

#: Department (or its prefix for the numbered coaching departments) → positions that may instruct
#: there, first found wins: the direct supervisor conducts workplace briefings (2464, п. 22 [C]).
INSTRUCTORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Администрация", (DEPUTY_ADMIN,)),
    ("Бухгалтерия", ("Главный бухгалтер", DEPUTY_ADMIN)),
    (COACHING_PREFIX, (SENIOR_COACH, DEPUTY_SPORT)),
    ("Методический отдел", (DEPUTY_SPORT,)),
    ("Медицинский кабинет", ("Врач по спортивной медицине", DEPUTY_SPORT)),
    ("Хозяйственный отдел", (DEPUTY_ADMIN, "Заведующий хозяйством")),
)


def _order_date(as_of: datetime.date, people: list[Person]) -> datetime.date:
    """Early in the as-of year (or a year before, for a January snapshot), but not before anyone named was hired."""
    base = datetime.date(as_of.year, 1, 12)
    if base >= as_of - datetime.timedelta(days=30):
        base = datetime.date(as_of.year - 1, 1, 12)
    latest_hire = max((p.hired_on for p in people), default=base)
    return min(max(base, latest_hire), as_of)


def add_demo_appointments(session: Session, org: Organization, people: list[Person], as_of: datetime.date) -> None:
    """Appoint the OSH specialist (responsible, introductory briefing), instructors per department, the commission."""
    from core.registry.commissions import add_appointment, add_commission
    from core.storage.models import Department
    from core.registry.org import role_holder
    from core.registry.people import department_names

    names = department_names(session, org)
    active = [p for p in people if p.is_active(as_of)]
    head = role_holder(session, org, "head", as_of)
    specialist = next((p for p in active if p.position == OSH_SPECIALIST), None)
    if head is None or specialist is None:
        return
    by_position: dict[str, Person] = {}
    by_dept_position: dict[tuple[str, str], Person] = {}
    for person in active:
        by_position.setdefault(person.position, person)
        by_dept_position.setdefault((names.get(person.department_id, ""), person.position), person)

    main_date = _order_date(as_of, [specialist, head])
    for role in ("osh_responsible", "intro_briefing"):
        add_appointment(session, org, role, specialist, "12-ОТ", main_date, as_of)

    departments = sorted({names[p.department_id] for p in active if p.department_id in names})
    dept_ids = {name: dept_id for dept_id, name in names.items()}
    chosen: list[tuple[str, Person]] = []
    for department in departments:
        candidates = next((c for prefix, c in INSTRUCTORS if department.startswith(prefix)), ())
        # The department's own senior coach first (scaled demos have several coaching departments).
        person = next((by_dept_position[(department, pos)] for pos in candidates
                       if (department, pos) in by_dept_position), None)
        person = person or next((by_position[pos] for pos in candidates if pos in by_position), None)
        if person is not None:
            chosen.append((department, person))
    if chosen:
        briefing_date = _order_date(as_of, [head] + [p for _d, p in chosen])
        for department, person in chosen:
            add_appointment(session, org, "briefing_instructor", person, "13-ОТ", briefing_date, as_of,
                            department=session.get(Department, dept_ids[department]))

    deputies = [by_position[pos] for pos in (DEPUTY_SPORT, DEPUTY_ADMIN) if pos in by_position]
    members = [("chair", head), ("member", specialist)] + [("member", d) for d in deputies]
    if len(members) >= 3:
        add_commission(session, org, "knowledge_check", "14-ОТ", _order_date(as_of, [p for _r, p in members]),
                       members, as_of)
