"""«Сегодня» computed once per change, not once per visit.

Every plugin's ``due_items`` and ``checks`` over 10,000 workers take about a second; the page is opened
far more often than the data changes. The snapshot is keyed by the day and the audit log's last entry:
every change, made here or by a command in another window, writes an audit entry in its own transaction
(DESIGN: data rules), so a new entry or a new day recomputes it. It is computed again in the background
when the server starts and after each change made through the desk, so the page usually finds it ready.
"""

from __future__ import annotations

import datetime
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.app import App
    from core.context import Context
    from core.obligations.checks import Finding
    from core.obligations.due import DueItem

log = logging.getLogger("ohs.web")

#: How far ahead «Сегодня» looks, as ``ohs due`` does by default.
HORIZON_DAYS = 30


@dataclass(frozen=True)
class TodaySnapshot:
    """The due items up to the horizon and the findings, as of one day and one state of the data."""

    key: tuple[Any, ...]
    today: datetime.date
    items: list[DueItem]
    findings: list[Finding]

    @property
    def horizon(self) -> datetime.date:
        """The last day the items reach."""
        return self.today + datetime.timedelta(days=HORIZON_DAYS)


def data_version(ctx: Context) -> tuple[Any, ...]:
    """What the snapshot depends on: the organization, the day, the audit log's last entry."""
    from sqlalchemy import func
    from sqlmodel import select

    from core.storage.models import AuditEntry

    last = ctx.session.exec(select(func.max(AuditEntry.id)).where(AuditEntry.org_id == ctx.org.id)).one()
    return (ctx.org.id, ctx.today, last)


class TodayCache:
    """The latest snapshot, shared by the server's threads."""

    def __init__(self) -> None:
        #: The latest snapshot of each organization (one on a workspace, many on a server).
        self._snapshots: dict[Any, TodaySnapshot] = {}
        self._lock = threading.Lock()

    def get(self, ctx: Context) -> TodaySnapshot:
        """The snapshot for this unit of work's day and data, computed now if the one kept is stale."""
        from core.obligations.checks import collect_findings
        from core.obligations.due import collect_due_items

        key = data_version(ctx)
        with self._lock:  # one computation at a time: a second visitor waits for it rather than repeating it
            kept = self._snapshots.get(ctx.org.id)
            if kept is not None and kept.key == key:
                return kept
            items = collect_due_items(ctx, ctx.today + datetime.timedelta(days=HORIZON_DAYS))
            snapshot = TodaySnapshot(key=key, today=ctx.today, items=items, findings=collect_findings(ctx))
            self._snapshots[ctx.org.id] = snapshot
            return snapshot

    def refresh_in_background(self, app: App, tenant: int | None = None) -> None:
        """Compute the snapshot in a thread (after start-up or a change), so the next visit finds it ready."""
        from core.clock import today

        def work() -> None:
            try:
                with app.context(write=False, today=today(), tenant=tenant) as ctx:
                    self.get(ctx)
            except Exception:  # noqa: BLE001 - the page computes it again and shows any error in Russian
                log.exception("ohs serve: background refresh of «Сегодня» failed")

        threading.Thread(target=work, name="ohs-today", daemon=True).start()
