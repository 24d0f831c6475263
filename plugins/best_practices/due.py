"""The quarterly report as a due item: shown from the quarter's start, overdue after the deadline until sent.

No federal act makes the report a duty (REGULATION §9), so it is due only where the district asks
for it: ``[best_practices] required = true``, or, when the setting is absent, once the organization
has submitted a report (it is part of the district's scheme). Quarters are counted from the first
one the organization reported or from ``since``; without either, from the quarter whose report is
open now, so an older, never-reported past is not invented.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.obligations.due import DueItem
    from core.storage.models import Organization
    from core.workspace import Workspace


def report_due_items(session: Session, org: Organization, today: datetime.date,
                     until: datetime.date, workspace: Workspace | None) -> list[DueItem]:
    """One item per quarter (started by ``today``) whose report has not been submitted."""
    from core.obligations.due import DueItem
    from core.render.russian_dates import quarter_of
    from plugins.best_practices.settings import workspace_settings
    from plugins.best_practices.submissions import all_submissions, latest_by_quarter, report_practices

    settings = workspace_settings(workspace)
    rows = all_submissions(session, org)
    # On a district server an organization registered in a district reports to it (its scheme) from the start.
    required = settings.required if settings.required is not None else bool(rows) or bool(org.district)
    if not required:
        return []
    from plugins.best_practices.settings import default_addressee

    addressee = (settings.addressee or default_addressee(org) or "").splitlines()
    submitted = latest_by_quarter(rows)
    current = quarter_of(today)
    starts = [min(submitted)] if submitted else []
    if settings.since is not None:
        starts.append(quarter_of(settings.since))
    if not starts:
        # A new user: the current quarter, and the previous one while its deadline falls in this quarter.
        previous = current.previous()
        starts.append(previous if settings.deadline(previous) >= current.start else current)
    quarter = min(starts)
    items = []
    while quarter <= current:
        due = settings.deadline(quarter)
        # Shown from the quarter's first day whatever --until says (the issue: «from the start of the quarter»).
        if quarter not in submitted and (due <= until or quarter.start <= today):
            practices = None
            if not settings.empty_quarter_report:
                practices = report_practices(session, org, quarter, rows)
            if settings.empty_quarter_report or practices:
                items.append(DueItem(
                    due=due, title=f"Отчёт о передовом опыте в области охраны труда за {quarter.label}",
                    source="best_practices", subject=addressee[0] if addressee else "",
                    rule=settings.rule, record=f"report:{quarter.key}", kind="best_practices_report",
                    extra=(("year", quarter.year), ("quarter", quarter.number),
                           ("command", f"ohs practice submit --year {quarter.year} --quarter {quarter.number} "
                                       "--on ДАТА")),
                    show_from=quarter.start,
                ))
        quarter = quarter.next()
    return items
