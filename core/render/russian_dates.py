"""Dates and quarters written the way Russian documents write them.

Two verbal forms exist and documents use both: ГОСТ Р 7.0.97-2016 gives the verbal-numeric
date «5 июня 2016 г.» (``date_long``); the forms of orders, acts and journals put the day in
«ёлочки»: «5» июня 2016 г. (``date_words``). The day has no leading zero in the verbal forms;
the numeric form always has one (05.06.2016).
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MONTHS_GENITIVE",
    "MONTHS_NOMINATIVE",
    "Quarter",
    "date_long",
    "date_numeric",
    "date_words",
    "month_genitive",
    "month_nominative",
    "quarter",
    "quarter_name",
    "quarter_of",
    "quarter_roman",
    "to_date",
]

MONTHS_NOMINATIVE: tuple[str, ...] = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
MONTHS_GENITIVE: tuple[str, ...] = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip

_ROMAN_QUARTERS = ("I", "II", "III", "IV")
_RU_NUMERIC_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def to_date(value: Any) -> datetime.date:
    """Return ``value`` as a ``datetime.date``.

    Accepts a date, a datetime (its date part is taken), an ISO string («2018-09-25»,
    «2018-09-25T10:30:00») or a Russian numeric string («25.09.2018»). ``None``, an empty
    string or anything unparsable raises ``ValueError``: a document must not silently print an
    empty date, and the caller decides what to tell the user.
    """
    if value is None:
        raise ValueError("date is None")
    # datetime is a subclass of date, so it has to be checked first.
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        # str() on a Jinja2 StrictUndefined raises its own error naming the missing variable,
        # which is a far better message than ours; other objects end up in the ValueError.
        value = str(value)
    text = value.strip()
    if not text:
        raise ValueError("date is empty")
    match = _RU_NUMERIC_DATE.fullmatch(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if len(text) > 10 and text[10] in "T ":
            return datetime.datetime.fromisoformat(text).date()
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"not a date: {value!r}") from exc


def _month_index(n: Any) -> int:
    try:
        month = int(n)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not a month number: {n!r}") from exc
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {n!r}")
    return month - 1


def month_genitive(n: Any) -> str:
    """Month name in the genitive, as after a day number: 9 → «сентября».

    Also accepts a date (its month is taken).
    """
    if isinstance(n, datetime.date):
        n = n.month
    return MONTHS_GENITIVE[_month_index(n)]


def month_nominative(n: Any) -> str:
    """Month name in the nominative, lower case: 9 → «сентябрь» (capitalize in the template if needed).

    Also accepts a date (its month is taken).
    """
    if isinstance(n, datetime.date):
        n = n.month
    return MONTHS_NOMINATIVE[_month_index(n)]


def date_words(value: Any) -> str:
    """Date as printed on Russian forms: 2018-09-25 → «25» сентября 2018 г.

    The day is in «ёлочки» without a leading zero: 2016-06-05 → «5» июня 2016 г.
    """
    d = to_date(value)
    return f"«{d.day}» {MONTHS_GENITIVE[d.month - 1]} {d.year} г."


def date_long(value: Any) -> str:
    """Verbal-numeric date of ГОСТ Р 7.0.97-2016: 2016-06-05 → 5 июня 2016 г."""
    d = to_date(value)
    return f"{d.day} {MONTHS_GENITIVE[d.month - 1]} {d.year} г."


def date_numeric(value: Any) -> str:
    """Numeric date with leading zeros (ГОСТ Р 7.0.97-2016): 2016-06-05 → 05.06.2016."""
    try:
        return _date_numeric(value)
    except TypeError:  # an unhashable value: the cache cannot hold it, to_date names the problem
        d = to_date(value)
        return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


@functools.lru_cache(maxsize=8192)
def _date_numeric(value: Any) -> str:
    # Cached: a journal repeats a few briefing dates thousands of times (20,000 calls in a 10,000-row journal).
    d = to_date(value)
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def quarter_roman(q: Any) -> str:
    """Quarter number in Roman numerals, as Russian reports write it: 4 → «IV»."""
    try:
        number = int(q)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not a quarter number: {q!r}") from exc
    if not 1 <= number <= 4:
        raise ValueError(f"quarter must be 1..4, got {q!r}")
    return _ROMAN_QUARTERS[number - 1]


def quarter_name(q: Any, year: Any = None) -> str:
    """Quarter in the nominative: (4, 2026) → «IV квартал 2026 г.»; without a year → «IV квартал».

    Other cases are plain template text around it: «за {{ 4 | quarter_name(2026) }}» gives
    «за IV квартал 2026 г.» (the accusative of «квартал» equals the nominative); for
    «в IV квартале 2026 г.» write «в {{ 4 | quarter_roman }} квартале {{ year }} г.».
    """
    text = f"{quarter_roman(q)} квартал"
    if year is None:
        return text
    return f"{text} {int(year)} г."


def quarter(value: Any, q: Any = None) -> str:
    """Quarter in the nominative with the year: ``quarter(2026, 4)`` → «IV квартал 2026 г.».

    As a filter it also takes a pair or a date: ``{{ (2026, 4) | quarter }}``,
    ``{{ report_date | quarter }}`` (the quarter the date falls in).
    """
    if q is not None:
        return quarter_name(q, value)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        year, number = value
        return quarter_name(number, year)
    return quarter_of(to_date(value)).label


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: its first and last day, its Russian name and its key in records."""

    year: int
    number: int

    @property
    def start(self) -> datetime.date:
        """Its first day."""
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        """Its last day."""
        month = 3 * self.number
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        """«IV квартал 2026 г.»."""
        return quarter_name(self.number, self.year)

    @property
    def key(self) -> str:
        """«2026-Q4», for records and JSON."""
        return f"{self.year}-Q{self.number}"

    def next(self) -> Quarter:
        """The following quarter."""
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        """The quarter before."""
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)


def quarter_of(day: datetime.date) -> Quarter:
    """The quarter a date falls in."""
    return Quarter(day.year, (day.month - 1) // 3 + 1)
