"""The server's audit log (``core_account_event``), mirrored into the organization's own log when there is one."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization


def record_event(
    session: Session, *, at: datetime.datetime, actor: str, action: str, login: str | None,
    address: str | None = None, org: Organization | None = None, details: dict[str, Any] | None = None,
) -> None:
    """Add one entry to the server's log, and to ``org``'s audit log when the account belongs to one.

    Never pass a password in ``details``: the log is read by administrators and copied into backups.
    The texts are cut to their columns, because a login or an address comes from whoever sends the form.
    """
    from core.accounts.models import AccountEvent
    from core.audit import acting_as, record
    from core.io.json_values import dumps

    data = dict(details or {})
    session.add(AccountEvent(
        at=at, actor=actor[:100], action=action, login=None if login is None else login[:200],
        address=None if address is None else address[:100], details=dumps(data, sort_keys=True),
    ))
    if org is not None:
        # The organization's log names the same actor as the server's (a sign-in: the login itself).
        with acting_as(actor[:100]):
            record(session, org, action, "account", login, {**data, **({"address": address} if address else {})},
                   at=at)
