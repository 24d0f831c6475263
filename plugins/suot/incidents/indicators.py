"""Injury indicators: average headcount, Кч (frequency) and Кт (severity), per year and over several years.

Definitions (REGULATION.md §6, textbook formulas; no act defines them):

- **Average headcount** follows Rosstat's idea of среднесписочная численность as far as the people
  register allows: for every calendar day of a month, count the people employed that day (hired on
  or before it, not dismissed before it — the day of dismissal is still a working day); the month's
  average is that sum divided by the month's days; the period's average is the sum of the monthly
  averages divided by the number of months. A year not yet over is counted from 1 January to
  ``today`` (the current month over its days up to ``today``), as Rosstat counts a period from the
  start of the year. The register has no leave, part-time or external part-time data, so those
  Rosstat adjustments are not made. The result is rounded to 0.01 (half up); Rosstat's whole-unit
  figure is shown beside it.
- **Injured** (Т): employees from the register injured in accidents (kind ``accident``) dated in
  the year, every severity, fatal included, insured or not, open or closed. An accident by law is
  an event with at least a day of incapacity, a transfer or death (ТК РФ ст. 227). Outsiders are not
  counted (they are not in the headcount) and are listed apart; micro-traumas, emergencies and
  occupational diseases are not injuries of this kind.
- **Кч** = Т × 1000 / average headcount, rounded to 0.01 (half up).
- **Кт** = Д / Т', where Т' counts injured persons of insured, non-fatal, closed accidents of the
  year and Д the days of incapacity recorded for them at closing (СФР's c стр excludes fatal
  cases). Open cases have no days yet and are listed as pending. Without such accidents Кт is not
  defined (None) and the reason is given. Rounded to 0.01 (half up).
- **Averages** over the years: the arithmetic mean of the yearly (rounded) values that are defined,
  rounded to 0.01 (half up); the years used are listed.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization
    from plugins.suot.incidents.chain import Case

CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Headcount:
    """A period's average headcount and its monthly averages (exact, then rounded)."""

    start: datetime.date
    end: datetime.date
    monthly: list[tuple[int, Decimal]]
    exact: Decimal

    @property
    def average(self) -> Decimal:
        """The period's average, rounded to 0.01."""
        return _round(self.exact)

    @property
    def whole(self) -> int:
        """Rosstat's whole-unit figure."""
        return int(self.exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def headcount(employment: list[tuple[datetime.date, datetime.date | None]], year: int,
              today: datetime.date) -> Headcount | None:
    """The average headcount of ``year`` up to ``today`` from (hired_on, dismissed_on) pairs; None before the year."""
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), today)
    if end < start:
        return None
    span = (end - start).days + 1
    # Difference array over the period's days: O(people + days) for 10 000 people and a year.
    diff = [0] * (span + 1)
    for hired, dismissed in employment:
        first = max(hired, start)
        last = min(dismissed or end, end)
        if first <= last:
            diff[(first - start).days] += 1
            diff[(last - start).days + 1] -= 1
    monthly: list[tuple[int, Decimal]] = []
    running, offset = 0, 0
    for month in range(1, end.month + 1):
        days = calendar.monthrange(year, month)[1] if month < end.month else end.day
        total = 0
        for _ in range(days):
            running += diff[offset]
            total += running
            offset += 1
        monthly.append((month, Decimal(total) / Decimal(days)))
    return Headcount(start, end, monthly, sum((m for _, m in monthly), Decimal(0)) / Decimal(len(monthly)))


@dataclass
class YearFigures:
    """One year's figures with the records each comes from."""

    year: int
    headcount: Headcount | None
    injured: list[dict[str, Any]] = field(default_factory=list)
    outsiders: list[dict[str, Any]] = field(default_factory=list)
    insured_nonfatal: list[dict[str, Any]] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)
    fatal: list[dict[str, Any]] = field(default_factory=list)
    occupational: list[dict[str, Any]] = field(default_factory=list)

    @property
    def frequency(self) -> Decimal | None:
        """Кч, or None without headcount."""
        if self.headcount is None or self.headcount.exact == 0:
            return None
        return _round(Decimal(len(self.injured)) * 1000 / self.headcount.average)

    @property
    def days_lost(self) -> int:
        """Days of incapacity of the insured non-fatal accidents."""
        return sum(r["days"] for r in self.insured_nonfatal)

    @property
    def severity(self) -> Decimal | None:
        """Кт, or None without insured non-fatal closed accidents."""
        if not self.insured_nonfatal:
            return None
        return _round(Decimal(self.days_lost) / Decimal(len(self.insured_nonfatal)))


def _classify(figures: dict[int, YearFigures], cases: list[Case]) -> None:
    """Sort each injured person of each case into the year's lists."""
    for case in cases:
        year = figures.get(case.occurred_on.year)
        if year is None:
            continue
        f, days = case.fields, case.fields.get("days") or []
        for index, p in enumerate(f.get("injured") or ()):
            record = {"ref": case.ref, "person_id": p.get("person_id"), "outsider": p.get("outsider"),
                      "on": case.occurred_on.isoformat()}
            if f["type"] == "occupational_disease":
                year.occupational.append(record)
            if f["type"] != "accident":
                continue
            if "outsider" in p:
                year.outsiders.append(record)
                continue
            year.injured.append(record)
            if f.get("severity") == "fatal":
                year.fatal.append(record)
            elif f.get("insured"):
                if case.status == "closed" and index < len(days):
                    year.insured_nonfatal.append({**record, "days": days[index]})
                else:
                    year.pending.append(record)


def compute(session: Session, org: Organization, year: int, years: int, today: datetime.date) -> list[YearFigures]:
    """The figures of ``year`` and the ``years - 1`` years before it, oldest first."""
    from sqlmodel import select

    from core.storage.models import Person
    from plugins.suot.incidents.chain import load_cases

    if years < 1 or years > 20:
        raise OhsError(f"Число лет {years} вне допустимого; укажите от 1 до 20, например --years 3.")
    if datetime.date(year, 1, 1) > today:
        raise OhsError(f"{year} год ещё не начался (сегодня {today:%d.%m.%Y}); укажите прошедший или текущий год.")
    employment = list(session.exec(select(Person.hired_on, Person.dismissed_on).where(Person.org_id == org.id)))
    figures = {y: YearFigures(y, headcount(employment, y, today)) for y in range(year - years + 1, year + 1)}
    _classify(figures, load_cases(session, org))
    return [figures[y] for y in sorted(figures)]


def averages(rows: list[YearFigures]) -> dict[str, Any]:
    """Arithmetic means of the defined yearly Кч and Кт, with the years used."""
    result: dict[str, Any] = {}
    for key in ("frequency", "severity"):
        used = [(r.year, getattr(r, key)) for r in rows if getattr(r, key) is not None]
        result[key] = _round(sum((v for _, v in used), Decimal(0)) / len(used)) if used else None
        result[f"{key}_years"] = [y for y, _ in used]
    return result


def injury_indicators(session: Session, org: Organization, year: int, years: int,
                      today: datetime.date | None = None) -> dict[str, Any]:
    """The hook's figures (core/hookspecs.py ``injury_indicators``): Decimals, or None where undefined."""
    from plugins.suot.incidents.reference import find_reference

    from core.clock import today as clock_today

    rows = compute(session, org, year, years, today or clock_today())
    avg = averages(rows)
    reference, _note = find_reference(session, org, year, org.okved)
    return {
        "year": year, "years": years,
        "per_year": [{
            "year": r.year, "average_headcount": r.headcount.average if r.headcount and r.headcount.exact else None,
            "injured": len(r.injured), "frequency": r.frequency, "days_lost": r.days_lost,
            "insured_nonfatal": len(r.insured_nonfatal), "severity": r.severity, "fatal": len(r.fatal),
            "occupational_diseases": len(r.occupational),
        } for r in rows],
        "average": {"frequency": avg["frequency"], "severity": avg["severity"]},
        "reference": reference,
    }
