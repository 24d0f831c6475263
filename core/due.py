"""Due items: obligations with a date, merged from every plugin's ``due_items`` hook."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.models import Organization


@dataclass(frozen=True, order=True)
class DueItem:
    """One obligation: what must be done by ``due`` and where the obligation comes from.

    ``source`` names the plugin, ``rule`` the act and point behind the date, ``record`` the
    record it was computed from (for example ``briefing:42``), so every date can be traced.
    """

    due: datetime.date
    title: str
    source: str
    subject: str = ""
    rule: str = ""
    record: str = ""
    kind: str = ""
    extra: tuple[tuple[str, Any], ...] = field(default=(), compare=False)
    #: Listed from this day even when ``due`` is after ``--until`` (a quarterly report from the quarter's start).
    show_from: datetime.date | None = field(default=None, compare=False)

    def is_overdue(self, today: datetime.date) -> bool:
        """True when the date has passed."""
        return self.due < today

    def to_json(self, today: datetime.date) -> dict[str, Any]:
        """A JSON-ready dict with ISO dates and the overdue flag."""
        # Built by hand: dataclasses.asdict deep-copies every field and costs 15× more on thousands of items.
        return {"due": self.due.isoformat(), "title": self.title, "source": self.source, "subject": self.subject,
                "rule": self.rule, "record": self.record, "kind": self.kind, "extra": dict(self.extra),
                "overdue": self.is_overdue(today),
                "show_from": self.show_from.isoformat() if self.show_from else None}


def collect_due_items(
    pm: pluggy.PluginManager,
    session: Session,
    org: Organization,
    today: datetime.date,
    until: datetime.date,
) -> list[DueItem]:
    """All plugins' items up to ``until`` (and those whose ``show_from`` has come): overdue first, then by date."""
    items = [
        item
        for batch in pm.hook.due_items(session=session, org=org, today=today, until=until)
        for item in batch or ()
        if item.due <= until or (item.show_from is not None and item.show_from <= today)
    ]
    return sorted(items, key=lambda i: (not i.is_overdue(today), i.due, i.title, i.subject))
