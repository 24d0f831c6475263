"""The demo school's risk register and control acts.

A fixed number of rows whatever the size of the organization (workplaces are positions, acts are
a few a year), added in bulk: the 10,000-person benchmark costs the same as the 45-person school.
Risks and findings are linked to the demo plan's measures (plugins.suot.measures.DEMO_MEASURES) by
their wording, so the risk map, the plan and the control acts tell one story.
"""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

#: The school's own hazards beyond п. 14.5: (code, group, text).
OWN_HAZARDS = (
    ("own.apparatus", "mechanical", "Опасность падения со спортивного снаряда и травмирования при выполнении "
                                    "и страховке гимнастических упражнений"),
    ("own.overload", "other", "Опасность физических перегрузок при страховке обучающихся и переноске снарядов"),
    ("own.microclimate", "other", "Повышенные температура и влажность воздуха в спортивном зале"),
    ("own.chemicals", "other", "Опасность воздействия моющих и дезинфицирующих средств на кожу и глаза"),
    ("own.height", "mechanical", "Опасность падения с высоты при работе с лестниц и стремянок"),
    ("own.road", "other", "Опасность дорожно-транспортного происшествия"),
)

#: (position, hazard code, P, S, controls, residual (P, S) or None, measure texts to link, re-assessed (P, S)).
ASSESSMENTS = (
    ("Тренер-преподаватель", "own.apparatus", 4, 4, "страховка, гимнастические маты, инструктаж", (2, 4),
     ("Замена гимнастических матов в зале спортивной гимнастики",
      "Проверка крепления гимнастических снарядов (брусья, перекладина, кольца) с оформлением акта"), (3, 4)),
    ("Тренер-преподаватель", "mechanical.fall", 3, 3, "сухая уборка залов, нескользкое покрытие", (2, 3), (), None),
    ("Тренер-преподаватель", "own.overload", 3, 2, "режим труда и отдыха, страховка вдвоём", None, (), None),
    ("Тренер-преподаватель", "own.microclimate", 3, 2, "проветривание между тренировками", (2, 2),
     ("Ремонт и наладка приточно-вытяжной вентиляции гимнастического зала",), None),
    ("Тренер-преподаватель", "organizational.no_first_aid", 2, 4, "аптечка в каждом зале", (1, 4),
     ("Укомплектование аптечек для оказания первой помощи в залах и на вахте",), None),
    ("Старший тренер-преподаватель", "own.apparatus", 4, 4, "страховка, маты, проверка снарядов", (2, 4), (), None),
    ("Хореограф", "mechanical.fall", 4, 3, "предупредительная разметка повреждённых участков", None,
     ("Замена напольного покрытия в хореографическом зале",), None),
    ("Уборщик служебных помещений", "mechanical.fall", 3, 2, "знаки «Мокрый пол», обувь на нескользящей подошве",
     None, (), None),
    ("Уборщик служебных помещений", "own.chemicals", 3, 2, "перчатки, инструкция по применению средств", (2, 2), (),
     None),
    ("Уборщик служебных помещений", "electrical.indirect", 2, 4, "запрет протирки включённых приборов", None, (), None),
    ("Рабочий по комплексному обслуживанию и ремонту зданий", "mechanical.cut", 3, 2, "перчатки", None, (), None),
    ("Рабочий по комплексному обслуживанию и ремонту зданий", "own.height", 3, 4, "работа вдвоём", (2, 3), (), None),
    ("Электромонтёр по ремонту и обслуживанию электрооборудования", "electrical.direct", 3, 5,
     "наряд-допуск, диэлектрические СИЗ, группа по электробезопасности", (1, 5), (), (2, 5)),
    ("Электромонтёр по ремонту и обслуживанию электрооборудования", "electrical.indirect", 2, 5,
     "проверка изоляции, заземление", (1, 5), (), None),
    ("Водитель автомобиля", "own.road", 3, 5, "предрейсовый медицинский осмотр, технический осмотр", (2, 5), (), None),
    ("Сторож", "organizational.no_emergency_actions", 2, 3, "инструкция о действиях при пожаре и аварии", None, (),
     None),
    ("Бухгалтер", "mechanical.cut", 2, 1, None, None, (), None),
    ("Бухгалтер", "organizational.no_instructions", 1, 2, "инструкция по охране труда для бухгалтера", None, (), None),
    ("Медицинская сестра", "mechanical.pierce", 3, 2, "контейнеры для игл, перчатки", (2, 2), (), None),
    ("Медицинская сестра", "thermal.media", 2, 2, "инструкция к стерилизатору", None, (), None),
)

#: A new measure for a high risk nobody planned before: (position, hazard, measure, expected, funding, cost).
RISK_MEASURE = ("Рабочий по комплексному обслуживанию и ремонту зданий", "own.height",
                "Приобретение стремянок с рабочей площадкой и ограждением",
                "Исключение падений при работе на высоте", "бюджет учреждения", "38000.00")

#: Control acts of one year: (stage, month, day, position conducting, department of the position held,
#: findings as (text, measure to link or None, requirement violated), conclusion). ``years_back`` chooses the year's findings.
ACTS = {
    0: (
        (1, 3, 12, "Старший тренер-преподаватель", True,
         (("Ослаблены крепления стоек брусьев в зале № 2",
           "Проверка крепления гимнастических снарядов (брусья, перекладина, кольца) с оформлением акта",
           "Инструкция по охране труда для тренера-преподавателя: проверка крепления снарядов перед занятием"),
          ("Не ведётся журнал проверки спортивного оборудования перед тренировками", None,
           "Порядок проверки спортивного оборудования перед тренировками, установленный в учреждении")), None),
        (2, 4, 14, "Специалист по охране труда", False,
         (("Аптечки в залах укомплектованы не полностью",
           "Укомплектование аптечек для оказания первой помощи в залах и на вахте",
           "Требования к комплектации аптечки для оказания первой помощи работникам (приказ Минздрава России "
           "от 15.12.2020 № 1331н)"),
          ("Загромождён эвакуационный выход из гимнастического зала", "new",
           "Правила противопожарного режима в Российской Федерации (постановление Правительства Российской "
           "Федерации от 16.09.2020 № 1479)")), None),
        (3, 10, 20, "Директор", False, (), "Нарушений не выявлено; мероприятия первой и второй ступени выполнены"),
    ),
    1: (
        (1, 2, 9, "Старший тренер-преподаватель", True,
         (("Изношены гимнастические маты в зале спортивной гимнастики",
           "Замена гимнастических матов в зале спортивной гимнастики",
           "Инструкция по охране труда для тренера-преподавателя: исправность спортивного инвентаря"),), None),
        (2, 9, 17, "Специалист по охране труда", False,
         (("Повреждено напольное покрытие в хореографическом зале",
           "Замена напольного покрытия в хореографическом зале",
           "Инструкция по охране труда для тренера-преподавателя: исправность покрытия пола в зале"),), None),
    ),
    2: (
        (2, 5, 20, "Специалист по охране труда", False,
         (("Не у всех тренеров-преподавателей есть инструкции по охране труда на рабочем месте", None,
           "Основные требования к порядку разработки и содержанию правил и инструкций по охране труда "
           "(приказ Минтруда России от 29.10.2021 № 772н)"),),
         "Инструкции выданы в ходе проверки"),
    ),
}
NEW_FINDING_MEASURE = ("Освободить эвакуационный выход и назначить ответственного за его состояние",
                       "Эвакуационный выход свободен", "без затрат")


def add_demo(session: Session, org: Organization, people: list[Any], rng: random.Random, years: int,
             today: datetime.date) -> None:
    """Add the hazards, assessments (with one re-assessment round), links to measures and control acts."""
    from sqlmodel import select

    from plugins.suot.measure_models import SuotMeasure, SuotMeasureEvent
    from plugins.suot.risks.hazards import builtin_hazards
    from plugins.suot.risks.models import SuotControlFinding, SuotHazard, SuotMeasureLink, SuotRiskAssessment

    holders: dict[str, Any] = {}
    for person in people:
        if person.is_active(today) and person.position not in holders:
            holders[person.position] = person
    first_day = min(today, datetime.date(today.year - max(years, 1) + 1, 2, 1) + datetime.timedelta(days=rng.randint(0, 10)))
    texts = {h.code: h.text for h in builtin_hazards()}
    session.add_all([SuotHazard(org_id=org.id, code=code, group_key=group, text=text,
                                added_on=first_day) for code, group, text in OWN_HAZARDS])
    texts.update({code: text for code, _, text in OWN_HAZARDS})
    measures = {m.measure: m for m in session.exec(select(SuotMeasure).where(SuotMeasure.org_id == org.id))}
    assessor = holders.get("Специалист по охране труда")
    links: list[tuple[Any, str]] = []  # (assessment or finding row, measure text)
    rows = []
    rechecks = []
    for position, code, p, s, controls, residual, linked, again in ASSESSMENTS:
        holder = holders.get(position)
        if holder is None:
            continue
        row = SuotRiskAssessment(
            org_id=org.id, hazard_code=code, hazard_text=texts[code], position=position,
            department_id=holder.department_id, probability=p, severity=s, controls=controls,
            residual_probability=residual[0] if residual else None,
            residual_severity=residual[1] if residual else None, assessed_on=first_day,
            assessed_by_id=assessor.id if assessor else None)
        rows.append(row)
        links += [(row, text) for text in linked]
        if again:
            rechecks.append((row, again))
    session.add_all(rows)
    session.flush()
    # Re-assessment after the measures: a new record that supersedes the first one (history kept).
    recheck_day = max(first_day, min(today, datetime.date(today.year, 10, 1)))
    again_rows = []
    for row, (p, s) in rechecks:
        again_rows.append(SuotRiskAssessment(
            org_id=org.id, hazard_code=row.hazard_code, hazard_text=row.hazard_text, position=row.position,
            department_id=row.department_id, probability=p, severity=s, controls=row.controls,
            residual_probability=row.residual_probability, residual_severity=row.residual_severity,
            assessed_on=recheck_day, assessed_by_id=row.assessed_by_id, supersedes_id=row.id,
            note="повторная оценка после выполнения мероприятий"))
    session.add_all(again_rows)
    session.flush()
    new_measure_rows = []
    worker = holders.get(RISK_MEASURE[0])
    high = next((r for r in rows if (r.position, r.hazard_code) == RISK_MEASURE[:2]), None)
    manager = holders.get("Заместитель директора по административно-хозяйственной работе") or worker
    if high is not None and manager is not None:
        deadline = max(datetime.date(today.year, 12, 20), today + datetime.timedelta(days=20))
        measure = SuotMeasure(org_id=org.id, year=deadline.year, source="risk", source_ref=f"risk:{high.id}",
                              analysis=f"Высокий уровень риска: {high.hazard_text} — {high.position}",
                              measure=RISK_MEASURE[2], expected=RISK_MEASURE[3], deadline=deadline,
                              responsible_id=manager.id, funding=RISK_MEASURE[4], cost=RISK_MEASURE[5],
                              added_on=first_day)
        new_measure_rows.append((high, measure))
    _add_acts(session, org, holders, rng, years, today, measures, links, new_measure_rows)
    session.add_all([m for _, m in new_measure_rows])
    session.flush()
    link_rows = []
    for record, text in links:
        measure = measures.get(text)
        if measure is not None:
            link_rows.append(SuotMeasureLink(org_id=org.id, ref=_ref(record), measure_id=measure.id,
                                             linked_on=max(measure.added_on, _day(record))))
    for record, measure in new_measure_rows:
        link_rows.append(SuotMeasureLink(org_id=org.id, ref=_ref(record), measure_id=measure.id,
                                         linked_on=_day(record)))
        if isinstance(record, SuotControlFinding):
            done = min(today, measure.deadline - datetime.timedelta(days=3))
            session.add(SuotMeasureEvent(org_id=org.id, measure_id=measure.id, status="done", on=done,
                                         note="Выход освобождён, ответственный назначен приказом"))
    session.add_all(link_rows)
    session.flush()


def _ref(record: Any) -> str:
    from plugins.suot.risks.models import SuotControlFinding

    return f"finding:{record.id}" if isinstance(record, SuotControlFinding) else f"risk:{record.id}"


def _day(record: Any) -> datetime.date:
    return getattr(record, "added_on", None) or record.assessed_on


def _add_acts(session, org, holders, rng, years, today, measures, links, new_measure_rows) -> None:
    """The control acts of the last years (up to three), numbered within each year."""
    from plugins.suot.measure_models import SuotMeasure
    from plugins.suot.risks.models import SuotControlAct, SuotControlFinding

    for back in range(min(years, 3) - 1, -1, -1):
        year = today.year - back
        number = 0
        for stage, month, day, position, in_department, findings, conclusion in ACTS.get(back, ()):
            held_on = datetime.date(year, month, day) + datetime.timedelta(days=rng.randint(0, 3))
            person = holders.get(position)
            if person is None or held_on > today:
                continue
            number += 1
            act = SuotControlAct(org_id=org.id, number=number, stage=stage, held_on=held_on,
                                 conducted_by_id=person.id,
                                 department_id=person.department_id if in_department else None,
                                 participants="члены комиссии по охране труда" if stage == 2 else None,
                                 scope="состояние рабочих мест, оборудования и документации по охране труда",
                                 conclusion=conclusion)
            session.add(act)
            session.flush()
            rows = [SuotControlFinding(org_id=org.id, act_id=act.id, text=text, requirement=requirement,
                                       added_on=held_on)
                    for text, _, requirement in findings]
            session.add_all(rows)
            session.flush()
            for row, (_, measure, _requirement) in zip(rows, findings):
                if measure == "new":
                    text, expected, funding = NEW_FINDING_MEASURE
                    responsible = holders.get("Заведующий хозяйством") or person
                    new_measure_rows.append((row, SuotMeasure(
                        org_id=org.id, year=year, source="control_act", source_ref=f"control_act:{act.id}",
                        analysis=f"Акт контроля № {act.number} от {held_on:%d.%m.%Y}: {row.text}", measure=text,
                        expected=expected, deadline=held_on + datetime.timedelta(days=14),
                        responsible_id=responsible.id, funding=funding, added_on=held_on)))
                elif measure:
                    links.append((row, measure))
