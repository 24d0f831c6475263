"""The audit log: every change, when, who (``OHS_USER`` or the OS user) and what."""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization


def current_user() -> str:
    """Who is acting: ``OHS_USER``, else the operating-system user."""
    user = os.environ.get("OHS_USER")
    if user:
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"


def record(
    session: Session, org: Organization, action: str, entity: str, entity_id: Any, details: dict[str, Any]
) -> None:
    """Add one audit entry to the session (it is committed with the change it describes)."""
    from core.io.json_values import dumps
    from core.storage.models import AuditEntry

    session.add(
        AuditEntry(
            org_id=org.id,
            actor=current_user(),
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            details=dumps(details, sort_keys=True),
        )
    )


def entries(session: Session, org: Organization, limit: int | None = None) -> list[Any]:
    """The organization's audit entries, newest first."""
    from sqlmodel import select

    from core.storage.models import AuditEntry

    query = select(AuditEntry).where(AuditEntry.org_id == org.id).order_by(AuditEntry.id.desc())
    if limit:
        query = query.limit(limit)
    return list(session.exec(query))
