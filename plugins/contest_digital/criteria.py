"""Contest editions as data: sections, criteria with their levels, items, flags and ranges, and the questionnaire.

Why data: each year's order may change the criteria (REGULATION.md §8), so an edition is one TOML file
in ``editions/`` and this module only reads it. The file is checked when loaded (section maxima add up,
ranges do not overlap), so a mistyped edition fails loudly instead of scoring wrongly.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from core.errors import OhsError

EDITIONS_DIR = Path(__file__).parent / "editions"
KINDS = ("level", "items", "flag", "range")


@dataclass(frozen=True)
class Option:
    """A level or an additive item: its value in the answers file, points and Russian wording."""

    value: str
    points: int
    title: str


@dataclass(frozen=True)
class Band:
    """A range of a numeric criterion with its bounds written out (gt/ge/lt/le) and points."""

    points: int
    title: str
    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in the band, honouring each bound's inclusiveness."""
        return ((self.gt is None or value > self.gt) and (self.ge is None or value >= self.ge)
                and (self.lt is None or value < self.lt) and (self.le is None or value <= self.le))


@dataclass(frozen=True)
class Criterion:
    """One indicator of the edition (e.g. 2.1 «Использованные технологии»)."""

    key: str
    number: str
    title: str
    evidence: str
    kind: str
    section: str
    options: tuple[Option, ...] = ()
    bands: tuple[Band, ...] = ()
    points: int = 0
    yes: str = ""
    no: str = ""
    units: tuple[str, ...] = ()
    integer: bool = False
    choice: str = ""

    @property
    def max(self) -> int:
        """The most this criterion can give."""
        if self.kind == "level":
            return max(o.points for o in self.options)
        if self.kind == "items":
            return sum(o.points for o in self.options)
        if self.kind == "flag":
            return self.points
        return max(b.points for b in self.bands)

    @property
    def unit(self) -> str:
        """The unit in the form that follows «сколько» (лет, внедрений), for messages."""
        return self.units[-1] if self.units else ""

    def quantity(self, value: float) -> str:
        """The value with its agreeing unit: «1 внедрение», «0 лет», «1,5 года»."""
        from core.render.russian_numbers import plural

        shown = f"{value:g}"
        return plural(shown, *self.units) if len(self.units) == 3 else shown

    def option(self, value: str) -> Option | None:
        """The level or item with that value, if any."""
        return next((o for o in self.options if o.value == value), None)

    def band(self, value: float) -> Band | None:
        """The range containing ``value`` (None: outside every range, 0 points)."""
        return next((b for b in self.bands if b.contains(value)), None)

    def allowed(self) -> str:
        """The allowed values as a hint: «not_relevant (20) | relevant (50) | acute (100)»."""
        if self.kind in ("level", "items"):
            return " | ".join(f"{o.value} ({o.points})" for o in self.options)
        if self.kind == "flag":
            return f"true ({self.points}) | false (0)"
        return "; ".join(f"{b.title}: {b.points}" for b in self.bands) + (" (целое число)" if self.integer else " (число)")


@dataclass(frozen=True)
class Section:
    """A section of the criteria (five in 836-2021, up to 200 points each)."""

    id: str
    number: str
    title: str
    max: int
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Field:
    """A field of the questionnaire (Анкета ИТ-решения): key, number and wording of the form, its check."""

    key: str
    number: str
    title: str
    hint: str
    validator: str
    group: str
    default: str | None = None
    optional: bool = False
    criterion: str | None = None


@dataclass(frozen=True)
class Edition:
    """A contest edition: its act, sections with criteria, and questionnaire fields."""

    edition: str
    title: str
    act: str
    approved: datetime.date
    max_total: int
    sections: tuple[Section, ...]
    groups: tuple[tuple[str, str], ...]
    fields: tuple[Field, ...]
    status_note: str = ""
    missing_rule: str = ""

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion in the order of the document."""
        return tuple(c for s in self.sections for c in s.criteria)

    def criterion(self, key: str) -> Criterion | None:
        """The criterion with that key, if any."""
        return next((c for c in self.criteria if c.key == key), None)

    def field(self, key: str) -> Field | None:
        """The questionnaire field with that key, if any."""
        return next((f for f in self.fields if f.key == key), None)


def _criterion(raw: dict[str, Any], section: str, source: str) -> Criterion:
    kind = raw["kind"]
    if kind not in KINDS:
        raise OhsError(f"{source}: у показателя {raw.get('number')} неизвестный вид «{kind}».")
    options = tuple(Option(o["value"], int(o["points"]), o["title"]) for o in raw.get("levels", raw.get("items", ())))
    bands = tuple(Band(points=int(b["points"]), title=b["title"], gt=b.get("gt"), ge=b.get("ge"), lt=b.get("lt"),
                       le=b.get("le")) for b in raw.get("bands", ()))
    return Criterion(
        key=raw["key"], number=raw["number"], title=raw["title"], evidence=raw.get("evidence", ""), kind=kind,
        section=section, options=options, bands=bands, points=int(raw.get("points", 0)), yes=raw.get("yes", ""),
        no=raw.get("no", ""), units=tuple(raw.get("units", ())), integer=bool(raw.get("integer", False)),
        choice=raw.get("choice", ""),
    )


def _check(edition: Edition, source: str) -> None:
    """Refuse an edition file whose sums or ranges do not hold together."""
    for section in edition.sections:
        total = sum(c.max for c in section.criteria)
        if total != section.max:
            raise OhsError(f"{source}: в разделе {section.number} показатели дают {total} баллов, а не {section.max}.")
    if sum(s.max for s in edition.sections) != edition.max_total:
        raise OhsError(f"{source}: разделы в сумме не дают {edition.max_total} баллов.")
    keys = [c.key for c in edition.criteria]
    if len(set(keys)) != len(keys):
        raise OhsError(f"{source}: ключи показателей повторяются.")
    for c in edition.criteria:
        if c.kind == "range":
            for a, b in zip(c.bands, c.bands[1:]):
                low = b.ge if b.ge is not None else b.gt
                high = a.le if a.le is not None else a.lt
                if low is None or high is None or low < high or (low == high and a.le is not None and b.ge is not None):
                    raise OhsError(f"{source}: диапазоны показателя {c.number} перекрываются или не упорядочены.")


def parse_edition(data: dict[str, Any], source: str) -> Edition:
    """An :class:`Edition` from the TOML data, checked."""
    sections = tuple(
        Section(s["id"], s["number"], s["title"], int(s["max"]),
                tuple(_criterion(c, s["id"], source) for c in s["criteria"]))
        for s in data["sections"]
    )
    groups = tuple((g["number"], g["title"]) for g in data.get("questionnaire", ()))
    fields = tuple(
        Field(key=f["key"], number=f["number"], title=f["title"], hint=f.get("hint", ""), validator=f["validator"],
              group=g["number"], default=f.get("default"), optional=bool(f.get("optional", False)),
              criterion=f.get("criterion"))
        for g in data.get("questionnaire", ()) for f in g["fields"]
    )
    edition = Edition(
        edition=data["edition"], title=data["title"], act=data["act"], approved=data["approved"],
        max_total=int(data["max_total"]), sections=sections, groups=groups, fields=fields,
        status_note=data.get("status_note", ""), missing_rule=data.get("missing_rule", ""),
    )
    _check(edition, source)
    return edition


@cache
def editions() -> dict[str, Edition]:
    """Every edition shipped in ``editions/``, by its id (``836-2021``)."""
    found = {}
    for path in sorted(EDITIONS_DIR.glob("*.toml")):
        with open(path, "rb") as fh:
            edition = parse_edition(tomllib.load(fh), path.name)
        found[edition.edition] = edition
    return found


def default_edition() -> Edition:
    """The most recently approved edition: the one used when none is named."""
    return max(editions().values(), key=lambda e: e.approved)


def get_edition(key: str | None) -> Edition:
    """The edition named ``key`` (None: the default), or a message listing the known ones."""
    if key is None:
        return default_edition()
    known = editions()
    if key not in known:
        raise OhsError(f"Неизвестная редакция конкурса «{key}»; есть: {', '.join(sorted(known))}.")
    return known[key]
