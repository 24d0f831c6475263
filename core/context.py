"""The unit of work: one transaction of one organization, as of one day, with the plugins and workspace at hand.

Commands, the web layer and tests build it the same way (:meth:`core.app.App.context`, or
:meth:`Context.of` around a session they already hold) and hand it to services and hooks
(``due_items(ctx, until)``, ``checks(ctx)``…). Services reach the plugin manager, the workspace's
settings, the audit log and the files waiting for the commit through it — never through globals, the
session's ``info`` dictionary or the command line.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy
    from sqlalchemy.orm import Session as OrmSession
    from sqlmodel import Session

    from core.io.atomic import PendingFiles
    from core.storage.models import Organization
    from core.workspace import Workspace


@dataclasses.dataclass(frozen=True)
class Context:
    """What a service or hook may use: the session (one transaction), the organization, the day, the plugins."""

    session: Session
    org: Organization
    pm: pluggy.PluginManager
    #: The day the work acts as: ``--today``, ``OHS_TODAY`` or the clock's (never read again mid-work).
    today: datetime.date
    #: The workspace folder and its ``ohs.toml``; None for a database used without one (a district server).
    workspace: Workspace | None = None

    @classmethod
    def of(
        cls,
        session: Session,
        org: Organization,
        pm: pluggy.PluginManager,
        *,
        today: datetime.date | None = None,
        workspace: Workspace | None = None,
    ) -> Context:
        """A context around a session already open (tests, and commands that hold one)."""
        from core.clock import today as clock_today

        return cls(session=session, org=org, pm=pm, today=today or clock_today(), workspace=workspace)

    @property
    def hook(self) -> Any:
        """The plugin manager's hook relay (``ctx.hook.due_items(ctx=ctx, until=…)``)."""
        return self.pm.hook

    @property
    def actor(self) -> str:
        """Who acts: the web user set by :func:`core.audit.acting_as`, else ``OHS_USER`` or the OS user."""
        from core.audit import current_user

        return current_user()

    @property
    def files(self) -> PendingFiles:
        """Files written for this transaction, renamed into place only when it commits."""
        from core.io.atomic import pending_files

        return pending_files(self.session)

    def audit(self, action: str, entity: str, entity_id: Any = None, **details: Any) -> None:
        """Record one change in the audit log, in this transaction."""
        from core.audit import record

        record(self.session, self.org, action, entity, entity_id, details)

    def settings(self, section: str) -> dict[str, Any]:
        """A section of ``ohs.toml`` (``documents``, ``district``…); empty without a workspace."""
        return self.workspace.section(section) if self.workspace is not None else {}

    def as_of(self, day: datetime.date) -> Context:
        """The same unit of work computed for another day (a report as of a past date)."""
        return dataclasses.replace(self, today=day)


def session_slot(session: OrmSession, key: str, value: Any = None) -> Any:
    """The per-transaction state a core mechanism keeps on the session (``core.io.atomic``'s pending files).

    This module alone reads and writes the session's ``info``: dependencies travel in the context, and
    only state that must live exactly as long as the session (bound to its transaction events) is kept
    on it. With ``value``, stores it and returns it; without, returns what is stored or None.
    """
    if value is not None:
        session.info[key] = value
        return value
    return session.info.get(key)
