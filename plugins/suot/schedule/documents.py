"""Document kinds: протокол проверки знания требований охраны труда, годовой график обучения, медосмотров и СОУТ.

All wording is in templates/suot/training_protocol.xml.j2 and templates/suot/training_schedule.xml.j2.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.documents.kinds import BuildRequest, DocumentKind

PROTOCOL_TITLE = "Протокол проверки знания требований охраны труда"
SCHEDULE_TITLE = ("График обучения по охране труда и проверки знания, медицинских осмотров и специальной оценки "
                  "условий труда")
#: Due-item kinds the yearly schedule shows (briefings have their own journals), in its order.
SCHEDULE_KINDS = ("training", "training_retake", "training_new_hire", "training_missing", "medical_periodic",
                  "medical_missing", "psychiatric", "sout", "sout_unscheduled", "sout_missing")


def build_protocol(request: BuildRequest) -> dict[str, Any]:
    """The protocol named by ``--number`` (the latest one when omitted), with the commission in force on its date."""
    from sqlmodel import select

    from core.registry.commissions import list_commissions, members_of
    from core.documents.context import person_view
    from core.documents.kinds import MissingDataError, MissingField
    from core.storage.models import Person
    from core.registry.people import department_names
    from plugins.suot.schedule.models import SuotTraining as T
    from plugins.suot.schedule.training import PROGRAMS, RESULTS, effective_trainings

    session, org = request.session, request.org
    live = {row[0] for row in effective_trainings(session, org)}
    number = request.number
    if number is None:
        latest = session.exec(select(T).where(T.org_id == org.id).order_by(T.on.desc(), T.seq.desc()).limit(1)).first()
        number = latest.protocol if latest else None
    entries = [e for e in session.exec(select(T).where(T.org_id == org.id, T.protocol == (number or ""))
                                       .order_by(T.seq)) if e.id in live]
    if not entries:
        raise MissingDataError(PROTOCOL_TITLE, [MissingField(
            f"Записи о проверке знания по протоколу № {number}" if number else "Хотя бы одна проверка знания",
            "ohs training add РАБОТНИК --program A --on ДАТА --protocol НОМЕР --result passed")])
    on = max(e.on for e in entries)
    commissions = list_commissions(session, org, on=on, kind="knowledge_check")
    if not commissions:
        raise MissingDataError(PROTOCOL_TITLE, [MissingField(
            f"Комиссия по проверке знания требований охраны труда, действующая на {on:%d.%m.%Y}",
            "ohs commission add knowledge_check --order-number НОМЕР --order-date ДАТА --chair … --member …")])
    names = department_names(session, org)
    commission = commissions[-1]
    members = [{"role": m.role, "person": person_view(p, names)} for m, p in members_of(session, commission)]
    people = {p.id: p for p in session.exec(select(Person).where(Person.id.in_({e.person_id for e in entries})))}
    programs = sorted({e.program for e in entries}, key=list(PROGRAMS).index)
    rows = [{"person": person_view(people[e.person_id], names), "program": PROGRAMS[e.program].split(":")[0],
             "result": RESULTS[e.result], "hours": e.hours, "provider": e.provider} for e in entries]
    return {"number": number, "on": on, "programs": [PROGRAMS[p] for p in programs], "rows": rows,
            "members": members, "commission_order": {"number": commission.order_number,
                                                     "date": commission.order_date}}


def schedule_rows(request: BuildRequest, year: int) -> list[dict[str, Any]]:
    """Due items of the year grouped by what and where, counted per month (overdue ones in January)."""
    from plugins.suot.schedule.due import schedule_due_items

    first = datetime.date(year, 1, 1)
    items = schedule_due_items(request.session, request.org, min(request.today, first), datetime.date(year, 12, 31),
                               request.workspace.section("rules"))
    groups: dict[tuple, dict[str, Any]] = {}
    for item in items:
        if item.kind not in SCHEDULE_KINDS or item.no_data:  # a data gap has no month to plan it in
            continue
        extra = dict(item.extra)
        where = extra.get("department") or "—"
        key = (SCHEDULE_KINDS.index(item.kind), item.title, where)
        group = groups.setdefault(key, {"what": item.title, "where": where, "months": [0] * 12, "overdue": 0,
                                        "rule": item.rule})
        if item.due < first:
            group["overdue"] += 1
        group["months"][max(item.due, first).month - 1] += 1
    rows = [groups[k] for k in sorted(groups)]
    for row in rows:
        row["total"] = sum(row["months"])
    return rows


def build_schedule(request: BuildRequest) -> dict[str, Any]:
    """The year's schedule (``--year``, default the document year) by month; no head stops it."""
    from core.documents.kinds import MissingDataError, MissingField
    from core.registry.org import role_holder

    year = int(request.options.get("year") or request.today.year)
    if role_holder(request.session, request.org, "head", request.today) is None:
        raise MissingDataError(f"{SCHEDULE_TITLE} на {year} год",
                               [MissingField("Руководитель организации (утверждает график)",
                                             "ohs org set head=<работник>")])
    rows = schedule_rows(request, year)
    if not rows:
        raise MissingDataError(f"{SCHEDULE_TITLE} на {year} год", [MissingField(
            "Записи об обучении, медосмотрах или СОУТ, от которых считаются сроки",
            "ohs training add … / ohs medical add … / ohs sout add …")])
    return {"year": year, "rows": rows}


def kinds() -> list[DocumentKind]:
    """training_protocol and training_schedule."""
    from core.documents.kinds import DocumentKind

    return [
        DocumentKind(key="training_protocol", title=PROTOCOL_TITLE, template="suot/training_protocol.xml.j2",
                     build=build_protocol, approval="none", grammatical_gender="m", plugin="suot"),
        DocumentKind(key="training_schedule", title=SCHEDULE_TITLE, template="suot/training_schedule.xml.j2",
                     build=build_schedule, approval="head", grammatical_gender="m",
                     instrumental_title="Графиком обучения, медицинских осмотров и СОУТ", plugin="suot",
                     period="year"),
    ]
