"""The 5×5 risk matrix: probability and severity scales, level bands and their colours.

Defaults are data (``plugins/suot/data/risk_matrix.toml``); an organization overrides the colours
(``[risks.colors]``) or the whole band list (``[[risks.levels]]``) in ohs.toml. An override is checked
like user input: every score 1–25 must fall in exactly one band and every colour must be RGB hex,
because the risk map fills its cells with them.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from core.workspace import Workspace

DATA = Path(__file__).resolve().parent.parent / "data" / "risk_matrix.toml"
SIZE = 5
_HEX = re.compile(r"#?([0-9A-Fa-f]{6})")


@dataclass(frozen=True)
class Level:
    """A band of scores (``low``…``high`` inclusive) with its name, colour and the action it calls for."""

    key: str
    name: str
    low: int
    high: int
    color: str
    action: str = ""

    def to_json(self) -> dict[str, Any]:
        """The band for ``--json`` output."""
        from core.io.json_values import record_view

        return record_view(self, "key name min=low max=high color action")


@dataclass(frozen=True)
class Matrix:
    """The scales and bands in force."""

    probability: dict[int, str]
    severity: dict[int, str]
    levels: tuple[Level, ...]
    source: str

    def level(self, probability: int, severity: int) -> Level:
        """The band of ``probability × severity`` (both already checked)."""
        score = probability * severity
        return next(level for level in self.levels if level.low <= score <= level.high)

    def check(self, value: Any, what: str, option: str) -> int:
        """``value`` as a point of the scale, or a refusal naming the scale and the option."""
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if str(value).strip() != str(number) or not 1 <= number <= SIZE:
            scale = self.probability if what == "вероятность" else self.severity
            points = "; ".join(f"{k} — {v}" for k, v in scale.items())
            raise OhsError(f"{what.capitalize()} «{value}» вне матрицы {SIZE}×{SIZE}: укажите в {option} "
                           f"целое число от 1 до {SIZE} ({points}).",
                           form=f"{what.capitalize()} «{value}» вне матрицы {SIZE}×{SIZE}: выберите число от 1 до "
                                f"{SIZE} ({points}).")
        return number


def _color(value: Any, where: str) -> str:
    found = _HEX.fullmatch(str(value).strip())
    if found is None:
        raise OhsError(f"Цвет «{value}» ({where}) не RGB: укажите шесть шестнадцатеричных цифр, например \"FF0000\".")
    return found.group(1).upper()


def _levels(rows: Any, where: str) -> tuple[Level, ...]:
    if not isinstance(rows, list) or not rows:
        raise OhsError(f"Уровни риска ({where}) должны быть списком [[…levels]] с key, name, min, max, color.")
    levels = []
    for row in rows:
        try:
            level = Level(str(row["key"]), str(row["name"]), int(row["min"]), int(row["max"]),
                          _color(row["color"], f"{where}, уровень {row['key']}"), str(row.get("action", "")))
        except (KeyError, TypeError, ValueError) as exc:
            raise OhsError(f"Уровень риска ({where}) задан не полностью: нужны key, name, min, max, color "
                           f"({exc}).") from None
        levels.append(level)
    levels.sort(key=lambda level: level.low)
    covered = [score for level in levels for score in range(level.low, level.high + 1)]
    if covered != list(range(1, SIZE * SIZE + 1)):
        raise OhsError(f"Уровни риска ({where}) должны без пропусков и пересечений покрывать баллы "
                       f"от 1 до {SIZE * SIZE}; проверьте min и max.")
    return tuple(levels)


@functools.cache
def default_data() -> dict[str, Any]:
    """The shipped matrix file, parsed once."""
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


def load_matrix(settings: dict[str, Any] | None = None) -> Matrix:
    """The shipped matrix with the ``[risks]`` section of ohs.toml applied."""
    data = default_data()
    settings = settings or {}
    levels = _levels(data["levels"], "risk_matrix.toml")
    if "levels" in settings:
        levels = _levels(settings["levels"], "ohs.toml, [[risks.levels]]")
    colors = settings.get("colors") or {}
    if not isinstance(colors, dict):
        raise OhsError("[risks.colors] в ohs.toml должен быть таблицей: high = \"FF0000\".")
    unknown = set(colors) - {level.key for level in levels}
    if unknown:
        raise OhsError(f"[risks.colors] в ohs.toml: нет уровня {', '.join(sorted(unknown))}; "
                       f"уровни: {', '.join(level.key for level in levels)}.")
    levels = tuple(
        Level(lv.key, lv.name, lv.low, lv.high, _color(colors[lv.key], f"ohs.toml, [risks.colors] {lv.key}"), lv.action)
        if lv.key in colors else lv for lv in levels
    )
    return Matrix(
        probability={int(k): v for k, v in data["probability"].items()},
        severity={int(k): v for k, v in data["severity"].items()},
        levels=levels, source=data["source"],
    )


def matrix_for(workspace: Workspace | None) -> Matrix:
    """The matrix in force for a workspace (``[risks]`` of its ohs.toml; defaults when there is none)."""
    return load_matrix(workspace.section("risks") if workspace is not None else None)
