"""Workplace deadlines: the planned СОУТ (5 years unless a declaration holds), unscheduled ones after events,
and workplaces that have no СОУТ at all (treated as new workplaces: 12 months from the first hire).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.obligations.rules.periodicity import add_period, fold_position, next_date

if TYPE_CHECKING:
    from plugins.suot.schedule.due import DueScope


def latest_reports(reports: list[Any]) -> dict[tuple, Any]:
    """The latest report per workplace (department, folded position)."""
    latest: dict[tuple, Any] = {}
    for row in reports:
        key = (row.department_id, fold_position(row.position))
        if key not in latest or (row.report_on, row.id) > (latest[key].report_on, latest[key].id):
            latest[key] = row
    return latest


def next_sout(report_on: datetime.date, declaration: bool, years: int = 5) -> datetime.date | None:
    """The planned date of the next СОУТ: none while a declaration holds (open-ended since 503-ФЗ)."""
    return None if declaration else add_period(report_on, years, "years")


def sout_items(ctx: DueScope) -> list:
    """Per workplace: the planned СОУТ, the unscheduled ones pending after events, the missing ones."""
    from sqlmodel import select

    from plugins.suot.schedule.models import SuotSout, SuotSoutEvent
    from plugins.suot.schedule.sout import EVENT_REASONS

    planned = ctx.rules.get("sout_years")
    reports = list(ctx.session.exec(select(SuotSout).where(SuotSout.org_id == ctx.org.id)))
    events = list(ctx.session.exec(select(SuotSoutEvent).where(SuotSoutEvent.org_id == ctx.org.id)))
    latest = latest_reports(reports)
    by_key: dict[tuple, list[datetime.date]] = {}
    for row in reports:
        by_key.setdefault((row.department_id, fold_position(row.position)), []).append(row.report_on)
    items = []
    for _key, row in latest.items():
        if planned is not None and not row.declaration:
            items.append(ctx.item(next_date(planned, row.report_on), "Специальная оценка условий труда (плановая)",
                                  _subject(ctx, row.department_id, row.position), planned, f"sout:{row.id}", "sout",
                                  department=ctx.departments.get(row.department_id), position=row.position,
                                  report_date=row.report_on.isoformat(), sout_class=row.sout_class))
    pending: set[tuple] = set()
    for event in events:
        key = (event.department_id, fold_position(event.position))
        if any(on >= event.on for on in by_key.get(key, ())):
            continue
        wording, rule_key, confidence = EVENT_REASONS[event.reason]
        rule = ctx.rules.get(rule_key)
        if rule is None:
            continue
        pending.add(key)
        items.append(ctx.item(next_date(rule, event.on), f"Внеплановая СОУТ: {wording}",
                              _subject(ctx, event.department_id, event.position), rule, f"sout_event:{event.id}",
                              "sout_unscheduled", department=ctx.departments.get(event.department_id),
                              position=event.position, event_date=event.on.isoformat(), case_confidence=confidence))
    items.extend(_missing(ctx, set(latest) | pending))
    return items


def _missing(ctx: DueScope, covered: set[tuple]) -> list:
    """Workplaces held today with no СОУТ and no pending event: due 12 months after their first holder's hiring;
    a data gap while the register holds no result entered here (only carried-over ones, or none at all)."""
    rule = ctx.rules.get("sout_unscheduled_new_months")
    if rule is None:
        return []
    start = ctx.journal_start("suot_sout")
    held: dict[tuple, list] = {}
    for worker in ctx.workers.values():
        key = (worker.department_id, fold_position(worker.position))
        if key in covered:
            continue
        first = held.get(key)
        if first is None or worker.hired_on < first[1]:
            held[key] = [worker.position, worker.hired_on]
    if start is None:
        return [ctx.gap(_subject(ctx, dept_id, position), "Специальная оценка условий труда: нет сведений",
                        "sout_missing", f"workplace:{dept_id or 0}:{position}", rule,
                        department=ctx.departments.get(dept_id), position=position)
                for (dept_id, _folded), (position, _hired) in held.items()]
    return [ctx.item(next_date(rule, hired), "Специальная оценка условий труда (по рабочему месту нет записи о СОУТ)",
                     _subject(ctx, dept_id, position), rule, f"workplace:{dept_id or 0}:{position}", "sout_missing",
                     department=ctx.departments.get(dept_id), position=position, first_hired_on=hired.isoformat())
            for (dept_id, _folded), (position, hired) in held.items()]


def _subject(ctx: DueScope, department_id: int | None, position: str) -> str:
    dept = ctx.departments.get(department_id)
    return f"{dept} — {position}" if dept else position
