"""The demo school's best practice: practices over the last six quarters, reports sent, proposals reviewed.

Dates are counted in quarters back from the demo's day, so the current quarter always has practices
not yet reported (its report is due) and every earlier quarter was reported on time. One practice
was entered after its quarter's report and so goes in the next one; one report was resent with a reason.
Nothing here draws from ``rng``: the rows do not depend on the organization's size, and other
plugins' demo data stays the same whether this plugin is on or off.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization
    from core.workspace import Workspace

SPECIALIST = "Специалист по охране труда"
COACH = "Тренер-преподаватель"
DEPUTY = "Заместитель директора по административно-хозяйственной работе"
GYM = "Отделение спортивной гимнастики"

#: (quarters back, day in the quarter, category, title, description, effect, spread, source, author position,
#: department, cost, days after the quarter's report it was entered or None)
DEMO_PRACTICES = (
    (5, 40, "technique", "Маты с противоскользящим основанием в зонах приземления",
     "Гимнастические маты в зонах соскоков заменены матами с противоскользящим основанием и стыковкой на липучках.",
     "Маты не смещаются при приземлении; случаев травмирования при соскоках с момента внедрения нет.",
     "приказ директора; показ на методическом объединении тренеров", "audit", DEPUTY, GYM, "186000", None),
    (4, 20, "organization", "Поведенческий аудит безопасности на тренировках",
     "Специалист по охране труда и старший тренер раз в месяц наблюдают тренировку по чек-листу безопасного "
     "поведения и обсуждают замечания с тренером сразу после занятия.",
     "Нарушений порядка страховки на тренировках стало меньше вдвое (с 14 до 7 за квартал).",
     "положение о поведенческом аудите утверждено приказом; обучение тренеров", "audit", SPECIALIST, None, None, None),
    (3, 15, "osh_service", "Электронный график инструктажей с напоминаниями руководителям",
     "Сроки повторных инструктажей и обучения ведутся в электронном виде; руководители подразделений получают перечень "
     "сроков за 30 дней.",
     "Просроченных повторных инструктажей нет третий квартал подряд.",
     "опыт представлен на совещании специалистов по охране труда района", "other", SPECIALIST, None, None, None),
    (3, 50, "union", "Совместные обходы уполномоченного по охране труда и специалиста",
     "Уполномоченный профсоюзной организации и специалист по охране труда ежемесячно обходят залы и раздевалки, "
     "замечания вносятся в план мероприятий.",
     "Устранено 23 замечания, из них 9 — до начала тренировочного сезона.",
     "решение профкома; информация на стенде", "other", COACH, None, None, None),
    (2, 25, "technology", "Разминка с контролем готовности перед работой на снарядах",
     "Перед работой на снарядах тренер проверяет готовность спортсмена по пяти упражнениям-тестам; "
     "не прошедший тест выполняет облегчённое задание.",
     "Растяжений и ушибов на снарядах за квартал — 0 (в том же квартале прошлого года — 3).",
     "методические рекомендации тренерам; показ на открытой тренировке", "proposal", COACH, GYM, None, None),
    (2, 60, "technique", "Памятки первой помощи у снарядов",
     "У каждого снаряда размещена памятка с порядком действий при травме и телефонами.",
     "Время до оказания первой помощи на учебной тревоге сократилось с 4 до 2 минут.",
     "распоряжение заместителя директора", "other", SPECIALIST, GYM, "4800", 12),
    (1, 30, "organization", "Экспресс-опрос тренеров после обучения по охране труда",
     "После обучения тренеры в течение недели отвечают на пять вопросов о том, что применят на тренировках; "
     "ответы разбирает специалист по охране труда.",
     "Из ответов отобраны 4 предложения, 2 из них внедрены.",
     "форма опроса передана в методический кабинет района", "training", SPECIALIST, None, None, None),
    (0, 20, "technique", "Страховочные лонжи над снарядами в зале спортивной гимнастики",
     "Над брусьями и перекладиной смонтированы подвесные страховочные лонжи для разучивания новых элементов.",
     "Разучивание сложных элементов идёт без ручной страховки; нагрузка на тренеров снизилась.",
     "видеоролик о работе с лонжей для тренеров", "survey", DEPUTY, GYM, "240000", None),
    (0, 35, "organization", "Видеоролик о безопасной страховке",
     "Снят видеоролик о приёмах страховки на снарядах; он показывается на вводном инструктаже новых тренеров.",
     "Новые тренеры осваивают приёмы страховки до первого самостоятельного занятия.",
     "видеоролик; показ на семинаре тренеров района", "other", SPECIALIST, None, None, None),
)


def add_demo_practices(session: Session, org: Organization, people: list[Any], today: datetime.date,
                       workspace: Workspace | None) -> None:
    """Practices, proposals and submitted reports of the demo school (a few dozen rows whatever its size)."""
    from plugins.best_practices.models import BestPractice, BestPracticeProposal
    from plugins.best_practices.practices import parse_cost
    from core.render.russian_dates import quarter_of
    from plugins.best_practices.settings import Settings
    from plugins.best_practices.submissions import append_submission, default_addressee_for

    current = quarter_of(today)
    holders: dict[str, Any] = {}
    for person in people:
        if person.is_active(today) and person.position not in holders:
            holders[person.position] = person
    settings = Settings()

    def quarter_back(back: int):
        quarter = current
        for _ in range(back):
            quarter = quarter.previous()
        return quarter

    def sent_on(quarter) -> datetime.date:
        return settings.deadline(quarter) - datetime.timedelta(days=5)

    practices: list[tuple[BestPractice, int]] = []
    for (back, day, category, title, description, effect, spread, source, position, department, cost,
         late) in DEMO_PRACTICES:
        quarter = quarter_back(back)
        implemented = min(quarter.start + datetime.timedelta(days=day), today - datetime.timedelta(days=3))
        added = implemented if late is None else sent_on(quarter) + datetime.timedelta(days=late)
        author = holders.get(position)
        row = BestPractice(org_id=org.id, category=category, title=title, description=description, effect=effect,
                           implemented_on=implemented, department=department, source=source, cost=parse_cost(cost),
                           spread=spread, author_id=author.id if author else None, added_on=min(added, today))
        session.add(row)
        practices.append((row, back))
    session.flush()

    coach = holders.get(COACH)
    accepted = next(row for row, _ in practices if row.source == "proposal")
    received = accepted.implemented_on - datetime.timedelta(days=30)
    session.add_all([
        BestPracticeProposal(org_id=org.id, received_on=received, channel="proposal",
                             text="Перед работой на снарядах проверять готовность спортсмена короткими тестами.",
                             author_id=coach.id if coach else None, author_name=coach.full_name if coach else None,
                             department=GYM, category="technology", status="accepted",
                             decided_on=received + datetime.timedelta(days=10), practice_id=accepted.id),
        BestPracticeProposal(org_id=org.id, received_on=received + datetime.timedelta(days=3), channel="survey",
                             text="Купить тренажёр-симулятор падений для отработки группировки.",
                             survey="Опрос работников об улучшении охраны труда", status="rejected",
                             decided_on=received + datetime.timedelta(days=14),
                             reason="Затраты несоразмерны ожидаемому эффекту; предложение будет рассмотрено при "
                                    "планировании бюджета на следующий год."),
        BestPracticeProposal(org_id=org.id, received_on=today - datetime.timedelta(days=10), channel="training",
                             text="Разместить у снарядов QR-коды со ссылками на инструкции по охране труда.",
                             survey="Экспресс-опрос после обучения по охране труда", status="new"),
    ])

    # Reports of every finished quarter, sent five days before the deadline; the older one resent once.
    addressee = default_addressee_for(org, workspace)
    reported: set[int] = set()
    for back in range(5, 0, -1):
        quarter = quarter_back(back)
        on = sent_on(quarter)
        ids = [row.id for row, _ in practices
               if row.id not in reported and row.implemented_on <= quarter.end and row.added_on <= on]
        reported.update(ids)
        number = f"01-14/{quarter.number * 100 + quarter.year % 100}"
        append_submission(session, org, quarter=quarter, version=1, submitted_on=on, number=number,
                                 addressee=addressee, reason=None, practice_ids=ids, document=None)
        if back == 4:
            append_submission(session, org, quarter=quarter, version=2, submitted_on=on + datetime.timedelta(days=2),
                                     number=number + "-1", addressee=addressee,
                                     reason="по запросу администрации уточнён эффект поведенческого аудита",
                                     practice_ids=ids, document=None)
    session.flush()
