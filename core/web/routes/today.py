"""«Сегодня» (``/``): what is overdue and due soon, the findings of ``ohs check``; and the calendar feed."""

from __future__ import annotations

import datetime
from typing import Any

from core.web.unit import page, unit_of_work

#: Rows shown in each table of «Сегодня»; the rest is counted by kind (the calendar and ``ohs due`` list all).
SHOWN = 100


def _by_kind(items: list[Any]) -> list[tuple[str, int]]:
    """How many items of each kind, the largest first: «Периодический медицинский осмотр — 2100»."""
    counts: dict[str, int] = {}
    for item in items:
        label = item.title.split(":")[0].split(" (")[0]
        counts[label] = counts.get(label, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def today_page(request: Any) -> Any:
    """Overdue and due-soon items and the findings, each linked to the page that resolves it."""
    from core.obligations.checks import SEVERITY_TITLES
    from core.web.links import due_link, finding_link
    from core.web.unit import desk

    from sqlmodel import select

    from core.storage.models import Person

    with unit_of_work(request) as ctx:
        snapshot = desk(request).today_cache.get(ctx)
        # A workspace without workers is at its first run: «Сегодня» points to /setup.
        has_people = ctx.session.exec(select(Person.id).where(Person.org_id == ctx.org.id).limit(1)).first() is not None
    today = snapshot.today
    dated = [i for i in snapshot.items if not i.no_data]
    overdue = [i for i in dated if i.is_overdue(today)]
    soon = [i for i in dated if not i.is_overdue(today)]
    gaps: dict[str, list[str]] = {}
    for item in (i for i in snapshot.items if i.no_data):
        gaps.setdefault(item.subject, []).append(item.title.removesuffix(": нет сведений"))
    return page(request, "today.html", today=today, overdue_count=len(overdue), soon_count=len(soon),
                overdue=[(i, due_link(i)) for i in overdue[:SHOWN]], soon=[(i, due_link(i)) for i in soon[:SHOWN]],
                overdue_kinds=_by_kind(overdue) if len(overdue) > SHOWN else [],
                soon_kinds=_by_kind(soon) if len(soon) > SHOWN else [], shown=SHOWN, gaps=gaps,
                findings=[(f, finding_link(f)) for f in snapshot.findings], severity_titles=SEVERITY_TITLES,
                horizon=snapshot.horizon, has_people=has_people)


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
