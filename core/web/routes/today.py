"""«Сегодня» (``/``): what is overdue and due soon, the findings of ``ohs check``; and the calendar feed."""

from __future__ import annotations

import datetime
from typing import Any

from core.web.unit import page, unit_of_work

#: How far ahead «Сегодня» looks, as ``ohs due`` does by default.
HORIZON_DAYS = 30


def today_page(request: Any) -> Any:
    """Overdue and due-soon items and the findings, each linked to the page that resolves it."""
    from core.obligations.checks import SEVERITY_TITLES, collect_findings
    from core.obligations.due import collect_due_items
    from core.web.links import due_link, finding_link

    with unit_of_work(request) as ctx:
        today = ctx.today
        items = collect_due_items(ctx, today + datetime.timedelta(days=HORIZON_DAYS))
        findings = collect_findings(ctx)
    dated = [i for i in items if not i.no_data]
    overdue = [(i, due_link(i)) for i in dated if i.is_overdue(today)]
    soon = [(i, due_link(i)) for i in dated if not i.is_overdue(today)]
    gaps: dict[str, list[str]] = {}
    for item in (i for i in items if i.no_data):
        gaps.setdefault(item.subject, []).append(item.title.removesuffix(": нет сведений"))
    return page(request, "today.html", today=today, overdue=overdue, soon=soon, gaps=gaps,
                findings=[(f, finding_link(f)) for f in findings], severity_titles=SEVERITY_TITLES,
                horizon=today + datetime.timedelta(days=HORIZON_DAYS))


def calendar_feed(request: Any) -> Any:
    """The deadlines as iCalendar (``ohs due --ics``): subscribe to it from a calendar program."""
    from starlette.responses import Response

    from core.obligations.due import collect_due_items
    from core.obligations.due_export import due_calendar

    with unit_of_work(request) as ctx:
        until = ctx.today + datetime.timedelta(days=365)
        items = [i for i in collect_due_items(ctx, until) if not i.no_data]
        data = due_calendar(ctx.org, items, ctx.today)
    return Response(data, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'inline; filename="ohs-due.ics"'})


def routes() -> list[Any]:
    """``/`` and ``/due.ics``."""
    from starlette.routing import Route

    return [Route("/", today_page, name="today"), Route("/due.ics", calendar_feed, name="due_ics")]
