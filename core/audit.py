"""The audit log: every change, when, who (``OHS_USER`` or the OS user) and what."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import getpass
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization


#: The actor of the unit of work in progress (a web request's user); unset for the command line.
_ACTOR: contextvars.ContextVar[str | None] = contextvars.ContextVar("ohs_actor", default=None)


@contextlib.contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Record ``actor`` in every audit entry written inside the block (the web layer's signed-in user).

    A context variable rather than an argument threaded through every service: each request (thread or
    task) sees only its own actor, and services keep one way of writing the log.
    """
    token = _ACTOR.set(actor)
    try:
        yield
    finally:
        _ACTOR.reset(token)


def current_user() -> str:
    """Who is acting: the actor set by :func:`acting_as`, else ``OHS_USER``, else the operating-system user."""
    user = _ACTOR.get() or os.environ.get("OHS_USER")
    if user:
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"


def record(
    session: Session, org: Organization, action: str, entity: str, entity_id: Any, details: dict[str, Any],
    *, at: datetime.datetime | None = None,
) -> None:
    """Add one audit entry to the session (it is committed with the change it describes).

    ``at`` is the moment of a caller that has one of its own (a sign-in checked at an explicit ``now``), so the
    organization's entry and the server's log agree; without it, the toolkit's clock.
    """
    from core.io.json_values import dumps
    from core.storage.models import AuditEntry

    entry = AuditEntry(
        org_id=org.id,
        actor=current_user(),
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        details=dumps(details, sort_keys=True),
    )
    if at is not None:
        entry.at = at
    session.add(entry)


def audit(session: Session, org: Organization, action: str, entity: str, entity_id: Any = None, **details: Any) -> None:
    """Record one change in the audit log, in the same transaction as the change (``ctx.audit`` calls this)."""
    record(session, org, action, entity, entity_id, details)


def entries(session: Session, org: Organization, limit: int | None = None) -> list[Any]:
    """The organization's audit entries, newest first."""
    from sqlmodel import select

    from core.storage.models import AuditEntry

    query = select(AuditEntry).where(AuditEntry.org_id == org.id).order_by(AuditEntry.id.desc())
    if limit:
        query = query.limit(limit)
    return list(session.exec(query))
