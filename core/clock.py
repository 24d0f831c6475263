"""The toolkit's one clock: the day a command acts as, and the moment a change is recorded.

Why one module: a result that silently depends on the machine's date cannot be reproduced and
fails tests on some later day. Every service takes ``today`` from its caller; commands fill it from
``--today``, else from here. ``OHS_TODAY`` (an ISO date) fixes the clock for a whole run — scripts
that must be reproducible, and the test suite, which always runs under a fixed, deliberately odd
day so that any code reading the real date shows up as a failure at once.
"""

from __future__ import annotations

import datetime
import os
import time

from core.errors import OhsError

#: Environment variable that fixes the toolkit's «today» (ISO date, e.g. 2026-11-23).
TODAY_ENV = "OHS_TODAY"


class ClockError(OhsError):
    """``OHS_TODAY`` holds something that is not an ISO date."""


def today() -> datetime.date:
    """The day the toolkit acts as: ``OHS_TODAY`` when set, else the machine's date."""
    fixed = os.environ.get(TODAY_ENV, "").strip()
    if fixed:
        try:
            return datetime.date.fromisoformat(fixed)
        except ValueError:
            raise ClockError(f"Переменная {TODAY_ENV}={fixed!r} — не дата; пишите её как 2026-11-23.") from None
    return datetime.date.today()  # noqa: DTZ011 — the one place the real date is read


#: Seconds on a clock that only goes forward, for measuring how long something takes (a template's
#: render deadline), never for a date: it is unaffected by ``OHS_TODAY`` and by the calendar clock
#: being set back or forward. The C function itself, because it is read once per loop iteration.
monotonic = time.monotonic


def now() -> datetime.datetime:
    """The moment a change is recorded (UTC, naive, as stored on both databases).

    With ``OHS_TODAY`` set, the moment falls on that day (at the real time of day), so figures that
    compare recorded moments with «today» — years of operation counted from the audit log — are as
    reproducible as everything else in the run.
    """
    moment = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    if os.environ.get(TODAY_ENV, "").strip():
        return datetime.datetime.combine(today(), moment.time())
    return moment
