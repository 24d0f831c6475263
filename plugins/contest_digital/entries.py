"""The stored application: questionnaire fields and self-assessment answers, validated, dated, never overwritten."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from plugins.contest_digital.criteria import Edition

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

#: Self-assessment answers are stored under this prefix (``criteria.tasks``), as in the answers file.
CRITERIA_PREFIX = "criteria."


class EntriesError(OhsError):
    """Values refused by :func:`set_entries`: every one listed for the command line (``details``, «ключ: …»)
    and by key for a form (``problems``: the key as given → its sentence without the key)."""

    def __init__(self, message: str, details: list[str], problems: dict[str, str]) -> None:
        super().__init__(message, details)
        self.problems = problems


@dataclass(frozen=True)
class StoredValue:
    """The current value of a key and the date it applies from."""

    value: str
    set_on: datetime.date


def parse_pairs(pairs: tuple[str, ...] | list[str], example: str) -> list[tuple[str, str]]:
    """``KEY=VALUE`` arguments as pairs (the value may contain «=»)."""
    result = []
    for pair in pairs:
        if "=" not in pair:
            raise OhsError(f"«{pair}»: ожидается КЛЮЧ=ЗНАЧЕНИЕ, например {example}.")
        key, value = pair.split("=", 1)
        result.append((key.strip(), value))
    if not result:
        raise OhsError(f"Не указано ни одного значения: ожидается КЛЮЧ=ЗНАЧЕНИЕ, например {example}.")
    return result


def _canonical_questionnaire(edition: Edition, key: str, raw: str, today: datetime.date) -> str | None:
    from plugins.contest_digital.validators import validate

    field = edition.field(key)
    if field is None:
        known = ", ".join(f.key for f in edition.fields)
        raise OhsError(f"неизвестное поле анкеты; возможны: {known}.")
    return validate(field.validator, raw, today) if raw.strip() else None


def _canonical_criterion(edition: Edition, key: str, raw: str) -> str | None:
    import json

    from plugins.contest_digital.scoring import parse_text_value

    criterion = edition.criterion(key)
    if criterion is None:
        known = ", ".join(c.key for c in edition.criteria)
        raise OhsError(f"неизвестный показатель; возможны: {known}.")
    if not raw.strip():
        return None
    value = parse_text_value(criterion, raw, f"{CRITERIA_PREFIX}{key}")
    # JSON keeps the type (a list, true/false, a number) for the answers built from the store.
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


def set_entries(
    session: Session, org: Organization, edition: Edition, pairs: list[tuple[str, str]], today: datetime.date,
    criteria: bool = False,
) -> dict[str, str | None]:
    """Validate every value, then store those that differ from the current ones; returns what changed.

    ``criteria``: the keys are self-assessment criteria (stored as ``criteria.<key>``); otherwise
    questionnaire fields. An empty value clears the key. Nothing is written if any value is wrong.
    """
    from core.audit import audit
    from plugins.contest_digital.models import ContestDigitalEntry

    planned: dict[str, str | None] = {}
    errors = []
    problems: dict[str, str] = {}
    for key, raw in pairs:
        name = f"{CRITERIA_PREFIX}{key}" if criteria else key
        try:
            if criteria:
                planned[name] = _canonical_criterion(edition, key, raw)
            else:
                planned[name] = _canonical_questionnaire(edition, key, raw, today)
        except OhsError as exc:
            # Scoring messages already start with the key; say it once.
            message = exc.message.removeprefix(f"{name}: ")
            errors.append(f"{name}: {message}")
            problems[key] = message[:1].upper() + message[1:]
    if errors:
        what = "Самооценка" if criteria else "Анкета"
        raise EntriesError(f"{what} не изменена: есть ошибки в значениях ({len(errors)}).", errors, problems)
    current = current_values(session, org)
    changed = {}
    for key, value in planned.items():
        old = current.get(key)
        if (old.value if old else None) == value:
            continue
        session.add(ContestDigitalEntry(org_id=org.id, key=key, value=value, set_on=today))
        changed[key] = value
    if changed:
        session.flush()
        audit(session, org, "contest_digital.set", "contest_digital_entry", None, set_on=today, **changed)
    return changed


def current_values(session: Session, org: Organization, as_of: datetime.date | None = None) -> dict[str, StoredValue]:
    """The latest value of every key (applying on ``as_of`` when given); cleared keys are left out."""
    from sqlmodel import select

    from plugins.contest_digital.models import ContestDigitalEntry

    query = select(ContestDigitalEntry).where(ContestDigitalEntry.org_id == org.id)
    if as_of is not None:
        query = query.where(ContestDigitalEntry.set_on <= as_of)
    latest: dict[str, Any] = {}
    for row in session.exec(query.order_by(ContestDigitalEntry.set_on, ContestDigitalEntry.id)):
        latest[row.key] = row
    return {k: StoredValue(r.value, r.set_on) for k, r in latest.items() if r.value is not None}


def history(session: Session, org: Organization) -> list[dict[str, Any]]:
    """Every stored value in the order it was set (cleared values as None)."""
    from sqlmodel import select

    from plugins.contest_digital.models import ContestDigitalEntry

    rows = session.exec(select(ContestDigitalEntry).where(ContestDigitalEntry.org_id == org.id)
                        .order_by(ContestDigitalEntry.set_on, ContestDigitalEntry.id))
    return [{"key": r.key, "value": r.value, "set_on": r.set_on} for r in rows]


def stored_answers(edition: Edition, stored: dict[str, StoredValue]) -> dict[str, tuple[Any, datetime.date]]:
    """Self-assessment answers kept in the store, parsed as the edition expects: key → (value, set on)."""
    import json

    from plugins.contest_digital.scoring import parse_value

    answers = {}
    for name, entry in stored.items():
        if not name.startswith(CRITERIA_PREFIX):
            continue
        criterion = edition.criterion(name.removeprefix(CRITERIA_PREFIX))
        if criterion is None:
            continue  # a key of another edition: not part of this one
        answers[criterion.key] = (parse_value(criterion, json.loads(entry.value), name), entry.set_on)
    return answers
