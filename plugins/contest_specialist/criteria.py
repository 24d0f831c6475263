"""The contest's criteria as data: one TOML file per edition in ``editions/`` (rows, section caps, nominations).

Nothing about the scoring rules lives in code except the meaning of each ``unit``; the numbers,
the texts and the choices made where the order is ambiguous are in the edition file next to the data.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.errors import OhsError

EDITIONS_DIR = Path(__file__).parent / "editions"
DEFAULT_EDITION = "828-2021"
UNITS = ("choice", "flag", "member", "count", "years", "score", "ratio")
#: Section ids in the order of Приложение № 3 (and of ``score --json``).
SECTION_IDS = ("education", "experience", "qualification", "suot_documents", "suot_operation", "effectiveness",
               "recognition", "activity", "characteristic")


@dataclass(frozen=True)
class Row:
    """One indicator of Приложение № 3."""

    id: str
    section: str
    title: str
    unit: str
    cap: Decimal
    evidence: str
    window: str
    points: Decimal = Decimal(0)
    choices: dict[str, Decimal] = field(default_factory=dict)
    fact: str = ""
    item: str = ""
    reference: str = ""

    @property
    def fact_key(self) -> str:
        """The dotted facts key this row reads (for ``member`` rows, the list's key)."""
        return self.fact or self.id


@dataclass(frozen=True)
class Section:
    """A section of Приложение № 3 with the maximum from its heading."""

    id: str
    title: str
    max: Decimal


@dataclass(frozen=True)
class RatioRule:
    """Points by the ratio of a figure to its reference (boundaries as the edition says)."""

    low: Decimal
    high: Decimal
    below: Decimal
    within: Decimal
    above: Decimal


@dataclass(frozen=True)
class Nomination:
    """A nomination of point 6: for whom (role), which sector and size of organization."""

    letter: str
    role: str
    sector: str
    size: str
    title: str


@dataclass(frozen=True)
class Edition:
    """One edition of the contest's criteria."""

    id: str
    title: str
    act: str
    approved_by: str
    status: str
    sections: tuple[Section, ...]
    rows: tuple[Row, ...]
    ratio: RatioRule
    characteristic_scale: tuple[int, int]
    nominations: tuple[Nomination, ...]
    max_total: Decimal

    def section(self, section_id: str) -> Section:
        """The section with that id."""
        return next(s for s in self.sections if s.id == section_id)

    def rows_of(self, section_id: str) -> list[Row]:
        """The rows of one section, in the order of the form."""
        return [r for r in self.rows if r.section == section_id]

    def row(self, row_id: str) -> Row:
        """The row with that id."""
        return next(r for r in self.rows if r.id == row_id)


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _row(data: dict[str, Any]) -> Row:
    if data["unit"] not in UNITS:
        raise ValueError(f"row {data['id']}: unknown unit {data['unit']}")
    return Row(
        id=data["id"], section=data["section"], title=data["title"], unit=data["unit"], cap=_dec(data["cap"]),
        evidence=data["evidence"], window=data["window"], points=_dec(data.get("points", 0)),
        choices={k: _dec(v) for k, v in data.get("choices", {}).items()}, fact=data.get("fact", ""),
        item=data.get("item", ""), reference=data.get("reference", ""),
    )


def available_editions() -> list[str]:
    """Edition ids shipped (file names without ``.toml``)."""
    return sorted(p.stem for p in EDITIONS_DIR.glob("*.toml"))


@functools.cache
def load_edition(edition_id: str = DEFAULT_EDITION) -> Edition:
    """Read and check one edition's file; an unknown id is a Russian error listing the known ones."""
    path = EDITIONS_DIR / f"{edition_id}.toml"
    if not path.is_file():
        known = ", ".join(available_editions())
        raise OhsError(f"Редакции критериев «{edition_id}» нет; доступны: {known}.")
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    sections = tuple(Section(s["id"], s["title"], _dec(s["max"])) for s in data["sections"])
    if tuple(s.id for s in sections) != SECTION_IDS:
        raise ValueError(f"{path.name}: sections must be {SECTION_IDS}")
    rows = tuple(_row(r) for r in data["rows"])
    ids = [r.id for r in rows]
    if len(ids) != len(set(ids)) or any(r.section not in SECTION_IDS for r in rows):
        raise ValueError(f"{path.name}: row ids must be unique and sections known")
    rule = data["ratio_rule"]
    scale = data["characteristic_scale"]
    return Edition(
        id=data["edition"], title=data["title"], act=data["act"], approved_by=data["approved_by"], status=data.get("status", ""),
        sections=sections, rows=rows,
        ratio=RatioRule(_dec(rule["low"]), _dec(rule["high"]), _dec(rule["below"]), _dec(rule["within"]),
                        _dec(rule["above"])),
        characteristic_scale=(int(scale[0]), int(scale[1])),
        nominations=tuple(Nomination(**n) for n in data["nominations"]),
        max_total=_dec(data["max_total"]),
    )
