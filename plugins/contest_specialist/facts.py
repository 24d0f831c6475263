"""The facts about a participant: the YAML interface, validated against the edition's rows.

Facts are held flat, by dotted key (``characteristic.planning``), with lists as sets. Every key is
optional: an absent key is «сведения не представлены». Unknown keys, values out of range and
negative counts are errors naming the full dotted key; all of them are reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from core.errors import OhsError
from plugins.contest_specialist.criteria import DEFAULT_EDITION, Edition, load_edition

Facts = dict[str, Any]


@dataclass(frozen=True)
class FieldSpec:
    """What one facts key accepts."""

    key: str
    kind: str  # enum | bool | int | score | number | reference | list
    allowed: tuple[str, ...] = ()
    low: int = 0
    high: int = 0


def field_specs(edition: Edition) -> dict[str, FieldSpec]:
    """Every facts key of the edition, derived from its rows (so a new edition brings its own keys)."""
    specs: dict[str, FieldSpec] = {}
    members: dict[str, list[str]] = {}
    low, high = edition.characteristic_scale
    for row in edition.rows:
        if row.unit == "choice":
            specs[row.id] = FieldSpec(row.id, "enum", tuple(row.choices))
        elif row.unit == "flag":
            specs[row.id] = FieldSpec(row.id, "bool")
        elif row.unit == "member":
            members.setdefault(row.fact, []).append(row.item)
        elif row.unit in ("count", "years"):
            specs[row.id] = FieldSpec(row.id, "int")
        elif row.unit == "score":
            specs[row.id] = FieldSpec(row.id, "score", low=low, high=high)
        elif row.unit == "ratio":
            specs[row.fact] = FieldSpec(row.fact, "number")
            specs[row.reference] = FieldSpec(row.reference, "reference")
    for key, items in members.items():
        specs[key] = FieldSpec(key, "list", tuple(items))
    return specs


def _groups(specs: dict[str, FieldSpec]) -> set[str]:
    return {key.rsplit(".", 1)[0] for key in specs if "." in key}


def _check_value(spec: FieldSpec, value: Any) -> tuple[Any, str | None]:
    """The normalized value, or an error text (without the key)."""
    if spec.kind == "bool":
        return (value, None) if isinstance(value, bool) else (None, "ожидается да/нет (true или false)")
    if spec.kind == "enum":
        if isinstance(value, str) and value in spec.allowed:
            return value, None
        return None, f"значение «{value}» не из допустимых: {', '.join(spec.allowed)}"
    if spec.kind in ("int", "score"):
        if isinstance(value, bool) or not isinstance(value, int | Decimal) or (
            isinstance(value, Decimal) and value != value.to_integral_value()
        ):
            return None, f"ожидается целое число, а указано «{value}»"
        number = int(value)
        if spec.kind == "int" and number < 0:
            return None, f"число не может быть отрицательным ({number})"
        if spec.kind == "score" and not spec.low <= number <= spec.high:
            return None, f"оценка {number} вне шкалы от {spec.low} до {spec.high}"
        return number, None
    if spec.kind in ("number", "reference"):
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            return None, f"ожидается число, а указано «{value}»"
        number = Decimal(value)
        if not number.is_finite():
            return None, "ожидается конечное число"
        if number < 0:
            return None, f"число не может быть отрицательным ({number})"
        if spec.kind == "reference" and number == 0:
            return None, "эталонное значение должно быть больше нуля (на него делят)"
        return number, None
    if spec.kind == "list":
        if not isinstance(value, list):
            return None, "ожидается список"
        bad = [str(v) for v in value if not isinstance(v, str) or v not in spec.allowed]
        if bad:
            return None, f"неизвестные элементы: {', '.join(bad)}; допустимы: {', '.join(spec.allowed)}"
        return frozenset(value), None
    raise AssertionError(spec.kind)


def validate_facts(data: Any, source: str = "факты") -> tuple[Edition, Facts]:
    """Check a parsed facts mapping; returns its edition and the flat facts, or raises naming every bad key."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise OhsError(f"{source}: ожидается словарь ключей (edition, education, …), а не {type(data).__name__}.")
    edition_id = data.get("edition", DEFAULT_EDITION)
    if not isinstance(edition_id, str):
        raise OhsError(f"{source}: ключ «edition» должен быть строкой, например \"{DEFAULT_EDITION}\".")
    edition = load_edition(edition_id)
    specs = field_specs(edition)
    groups = _groups(specs)
    facts: Facts = {}
    errors: list[str] = []

    def walk(mapping: dict[str, Any], prefix: str) -> None:
        for key, value in mapping.items():
            dotted = f"{prefix}{key}"
            if prefix == "" and key == "edition":
                continue
            if dotted in specs:
                normalized, error = _check_value(specs[dotted], value)
                if error:
                    errors.append(f"{dotted}: {error}")
                else:
                    facts[dotted] = normalized
            elif dotted in groups:
                if value is None:
                    continue
                if not isinstance(value, dict):
                    errors.append(f"{dotted}: ожидается набор ключей, а указано «{value}»")
                else:
                    walk(value, dotted + ".")
            else:
                siblings = sorted({k[len(prefix):].split(".")[0] for k in [*specs, *groups] if k.startswith(prefix)})
                errors.append(f"{dotted}: неизвестный ключ; возможны: {', '.join(siblings)}")

    walk(data, "")
    if errors:
        first = errors[0].split(":", 1)[0]
        raise OhsError(f"{source}: ошибка в ключе «{first}»" + (f" и ещё {len(errors) - 1}" if len(errors) > 1 else "")
                       + "; исправьте файл фактов.", details=errors)
    return edition, facts


def _loader() -> type:
    import yaml

    class FactsLoader(yaml.SafeLoader):
        """Numbers with a point become Decimal exactly as written (12.30 stays 12.30)."""

    def decimal(loader: Any, node: Any) -> Any:
        text = loader.construct_scalar(node).replace("_", "")
        try:
            return Decimal(text)
        except InvalidOperation:
            return text

    FactsLoader.add_constructor("tag:yaml.org,2002:float", decimal)
    return FactsLoader


def load_facts_file(path: Path) -> tuple[Edition, Facts]:
    """Read a facts YAML file and validate it."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise OhsError(f"Не удалось прочитать файл фактов {path}: {exc.strerror}.") from None
    try:
        data = yaml.load(text, Loader=_loader())  # noqa: S506 — a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise OhsError(f"Файл фактов {path} — не YAML: {exc}".rstrip(".") + ".") from None
    return validate_facts(data, f"Файл фактов {path}")


def nested(facts: Facts, edition: Edition) -> dict[str, Any]:
    """Flat facts back to the nested YAML shape (lists sorted in the order of the form)."""
    specs = field_specs(edition)
    out: dict[str, Any] = {"edition": edition.id}
    order: list[str] = []
    for row in edition.rows:  # the order of the form, lists where their first row stands
        for key in (row.fact_key, row.reference):
            if key and key in specs and key not in order:
                order.append(key)
    for key in order:
        if key not in facts:
            continue
        value = facts[key]
        if specs[key].kind == "list":
            value = [item for item in specs[key].allowed if item in value]
        target = out
        parts = key.split(".")
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return out


def dump_facts(facts: Facts, edition: Edition, comments: list[str] | None = None) -> str:
    """The facts as YAML in the interface's shape, with ``#`` comment lines first; decimals as written."""
    import yaml

    class FactsDumper(yaml.SafeDumper):
        """Decimal written as its text, so reading the file back gives the same number."""

    def decimal(dumper: Any, value: Decimal) -> Any:
        if value == value.to_integral_value() and "." not in str(value):
            return dumper.represent_int(int(value))
        return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))

    FactsDumper.add_representer(Decimal, decimal)
    body = yaml.dump(nested(facts, edition), Dumper=FactsDumper, allow_unicode=True, sort_keys=False)
    head = "".join(f"# {line}\n" for line in comments or [])
    return head + body
