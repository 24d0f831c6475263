"""Periodicity rules (``periodicities.toml``): loading, dates of application, organization overrides.

The data file holds the values, acts, points and dates; this module reads them, picks the rules
that apply on a day, and applies ``ohs.toml`` ``[rules]`` overrides. An override may only make a
rule stricter (``direction = "max"``: a smaller interval); a looser one is refused, naming the act.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import OhsError

RULES_FILE = Path(__file__).with_name("periodicities.toml")
UNITS = ("months", "years", "days")
DIRECTIONS = ("max", "min")
CONFIDENCES = ("C", "S", "K")
UNKNOWN_POINT = "unknown"
#: The ``[rules]`` sub-table holding per-position overrides.
POSITIONS_KEY = "positions"
#: Settings that are not periodicities but may stand in ``[rules]`` and ``[rules.positions."…"]``
#: (``medical_basis``: which 29н basis sets the interval of periodic medical exams).
SETTING_KEYS = ("medical_basis",)


class RulesDataError(OhsError):
    """The periodicity data file is malformed."""


@dataclass(frozen=True)
class Rule:
    """One periodicity rule as written in the data file."""

    key: str
    title: str
    requirement: str
    value: int
    unit: str
    act: str
    point: str
    confidence: str
    direction: str
    source: str
    applies_from: datetime.date | None = None
    applies_until: datetime.date | None = None
    after_until: str = ""
    point_confidence: str = ""

    def applies_on(self, on: datetime.date) -> bool:
        """Whether the rule is in effect on the day (after its end only as «last known»)."""
        if self.applies_from and on < self.applies_from:
            return False
        if self.applies_until and on >= self.applies_until:
            return self.after_until == "last_known"
        return True


@dataclass(frozen=True)
class EffectiveRule:
    """A rule as it applies to an organization on a day.

    ``value`` is the organization's (overridden or the law's); ``legal_value`` the law's.
    ``source`` cites the act and point («Правила обучения…, утв. … № 2464, п. 14») while the act
    is in force on the day, otherwise the data file's generic wording. ``warning`` is set when the
    value is only the last known one (the act's sunset passed). ``positions`` holds per-position
    overrides, each an ``EffectiveRule`` itself.
    """

    key: str
    title: str
    value: int
    unit: str
    period: str
    legal_value: int
    act: str
    act_in_force: bool
    point: str
    confidence: str
    source: str
    overridden: bool
    warning: str
    applies_from: datetime.date | None
    applies_until: datetime.date | None
    positions: dict[str, EffectiveRule] = field(default_factory=dict, compare=False)

    def for_position(self, position: str | None) -> EffectiveRule:
        """The rule for one position: its override if any, else this rule."""
        if position is None:
            return self
        return self.positions.get(_fold(position), self)


def _fold(text: str) -> str:
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").lower().split())


def load_rules(path: Path | str | None = None) -> dict[str, Rule]:
    """All rules of the data file by key; the file is validated and any error names the rule."""
    return dict(_load(str(path or RULES_FILE))[0])


def _data(path: Path | str | None = None) -> dict[str, Any]:
    return _load(str(path or RULES_FILE))[1]


@functools.lru_cache(maxsize=8)
def _load(path: str) -> tuple[dict[str, Rule], dict[str, Any]]:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise RulesDataError(f"Файл периодичностей {path} не читается ({exc.strerror}); восстановите его из поставки.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RulesDataError(f"Файл периодичностей {path} — неверный TOML ({exc}); исправьте синтаксис.") from exc
    units = data.get("units", {})
    rules: dict[str, Rule] = {}
    for i, raw in enumerate(data.get("rule", []), start=1):
        rule = _parse_rule(raw, i, units)
        if rule.key in rules:
            raise RulesDataError(f"Правило «{rule.key}» записано дважды; оставьте одну запись.")
        rules[rule.key] = rule
    return rules, data


def _parse_rule(raw: dict[str, Any], index: int, units: dict[str, Any]) -> Rule:
    key = raw.get("key")
    if not isinstance(key, str) or not key:
        raise RulesDataError(f"Правило № {index} без ключа key; добавьте ключ.")

    def fail(problem: str) -> RulesDataError:
        return RulesDataError(f"Правило «{key}»: {problem}.")

    for name in ("title", "requirement", "unit", "act", "point", "confidence", "direction", "source"):
        if not isinstance(raw.get(name), str) or not raw[name]:
            raise fail(f"не заполнено поле {name}")
    if not isinstance(raw.get("value"), int) or raw["value"] <= 0:
        raise fail("value должно быть целым положительным числом")
    if raw["unit"] not in UNITS or raw["unit"] not in units:
        raise fail(f"единица «{raw['unit']}» неизвестна — допустимы {', '.join(UNITS)} (с формами в [units])")
    if raw["direction"] not in DIRECTIONS:
        raise fail(f"direction «{raw['direction']}» — допустимы {', '.join(DIRECTIONS)}")
    if raw["confidence"] not in CONFIDENCES or raw.get("point_confidence", "") not in (*CONFIDENCES, ""):
        raise fail("confidence и point_confidence — C, S или K")
    dates = {}
    for name in ("applies_from", "applies_until"):
        value = raw.get(name)
        if value is not None and not (isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)):
            raise fail(f"{name} «{value}» — не дата; пишите 2022-09-01")
        dates[name] = value
    if dates["applies_from"] and dates["applies_until"] and dates["applies_until"] <= dates["applies_from"]:
        raise fail("applies_until не позже applies_from")
    if raw.get("after_until", "") not in ("", "last_known"):
        raise fail("after_until — только last_known")
    from core.obligations.rules.acts import load_acts

    if raw["act"] not in load_acts():
        raise fail(f"акт «{raw['act']}» не найден в core/obligations/rules/acts.toml")
    return Rule(
        key=key, title=raw["title"], requirement=raw["requirement"], value=raw["value"], unit=raw["unit"],
        act=raw["act"], point=raw["point"], confidence=raw["confidence"], direction=raw["direction"],
        source=raw["source"], applies_from=dates["applies_from"], applies_until=dates["applies_until"],
        after_until=raw.get("after_until", ""), point_confidence=raw.get("point_confidence", ""),
    )


def format_period(value: int, unit: str, path: Path | str | None = None) -> str:
    """«6 месяцев», «3 года», «60 календарных дней»; a single month or year is just «месяц», «год»."""
    forms = _data(path)["units"][unit]["forms"]
    if value == 1 and unit != "days":
        return str(forms[0])
    n = value % 100
    if n % 10 == 1 and n != 11:
        form = forms[0]
    elif 2 <= n % 10 <= 4 and not 12 <= n <= 14:
        form = forms[1]
    else:
        form = forms[2]
    return f"{value} {form}"


def _citation(rule: Rule, in_force: bool, path: Path | str | None) -> str:
    names = _data(path).get("act_names", {}).get(rule.act, {})
    if not in_force:
        return str(names.get("generic") or names.get("cite", rule.act))
    from core.obligations.rules.acts import load_acts

    text = names.get("cite") or load_acts()[rule.act].name
    return text if rule.point == UNKNOWN_POINT else f"{text}, {rule.point}"


def _is_stricter(rule: Rule, value: int) -> bool:
    return value <= rule.value if rule.direction == "max" else value >= rule.value


def _check_override(rule: Rule, value: Any, where: str, path: Path | str | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise OhsError(f"ohs.toml, {where}: «{rule.key} = {value!r}» — нужно целое положительное число "
                       f"({rule.unit}).")
    if not _is_stricter(rule, value):
        from core.obligations.rules.acts import load_acts

        requirement = rule.requirement.format(period=format_period(rule.value, rule.unit, path))
        act = _data(path).get("act_names", {}).get(rule.act, {}).get("cite") or load_acts()[rule.act].name
        point = "" if rule.point == UNKNOWN_POINT else f", {rule.point}"
        raise OhsError(
            f"ohs.toml, {where}: {requirement} — {act}{point}; в ohs.toml указано {value}. "
            "Организация может установить только более строгий срок.",
            details=[f"Исправьте {rule.key} в ohs.toml на значение не больше {rule.value}"
                     if rule.direction == "max" else
                     f"Исправьте {rule.key} в ohs.toml на значение не меньше {rule.value}"],
        )
    return value


def effective_rules(
    workspace_rules: dict[str, Any] | None, on: datetime.date, path: Path | str | None = None
) -> dict[str, EffectiveRule]:
    """Rules in effect on ``on`` with the organization's overrides from ohs.toml ``[rules]``.

    Top-level numeric keys override a rule for everyone; ``[rules.positions."Должность"]`` tables
    override it for one position. Unknown numeric keys and looser values are an ``OhsError``;
    non-numeric keys belong to other settings and are left alone.
    """
    from core.obligations.rules.acts import is_citable, load_acts

    workspace_rules = workspace_rules or {}
    rules = load_rules(path)
    _check_keys(workspace_rules, rules, "[rules]")
    positions = workspace_rules.get(POSITIONS_KEY, {}) or {}
    if not isinstance(positions, dict):
        raise OhsError("ohs.toml: [rules.positions] должен быть таблицей должностей.")
    for position, table in positions.items():
        if not isinstance(table, dict):
            raise OhsError(f"ohs.toml: [rules.positions.\"{position}\"] должен быть таблицей правил.")
        _check_keys(table, rules, f"[rules.positions.\"{position}\"]", numeric_only=False)
    acts = load_acts()
    result: dict[str, EffectiveRule] = {}
    for rule in rules.values():
        if not rule.applies_on(on):
            continue
        in_force = is_citable(acts[rule.act], on)
        warning = ""
        if rule.applies_until and on >= rule.applies_until:
            warning = (f"{acts[rule.act].name}: срок действия был ограничен {rule.applies_until:%d.%m.%Y}, продление "
                       "или замена не подтверждены; значение — последнее известное, проверьте на publication.pravo.gov.ru.")

        def make(value: int, overridden: bool, rule: Rule = rule, in_force: bool = in_force,
                 warning: str = warning) -> EffectiveRule:
            return EffectiveRule(
                key=rule.key, title=rule.title, value=value, unit=rule.unit,
                period=format_period(value, rule.unit, path), legal_value=rule.value, act=rule.act,
                act_in_force=in_force, point="" if rule.point == UNKNOWN_POINT else rule.point,
                confidence=rule.confidence, source=_citation(rule, in_force, path), overridden=overridden,
                warning=warning, applies_from=rule.applies_from, applies_until=rule.applies_until,
            )

        if rule.key in workspace_rules:
            base = make(_check_override(rule, workspace_rules[rule.key], "[rules]", path), True)
        else:
            base = make(rule.value, False)
        for position, table in positions.items():
            if rule.key in table:
                value = _check_override(rule, table[rule.key], f"[rules.positions.\"{position}\"]", path)
                base.positions[_fold(position)] = make(value, True)
        result[rule.key] = base
    return result


def fold_position(position: str) -> str:
    """The position name as overrides are matched: lower case, «ё» as «е», single spaces."""
    return _fold(position)


def _check_keys(table: dict[str, Any], rules: dict[str, Rule], where: str, numeric_only: bool = True) -> None:
    for key, value in table.items():
        if (key == POSITIONS_KEY and where == "[rules]") or key in SETTING_KEYS:
            continue
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if key not in rules and (numeric or not numeric_only):
            known = ", ".join(sorted(rules))
            raise OhsError(f"ohs.toml, {where}: правило «{key}» неизвестно; возможны: {known}.")


def add_period(day: datetime.date, value: int, unit: str) -> datetime.date:
    """The day ``value`` units after ``day``; 31 January + 1 month is 28/29 February (the month's last day)."""
    if unit == "days":
        return day + datetime.timedelta(days=value)
    months = value * (12 if unit == "years" else 1)
    if day.day <= 28:
        # Every month has the day: no clamping (the common case, and ``ohs due`` calls this 50,000 times).
        year, month = divmod(day.month - 1 + months, 12)
        return day.replace(year=day.year + year, month=month + 1)
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def next_date(rule: EffectiveRule, day: datetime.date) -> datetime.date:
    """The latest day the next occurrence is due under ``rule``, counted from ``day``."""
    return add_period(day, rule.value, rule.unit)


@dataclass(frozen=True)
class MedicalBasis:
    """Why a worker takes periodic medical exams (a 29н factor or kind of work) and the rule of its interval."""

    key: str
    title: str
    rule: str


def medical_bases(path: Path | str | None = None) -> dict[str, MedicalBasis]:
    """The bases of periodic medical exams from the data file (``[medical_basis.*]``)."""
    rules = load_rules(path)
    found = {}
    for key, raw in _data(path).get("medical_basis", {}).items():
        if raw.get("rule") and raw["rule"] not in rules:
            raise RulesDataError(f"Основание медосмотра «{key}»: правило «{raw['rule']}» не найдено.")
        found[key] = MedicalBasis(key, raw.get("title", key), raw.get("rule", ""))
    return found


def default_medical_basis(workspace_rules: dict[str, Any] | None, path: Path | str | None = None) -> str:
    """The organization's basis when neither the record nor the position names one.

    ohs.toml ``[rules] medical_basis``, else the data file's ``[medical] default_basis``.
    """
    bases = medical_bases(path)
    value = (workspace_rules or {}).get("medical_basis") or _data(path).get("medical", {}).get("default_basis", "none")
    if value not in bases:
        raise OhsError(f"ohs.toml, [rules]: medical_basis = «{value}» неизвестно; возможны: {', '.join(bases)}.")
    return str(value)


def position_medical_bases(workspace_rules: dict[str, Any] | None, path: Path | str | None = None) -> dict[str, str]:
    """Folded position → its ``medical_basis`` from ``[rules.positions."…"]`` (unknown bases refused)."""
    bases = medical_bases(path)
    found = {}
    for position, table in ((workspace_rules or {}).get(POSITIONS_KEY) or {}).items():
        value = table.get("medical_basis") if isinstance(table, dict) else None
        if value is None:
            continue
        if value not in bases:
            raise OhsError(f"ohs.toml, [rules.positions.\"{position}\"]: medical_basis = «{value}» неизвестно; "
                           f"возможны: {', '.join(bases)}.")
        found[_fold(position)] = value
    return found


@dataclass(frozen=True)
class FactorBasis:
    """A СОУТ factor that makes a workplace's workers subject to a 29н basis from a class up."""

    fragment: str
    min_class: str
    basis: str


def factor_bases(path: Path | str | None = None) -> tuple[FactorBasis, ...]:
    """``[[medical_factor]]`` entries of the data file: factor name fragment, lowest class, basis."""
    bases = medical_bases(path)
    found = []
    for raw in _data(path).get("medical_factor", []):
        if raw.get("basis") not in bases:
            raise RulesDataError(f"Фактор медосмотра «{raw.get('fragment')}»: основание «{raw.get('basis')}» "
                                 "не найдено.")
        found.append(FactorBasis(raw["fragment"].lower(), raw["min_class"], raw["basis"]))
    return tuple(found)


def psychiatric_fragments(path: Path | str | None = None) -> tuple[str, ...]:
    """Fragments of position names in the 342н list (pedagogical workers, child care, drivers), lower case."""
    return tuple(f.lower() for f in _data(path).get("psychiatric", {}).get("position_fragments", ()))


def needs_psychiatric(position: str, fragments: tuple[str, ...]) -> bool:
    """Whether the position is in the 342н list, as the data file's fragments recognise it."""
    folded = _fold(position)
    return any(f in folded for f in fragments)
