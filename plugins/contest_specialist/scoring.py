"""Scoring by Приложение № 3: each row's points, each section's points (capped), the total, and what is lost.

Everything is Decimal. A row whose fact is absent scores 0 and is listed as missing (point 24 of
the regulation: points are lost where information is not given); with facts derived from the
workspace, facts that exist without an evidence file are listed as «нет подтверждающего документа».
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from plugins.contest_specialist.criteria import Edition, Row
from plugins.contest_specialist.facts import Facts

ZERO = Decimal(0)


def ratio_points(edition: Edition, value: Decimal, reference: Decimal) -> Decimal:
    """Points for a figure against its reference: within [low, high] × reference (inclusive), below, above.

    The figure is compared with ``reference × low`` and ``reference × high`` rather than dividing,
    so decimals are compared exactly as written.
    """
    rule = edition.ratio
    if value < reference * rule.low:
        return rule.below
    if value > reference * rule.high:
        return rule.above
    return rule.within


def row_present(row: Row, facts: Facts) -> bool:
    """Whether the facts give this row's information (a list row: whether its item is marked)."""
    if row.unit == "member":
        return row.item in facts.get(row.fact, ())
    if row.unit == "ratio":
        return row.fact in facts and row.reference in facts
    return row.id in facts


def row_points(row: Row, facts: Facts, edition: Edition) -> Decimal:
    """The row's points from the facts (0 when absent), never above the row's cap."""
    if not row_present(row, facts):
        return ZERO
    if row.unit == "choice":
        points = row.choices[facts[row.id]]
    elif row.unit == "flag":
        points = row.points if facts[row.id] else ZERO
    elif row.unit == "member":
        points = row.points
    elif row.unit in ("count", "years", "score"):
        points = row.points * Decimal(facts[row.id])
    else:  # ratio
        points = ratio_points(edition, facts[row.fact], facts[row.reference])
    return min(points, row.cap)


@dataclass
class RowScore:
    """One row's result."""

    row: Row
    points: Decimal
    missing: bool


@dataclass
class SectionScore:
    """One section's result: the rows' sum capped at the section's maximum."""

    id: str
    title: str
    points: Decimal
    max: Decimal
    raw: Decimal


@dataclass
class Lost:
    """A row that loses points: no information, or information without an evidence file."""

    row: Row
    reason: str
    points: Decimal
    detail: str = ""


@dataclass
class Score:
    """The whole result for one participant."""

    edition: Edition
    rows: list[RowScore]
    sections: list[SectionScore]
    total: Decimal
    lost: list[Lost] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``score --json`` shape of the issue (numbers as JSON numbers)."""
        return {
            "edition": self.edition.id,
            "total": _num(self.total),
            "max": _num(self.edition.max_total),
            "sections": [{"id": s.id, "title": s.title, "points": _num(s.points), "max": _num(s.max)}
                         for s in self.sections],
            "items": [{"section": r.row.section, "id": r.row.id, "points": _num(r.points), "max": _num(r.row.cap),
                       "missing": r.missing} for r in self.rows],
            "missing": [{"section": m.row.section, "id": m.row.id, "title": m.row.title, "reason": m.reason,
                         "points": _num(m.points), "evidence": m.row.evidence, "detail": m.detail}
                        for m in self.lost],
        }


def _num(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def score(edition: Edition, facts: Facts, unevidenced: Facts | None = None,
          details: dict[str, str] | None = None) -> Score:
    """Score the facts; ``unevidenced`` (facts including items without evidence) names evidence losses.

    Points at stake for a lost row are what it would add, limited by its section's remaining room.
    """
    rows = [RowScore(r, row_points(r, facts, edition), not row_present(r, facts)) for r in edition.rows]
    sections = []
    for section in edition.sections:
        raw = sum((rs.points for rs in rows if rs.row.section == section.id), ZERO)
        sections.append(SectionScore(section.id, section.title, min(raw, section.max), section.max, raw))
    total = sum((s.points for s in sections), ZERO)
    room = {s.id: s.max - s.points for s in sections}
    lost = []
    for rs in rows:
        row = rs.row
        with_all = row_points(row, unevidenced, edition) if unevidenced is not None else rs.points
        if with_all > rs.points:
            reason = "нет подтверждающего документа"
            gain = with_all - rs.points
        elif rs.missing:
            reason = "сведения не представлены"
            gain = row.cap
        else:
            continue
        detail = (details or {}).get(row.id, "")
        lost.append(Lost(row, reason, min(gain, room[row.section]), detail))
    order = {r.id: i for i, r in enumerate(edition.rows)}
    lost.sort(key=lambda m: (-m.points, order[m.row.id]))
    return Score(edition, rows, sections, total, lost)
