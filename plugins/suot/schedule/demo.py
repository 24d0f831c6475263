"""Training, medical and СОУТ history of the demo school, deterministic and bulk-inserted (scales to 10,000 × 5).

What the demo shows on ``ohs due --today 2026-11-23``: most workers trained and examined on time, a few
trainings and exams overdue, one failed knowledge check with its retake coming, one worker back from
a long leave without an unscheduled briefing, a psychiatric examination missing for a recent hire, a
workplace whose СОУТ falls due next month and a new workplace awaiting its unscheduled СОУТ.
Rows go through :func:`~plugins.suot.schedule.chain.bulk_append`, so the chains verify.
"""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING, Any

from core.obligations.rules.periodicity import add_period, needs_psychiatric, psychiatric_fragments

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person

#: Programs by position fragment (lower case), besides program Б for everyone.
LEADERS = ("директор", "специалист по охране труда", "заведующий хозяйством", "старший тренер")
FIRST_AID = ("тренер", "хореограф", "инструктор", "врач", "медицинская", "водитель", "специалист по охране труда",
             "рабочий", "электромонт")
PPE = ("рабочий", "электромонт", "уборщик")
HIGH_DANGER = ("электромонт",)
PERIOD_YEARS = {"A": 3, "B": 3, "V": 1, "first_aid": 3, "ppe": 3}
HOURS = {"A": 16, "B": 16, "V": 16, "first_aid": 8, "ppe": 16}
#: Commission days: the 15th of March and of October (moved to a weekday).
COMMISSION_MONTHS = (3, 10)
MISS_RATE = 0.04
MEDICAL_YEARS = 2


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _session_on_or_after(day: datetime.date) -> datetime.date:
    """The first commission day (15 March or 15 October) on or after ``day``."""
    for year in (day.year, day.year + 1):
        for month in COMMISSION_MONTHS:
            candidate = _weekday(datetime.date(year, month, 15))
            if candidate >= day:
                return candidate
    raise AssertionError("unreachable")


def _programs(position: str) -> list[str]:
    folded = position.lower()
    found = ["B"]
    for program, fragments in (("A", LEADERS), ("first_aid", FIRST_AID), ("ppe", PPE), ("V", HIGH_DANGER)):
        if any(f in folded for f in fragments):
            found.append(program)
    return found


def _trainings(people: list[Person], rng: random.Random, start: datetime.date, today: datetime.date) -> list[dict]:
    """Passed checks on commission days within the history window; about 4 % miss their latest one."""
    entries = []
    forced = False
    for person in people:
        if person.dismissed_on is not None and person.dismissed_on < start:
            continue
        end = min(today, person.dismissed_on or today)
        for program in _programs(person.position):
            period = PERIOD_YEARS[program]
            # First training after hiring, or a phase before the window for long-serving staff.
            if person.hired_on >= start:
                due = person.hired_on + datetime.timedelta(days=rng.randint(10, 40))
            else:
                due = add_period(start, -rng.randint(0, period * 12 - 1), "months")
            dates = []
            while True:
                day = _session_on_or_after(due) if due > person.hired_on else _session_on_or_after(person.hired_on)
                if day > end:
                    break
                dates.append(day)
                due = add_period(day, period, "years") - datetime.timedelta(days=60)
            # The first worker with two first-aid trainings always misses the latest: an overdue item even in
            # the 45-person demo; others miss theirs at random.
            missed = rng.random() < MISS_RATE or (program == "first_aid" and not forced and len(dates) >= 2)
            if len(dates) >= 2 and dates[-1] > today - datetime.timedelta(days=400) and missed:
                forced = forced or program == "first_aid"
                dates.pop()  # the latest session was missed: the check is now overdue or coming
            # The latest check is kept even before the window: it is what the next date counts from.
            entries.extend({"person_id": person.id, "program": program, "on": d, "result": "passed"}
                           for i, d in enumerate(dates) if d >= start or i == len(dates) - 1)
    return entries


def _failed(people: list[Person], today: datetime.date) -> list[dict]:
    """One coach failed program Б at a special session two weeks ago: the retake is coming."""
    coach = next((p for p in people if p.position == "Тренер-преподаватель" and p.is_active(today)
                  and p.hired_on < today - datetime.timedelta(days=400)), None)
    day = _weekday(today - datetime.timedelta(days=14))
    return [{"person_id": coach.id, "program": "B", "on": day, "result": "failed"}] if coach else []


def _with_protocols(entries: list[dict]) -> list[dict]:
    """Sort by date and number the protocols «N/ГГГГ»: one per commission day and program."""
    entries.sort(key=lambda e: (e["on"], e["program"], e["person_id"]))
    numbers: dict[tuple, str] = {}
    per_year: dict[int, int] = {}
    rows = []
    for e in entries:
        key = (e["on"], e["program"])
        if key not in numbers:
            per_year[e["on"].year] = per_year.get(e["on"].year, 0) + 1
            numbers[key] = f"{per_year[e['on'].year]}/{e['on'].year}"
        rows.append({**e, "protocol": numbers[key], "hours": HOURS[e["program"]],
                     "provider": "обучение у работодателя (своими силами)", "reason": None, "corrects_id": None})
    return rows


def _medical(people: list[Person], rng: random.Random, today: datetime.date) -> list[dict]:
    """Yearly periodic exams for the last two years (about 4 % overdue), preliminary and psychiatric at hiring."""
    fragments = psychiatric_fragments()
    start = today - datetime.timedelta(days=365 * MEDICAL_YEARS)
    skipped_psychiatric = False
    rows = []
    for person in people:
        if not person.is_active(today):
            continue
        base = {"person_id": person.id, "result": "fit", "basis": "education", "referral": False, "conclusion": None,
                "reason": None, "corrects_id": None}
        if person.hired_on >= start:
            rows.append({**base, "kind": "preliminary", "on": person.hired_on - datetime.timedelta(days=3)})
        # 342н applies from 01.09.2022: at hiring, for the positions of its list.
        if needs_psychiatric(person.position, fragments) and person.hired_on >= datetime.date(2022, 9, 1):
            if skipped_psychiatric or person.hired_on < today - datetime.timedelta(days=60):
                rows.append({**base, "kind": "psychiatric", "basis": None,
                             "on": person.hired_on - datetime.timedelta(days=5)})
            else:
                skipped_psychiatric = True  # one recent hire without it: an overdue item
        overdue = rng.random() < MISS_RATE
        last = today - datetime.timedelta(days=rng.randint(370, 420) if overdue else rng.randint(5, 360))
        for back in range(MEDICAL_YEARS):
            day = _weekday(add_period(last, -back, "years"))
            if day > person.hired_on and day <= today:
                rows.append({**base, "kind": "periodic", "on": day})
    rows.sort(key=lambda r: (r["on"], r["person_id"], r["kind"]))
    return rows


def _sout(session: Session, org: Organization, people: list[Person], today: datetime.date) -> None:
    """A СОУТ result for every workplace held today; one due next month; the accompanist's workplace is new."""
    from sqlalchemy import insert

    from plugins.suot.schedule.models import SuotSout, SuotSoutEvent

    workplaces = sorted({(p.department_id, p.position) for p in people if p.is_active(today)},
                        key=lambda w: (w[0] or 0, w[1]))
    rows, events = [], []
    for i, (dept_id, position) in enumerate(workplaces):
        folded = position.lower()
        if folded.startswith("концертмейстер"):
            events.append({"org_id": org.id, "department_id": dept_id, "position": position, "reason": "new_workplace",
                           "on": datetime.date(today.year, 9, 1), "note": "введена новая штатная единица"})
            continue
        if folded.startswith("водитель"):
            report, cls, factors, declaration = (_weekday(add_period(today, -5, "years") + datetime.timedelta(days=17)),
                                                 "3.1", "шум=2; вибрация общая=3.1", False)
        elif folded.startswith(("рабочий", "электромонт")):
            report, cls, factors, declaration = (datetime.date(2023, 4, 12), "3.1",
                                                 "тяжесть трудового процесса=3.1; микроклимат=2", False)
        elif folded.startswith(("хореограф", "инструктор")):
            report, cls, factors, declaration = (datetime.date(today.year - 1, 11, 14), "2",
                                                 "тяжесть трудового процесса=2", True)
        else:
            report, cls, factors, declaration = (datetime.date(2022, 3, 15) + datetime.timedelta(days=i % 20), "2",
                                                 "тяжесть трудового процесса=2", i % 3 != 0)
        rows.append({"org_id": org.id, "department_id": dept_id, "position": position, "workplace_no": str(i + 1),
                     "report_on": report, "sout_class": cls, "factors": factors, "declaration": declaration})
    if rows:
        session.execute(insert(SuotSout), rows)
    if events:
        session.execute(insert(SuotSoutEvent), events)


def _absence(session: Session, org: Organization, people: list[Person], today: datetime.date) -> None:
    """One coach back on 1 November after four months of leave, with no unscheduled briefing yet."""
    from plugins.suot.schedule.models import SuotAbsence

    coach = next((p for p in reversed(people) if p.position == "Тренер-преподаватель" and p.is_active(today)
                  and p.hired_on < today - datetime.timedelta(days=400)), None)
    if coach is not None:
        session.add(SuotAbsence(org_id=org.id, person_id=coach.id, from_on=datetime.date(today.year, 7, 1),
                                to_on=datetime.date(today.year, 10, 31), reason="отпуск по уходу за ребёнком"))


def add_demo_schedule(session: Session, org: Organization, people: list[Any], rng: random.Random, years: int,
                      today: datetime.date) -> None:
    """Bulk-insert the demo's trainings, medical exams, СОУТ results, one СОУТ event and one long absence."""
    from plugins.suot.schedule import medical, training
    from plugins.suot.schedule.chain import bulk_append

    local = random.Random(f"ohs-demo-schedule:{rng.random()}")
    start = today - datetime.timedelta(days=int(years * 365.25))
    entries = _trainings(people, local, start, today) + _failed(people, today)
    bulk_append(session, org, training.spec(), _with_protocols(entries))
    bulk_append(session, org, medical.spec(), _medical(people, local, today))
    _sout(session, org, people, today)
    _absence(session, org, people, today)
    session.flush()
