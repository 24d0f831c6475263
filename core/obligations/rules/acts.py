"""The register of normative acts (``acts.toml``): loading, validation, status on a date, citations in text.

The data file holds the facts (dates, replacements, sources, confidence); this module only reads
and queries them, so a change in the law is a change in the data file.
"""

from __future__ import annotations

import datetime
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import OhsError

ACTS_FILE = Path(__file__).with_name("acts.toml")

STATUSES = ("in_force", "repealed", "not_applied", "expiring")
CONFIDENCES = ("C", "S", "K")

#: What ``act_status_on`` answers.
IN_FORCE = "in_force"
NOT_YET = "not_yet_in_force"
REPEALED = "repealed"
NOT_APPLIED = "not_applied"
EXPIRED = "expired"
#: Past a confirmed sunset with neither an extension nor a replacement known: the act's rules are
#: kept as the last known ones, documents may cite it, and ``ohs check`` asks to verify it.
UNVERIFIED = "sunset_unverified"
#: What ``after_sunset`` may say in the data file.
AFTER_SUNSET = ("", "unverified")

# Same-length replacements only: offsets found in the normalised text stay valid in the original.
_NORMALISE = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\t": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "ё": "е", "Ё": "Е",
})


class ActsDataError(OhsError):
    """The acts register file is malformed."""


@dataclass(frozen=True)
class Act:
    """One normative act with its status, dates, replacements and citation patterns."""

    key: str
    kind: str
    title: str
    status: str
    source: str
    confidence: str
    number: str = ""
    date: datetime.date | None = None
    in_force_from: datetime.date | None = None
    in_force_until: datetime.date | None = None
    until_confidence: str = ""
    replaced_by: tuple[str, ...] = ()
    name_override: str = ""
    note: str = ""
    after_sunset: str = ""
    patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)

    @property
    def name(self) -> str:
        """How Russian reports name the act: «Приказ Минтруда от 19.08.2016 № 438н», «ГОСТ 12.0.004-2015»."""
        if self.name_override:
            return self.name_override
        if self.kind.startswith("ГОСТ"):
            return f"{self.kind} {self.number}"
        parts = [self.kind[:1].upper() + self.kind[1:]]
        if self.date:
            parts.append(f"от {self.date:%d.%m.%Y}")
        if self.number:
            parts.append(f"№ {self.number}")
        return " ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary (patterns left out)."""
        return {
            "key": self.key, "name": self.name, "kind": self.kind, "number": self.number, "date": self.date,
            "status": self.status, "in_force_from": self.in_force_from, "in_force_until": self.in_force_until,
            "replaced_by": list(self.replaced_by), "source": self.source, "confidence": self.confidence,
        }


@dataclass(frozen=True)
class Citation:
    """An act cited in a text: the line (from 1) and the citing excerpt."""

    act: Act
    line_no: int
    excerpt: str


def load_acts(path: Path | str | None = None) -> dict[str, Act]:
    """All acts of the register by key; the data file is validated and any error names the act."""
    return dict(_load(str(path or ACTS_FILE)))


@functools.lru_cache(maxsize=8)
def _load(path: str) -> dict[str, Act]:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ActsDataError(f"Реестр актов {path} не читается ({exc.strerror}); восстановите файл из поставки.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ActsDataError(f"Реестр актов {path} — неверный TOML ({exc}); исправьте синтаксис файла.") from exc
    acts: dict[str, Act] = {}
    for i, raw in enumerate(data.get("act", []), start=1):
        act = _parse_act(raw, i)
        if act.key in acts:
            raise ActsDataError(f"Акт «{act.key}» записан в реестре дважды; оставьте одну запись.")
        acts[act.key] = act
    for act in acts.values():
        for key in act.replaced_by:
            if key not in acts:
                raise ActsDataError(
                    f"Акт «{act.key}»: в replaced_by указан неизвестный акт «{key}»; добавьте его в реестр или исправьте ключ."
                )
    return acts


def _parse_act(raw: dict[str, Any], index: int) -> Act:
    key = raw.get("key")
    if not isinstance(key, str) or not key:
        raise ActsDataError(f"Запись № {index} реестра актов без ключа key; добавьте ключ.")

    def fail(problem: str) -> ActsDataError:
        return ActsDataError(f"Акт «{key}»: {problem}.")

    for name in ("kind", "title", "status", "source", "confidence"):
        if not isinstance(raw.get(name), str) or not raw[name]:
            raise fail(f"не заполнено поле {name} — заполните его")
    if raw["status"] not in STATUSES:
        raise fail(f"статус «{raw['status']}» неизвестен — допустимы {', '.join(STATUSES)}")
    for name in ("confidence", "until_confidence"):
        if raw.get(name, "") not in (*CONFIDENCES, "") or (name == "confidence" and not raw[name]):
            raise fail(f"в поле {name} «{raw.get(name)}» — допустимы C, S или K")
    dates = {name: _date(raw.get(name), name, fail) for name in ("date", "in_force_from", "in_force_until")}
    if dates["in_force_from"] and dates["in_force_until"] and dates["in_force_until"] <= dates["in_force_from"]:
        raise fail("in_force_until не позже in_force_from — проверьте даты")
    if raw.get("after_sunset", "") not in AFTER_SUNSET:
        raise fail(f"after_sunset «{raw.get('after_sunset')}» — допустимо только «unverified»")
    if raw.get("after_sunset") and raw["status"] != "expiring":
        raise fail("after_sunset имеет смысл только для статуса expiring")
    if raw["status"] in ("not_applied", "expiring") and not dates["in_force_until"]:
        raise fail(f"для статуса {raw['status']} нужна дата in_force_until — укажите её")
    replaced_by = raw.get("replaced_by", [])
    if not isinstance(replaced_by, list) or not all(isinstance(k, str) for k in replaced_by):
        raise fail("replaced_by должен быть списком ключей — исправьте поле")
    patterns = raw.get("patterns", [])
    if not isinstance(patterns, list) or not patterns:
        raise fail("нет ни одного шаблона в patterns — без них ссылки на акт не найти")
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except (re.error, TypeError) as exc:
            raise fail(f"шаблон {pattern!r} не является регулярным выражением ({exc}) — исправьте его") from exc
    return Act(
        key=key, kind=raw["kind"], title=raw["title"], status=raw["status"], source=raw["source"],
        confidence=raw["confidence"], number=str(raw.get("number", "")), date=dates["date"],
        in_force_from=dates["in_force_from"], in_force_until=dates["in_force_until"],
        until_confidence=raw.get("until_confidence", ""), replaced_by=tuple(replaced_by),
        name_override=raw.get("name", ""), note=raw.get("note", ""), after_sunset=raw.get("after_sunset", ""),
        patterns=tuple(compiled),
    )


def _date(value: Any, name: str, fail: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise fail(f"в поле {name} «{value}» — не дата; пишите даты как 2022-03-01")


def act_status_on(act: Act, on: datetime.date) -> str:
    """The act's status on a day: in force, not yet in force, repealed, not applied, or expired by its sunset."""
    if act.in_force_from and on < act.in_force_from:
        return NOT_YET
    if act.in_force_until and on >= act.in_force_until:
        if act.status == "expiring" and act.after_sunset == "unverified":
            return UNVERIFIED
        return {"repealed": REPEALED, "not_applied": NOT_APPLIED}.get(act.status, EXPIRED)
    if act.status == "repealed" and not act.in_force_until:
        return REPEALED  # repealed on a day the register does not know: never in force for us
    return IN_FORCE


def is_citable(act: Act, on: datetime.date) -> bool:
    """A document dated ``on`` may cite the act: in force, or past a sunset nobody has confirmed."""
    return act_status_on(act, on) in (IN_FORCE, UNVERIFIED)


def status_reason(act: Act, on: datetime.date) -> str:
    """Why the act is not in force on the day, in Russian («утратил силу 01.03.2022»); empty if it is."""
    status = act_status_on(act, on)
    neuter = act.kind.lower().startswith("постановлени")
    lost = "утратило силу" if neuter else "утратил силу"
    until = f" {act.in_force_until:%d.%m.%Y}" if act.in_force_until else ""
    if status == REPEALED:
        return lost + until
    if status == NOT_APPLIED:
        return f"не применяется с{until}"
    if status == EXPIRED:
        return f"срок действия истёк{until}"
    if status == UNVERIFIED:
        return (f"срок действия был ограничен{until}; продление или замена в данных ohs-toolkit не подтверждены — "
                "проверьте на publication.pravo.gov.ru")
    if status == NOT_YET:
        return f"вступает в силу {act.in_force_from:%d.%m.%Y}"
    return ""


def in_force_on(on: datetime.date, acts: dict[str, Act] | None = None) -> list[Act]:
    """Acts in force on the day, in register order."""
    acts = load_acts() if acts is None else acts
    return [a for a in acts.values() if act_status_on(a, on) == IN_FORCE]


def replacements(act: Act, acts: dict[str, Act] | None = None) -> list[Act]:
    """The acts that replaced this one (empty when there is no replacement)."""
    acts = load_acts() if acts is None else acts
    return [acts[k] for k in act.replaced_by]


def normalise(text: str) -> str:
    """The text with non-breaking spaces, tabs and dashes made plain and «ё» as «е»; same length."""
    return text.translate(_NORMALISE)


def find_citations(text: str, acts: dict[str, Act] | None = None) -> list[Citation]:
    """Every act cited in the text: one citation per act and line, in order of appearance."""
    acts = load_acts() if acts is None else acts
    found: list[tuple[int, int, Citation]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        plain = normalise(line)
        for act in acts.values():
            starts = [m for p in act.patterns for m in [p.search(plain)] if m]
            if starts:
                first = min(starts, key=lambda m: m.start())
                found.append((line_no, first.start(), Citation(act, line_no, excerpt(line, first.start(), first.end()))))
    return [c for _, _, c in sorted(found, key=lambda t: (t[0], t[1]))]


def excerpt(line: str, start: int, end: int, width: int = 70) -> str:
    """The part of a line around [start, end), cut at spaces, with «…» where it was cut."""
    line = line.replace("\t", " ").replace("\u00a0", " ")
    left = max(0, start - width)
    right = min(len(line), end + width)
    if left > 0:
        space = line.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(line):
        space = line.rfind(" ", end, right)
        right = space if space != -1 else right
    return ("…" if left > 0 else "") + line[left:right].strip() + ("…" if right < len(line) else "")
