"""The regulatory facts of plugins/ppe/data/regulation.toml as typed, read-only objects.

Why a data file: the transition dates differ between sources and several point numbers are working
knowledge; keeping each fact with its act, point, confidence and source in one file lets a reviewer
correct a date without touching code, and lets ``ohs check``/``ohs due`` cite the fact they apply.
"""

from __future__ import annotations

import datetime
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
CONFIDENCE = ("C", "S", "K")


@dataclass(frozen=True)
class Fact:
    """One rule: its Russian wording, the act and point, the confidence tag and the source."""

    key: str
    text: str
    act: str
    point: str
    confidence: str
    source: str

    @property
    def citation(self) -> str:
        """«Правила, утв. приказом … № 766н, п. 19» — with «(проверить по тексту акта)» for working knowledge."""
        cited = f"{self.act}, {self.point}" if self.point else self.act
        return f"{cited} (проверить по тексту акта)" if self.confidence == "K" else cited


@dataclass(frozen=True)
class Transition:
    """A date from which or until which a basis of norms may be used, with its source."""

    key: str
    basis: str
    text: str
    act: str
    confidence: str
    source: str
    since: datetime.date | None = None
    until: datetime.date | None = None


@dataclass(frozen=True)
class Appendix:
    """An appendix of the Единые типовые нормы (767н)."""

    number: int
    key: str
    title: str
    confidence: str


@dataclass(frozen=True)
class CardForm:
    """The personal card's title, appendix line and field lists (Приложение № 2 to 766н)."""

    title: str
    appendix: str
    confidence: str
    front: tuple[str, ...]
    norm_columns: tuple[str, ...]
    back_columns: tuple[str, ...]


@dataclass(frozen=True)
class Regulation:
    """Everything the data file states."""

    acts: dict[str, dict]
    appendices: tuple[Appendix, ...]
    transitions: tuple[Transition, ...]
    rules: dict[str, Fact]
    card: CardForm

    def rule(self, key: str) -> Fact:
        """The rule with that key (a KeyError names a typo in the code, not a user error)."""
        return self.rules[key]

    def appendix(self, number: int) -> Appendix | None:
        """The ЕТН appendix with that number, or None."""
        return next((a for a in self.appendices if a.number == number), None)


def _check(confidence: str, where: str) -> str:
    if confidence not in CONFIDENCE:
        raise ValueError(f"{where}: confidence must be one of {CONFIDENCE}, not {confidence!r}")
    return confidence


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def parse_regulation(data: dict) -> Regulation:
    """Build the typed facts from the parsed TOML; an unknown confidence tag is a ValueError."""
    rules = {key: Fact(key=key, text=r["text"], act=r["act"], point=r.get("point", ""),
                       confidence=_check(r["confidence"], f"rules.{key}"), source=r.get("source", ""))
             for key, r in data["rules"].items()}
    transitions = tuple(Transition(key=t["key"], basis=t["basis"], text=t["text"], act=t["act"],
                                   confidence=_check(t["confidence"], f"transitions.{t['key']}"),
                                   source=t.get("source", ""), since=_date(t.get("from")), until=_date(t.get("until")))
                        for t in data["transitions"])
    appendices = tuple(Appendix(number=a["number"], key=a["key"], title=a["title"],
                                confidence=_check(a["confidence"], f"etn_appendices.{a['number']}"))
                       for a in data["etn_appendices"])
    c = data["card"]
    card = CardForm(title=c["title"], appendix=c["appendix"], confidence=_check(c["confidence"], "card"),
                    front=tuple(c["front"]), norm_columns=tuple(c["norm_columns"]), back_columns=tuple(c["back_columns"]))
    return Regulation(acts=data["acts"], appendices=appendices, transitions=transitions, rules=rules, card=card)


@functools.lru_cache(maxsize=1)
def regulation() -> Regulation:
    """The plugin's facts, read once per process."""
    with (DATA_DIR / "regulation.toml").open("rb") as fh:
        return parse_regulation(tomllib.load(fh))
