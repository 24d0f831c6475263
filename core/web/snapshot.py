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


#: Threads that recompute «Сегодня» in the background after changes, for all the organizations of a server
#: together: each holds a database connection while it works, so they are few and counted in the server's pool
#: (core.web.server); changes queue behind them, one pending refresh per organization.
REFRESH_THREADS = 2


class TodayCache:
    """The latest snapshot of each organization, shared by the server's threads."""

    def __init__(self) -> None:
        #: The latest snapshot of each organization (one on a workspace, many on a server).
        self._snapshots: dict[Any, TodaySnapshot] = {}
        self._lock = threading.Lock()
        #: One lock per organization: a school's computation never makes another school's «Сегодня» wait (a
        #: server-wide lock did: under 50 users the visitors of ten schools queued behind each other's, each
        #: holding a pooled connection while it waited).
        self._org_locks: dict[Any, threading.Lock] = {}
        #: Organizations whose refresh waits for a thread (tenant → its application), in the order they changed.
        self._pending: dict[Any, App] = {}
        #: Organizations a background thread is refreshing now.
        self._running: set[Any] = set()
        self._workers = 0

    def get(self, ctx: Context) -> TodaySnapshot:
        """The snapshot for this unit of work's day and data, computed now if the one kept is stale."""
        from core.obligations.checks import collect_findings
        from core.obligations.due import collect_due_items

        key = data_version(ctx)
        with self._lock:
            org_lock = self._org_locks.setdefault(ctx.org.id, threading.Lock())
        with org_lock:  # one computation per organization at a time: a second visitor waits for it, not repeats it
            kept = self._snapshots.get(ctx.org.id)
            if kept is not None and kept.key == key:
                return kept
            items = collect_due_items(ctx, ctx.today + datetime.timedelta(days=HORIZON_DAYS))
            snapshot = TodaySnapshot(key=key, today=ctx.today, items=items, findings=collect_findings(ctx))
            with self._lock:
                self._snapshots[ctx.org.id] = snapshot
            return snapshot

    def refresh_in_background(self, app: App, tenant: int | None = None) -> None:
        """Compute the snapshot in the background (after start-up or a change), so the next visit finds it ready.

        Changes that come faster than the refreshes are folded: an organization waits in the queue once, and its
        refresh, when it starts, sees every change committed before it. At most :data:`REFRESH_THREADS` run at once
        (a thread per change used to start, each taking a pooled connection).
        """
        with self._lock:
            queued = tenant in self._pending
            self._pending[tenant] = app
            if queued or self._workers >= REFRESH_THREADS:
                return
            self._workers += 1
        threading.Thread(target=self._refresh_pending, name="ohs-today", daemon=True).start()

    def _refresh_pending(self) -> None:
        """Refresh the queued organizations one by one until none is left that another thread is not refreshing."""
        from core.clock import today

        while True:
            with self._lock:
                # An organization being refreshed stays queued for the thread refreshing it, which looks again when
                # it is done: a second thread would only wait for its lock, holding a connection.
                tenant = next((t for t in self._pending if t not in self._running), _NOBODY)
                if tenant is _NOBODY:
                    self._workers -= 1
                    return
                app = self._pending.pop(tenant)
                self._running.add(tenant)
            try:
                with app.context(write=False, today=today(), tenant=tenant) as ctx:
                    self.get(ctx)
            except Exception:  # noqa: BLE001 - the page computes it again and shows any error in Russian
                log.exception("ohs serve: background refresh of «Сегодня» failed")
            finally:
                with self._lock:
                    self._running.discard(tenant)


#: No organization to refresh (``None`` is the workspace's own in local mode).
_NOBODY = object()
