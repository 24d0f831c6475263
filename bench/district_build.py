"""A synthetic district for ``bench_district.py``: organizations × people on a district server, built fast.

Not 300 demo builds (each makes years of history): every organization is registered with the service behind
``ohs org add`` (its workspace folder under ``orgs/KEY``), its staff imported through the people import's
services (the plan and the one executemany insert ``ohs people import`` uses), a specialist appointed
OSH-responsible, a repeat briefing of everyone and the intro briefings of the newest hires recorded through
the briefing journal's service (hash-chained, audited), and about two thirds of the organizations submit the
quarter's report (a practice added, then the service of «Отправить отчёт в администрацию», which renders and
stores the report's DOCX). Accounts are added with the service of ``ohs user add``. Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DISTRICT = "Заречный район"
ADMIN_KEY = "district-admin"
ADMIN_NAME = "Администрация Заречного района"
PASSWORD = "пароль-стенда-района"
#: (department, positions) of every organization: 40 people fill them in turn.
STAFF = (
    ("Администрация", ("Директор", "Заместитель директора", "Делопроизводитель", "Бухгалтер")),
    ("Учебная часть", ("Учитель", "Учитель", "Педагог дополнительного образования", "Педагог-психолог")),
    ("Хозяйственная служба", ("Рабочий по комплексному обслуживанию зданий", "Уборщик служебных помещений",
                              "Сторож", "Дворник")),
    ("Столовая", ("Повар", "Кухонный рабочий", "Кладовщик")),
)
SPECIALIST_POSITION = "Специалист по охране труда"


@dataclass
class OrgFacts:
    """What the load needs of one built organization: its key, id, instructor and the people by department."""

    key: str
    org_id: int
    instructor_id: int
    departments: dict[str, list[int]] = field(default_factory=dict)
    submitted: bool = False


@dataclass
class District:
    """The built district: folder, database URL, the day it acts as, its organizations and the timings."""

    root: Path
    url: str
    today: datetime.date
    orgs: list[OrgFacts]
    timings: dict[str, float] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)  # login → organization key («» for the district)


def org_key(n: int) -> str:
    """The key of the n-th organization (school001, …)."""
    return f"school{n + 1:03d}"


def ohs(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run one ``ohs`` command in a subprocess (as an administrator would); its output is kept for errors."""
    result = subprocess.run([sys.executable, "-m", "core", *args], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"ohs {' '.join(args)}: {result.stderr or result.stdout}")
    return result


def _people_rows(rng: random.Random, today: datetime.date, count: int) -> list[Any]:
    """``count`` people (the first one the OSH specialist) as rows of a people file."""
    from core.demo import _People
    from core.registry.people_io import PersonRow

    names = _People(rng)
    slots = [(dept, pos) for dept, positions in STAFF for pos in positions]
    rows = []
    for i in range(count):
        person = names.person()
        if i == 0:
            dept, position = STAFF[0][0], SPECIALIST_POSITION
            hired = today - datetime.timedelta(days=12 * 365)
        else:
            dept, position = slots[(i - 1) % len(slots)]
            # The newest hires are recent (their intro briefing is in the journal); the rest over ten years.
            low, high = (30, 300) if i > count - 4 else (400, 3650)
            hired = today - datetime.timedelta(days=rng.randint(low, high))
        rows.append(PersonRow(
            line=i + 2, surname=person["surname"], name=person["name"], patronymic=person["patronymic"],
            birth_date=names.dates(hired, today), position=position, department=dept, hired_on=hired,
            snils=names.snils(), gender=person["gender"], personnel_number=str(100 + i),
            osh_role="specialist" if i == 0 else "none"))
    return rows


def _fill_org(ctx: Any, rng: random.Random, people_count: int, submit_report: bool) -> OrgFacts:
    """People, the specialist's appointment, briefings and (maybe) the quarter's submitted report."""
    from sqlmodel import select

    from core.journal.briefings import BriefingData, add_briefings
    from core.registry.commissions import add_appointment
    from core.registry.org import set_profile
    from core.registry.people import department_names
    from core.registry.people_import import apply_import, plan_import
    from core.render.russian_dates import quarter_of
    from core.storage.models import Person
    from plugins.best_practices.practices import add_practice
    from plugins.best_practices.submissions import submit

    session, org, today = ctx.session, ctx.org, ctx.today
    rows = _people_rows(rng, today, people_count)
    apply_import(session, org, plan_import(session, org, rows, today), source="штат.csv", sha256="0" * 64)
    people = list(session.exec(select(Person).where(Person.org_id == org.id).order_by(Person.id)))
    specialist = people[0]
    # The head signs the report's cover letter (``ohs org set head=…``): the director, second in the file.
    set_profile(session, org, [("head", str(people[1].id))], today)
    order_on = specialist.hired_on + datetime.timedelta(days=7)
    add_appointment(session, org, "osh_responsible", specialist, "1-ОТ", order_on, today)
    others = people[1:]
    repeat_on = today - datetime.timedelta(days=rng.randint(60, 150))
    add_briefings(session, org, [p for p in others if p.hired_on <= repeat_on],
                  BriefingData(kind="repeat", on=repeat_on, instructor=specialist), today)
    for person in others:
        if person.hired_on > today - datetime.timedelta(days=365):
            add_briefings(session, org, [person], BriefingData(kind="intro", on=person.hired_on, instructor=specialist),
                          today)
    if submit_report:
        quarter = quarter_of(today)
        add_practice(session, org, category=rng.choice(("organization", "osh_service", "technique")),
                     title=f"Электронный журнал инструктажей ({org.key})",
                     description="Инструктажи записываются в день проведения, подписи — на листе по подразделению.",
                     effect="Ни одного просроченного повторного инструктажа за квартал.",
                     implemented=quarter.start, today=today)
        submit(session, org, ctx.pm, ctx.workspace, quarter, on=today, today=today, number=f"{org.id}/ОТ")
    names = department_names(session, org)
    departments: dict[str, list[int]] = {}
    for person in others:
        departments.setdefault(names[person.department_id], []).append(person.id)
    return OrgFacts(key=org.key, org_id=org.id, instructor_id=specialist.id, departments=departments,
                    submitted=submit_report)


def build_district(root: Path, url: str, today: datetime.date, *, orgs: int, people: int,
                   progress: Callable[[str], None], seed: int = 18) -> District:
    """Build the district in ``root`` on database ``url`` (empty); returns its facts and the time of each step."""
    import os

    env = {**os.environ, "OHS_USER": "администратор", "OHS_TODAY": today.isoformat()}
    for name in ("OHS_DATABASE_URL", "OHS_WORKSPACE", "OHS_DISABLE_PLUGINS"):
        env.pop(name, None)
    os.environ.update({"OHS_USER": "администратор", "OHS_TODAY": today.isoformat()})
    district = District(root=root, url=url, today=today, orgs=[])
    started = time.perf_counter()
    ohs("--db", url, "init", str(root), "--org", ADMIN_KEY, "--name", ADMIN_NAME, env=env)
    district.timings["init"] = time.perf_counter() - started

    from core.app import App
    from core.audit import acting_as
    from core.clock import now
    from core.plugins import get_plugin_manager
    from core.registry.server_orgs import add_organization
    from core.web.tenancy import Tenants

    home = App(get_plugin_manager(entry_points=False), workspace=str(root))
    tenants = Tenants(home)  # the server's own way to open an organization's workspace on the shared engine
    rng = random.Random(seed)
    step = time.perf_counter()
    with acting_as("администратор"):
        for n in range(orgs):
            key = org_key(n)
            with home.session() as session:
                add_organization(session, key, name=f"Муниципальное бюджетное общеобразовательное учреждение № {n + 1}",
                                 short_name=f"МБОУ № {n + 1}", district=DISTRICT, root=root,
                                 database_url=home.database_url, now=now(), actor="администратор")
            with tenants.app_for(key).context(today=today) as ctx:
                district.orgs.append(_fill_org(ctx, rng, people, submit_report=n % 3 != 2))
            if (n + 1) % 25 == 0 or n + 1 == orgs:
                progress(f"  {n + 1}/{orgs} organizations ({time.perf_counter() - step:.0f} s)")
    district.timings["orgs"] = time.perf_counter() - step
    home.engine.dispose()
    return district


def add_accounts(district: District, logins: dict[str, str | None]) -> None:
    """Accounts through the service of ``ohs user add``: login → organization key (None: the district officer)."""
    from core.accounts.admin import add_account
    from core.app import App
    from core.clock import now
    from core.plugins import get_plugin_manager

    started = time.perf_counter()
    home = App(get_plugin_manager(entry_points=False), workspace=str(district.root))
    with home.session() as session:
        for login, key in logins.items():
            if key is None:
                add_account(session, login, PASSWORD, role="district", district=DISTRICT, now=now(),
                            actor="администратор")
            else:
                add_account(session, login, PASSWORD, role="specialist", org_key=key, now=now(), actor="администратор")
            district.accounts[login] = key or ""
    home.engine.dispose()
    district.timings["accounts"] = time.perf_counter() - started
