"""A few months of briefing history for the demo school (called by ``core.demo.build_demo``).

Deterministic: derived only from the people and appointments already generated and the as-of date.
Built with the services of ``core.journal.briefings``, so the demo journal passes the same rules as real data
and forms a valid hash chain.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person

INTRO_ACT = "Программа вводного инструктажа по охране труда"
WORKPLACE_ACT = "Программа инструктажа на рабочем месте; инструкции по охране труда по должности"


def _weekday(day: datetime.date) -> datetime.date:
    """The same day, or the next Monday when it falls on a weekend."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _weekday_before(day: datetime.date) -> datetime.date:
    """The same day, or the Friday before when it falls on a weekend (a briefing is never later than due)."""
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _quarterly_positions() -> set[str]:
    """Positions the demo school's own rules brief every 3 months or more often."""
    from core.demo import _load

    positions = _load("school.toml").get("rules", {}).get("positions", {})
    return {name for name, rules in positions.items() if rules.get("repeat_briefing_months", 6) <= 3}


def add_demo_briefings(session: Session, org: Organization, people: list[Person], as_of: datetime.date) -> int:
    """Intro and primary briefings of recent hires, repeat briefings per department; returns the entry count."""
    from core.journal.briefings import BriefingData, add_briefings
    from core.registry.commissions import current_appointments

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
    # Repeat briefings of each department, twice a year (2464: at least once in six months), and every
    # quarter for the positions the school itself briefs every 3 months (its own rule in ohs.toml), so the
    # demo journal keeps the periodicity its Положение states.
    quarterly = _quarterly_positions()
    from core.obligations.rules.periodicity import add_period

    first = _weekday(start + datetime.timedelta(days=30))
    for quarter in range(4):
        day = _weekday_before(add_period(first, 3 * quarter, "months"))
        if day > as_of:
            continue
        half_year = quarter in (0, 2)
        for dept_id, (since, instructor) in sorted(instructors.items(), key=lambda kv: kv[0] or 0):
            if since > day or not instructor.is_active(day):
                continue
            group = [p for p in people if p.department_id == dept_id and p.is_active(day)
                     and p.id != instructor.id and p.hired_on < day and (half_year or p.position in quarterly)]
            if group:
                count += len(add_briefings(session, org, group, BriefingData("repeat", day, instructor,
                                                                              act=WORKPLACE_ACT), as_of))
        # The instructors are workers too: the person responsible for labour protection briefs them the same
        # day (otherwise the demo's first «ohs due» lists every instructor as never briefed).
        if responsible is not None and responsible.is_active(day):
            own = sorted({i.id: i for _since, i in instructors.values()
                          if i.id != responsible.id and i.is_active(day) and i.hired_on < day
                          and (half_year or i.position in quarterly)}.values(), key=lambda p: p.id)
            if own:
                count += len(add_briefings(session, org, own, BriefingData("repeat", day, responsible,
                                                                            act=WORKPLACE_ACT), as_of))
    return count
