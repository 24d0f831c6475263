"""Checks that the journals agree with the organization's own periodicity.

Why: a specialist signs a Положение that says «повторный инструктаж тренеров — раз в 3 месяца» and keeps a
journal where trainers were briefed every six months; an inspector compares the two. ``ohs due`` only says
what is due now; this finds the gaps already in the journal — a repeat briefing later than the rule the
organization applies to that position (the stricter own rule where set) — over the last year.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

#: How far back the journal is compared with the rules: older gaps are history, not a present contradiction.
LOOKBACK_DAYS = 365
#: Gaps listed in a finding before «и ещё N».
SHOWN = 5


def briefing_gap_findings(session: Session, org: Organization, today: datetime.date,
                          rules: dict[str, Any] | None = None) -> list:
    """One finding per position whose workers had a repeat briefing later than the organization's period."""
    from core.obligations.checks import Finding
    from core.obligations.rules.periodicity import format_period, next_date
    from plugins.suot.schedule.due import DueScope, as_date, fetch
    from plugins.suot.schedule.due_people import exempt_positions

    ctx = DueScope(session, org, today, today, rules)
    rule = ctx.rules.get("repeat_briefing_months")
    if rule is None:
        return []
    exempt = exempt_positions(ctx)
    dates: dict[int, list[datetime.date]] = defaultdict(list)
    rows = fetch(session, "SELECT person_id, \"on\" FROM core_briefing WHERE org_id = :org "
                          "AND kind IN ('primary', 'repeat') ORDER BY \"on\"", org.id)
    for person_id, on in rows:
        dates[person_id].append(as_date(on))
    since = today - datetime.timedelta(days=LOOKBACK_DAYS)
    gaps: dict[str, list[str]] = defaultdict(list)
    periods: dict[str, str] = {}
    for worker in ctx.workers.values():
        if worker.position in exempt:
            continue
        own = ctx.own(rule, worker.position)
        days = sorted(set(dates.get(worker.id, ())))
        for earlier, later in zip(days, days[1:]):
            if later >= since and later > next_date(own, earlier):
                gaps[worker.position].append(f"{worker.name}: {earlier:%d.%m.%Y} → {later:%d.%m.%Y}")
                periods[worker.position] = format_period(own.value, own.unit)
    findings = []
    for position, listed in sorted(gaps.items()):
        more = f"; и ещё {len(listed) - SHOWN}" if len(listed) > SHOWN else ""
        findings.append(Finding(
            "warning",
            "Журнал инструктажей расходится со сроком организации (повторный инструктаж не реже одного раза "
            f"в {periods[position]})",
            "suot",
            detail="; ".join(listed[:SHOWN]) + more,
            fix="проведите инструктажи в срок или измените срок в ohs.toml ([rules.positions]) и Положении",
            subject=position,
        ))
    return findings
