"""A few months of briefing history for the demo school (called by ``core.demo.build_demo``).

Deterministic: derived only from the people and appointments already generated and the as-of date.
Built with the services of ``core.briefings``, so the demo journal passes the same rules as real data
and forms a valid hash chain.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.models import Organization, Person

INTRO_ACT = "Программа вводного инструктажа по охране труда"
WORKPLACE_ACT = "Программа инструктажа на рабочем месте; инструкции по охране труда по должности"


def _weekday(day: datetime.date) -> datetime.date:
    """The same day, or the next Monday when it falls on a weekend."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def add_demo_briefings(session: Session, org: Organization, people: list[Person], as_of: datetime.date) -> int:
    """Intro and primary briefings of recent hires, repeat briefings per department; returns the entry count."""
    from core.briefings import BriefingData, add_briefings
    from core.commissions import current_appointments

    appointments = current_appointments(session, org, as_of)
    intro_by = next((p for a, p in appointments if a.role == "intro_briefing"), None)
    responsible = next((p for a, p in appointments if a.role == "osh_responsible"), None)
    instructors = {a.department_id: (a.from_date, p) for a, p in appointments if a.role == "briefing_instructor"}
    start = min((a.from_date for a, _p in appointments), default=None)
    if start is None or intro_by is None:
        return 0
    count = 0
    # Recent hires: the introductory briefing on the day of hiring, the primary one the same day.
    for person in sorted(people, key=lambda p: (p.hired_on, p.id)):
        if person.hired_on < start or person.hired_on > as_of or person.id == intro_by.id:
            continue
        count += len(add_briefings(session, org, [person], BriefingData("intro", person.hired_on, intro_by,
                                                                         act=INTRO_ACT), as_of))
        since, instructor = instructors.get(person.department_id, (None, responsible))
        instructor = instructor or responsible
        if instructor is not None and instructor.id != person.id and (since is None or since <= person.hired_on):
            count += len(add_briefings(session, org, [person], BriefingData("primary", person.hired_on, instructor,
                                                                             act=WORKPLACE_ACT), as_of))
    # Repeat briefings of each department, twice a year (2464: at least once in six months).
    for offset in (30, 210):
        day = _weekday(start + datetime.timedelta(days=offset))
        if day > as_of:
            continue
        for dept_id, (since, instructor) in sorted(instructors.items(), key=lambda kv: kv[0] or 0):
            if since > day or not instructor.is_active(day):
                continue
            group = [p for p in people if p.department_id == dept_id and p.is_active(day)
                     and p.id != instructor.id and p.hired_on < day]
            if group:
                count += len(add_briefings(session, org, group, BriefingData("repeat", day, instructor,
                                                                              act=WORKPLACE_ACT), as_of))
    return count
