"""Due items as files a specialist opens elsewhere: an iCalendar file (Outlook, phones) and an XLSX table.

Both files are written beside the target and renamed into place, so a failure never leaves a
half-written file where the old one was.

iCalendar choices (RFC 5545, written with the ``icalendar`` library):

- one all-day VEVENT per item on its due date (DTEND is the next day, as all-day events need);
- the UID names the obligation, not the record or the date: the source, the kind, whom or what it
  concerns, the title and any ``*_id`` in ``extra``. A new record of the same obligation (the next
  repeat briefing) therefore moves the imported event instead of adding a second one. Two items that
  still share a key (namesakes with the same initials) are told apart by their record;
- SEQUENCE grows with the export time, so a calendar that compares versions takes the newer file;
- a VALARM reminds 7 days before the due date at 09:00; an item that is overdue, or due sooner than
  that, gets its reminder at once (at the export moment).
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from core.obligations.due import DueItem
    from core.storage.models import Organization

#: Days before the due date the reminder fires.
REMIND_DAYS = 7
#: The reminder's hour on that day (floating local time: the calendar's own time zone).
REMIND_HOUR = 9
PRODID = "-//ohs-toolkit//Сроки по охране труда//RU"
UID_DOMAIN = "ohs-toolkit"
#: SEQUENCE counts minutes since this moment (any fixed point before the toolkit existed).
SEQUENCE_EPOCH = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)

#: XLSX columns: header, width in characters.
XLSX_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Срок", 12), ("Просрочено", 12), ("Что сделать", 60), ("Кто / где", 28), ("Основание", 50),
    ("Запись", 18), ("Источник", 14),
)


def check_target(path: Path) -> None:
    """Refuse a target that cannot be written: its folder is missing, or it is a folder itself."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OhsError(f"Папки {path.parent} нет; создайте её или укажите другой путь к файлу.")
    if path.is_dir():
        raise OhsError(f"{path} — это папка; укажите имя файла.")


def _atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temporary)`` and rename the result onto ``path`` (core.io.atomic); the old file survives failures."""
    from core.io.atomic import write_atomic

    check_target(path)
    return write_atomic(path, write)


def _org_label(org: Organization) -> str:
    """What keeps two organizations' UIDs apart: the ИНН when known, else the organization's key."""
    return org.inn or org.key


def obligation_key(item: DueItem) -> tuple[str, ...]:
    """The fields that name the obligation behind an item, whatever its current record and date."""
    ids = tuple(f"{k}={v}" for k, v in sorted(item.extra) if k.endswith("_id"))
    return (item.source, item.kind, item.subject, item.title, *ids)


def item_uids(org: Organization, items: Sequence[DueItem]) -> list[str]:
    """A stable UID per item (see the module docstring); unique within the export."""
    keys = [obligation_key(i) for i in items]
    shared = {k for k, n in Counter(keys).items() if n > 1}
    uids = []
    for item, key in zip(items, keys, strict=True):
        parts = (_org_label(org), *key, *((item.record,) if key in shared else ()))
        digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
        uids.append(f"{digest}@{UID_DOMAIN}")
    return uids


def item_description(item: DueItem) -> str:
    """The event's text: whom or what it concerns, the rule behind the date, the record it comes from."""
    lines = []
    if item.subject:
        lines.append(f"Кто / где: {item.subject}")
    if item.rule:
        lines.append(f"Основание: {item.rule}")
    if item.record:
        lines.append(f"Запись: {item.record}")
    return "\n".join(lines)


def _alarm(item: DueItem, today: datetime.date, now: datetime.datetime) -> Any:
    """A display reminder: REMIND_DAYS before at REMIND_HOUR, or at once when that moment has passed."""
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", item.title)
    if item.due - datetime.timedelta(days=REMIND_DAYS) <= today:
        # An absolute UTC moment (the export itself); RFC 5545 wants VALUE=DATE-TIME said explicitly.
        alarm.add("trigger", now, parameters={"VALUE": "DATE-TIME"})
    else:
        alarm.add("trigger", -datetime.timedelta(days=REMIND_DAYS, hours=-REMIND_HOUR))
    return alarm


def due_calendar(org: Organization, items: Sequence[DueItem], today: datetime.date,
                 now: datetime.datetime | None = None) -> bytes:
    """The items as an iCalendar file's bytes (one VEVENT each, with a VALARM)."""
    from icalendar import Calendar, Event

    from core.clock import now as clock_now

    now = (now or clock_now().replace(tzinfo=datetime.UTC)).astimezone(datetime.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Сроки по охране труда: {org.short_name or org.name or org.key}")
    sequence = int((now - SEQUENCE_EPOCH).total_seconds() // 60)
    for item, uid in zip(items, item_uids(org, items), strict=True):
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", now)
        event.add("sequence", sequence)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + datetime.timedelta(days=1))
        event.add("summary", item.title)
        event.add("description", item_description(item))
        event.add("categories", [c for c in ("Охрана труда", item.source) if c])
        event.add("transp", "TRANSPARENT")  # an all-day deadline does not make the day busy
        event.add_component(_alarm(item, today, now))
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def write_ics(path: Path, org: Organization, items: Sequence[DueItem], today: datetime.date,
              now: datetime.datetime | None = None) -> Path:
    """Write the items to ``path`` as iCalendar, atomically."""
    data = due_calendar(org, items, today, now)

    def write(temporary: Path) -> None:
        temporary.write_bytes(data)

    return _atomic_write(path, write)


def xlsx_rows(items: Sequence[DueItem], today: datetime.date) -> list[tuple[Any, ...]]:
    """The table's rows, in the order of ``ohs due``: due date, overdue, what, who/where, rule, record, source."""
    return [(i.due, "да" if i.is_overdue(today) else "", i.title, i.subject, i.rule, i.record, i.source)
            for i in items]


def _write_workbook(target: Path, items: Sequence[DueItem], today: datetime.date) -> None:
    from core.io.xlsx import SheetSpec, write_table

    spec = SheetSpec("Сроки", [title for title, _width in XLSX_COLUMNS], widths=[w for _t, w in XLSX_COLUMNS],
                     autofilter=True, wrap_headers=True, alert_column=1)
    # Titles, names and records come from users: write_table keeps them text cells, never formulas.
    write_table(target, spec, ([value or None for value in row] for row in xlsx_rows(items, today)))


def write_xlsx(path: Path, items: Sequence[DueItem], today: datetime.date) -> Path:
    """Write the items to ``path`` as an XLSX table (bold frozen header, autofilter, widths), atomically."""
    return _atomic_write(path, lambda tmp: _write_workbook(tmp, items, today))
