"""Portfolio items → facts, with the windows the criteria set («за последние 5 лет», «действующие»).

Also records which rows each item is credited to, so the score can name the item that lacks a file
and the evidence list can put each file under its row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from plugins.contest_specialist.facts import Facts

if TYPE_CHECKING:
    from plugins.contest_specialist.derive import _Internal
    from plugins.contest_specialist.portfolio import PortfolioEntry

EDUCATION_RANK = {"secondary_vocational": 1, "higher": 2}
INVESTIGATION_KEYS = {"accident": "investigations.accidents",
                      "occupational_disease": "investigations.occupational_diseases",
                      "emergency": "investigations.emergencies"}


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def full_years(periods: list[tuple[datetime.date, datetime.date]]) -> int:
    """Full years of service: overlapping periods merged, each period as years, months and days (end
    inclusive), days carried at 30 per month and months at 12 per year, as service is counted in Russia."""
    merged: list[list[datetime.date]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1] + datetime.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    years = months = days = 0
    for start, end in merged:
        stop = end + datetime.timedelta(days=1)
        y, m, d = stop.year - start.year, stop.month - start.month, stop.day - start.day
        if d < 0:
            m -= 1
            d += (stop.replace(day=1) - datetime.timedelta(days=1)).day
        if m < 0:
            y, m = y - 1, m + 12
        years, months, days = years + y, months + m, days + d
    months += days // 30
    return years + months // 12


@dataclass
class PortfolioFacts:
    """The facts, and for each portfolio item the row ids it was credited to."""

    facts: Facts
    credit: dict[int, set[str]] = field(default_factory=dict)


def portfolio_facts(entries: list[PortfolioEntry], as_of: datetime.date, internal: _Internal,
                    rules: dict[str, Any], windows: dict[str, str]) -> PortfolioFacts:
    """Facts from the portfolio items given (all, or only those with evidence) plus the internal records.

    ``windows`` (row id → ``5y``, ``3y``, ``now``, ``5y+now``, ``all``) come from the edition file:
    an item counts for a row only inside that row's window relative to ``as_of``.
    """
    starts = {"5y": years_before(as_of, 5), "3y": years_before(as_of, 3)}
    items = [e.item for e in entries if e.item.on <= as_of]
    counted = {k: set(v) for k, v in internal.counted.items()}
    members = {k: set(v) for k, v in internal.members.items()}
    facts: Facts = dict(internal.facts)
    credit: dict[int, set[str]] = {}

    def within(row_id: str, item: Any) -> bool:
        window = windows.get(row_id, "all")
        ends = item.valid_until or item.date_to
        for part in window.split("+"):
            if part in starts and item.on < starts[part]:
                return False
            if part == "now" and ends is not None and ends < as_of:
                return False
        return True

    def give(item: Any, row_id: str) -> None:
        credit.setdefault(item.id, set()).add(row_id)

    def count(key: str, item: Any, ref: str | None = None) -> None:
        if within(key, item):
            counted.setdefault(key, set()).add(ref or f"portfolio:{item.id}")
            give(item, key)

    def by(kind: str, pred: Callable[[Any], bool] = lambda i: True) -> list[Any]:
        return [i for i in items if i.kind == kind and pred(i)]

    diplomas = by("education")
    if diplomas:
        facts["education.level"] = max((i.subtype for i in diplomas), key=lambda s: EDUCATION_RANK[s])
        for i in diplomas:
            give(i, "education.level")
    for i in by("education", lambda i: i.subtype == "higher" and i.flag):
        facts["education.technosphere_safety"] = True
        give(i, "education.technosphere_safety")
    for i in by("retraining", lambda i: (i.number or 0) >= 256):
        facts["education.osh_retraining_256h"] = True
        give(i, "education.osh_retraining_256h")
    periods: dict[str, list[tuple[datetime.date, datetime.date]]] = {}
    for i in by("employment"):
        periods.setdefault(i.subtype, []).append((i.on, min(i.date_to or as_of, as_of)))
        give(i, rules["employment"][i.subtype])
    if internal.role_period:
        role, since = internal.role_period
        periods.setdefault(role, []).append((since, as_of))
    for kind, key in rules["employment"].items():
        years = full_years(periods.get(kind, []))
        if years:
            facts[key] = years
    certificate_rows = {"short_course": "qualification.short_courses", "attested": "qualification.attested_trainings",
                        "international": "qualification.international_certificates"}
    for i in by("certificate"):
        count(certificate_rows[i.subtype], i)
    for i in by("event"):
        for rule in rules["events"]:
            if (i.level in rule["levels"] and i.format in rule["formats"] and i.role in rule["roles"]
                    and (not rule.get("by_authority") or i.flag)):
                count(rule["fact"], i)
    for i in by("award"):
        count(rules["awards"][i.level], i)
    for i in by("council"):
        count("recognition.federal_councils" if i.subtype == "federal_council"
              else "recognition.guillotine_working_groups", i)
    for i in by("publication"):
        count("activity.publications", i)
    for i in by("membership"):
        count("activity.memberships", i)
    for i in by("mentoring"):
        facts["activity.mentoring"] = True
        give(i, "activity.mentoring")
    for i in by("document"):
        if i.subtype == "other":
            count("other_documents_developed", i)
        else:
            members.setdefault("suot_documents_developed", set()).add(i.subtype)
            give(i, f"suot_documents_developed.{i.subtype}")
    for i in by("program"):
        count(f"programs_developed.{i.subtype}", i)
    for i in by("investigation"):
        count(INVESTIGATION_KEYS[i.subtype], i)
    for i in by("project"):
        # A project with --ref describes a record already counted (a best practice, a measure).
        count("projects_implemented", i, i.ref)
    for sub, key in (("disciplinary", "effectiveness.no_disciplinary_5y"),
                     ("administrative", "effectiveness.no_administrative_5y")):
        penalties = by("penalty", lambda i, s=sub, k=key: i.subtype == s and within(k, i))
        clean = by("clean_record", lambda i, s=sub, k=key: i.subtype == s and within(k, i))
        if penalties or clean:
            facts[key] = not penalties
            for i in penalties or clean:
                give(i, key)
    latest: dict[str, Any] = {}
    for i in sorted(by("characteristic"), key=lambda i: (i.on, i.id)):
        latest[i.subtype] = i
    for sub, i in latest.items():
        facts[f"characteristic.{sub}"] = i.number
        give(i, f"characteristic.{sub}")
    for key, refs in counted.items():
        if refs:
            facts[key] = len(refs)
    for key, values in members.items():
        if values:
            facts[key] = frozenset(values)
    return PortfolioFacts(facts, credit)
