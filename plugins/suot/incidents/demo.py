"""Demo history of the incident journal: micro-traumas every year, light insured accidents, an emergency.

Deterministic (a local generator seeded from the demo's size and date, so other parts' data do not
shift), and scalable: cases grow with the staff (about 6 micro-traumas and 0.3 accidents a year per
100 workers, plus one light accident in each of the last two years), and the entries are written
with one bulk insert, their hash chain computed in memory. The last entry's hash goes to the audit
log, so ``ohs verify`` also notices a cut tail of the demo journal.
"""

from __future__ import annotations

import datetime
import random
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person

DATA = Path(__file__).resolve().parent.parent / "data" / "incident_demo.toml"
MICROTRAUMA_RATE = 0.06
ACCIDENT_RATE = 0.003
COMMISSION_POSITIONS = ("Заместитель директора по административно-хозяйственной работе",)
ACTOR = "demo"
TYPE_WORDS = {"microtrauma": "Микротравма", "accident": "Несчастный случай", "emergency": "Авария"}


class _Picker:
    """Random people employed on a given day, without scanning the whole register each time."""

    def __init__(self, people: list[Person], rng: random.Random) -> None:
        self.people = sorted((p for p in people if p.position != "Директор"), key=lambda p: p.id)
        self.rng = rng

    def pick(self, on: datetime.date, exclude: set[int] = frozenset(), who: str = "") -> Person | None:
        """Someone employed on ``on`` (hired before it) whose position starts with ``who``; None if none is found soon."""
        for _ in range(60):
            person = self.rng.choice(self.people)
            if (person.is_active(on) and person.hired_on < on and person.id not in exclude
                    and person.position.startswith(who)):
                return person
        return None


class _Commission:
    """The investigation commission on a date: the deputy for facilities (chair), the OSH specialist, the workers' representative.

    Candidates are found once, so thousands of cases cost no scan of the register each.
    """

    def __init__(self, session: Session, org: Organization, people: list[Person]) -> None:
        from sqlmodel import select

        from core.storage.models import OrgRole

        by_id = {p.id: p for p in people}
        self.groups = [[p for p in people if p.position == position] for position in COMMISSION_POSITIONS]
        self.groups.append([p for p in people if p.osh_role == "specialist"])
        roles = session.exec(select(OrgRole).where(OrgRole.org_id == org.id, OrgRole.role == "worker_representative")
                             .order_by(OrgRole.since, OrgRole.id))
        self.representatives = [(r.since, by_id[r.person_id]) for r in roles if r.person_id in by_id]

    def on(self, day: datetime.date) -> list[dict]:
        """The members employed on ``day``, as case parties."""
        members = [next((p for p in group if p.is_active(day)), None) for group in self.groups]
        held = [p for since, p in self.representatives if since <= day]
        members.append(held[-1] if held else None)
        ids = dict.fromkeys(p.id for p in members if p is not None and p.is_active(day))
        return [{"person_id": i} for i in ids]


def _day(rng: random.Random, year: int, last: datetime.date) -> datetime.date | None:
    start = datetime.date(year, 1, 10)
    end = min(datetime.date(year, 12, 20), last)
    if end < start:
        return None
    day = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
    return day - datetime.timedelta(days=max(day.weekday() - 4, 0))  # weekends move to Friday


def _responsible(people: list[Person], position: str, on: datetime.date) -> Person | None:
    """Who holds ``position`` on ``on``, else the OSH specialist employed then."""
    for wanted in (lambda p: p.position == position, lambda p: p.osh_role == "specialist"):
        found = next((p for p in people if wanted(p) and p.is_active(on)), None)
        if found is not None:
            return found
    return None


def _add_measures(session, org, people, cases, base: int, today: datetime.date) -> None:
    """Give every case a measure of the plan from its sample, linked by its closing entry.

    One measure per sample and year (the first case of the pair is its source), so a repeated
    micro-trauma points to the measure already taken; a case already linked (``link_measure``) keeps
    its link. Measures whose deadline has passed are done ten days before it, with the sample's result.
    """
    from plugins.suot.measure_models import SuotMeasure, SuotMeasureEvent

    made: dict[tuple[int, str], int] = {}
    for case_no, (on, kind, fields, later, sample) in enumerate(cases, start=1):
        if fields.get("measures") or not sample.get("measure"):
            continue
        closed = min(later[0][1], today)
        key = (on.year, sample["measure"])
        if key not in made:
            person = _responsible(people, sample["responsible"], closed)
            if person is None:
                continue
            deadline = closed + datetime.timedelta(days=30)
            analysis = f"{TYPE_WORDS[kind]} {on:%d.%m.%Y}: {fields['circumstances']}"
            measure = SuotMeasure(org_id=org.id, year=closed.year, source="incident",
                                  source_ref=f"incident:{base + case_no}", analysis=analysis, measure=sample["measure"],
                                  expected="Устранение причин происшествия", deadline=deadline,
                                  responsible_id=person.id, funding=sample["funding"], added_on=closed)
            session.add(measure)
            session.flush()
            done = deadline - datetime.timedelta(days=10)
            if done <= today:
                session.add(SuotMeasureEvent(org_id=org.id, measure_id=measure.id, status="done", on=done,
                                             note=sample.get("result")))
            made[key] = measure.id
        later[0][2]["measures"] = [made[key]]
    session.flush()


def _events(session, org, people, years, today, rng, base: int) -> list[tuple[datetime.date, int, str, dict[str, Any], str | None]]:
    """(date, order, action, data, reason) of every entry, before numbering; ``order`` keeps a case's entries in turn."""
    from sqlmodel import select

    from plugins.suot.measure_models import SuotMeasure

    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    picker = _Picker(people, rng)
    commission = _Commission(session, org, people)
    active = sum(1 for p in people if p.is_active(today))
    incident_measures = list(session.exec(select(SuotMeasure.id, SuotMeasure.year).where(
        SuotMeasure.org_id == org.id, SuotMeasure.source == "incident")).all())
    cases: list[tuple[datetime.date, str, dict[str, Any], list, dict[str, Any]]] = []
    for year in range(today.year - years + 1, today.year + 1):
        for i in range(max(2, round(active * MICROTRAUMA_RATE))):
            on, sample = _day(rng, year, today - datetime.timedelta(days=3)), data["microtrauma"][i % len(data["microtrauma"])]
            person = picker.pick(on, who=sample.get("who", "")) if on else None
            if person is None:
                continue
            fields = {"type": "microtrauma", "time": f"{rng.randint(9, 19):02d}:{rng.choice((0, 15, 30, 45)):02d}",
                      "place": sample["place"], "circumstances": sample["circumstances"], "injury": sample["injury"],
                      "causes": sample["causes"], "injured": [{"person_id": person.id}]}
            links = [m for m, y in incident_measures if y == year] if sample.get("link_measure") else []
            if links:
                fields["measures"] = links
            cases.append((on, "microtrauma", fields, [("close", on + datetime.timedelta(days=rng.randint(1, 3)), {})],
                          sample))
        accidents = (1 if year >= today.year - 1 else 0) + int(active * ACCIDENT_RATE)
        for i in range(accidents):
            on = _day(rng, year, today - datetime.timedelta(days=60))
            if on is None:
                continue
            fitting = [s for s in data["accident"] if on.month in s.get("months", range(1, 13))]
            sample = rng.choice(fitting)
            person = picker.pick(on, who=sample.get("who", ""))
            if person is None:
                continue
            witness = picker.pick(on, {person.id})
            days = rng.randint(7, 30)
            act = on + datetime.timedelta(days=3)
            fields = {"type": "accident", "time": f"{rng.randint(9, 19):02d}:{rng.choice((5, 20, 40)):02d}",
                      "place": sample["place"], "circumstances": sample["circumstances"], "event": sample.get("event"),
                      "injury": sample["injury"], "severity": "light", "insured": True, "injured": [{"person_id": person.id}],
                      "witnesses": [{"person_id": witness.id}] if witness else [],
                      "commission": commission.on(on)}
            from core.render.russian import by_sex

            outcome = f"{by_sex(person, 'выздоровел', 'выздоровела')}, {by_sex(person, 'приступил', 'приступила')} к работе"
            closing = {"days": [days], "outcome": outcome, "act_number": f"{i + 1}",
                       "act_date": act.isoformat(), "causes": sample["causes"]}
            later = [("close", on + datetime.timedelta(days=days + 1), closing)]
            if year == today.year and i == 0:
                # The sick leave was extended after the case had been closed: a correction, not an edit.
                later.append(("correct", on + datetime.timedelta(days=days + 20), {"days": [days + 2]}))
            cases.append((on, "accident", {k: v for k, v in fields.items() if v not in ([], None)}, later, sample))
        if year == today.year - 1:
            on = _day(rng, year, today)
            sample = data["emergency"][0]
            cases.append((on, "emergency", {"type": "emergency", "place": sample["place"],
                                            "circumstances": sample["circumstances"], "causes": sample["causes"],
                                            "commission": commission.on(on)},
                          [("close", on + datetime.timedelta(days=5), {})], sample))
    cases.sort(key=lambda c: (c[0], c[1]))
    _add_measures(session, org, people, cases, base, today)
    events = []
    for case_no, (on, _kind, fields, later, _sample) in enumerate(cases, start=1):
        events.append((on, case_no, 0, "open", fields, None))
        for step, (action, day, payload) in enumerate(later, start=1):
            reason = "уточнено по листку нетрудоспособности (продлён)" if action == "correct" else None
            events.append((min(day, today), case_no, step, action, payload, reason))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    return events


def add_demo_incidents(session: Session, org: Organization, people: list[Person], years: int,
                       today: datetime.date) -> int:
    """Write the demo's incident journal (one bulk insert); returns the number of entries."""
    from core.journal import bulk_append
    from plugins.suot.incidents.chain import entry_values, incident_spec, last_entry, next_case_no

    rng = random.Random(f"ohs-demo-incidents:{len(people)}:{years}:{today.isoformat()}")
    last = last_entry(session, org)
    # The framework numbers the rows from the chain's end on; the demo needs the numbers to refer to them.
    seq = last.seq if last else 0
    base = next_case_no(session, org) - 1
    # A closing refers to the opening entry, a correction of the closing fields to the closing entry.
    referred: dict[int, int] = {}
    rows = []
    for on, case_no, _step, action, data, reason in _events(session, org, people, years, today, rng, base):
        seq += 1
        rows.append(entry_values(base + case_no, action, on, data, refers_seq=referred.get(case_no), reason=reason,
                                 actor=ACTOR, created_at=datetime.datetime.combine(on, datetime.time(12, 0))))
        if action in ("open", "close"):
            referred[case_no] = seq
    bulk_append(session, org, incident_spec(), rows, "incident.demo")
    return len(rows)
