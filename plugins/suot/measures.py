"""The plan of OSH measures (п. 12.2 of the school's СУОТ regulation): add, execute, list, due dates.

A measure carries the six fields of п. 12.2: the analysis result it answers, the measure, the
expected result, the deadline, the responsible person and the funding source. The row is the plan
as adopted; starting, finishing or cancelling a measure adds an event and the latest event is the
current status, so the adopted plan and its execution are both kept for inspections.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from plugins.suot.measure_models import SuotMeasure, SuotMeasureEvent

SOURCES = ("risk", "control_act", "incident", "analysis", "sout", "other")
STATUSES = ("planned", "in_progress", "done", "cancelled")
OPEN_STATUSES = ("planned", "in_progress")
STATUS_WORDS = {"planned": "запланировано", "in_progress": "выполняется", "done": "выполнено",
                "cancelled": "отменено"}
RULE = "План мероприятий по охране труда (п. 12.2 Положения о СУОТ)"


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _cost(value: str | None) -> str | None:
    """The cost as a canonical decimal string («180000.00»); «180 000,50» is accepted as typed."""
    from core.registry.validation import money_text

    try:
        return money_text(value, f"Стоимость «{value}» не число; укажите сумму в рублях, например --cost 180000.")
    except OhsError as exc:
        raise OhsError(exc.message, concerns="cost",
                       form=f"Стоимость «{value}» не число; укажите сумму в рублях, например 180000.") from None


@dataclass(frozen=True)
class MeasureState:
    """A measure's status on a date, with the date and note of the event that set it."""

    status: str
    on: datetime.date | None = None
    note: str | None = None
    started_on: datetime.date | None = None


def _events(session: Session, measure_ids: list[int]) -> dict[int, list[SuotMeasureEvent]]:
    from sqlmodel import select

    from plugins.suot.measure_models import SuotMeasureEvent

    found: dict[int, list[SuotMeasureEvent]] = {i: [] for i in measure_ids}
    if measure_ids:
        query = select(SuotMeasureEvent).where(SuotMeasureEvent.measure_id.in_(measure_ids)).order_by(SuotMeasureEvent.id)
        for event in session.exec(query):
            found[event.measure_id].append(event)
    return found


def _state(events: list[SuotMeasureEvent], on: datetime.date | None = None) -> MeasureState:
    """The latest event (recorded order) dated on or before ``on``; none means «planned»."""
    seen = [e for e in events if on is None or e.on <= on]
    if not seen:
        return MeasureState("planned")
    last = seen[-1]
    started = next((e.on for e in seen if e.status == "in_progress"), None)
    return MeasureState(last.status, last.on, last.note, started)


def measure_state(session: Session, measure: SuotMeasure, on: datetime.date | None = None) -> MeasureState:
    """The measure's status (as recorded, or as it stood on ``on``)."""
    return _state(_events(session, [measure.id])[measure.id], on)


def get_measure(session: Session, org: Organization, measure_id: int) -> SuotMeasure:
    """The organization's measure with that number, or a message naming ``ohs suot measure list``."""
    from plugins.suot.measure_models import SuotMeasure

    measure = session.get(SuotMeasure, measure_id)
    if measure is None or measure.org_id != org.id:
        raise NotFoundError(f"Мероприятия №{measure_id} нет; посмотрите номера: ohs suot measure list.",
                            form=f"Мероприятия №{measure_id} нет; номера — в плане мероприятий («Мероприятия»).")
    return measure


def add_measure(
    session: Session, org: Organization, measure: str, deadline: datetime.date, responsible: str, funding: str,
    today: datetime.date, expected: str | None = None, analysis: str | None = None, source: str = "other",
    source_ref: str | None = None, cost: str | None = None, year: int | None = None,
) -> SuotMeasure:
    """Add a measure to the plan of ``year`` (by default the deadline's year) after the checks of п. 12.2."""
    from core.audit import audit
    from core.registry.people import resolve_person
    from plugins.suot.measure_models import SuotMeasure

    text = _clean(measure)
    if not text:
        raise OhsError('Текст мероприятия пуст; напишите его: --measure "Замена гимнастических матов".',
                       concerns="measure", form="Текст мероприятия пуст; напишите, что будет сделано.")
    funding = _clean(funding)
    if not funding:
        raise OhsError('Не указан источник финансирования; добавьте --funding "бюджет учреждения" или "без затрат".',
                       concerns="funding",
                       form="Не указан источник финансирования: например «бюджет учреждения» или «без затрат».")
    if source not in SOURCES:
        raise OhsError(f"Неизвестный источник мероприятия «{source}»; допустимы: {', '.join(SOURCES)}.")
    year = deadline.year if year is None else year
    if not 2000 <= year <= 2100:
        raise OhsError(f"Год {year} вне допустимого диапазона; укажите год плана, например --year {today.year}.",
                       concerns="year", form=f"Год {year} вне допустимого диапазона; укажите год плана, например "
                                             f"{today.year}.")
    if deadline < datetime.date(year, 1, 1):
        early = f"Срок {deadline:%d.%m.%Y} раньше начала плана на {year} год; укажите срок не раньше 01.01.{year} "
        raise OhsError(early + "или другой --year.", concerns="deadline", form=early + "или другой год плана.")
    person = resolve_person(session, org, responsible)
    _check_responsible(person, today)
    row = SuotMeasure(
        org_id=org.id, year=year, source=source, source_ref=_clean(source_ref), analysis=_clean(analysis),
        measure=text, expected=_clean(expected), deadline=deadline, responsible_id=person.id, funding=funding,
        cost=_cost(cost), added_on=today,
    )
    session.add(row)
    session.flush()
    audit(session, org, "suot.measure.add", "suot_measure", row.id, measure=text, deadline=deadline,
          responsible=person.id, funding=funding, year=year, source=source)
    return row


def _check_responsible(person: Person, today: datetime.date) -> None:
    if person.dismissed_on is not None and person.dismissed_on < today:
        gone = f"{person.short_name} уволен(а) {person.dismissed_on:%d.%m.%Y} и не может отвечать за мероприятие; "
        raise OhsError(gone + "укажите работающего сотрудника в --responsible.", concerns="responsible",
                       form=gone + "укажите ответственным работающего сотрудника.")
    if person.hired_on > today:
        raise OhsError(f"{person.short_name} принят(а) только с {person.hired_on:%d.%m.%Y}; "
                       "укажите ответственным работающего сотрудника.", concerns="responsible")


def _change(
    session: Session, org: Organization, measure_id: int, status: str, on: datetime.date, today: datetime.date,
    note: str | None = None,
) -> SuotMeasure:
    """Record a status change after checking the measure is still open and the date is possible."""
    from core.audit import audit
    from plugins.suot.measure_models import SuotMeasureEvent

    measure = get_measure(session, org, measure_id)
    state = measure_state(session, measure)
    if state.status in ("done", "cancelled"):
        final = (f"Мероприятие №{measure_id} уже {STATUS_WORDS[state.status]} {state.on:%d.%m.%Y}; "
                 "изменить его нельзя — добавьте новое мероприятие")
        raise OhsError(final + ": ohs suot measure add.", form=final + " в план.")
    if status == "in_progress" and state.status == "in_progress":
        raise OhsError(f"Мероприятие №{measure_id} уже выполняется с {state.on:%d.%m.%Y}; "
                       f"отметьте выполнение: ohs suot measure done {measure_id} --on … --result \"…\".",
                       concerns="status", form=f"Мероприятие №{measure_id} уже выполняется с {state.on:%d.%m.%Y}; "
                                               "отметьте его выполнение с достигнутым результатом.")
    if on > today:
        raise OhsError(f"Дата {on:%d.%m.%Y} ещё не наступила; укажите сегодняшнюю или прошедшую дату в --on.",
                       concerns="on", form=f"Дата {on:%d.%m.%Y} ещё не наступила; укажите сегодняшнюю или прошедшую.")
    if state.on is not None and on < state.on:
        early = f"Дата {on:%d.%m.%Y} раньше начала выполнения {state.on:%d.%m.%Y}; исправьте "
        raise OhsError(early + "--on.", concerns="on", form=early + "её.")
    session.add(SuotMeasureEvent(org_id=measure.org_id, measure_id=measure.id, status=status, on=on, note=note))
    session.flush()
    audit(session, org, f"suot.measure.{status}", "suot_measure", measure.id, on=on, note=note)
    return measure


def start_measure(session: Session, org: Organization, measure_id: int, on: datetime.date,
                  today: datetime.date) -> SuotMeasure:
    """Record that the measure is being carried out since ``on``."""
    return _change(session, org, measure_id, "in_progress", on, today)


def finish_measure(session: Session, org: Organization, measure_id: int, on: datetime.date, result: str | None,
                   today: datetime.date) -> SuotMeasure:
    """Record that the measure was done on ``on`` with the result achieved (required)."""
    result = _clean(result)
    if not result:
        raise OhsError('Не указан достигнутый результат; добавьте --result "…" (что сделано и что изменилось).',
                       concerns="result", form="Не указан достигнутый результат: что сделано и что изменилось.")
    return _change(session, org, measure_id, "done", on, today, result)


def cancel_measure(session: Session, org: Organization, measure_id: int, on: datetime.date, reason: str | None,
                   today: datetime.date) -> SuotMeasure:
    """Record that the measure was cancelled on ``on`` and why (the row stays in the plan)."""
    reason = _clean(reason)
    if not reason:
        raise OhsError('Не указана причина отмены мероприятия; добавьте --reason "…".', concerns="reason",
                       form="Не указана причина отмены мероприятия.")
    return _change(session, org, measure_id, "cancelled", on, today, reason)


def list_measures(session: Session, org: Organization, year: int | None = None) -> list[SuotMeasure]:
    """The organization's measures (of one plan year), by deadline."""
    from sqlmodel import select

    from plugins.suot.measure_models import SuotMeasure

    query = select(SuotMeasure).where(SuotMeasure.org_id == org.id)
    if year is not None:
        query = query.where(SuotMeasure.year == year)
    return list(session.exec(query.order_by(SuotMeasure.year, SuotMeasure.deadline, SuotMeasure.id)))


def measures_with_state(
    session: Session, org: Organization, year: int | None = None, on: datetime.date | None = None,
) -> list[tuple[SuotMeasure, MeasureState]]:
    """Measures with their status (as recorded, or as it stood on ``on``)."""
    measures = list_measures(session, org, year)
    events = _events(session, [m.id for m in measures])
    return [(m, _state(events[m.id], on)) for m in measures]


def measure_json(measure: SuotMeasure, state: MeasureState, person: Person | None,
                 today: datetime.date) -> dict[str, Any]:
    """A measure for ``--json`` output, with its current status and result or cancel reason."""
    return {
        "id": measure.id, "year": measure.year, "source": measure.source, "source_ref": measure.source_ref,
        "analysis": measure.analysis, "measure": measure.measure, "expected": measure.expected,
        "deadline": measure.deadline, "responsible_id": measure.responsible_id,
        "responsible": person.short_name if person else None,
        "responsible_position": person.position if person else None,
        "funding": measure.funding, "cost": measure.cost, "status": state.status,
        "started_on": state.started_on, "done_on": state.on if state.status == "done" else None,
        "result": state.note if state.status == "done" else None,
        "cancelled_on": state.on if state.status == "cancelled" else None,
        "cancel_reason": state.note if state.status == "cancelled" else None,
        "overdue": state.status in OPEN_STATUSES and measure.deadline < today,
    }


def measure_due_items(session: Session, org: Organization, today: datetime.date, until: datetime.date) -> list:
    """Open measures (planned or in progress) whose deadline is up to ``until``: overdue when past."""
    from core.obligations.due import DueItem
    from core.storage.models import Person

    items = []
    for measure, state in measures_with_state(session, org):
        if state.status not in OPEN_STATUSES or measure.deadline > until:
            continue
        person = session.get(Person, measure.responsible_id)
        items.append(DueItem(
            due=measure.deadline, title=f"Мероприятие плана по охране труда: {measure.measure}", source="suot",
            subject=person.short_name if person else "", rule=RULE, record=f"measure:{measure.id}", kind="measure",
            extra=(("status", state.status), ("year", measure.year), ("funding", measure.funding)),
        ))
    return items


# ---------------------------------------------------------------- demo

#: The demo school's measures: (years back, source, analysis, measure, expected, (month, day) of the
#: deadline, position of the responsible, funding, cost, outcome). Outcome: ("done", days before the
#: deadline, result), ("in_progress", days before the deadline), ("cancelled", days, reason), None.
DEMO_MEASURES = (
    (1, "risk", "Высокий уровень риска травмирования при падении на изношенные гимнастические маты",
     "Замена гимнастических матов в зале спортивной гимнастики", "Снижение уровня риска травмирования при падении",
     (6, 30), "Заместитель директора по административно-хозяйственной работе", "бюджет учреждения", "186000",
     ("done", 12, "Заменено 12 матов; уровень риска снижен до умеренного")),
    (1, "analysis", "Не все тренеры-преподаватели обучены оказанию первой помощи",
     "Обучение тренеров-преподавателей оказанию первой помощи пострадавшим", "Все тренеры обучены первой помощи",
     (10, 31), "Специалист по охране труда", "средства СФР (возврат до 20 % страховых взносов)", "42000",
     ("done", 20, "Обучены 14 тренеров-преподавателей, протоколы проверки знаний оформлены")),
    (1, "sout", "Новые рабочие места хореографа и инструктора-методиста не прошли СОУТ",
     "Специальная оценка условий труда на новых рабочих местах", "СОУТ проведена на всех рабочих местах",
     (11, 30), "Специалист по охране труда", "средства СФР (возврат до 20 % страховых взносов)", "9600",
     ("done", 15, "СОУТ проведена на 2 рабочих местах, класс условий труда 2")),
    (1, "control_act", "Повреждено напольное покрытие в хореографическом зале",
     "Замена напольного покрытия в хореографическом зале", "Устранение опасности спотыкания и падения",
     (12, 15), "Заведующий хозяйством", "бюджет учреждения", "350000",
     ("cancelled", 30, "зал включён в муниципальную программу капитального ремонта")),
    (0, "risk", "Риск падения гимнастических снарядов при ослаблении креплений",
     "Проверка крепления гимнастических снарядов (брусья, перекладина, кольца) с оформлением акта",
     "Все снаряды закреплены надёжно", (3, 31), "Старший тренер-преподаватель", "без затрат", None,
     ("done", 10, "Проверено 18 снарядов, акт проверки оформлен, неисправностей не выявлено")),
    (0, "analysis", "Аптечки для оказания первой помощи укомплектованы не полностью",
     "Укомплектование аптечек для оказания первой помощи в залах и на вахте", "Аптечки укомплектованы полностью",
     (4, 30), "Медицинская сестра", "средства СФР (возврат до 20 % страховых взносов)", "15400",
     ("done", 5, "Укомплектованы 6 аптечек, назначен ответственный за их пополнение")),
    (0, "risk", "Повышенная температура и влажность воздуха в гимнастическом зале во время тренировок",
     "Ремонт и наладка приточно-вытяжной вентиляции гимнастического зала",
     "Параметры микроклимата в зале соответствуют нормам", (9, 30),
     "Заместитель директора по административно-хозяйственной работе", "бюджет учреждения", "240000", None),
    (0, "incident", "Микротравма при приземлении на изношенный гимнастический мостик",
     "Замена гимнастических мостиков", "Исключение травм при опорных прыжках", (12, 15),
     "Заместитель директора по спортивной подготовке", "бюджет учреждения", "96000", ("in_progress", 40)),
)


def add_demo_measures(session: Session, org: Organization, people: list[Any], today: datetime.date) -> None:
    """The demo plan for the as-of year and the year before; measures whose position nobody holds are skipped."""
    from plugins.suot.measure_models import SuotMeasure, SuotMeasureEvent

    holders: dict[str, Any] = {}
    for person in people:
        if person.is_active(today) and person.position not in holders:
            holders[person.position] = person
    for back, source, analysis, text, expected, (month, day), position, funding, cost, outcome in DEMO_MEASURES:
        person = holders.get(position)
        if person is None:
            continue
        year = today.year - back
        # Dates of the current year are kept in the past relative to the demo's day, so «done»
        # really happened and the overdue measure is overdue whatever the as-of date.
        deadline = datetime.date(year, month, day)
        if back == 0 and outcome is None:
            deadline = max(datetime.date(year, 1, 1), min(deadline, today - datetime.timedelta(days=30)))
        adopted = datetime.date(year - 1, 12, 20)
        measure = SuotMeasure(org_id=org.id, year=year, source=source, analysis=analysis, measure=text,
                              expected=expected, deadline=deadline, responsible_id=person.id, funding=funding,
                              cost=_cost(cost), added_on=adopted)
        session.add(measure)
        session.flush()
        if outcome is None:
            continue
        on = min(deadline - datetime.timedelta(days=outcome[1]), today)
        if outcome[0] == "done":
            started = on - datetime.timedelta(days=14)
            session.add(SuotMeasureEvent(org_id=measure.org_id, measure_id=measure.id, status="in_progress", on=started))
        session.add(SuotMeasureEvent(org_id=measure.org_id, measure_id=measure.id, status=outcome[0], on=on,
                                     note=outcome[2] if len(outcome) > 2 else None))
    session.flush()


def describe_measure(session: Session, org: Organization, ref: str) -> dict[str, Any] | None:
    """``measure:N`` as other plugins link to it: its text and deadline, or None when there is no such measure."""
    from plugins.suot.measure_models import SuotMeasure

    try:
        measure_id = int(ref.split(":", 1)[1])
    except ValueError:
        return None
    measure = session.get(SuotMeasure, measure_id)
    if measure is None or measure.org_id != org.id:
        return None
    return {"ref": f"measure:{measure.id}", "title": measure.measure, "date": measure.deadline}


def measure_project(session: Session, org: Organization, ref: str) -> dict[str, Any] | None:
    """``measure:N`` as a project of the specialist contest's note: the measure, its result once done, or None."""
    from plugins.suot.measure_models import SuotMeasure

    number = ref.partition(":")[2]
    measure = session.get(SuotMeasure, int(number)) if number.isdigit() else None
    if measure is None or measure.org_id != org.id:
        return None
    state = measure_state(session, measure)
    done = state.status == "done"
    return {"ref": f"measure:{measure.id}", "title": measure.measure, "description": None,
            "effect": state.note if done else None, "implemented_on": state.on if done else None, "place": None}
