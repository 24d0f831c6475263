"""Due items: obligations with a date, merged from every plugin's ``due_items`` hook."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.context import Context



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
    #: ``NO_DATA``: a data gap, not a deadline — the item is required but no record of it exists and nothing
    #: says since when it is owed (``due`` is then only the day it was computed); ``fix`` names the command
    #: that fills the gap. "" for an ordinary dated item.
    status: str = field(default="", compare=False)
    fix: str = field(default="", compare=False)

    @property
    def no_data(self) -> bool:
        """True for a data gap («нет сведений»), which has no date and is never overdue."""
        return self.status == NO_DATA

    def is_overdue(self, today: datetime.date) -> bool:
        """True when the date has passed (never for a data gap)."""
        return self.due < today and not self.no_data

    def to_json(self, today: datetime.date) -> dict[str, Any]:
        """A JSON-ready dict with ISO dates, the overdue flag and the status (overdue, due or no_data).

        A data gap has ``"due": null``, ``"status": "no_data"`` and ``"fix"``: the command that fills it.
        """
        # Built by hand: dataclasses.asdict deep-copies every field and costs 15× more on thousands of items.
        overdue = self.is_overdue(today)
        return {"due": None if self.no_data else self.due.isoformat(), "title": self.title, "source": self.source,
                "subject": self.subject, "rule": self.rule, "record": self.record, "kind": self.kind,
                "extra": dict(self.extra), "overdue": overdue,
                "status": NO_DATA if self.no_data else ("overdue" if overdue else "due"),
                "fix": self.fix or None,
                "show_from": self.show_from.isoformat() if self.show_from else None}


#: The status of a data gap: a required item with no record and no known date (``ohs history import`` fills it).
NO_DATA = "no_data"


def collect_due_items(ctx: Context, until: datetime.date) -> list[DueItem]:
    """All plugins' items up to ``until`` (and those whose ``show_from`` has come): overdue first, then by date;
    data gaps (no date) last."""
    today = ctx.today
    items = [
        item
        for batch in ctx.hook.due_items(ctx=ctx, until=until)
        for item in batch or ()
        if item.due <= until or (item.show_from is not None and item.show_from <= today)
    ]
    return sorted(items, key=lambda i: (i.no_data, not i.is_overdue(today), i.due, i.title, i.subject))
