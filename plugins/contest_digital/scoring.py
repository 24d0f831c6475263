"""Answers to the criteria: strict parsing (YAML file or command line) and scoring by the edition's data.

An absent answer is "not provided": 0 points and listed as missing (п. 24 of the 836 Положение).
Anything else that does not fit the edition — an unknown key, a level not in the list, a negative
number — is an error naming the key (``criteria.deployments``), so a typo never scores silently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from core.errors import OhsError
from plugins.contest_digital.criteria import Criterion, Edition, get_edition

TOP_KEYS = ("edition", "criteria")


def _fail(name: str, text: str) -> OhsError:
    return OhsError(f"{name}: {text}")


def parse_value(criterion: Criterion, value: Any, name: str | None = None) -> Any:
    """The canonical answer for ``criterion`` (str, tuple of str, bool or number); None stays None."""
    name = name or f"criteria.{criterion.key}"
    if value is None:
        return None
    if criterion.kind == "level":
        if not isinstance(value, str) or criterion.option(value) is None:
            raise _fail(name, f"значение «{value}» не из списка; возможны: {criterion.allowed()}.")
        return value
    if criterion.kind == "items":
        if not isinstance(value, list | tuple):
            raise _fail(name, f"нужен список отмеченных пунктов, например [{criterion.options[0].value}]; "
                              f"возможны: {criterion.allowed()}.")
        seen: list[str] = []
        for item in value:
            if not isinstance(item, str) or criterion.option(item) is None:
                raise _fail(name, f"пункт «{item}» не из списка; возможны: {criterion.allowed()}.")
            if item in seen:
                raise _fail(name, f"пункт «{item}» указан дважды.")
            seen.append(item)
        # Stored in the edition's order, so the same answers always look the same.
        return tuple(o.value for o in criterion.options if o.value in seen)
    if criterion.kind == "flag":
        if not isinstance(value, bool):
            raise _fail(name, f"нужно true или false, а указано «{value}».")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        kind = "целое число" if criterion.integer else "число"
        raise _fail(name, f"нужно {kind} ({criterion.unit}), а указано «{value}».")
    if criterion.integer and not isinstance(value, int):
        raise _fail(name, f"нужно целое число ({criterion.unit}), а указано «{value}».")
    if value < 0:
        raise _fail(name, f"значение не может быть отрицательным ({value}).")
    return value


def parse_text_value(criterion: Criterion, text: str, name: str) -> Any:
    """An answer typed on the command line: ``acute``, ``modern,consistent_style``, ``[]``, ``да``, ``2.5``."""
    from core.registry.validation import ValidationError, parse_yes_no

    text = text.strip()
    if criterion.kind == "items":
        # «[]» says "none of the items" (an answer worth 0), unlike an empty value, which clears it.
        parts = [] if text == "[]" else [p.strip() for p in text.split(",") if p.strip()]
        return parse_value(criterion, parts, name)
    if criterion.kind == "flag":
        try:
            return parse_yes_no(text)
        except ValidationError as exc:
            raise _fail(name, exc.message) from None
    if criterion.kind == "range":
        try:
            number: Any = int(text) if criterion.integer else float(text.replace(",", "."))
        except ValueError:
            kind = "целое число" if criterion.integer else "число"
            raise _fail(name, f"нужно {kind} ({criterion.unit}), а указано «{text}».") from None
        return parse_value(criterion, number, name)
    return parse_value(criterion, text, name)


def parse_answers(data: Any, source: str = "файл ответов") -> tuple[Edition, dict[str, Any]]:
    """The edition and the provided answers of an answers document (as ``yaml.safe_load`` returns it)."""
    if not isinstance(data, dict):
        raise OhsError(f"{source}: ожидается словарь YAML с ключами edition и criteria.")
    for key in data:
        if key not in TOP_KEYS:
            raise OhsError(f"{source}: неизвестный ключ «{key}»; возможны: {', '.join(TOP_KEYS)}.")
    if "edition" not in data:
        raise OhsError(f'{source}: не указана редакция конкурса, добавьте строку edition: "836-2021".')
    try:
        edition = get_edition(str(data["edition"]))
    except OhsError as exc:
        raise OhsError(f"{source}: edition: {exc.message}") from None
    criteria = data.get("criteria") or {}
    if not isinstance(criteria, dict):
        raise OhsError(f"{source}: criteria: ожидается словарь «показатель: ответ».")
    answers: dict[str, Any] = {}
    for key, value in criteria.items():
        criterion = edition.criterion(str(key))
        if criterion is None:
            known = ", ".join(c.key for c in edition.criteria)
            raise OhsError(f"{source}: criteria.{key}: неизвестный показатель; возможны: {known}.")
        parsed = parse_value(criterion, value)
        if parsed is not None:
            answers[criterion.key] = parsed
    return edition, answers


@dataclass(frozen=True)
class ItemScore:
    """The points of one criterion for one answer."""

    criterion: Criterion
    value: Any
    points: int
    answer: str

    @property
    def provided(self) -> bool:
        """Whether the answer was given at all."""
        return self.value is not None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready row."""
        c = self.criterion
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"key": c.key, "number": c.number, "section": c.section, "title": c.title, "value": value,
                "answer": self.answer, "points": self.points, "max": c.max, "provided": self.provided}


def _item(criterion: Criterion, value: Any) -> ItemScore:
    if value is None:
        return ItemScore(criterion, None, 0, "не представлено")
    if criterion.kind == "level":
        option = criterion.option(value)
        return ItemScore(criterion, value, option.points, option.title)
    if criterion.kind == "items":
        chosen = [criterion.option(v) for v in value]
        return ItemScore(criterion, value, sum(o.points for o in chosen),
                         "; ".join(o.title for o in chosen) or "ни один пункт не отмечен")
    if criterion.kind == "flag":
        return ItemScore(criterion, value, criterion.points if value else 0, criterion.yes if value else criterion.no)
    band = criterion.band(value)
    if band is None:
        return ItemScore(criterion, value, 0, f"{criterion.quantity(value)}: вне всех диапазонов")
    return ItemScore(criterion, value, band.points, f"{criterion.quantity(value)}: {band.title}")


@dataclass(frozen=True)
class Score:
    """Points per criterion and section, the total, and what was not provided."""

    edition: Edition
    items: tuple[ItemScore, ...]

    @property
    def total(self) -> int:
        """The sum over every criterion (п. 23: the final score is the sum of all indicators)."""
        return sum(i.points for i in self.items)

    def section_points(self, section_id: str) -> int:
        """The points of one section."""
        return sum(i.points for i in self.items if i.criterion.section == section_id)

    @property
    def missing(self) -> list[ItemScore]:
        """Criteria without an answer."""
        return [i for i in self.items if not i.provided]

    def to_json(self) -> dict[str, Any]:
        """The shape of ``ohs contest digital score --json``."""
        return {
            "edition": self.edition.edition,
            "total": self.total,
            "max": self.edition.max_total,
            "sections": [{"id": s.id, "title": s.title, "points": self.section_points(s.id), "max": s.max}
                         for s in self.edition.sections],
            "items": [i.to_json() for i in self.items],
            "missing": [{"key": i.criterion.key, "number": i.criterion.number, "title": i.criterion.title,
                         "max": i.criterion.max} for i in self.missing],
        }


def score(edition: Edition, answers: dict[str, Any]) -> Score:
    """Score ``answers`` (already parsed) against ``edition``."""
    return Score(edition, tuple(_item(c, answers.get(c.key)) for c in edition.criteria))
