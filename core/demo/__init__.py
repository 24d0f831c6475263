"""The demo organization: the Tula sports school of the seed regulation, or a scaled copy.

``build_demo`` is deterministic: the same employees, years and date give the same data, so
benchmarks and tests can rely on it. Plugins add their own history through ``demo_data``.
"""

from __future__ import annotations

import datetime
import random
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.storage.models import Organization
    from core.workspace import Workspace

DATA_DIR = Path(__file__).parent
#: The demo is a snapshot on this date unless ``--as-of`` says otherwise, so it is reproducible.
DEMO_AS_OF = datetime.date(2026, 11, 23)
DEFAULT_YEARS = 3
#: Share of staff leaving in a year: dismissed people stay in the register as history.
TURNOVER = 0.08
COACH_DEPARTMENT = "Отделение спортивной гимнастики"
COACHES_PER_DEPARTMENT = 60


@dataclass(frozen=True)
class DemoResult:
    """What was built."""

    active: int
    total: int
    years: int
    as_of: datetime.date


def _load(name: str) -> dict[str, Any]:
    with open(DATA_DIR / name, "rb") as fh:
        return tomllib.load(fh)


class _People:
    """Deterministic generator of Russian names, birth dates and СНИЛС numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names = _load("names.toml")
        self.snils_seen: set[str] = set()

    def person(self, gender: str | None = None) -> dict[str, Any]:
        rng = self.rng
        gender = gender or rng.choice("mf")
        idx = 0 if gender == "m" else 1
        return {
            "surname": rng.choice(self.names["surnames"])[idx],
            "name": rng.choice(self.names["male" if gender == "m" else "female"]),
            "patronymic": rng.choice(self.names["patronymics"])[idx],
            "gender": gender,
        }

    def snils(self) -> str:
        from core.registry.validation import snils_control

        while True:
            # Above 001-001-998: the checksum is defined only for those numbers.
            number = f"{self.rng.randint(2_000_000, 999_999_999):09d}"
            if number not in self.snils_seen:
                self.snils_seen.add(number)
                control = snils_control(number)
                return f"{number[:3]}-{number[3:6]}-{number[6:9]} {control}"

    def dates(self, hired_on: datetime.date, as_of: datetime.date) -> datetime.date:
        """A birth date making the person 20–64 now and at least 18 when hired."""
        rng = self.rng
        age_at_hire = rng.randint(18, 55)
        birth = hired_on - datetime.timedelta(days=int(age_at_hire * 365.25) + rng.randint(0, 364))
        if (as_of - birth).days > 64 * 365:
            birth = as_of - datetime.timedelta(days=rng.randint(40, 63) * 365)
            if (hired_on - birth).days < 18 * 365:
                birth = hired_on - datetime.timedelta(days=18 * 365 + rng.randint(0, 2000))
        return birth


def _staff_plan(school: dict[str, Any], employees: int | None) -> list[tuple[str, str]]:
    """(position, department) for every generated post, scaled to ``employees`` when given."""
    base = [(s["position"], s["department"]) for s in school["staff"] for _ in range(s["count"])]
    fixed = len(school["named"])
    if employees is None:
        return base
    wanted = max(employees - fixed, 0)
    plan = [base[i % len(base)] for i in range(wanted)]
    # A big school has several coaching departments rather than one of thousands.
    coach_no = 0
    result = []
    for position, department in plan:
        if department == COACH_DEPARTMENT and employees > len(base) + fixed:
            department = f"{COACH_DEPARTMENT} № {coach_no // COACHES_PER_DEPARTMENT + 1}"
            coach_no += 1
        result.append((position, department))
    return result


def _random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    span = max((end - start).days, 0)
    return start + datetime.timedelta(days=rng.randint(0, span))


def demo_rules_toml() -> str:
    """The school's own rules and district settings as ``ohs.toml`` text, appended to the demo workspace's settings.

    Written by tomli-w (valid TOML whatever the values hold); only sub-tables of ``[rules]`` are
    emitted, since the workspace's template already has a ``[rules]`` table.
    """
    import tomli_w

    data = _load("school.toml")
    settings: dict = {}
    positions = data.get("rules", {}).get("positions", {})
    if positions:
        settings["rules"] = {"positions": positions}
    if data.get("best_practices"):
        settings["best_practices"] = data["best_practices"]
    return "\n" + tomli_w.dumps(settings) if settings else ""


def build_demo(
    session: Session,
    org: Organization,
    pm: pluggy.PluginManager,
    employees: int | None = None,
    years: int | None = None,
    as_of: datetime.date | None = None,
    workspace: Workspace | None = None,
) -> DemoResult:
    """Fill ``org`` with the school's profile, staff and history (in the caller's transaction)."""
    from sqlalchemy import insert
    from sqlmodel import select

    from core.storage.models import Person, utcnow
    from core.registry.org import assign_role
    from core.registry.people import get_department

    years = years or DEFAULT_YEARS
    as_of = as_of or DEMO_AS_OF
    rng = random.Random(f"ohs-demo:{employees}:{years}:{as_of.isoformat()}")
    school = _load("school.toml")
    for key, value in school["organization"].items():
        setattr(org, key, value)
    session.add(org)
    gen = _People(rng)
    dept_ids: dict[str, int] = {}

    def dept(name: str) -> int:
        if name not in dept_ids:
            dept_ids[name] = get_department(session, org, name).id
        return dept_ids[name]

    now = utcnow()
    rows: list[dict[str, Any]] = []
    history_start = as_of - datetime.timedelta(days=int(years * 365.25))

    def add(person: dict[str, Any], position: str, department: str, hired: datetime.date,
            dismissed: datetime.date | None = None, osh_role: str = "none") -> None:
        rows.append({
            "org_id": org.id, "department_id": dept(department), "position": position,
            "hired_on": hired, "dismissed_on": dismissed, "birth_date": gen.dates(hired, as_of),
            "snils": gen.snils(), "email": None, "osh_role": osh_role, "created_at": now, **person,
        })

    for named in school["named"]:
        person = {k: named[k] for k in ("surname", "name", "patronymic", "gender")}
        hired = as_of - datetime.timedelta(days=int(named["hired_years_ago"] * 365.25) + 40)
        add(person, named["position"], named["department"], hired, osh_role=named.get("osh_role", "none"))
    for position, department in _staff_plan(school, employees):
        # Most staff predate the history window; some joined inside it, a few very recently,
        # so later plugins find new hires awaiting training.
        roll = rng.random()
        if roll < 0.05:
            hired = _random_date(rng, as_of - datetime.timedelta(days=75), as_of - datetime.timedelta(days=5))
        elif roll < 0.45:
            hired = _random_date(rng, history_start, as_of - datetime.timedelta(days=76))
        else:
            hired = _random_date(rng, history_start - datetime.timedelta(days=15 * 365), history_start)
        add(gen.person(), position, department, hired)
        # The predecessor on this post, for the turnover the history should show.
        if rng.random() < TURNOVER * years and hired > history_start + datetime.timedelta(days=30):
            left = hired - datetime.timedelta(days=rng.randint(1, 20))
            start = _random_date(rng, history_start - datetime.timedelta(days=6 * 365), left - datetime.timedelta(days=200))
            add(gen.person(), position, department, start, dismissed=left)
    session.execute(insert(Person), rows)
    from core.registry.employments import backfill

    backfill(session, org)  # each worker's position as an employment, as a card typed in has (ohs people show)
    people = list(session.exec(select(Person).where(Person.org_id == org.id).order_by(Person.id)))
    by_name = {(p.surname, p.name, p.patronymic): p for p in people}
    for named in school["named"]:
        role = named.get("role")
        if role:
            holder = by_name[(named["surname"], named["name"], named["patronymic"])]
            assign_role(session, org, role, holder, holder.hired_on)
    from core.demo.appointments import add_demo_appointments

    add_demo_appointments(session, org, people, as_of)
    from core.demo.briefings import add_demo_briefings

    add_demo_briefings(session, org, people, as_of)
    from core.context import Context

    ctx = Context.of(session, org, pm, today=as_of, workspace=workspace)
    pm.hook.demo_data(ctx=ctx, people=people, rng=rng, years=years)
    from core.audit import audit

    active = sum(1 for p in people if p.is_active(as_of))
    audit(session, org, "demo.build", "organization", org.id, employees=employees, years=years, as_of=as_of,
          people=len(people))
    return DemoResult(active=active, total=len(people), years=years, as_of=as_of)
