"""The demo school's СУОТ data: goals of the policy, procedure choices, position facts.

Deterministic for a given ``rng``; cheap at any scale (a fixed number of rows, none per person).
The goals follow the school's 2018 regulation (seed 004, п. 2.6: measurable where possible; п. 6.2:
«минимальный уровень травматизма» as the indicator).
"""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

#: (text, indicator, target) of the demo policy's goals.
GOALS = (
    ("Отсутствие несчастных случаев с обучающимися и работниками",
     "число несчастных случаев с работниками и обучающимися за год", "0"),
    ("Своевременное обучение по охране труда и проведение инструктажей",
     "доля работников, прошедших обучение и инструктажи в срок", "100 %"),
    ("Проведение специальной оценки условий труда на всех рабочих местах",
     "доля рабочих мест, на которых проведена СОУТ", "100 %"),
    ("Снижение уровней профессиональных рисков в спортивных залах",
     "число рисков высокого уровня по результатам оценки профессиональных рисков", "0"),
)

#: Procedures that do not apply to the school, with the reason recorded.
PROCEDURES = (
    ("milk_nutrition", False, "вредные условия по СОУТ не установлены"),
    ("contractors", True, "ремонт и обслуживание зданий выполняют подрядные организации"),
)

#: Positions with only office equipment, no other hazards, class 2 by СОУТ: they qualify.
OFFICE_POSITIONS = ("Бухгалтер", "Главный бухгалтер", "Экономист", "Специалист по кадрам", "Делопроизводитель")
#: Positions that do not qualify, and why (recorded as a note).
OTHER_POSITIONS = (
    ("Тренер-преподаватель", "спортивные снаряды, тренировочный процесс в зале"),
    ("Водитель автомобиля", "транспортное средство, движение по дорогам"),
)


def add_demo_data(
    session: Session, org: Organization, people: list[Any], rng: random.Random, years: int, today: datetime.date,
) -> None:
    """Add the demo goals, procedure choices and position facts (positions nobody holds are skipped)."""
    from plugins.suot.models import SuotGoal, SuotPositionFact, SuotProcedureChoice

    year_start = datetime.date(today.year, 1, 1)
    added = max(year_start, today - datetime.timedelta(days=rng.randint(20, 60)))
    for text, indicator, target in GOALS:
        session.add(SuotGoal(org_id=org.id, text=text, indicator=indicator, target=target,
                             deadline=datetime.date(today.year, 12, 31), year=today.year, added_on=added))
    since = today - datetime.timedelta(days=365 * max(years, 1))
    for key, applies, reason in PROCEDURES:
        session.add(SuotProcedureChoice(org_id=org.id, key=key, applies=applies, since=since, reason=reason))
    held = {getattr(p, "position", None) for p in people}
    sout_date = today - datetime.timedelta(days=rng.randint(400, 1500))
    for position in OFFICE_POSITIONS:
        if position in held:
            session.add(SuotPositionFact(org_id=org.id, position=position, office_only=True, other_hazards=False,
                                         sout_class="2", sout_date=sout_date, since=since))
    for position, note in OTHER_POSITIONS:
        if position in held:
            session.add(SuotPositionFact(org_id=org.id, position=position, office_only=False, other_hazards=True,
                                         sout_class="2", sout_date=sout_date, note=note, since=since))
    session.flush()
    from plugins.suot.measures import add_demo_measures

    add_demo_measures(session, org, people, today)
