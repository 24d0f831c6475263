"""``people edit``: change fields of one worker, checked by the same rules as a file row.

The edited values go through the file reader's row parser, so a date, a СНИЛС or a вид занятости typed on
the command line is accepted and refused exactly as in an HR file.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person

#: Extra names for fields on the command line, besides the English keys and the column titles.
_KEY_ALIASES = {"role": "osh_role", "tab": "personnel_number", "kind": "employment_kind", "full_name": "full_name"}


def parse_assignments(items: tuple[str, ...]) -> dict[str, str]:
    """``KEY=VALUE`` pairs as field → raw value; the key is an English field name or a column title."""
    from core.registry.people_columns import FIELD_KEYS, expected_names, field_of

    if not items:
        raise OhsError("Укажите, что изменить: КЛЮЧ=ЗНАЧЕНИЕ, например position=\"Тренер-преподаватель\".")
    result: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        field = _KEY_ALIASES.get(name) or (name if name in FIELD_KEYS else field_of(name, {}))
        if not sep or field is None:
            raise OhsError(f"«{item}»: ожидается КЛЮЧ=ЗНАЧЕНИЕ, где КЛЮЧ — одно из: {expected_names()} "
                           "(или surname, position, hired_on…).")
        if field == "transferred_on":
            raise OhsError("Перевод на другую должность записывается отдельно, с датой: ohs people transfer РАБОТНИК "
                           "--position … --department … --on ДАТА.")
        if field in result:
            raise OhsError(f"Поле «{name}» указано дважды: оставьте одно значение.")
        result[field] = value
    if "full_name" in result and result.keys() & {"surname", "name", "patronymic"}:
        raise OhsError("Укажите либо ФИО целиком, либо фамилию, имя и отчество по отдельности.")
    return result


def edit_person(session: Session, org: Organization, person: Person, values: dict[str, str],
                today: datetime.date) -> dict[str, tuple[Any, Any]]:
    """Apply the edited fields (one audit entry); field → (before, after) of what changed."""
    from core.audit import audit
    from core.registry.names import existing_spelling
    from core.registry.people import check_row_dates, by_snils, department_names, get_department, person_row
    from core.registry.people_columns import EXPORT_COLUMNS
    from core.registry.people_import import SYNCED_FIELDS, mask_snils
    from core.registry.people_io import export_value, parse_row
    from core.registry.validation import split_full_name

    names = department_names(session, org)
    current = person_row(person, names)
    fields = [f for f, _t in EXPORT_COLUMNS]
    cells: list[Any] = [export_value(current, f) for f in fields]
    if "full_name" in values:
        try:
            parts = split_full_name(values.pop("full_name"))
        except Exception as exc:  # ValidationError carries the Russian sentence
            raise _on_field(OhsError(getattr(exc, "message", str(exc))), "full_name") from None
        values.update(zip(("surname", "name", "patronymic"), (p or "" for p in parts), strict=True))
    for field, value in values.items():
        cells[fields.index(field)] = value
    columns = {f: (i, title) for i, (f, title) in enumerate(EXPORT_COLUMNS)}
    row, problems = parse_row(0, cells, columns, today)
    if problems or row is None:
        fields_of = {title: f for f, (_i, title) in columns.items()}
        # «СНИЛС: СНИЛС … неверен» says the column twice: a reason that names its column stands alone.
        reasons = [p.reason if p.column.lower() in p.reason.lower() else f"{p.column}: {p.reason}" for p in problems]
        raise _on_field(OhsError("Не изменено: " + "; ".join(reasons)),
                        fields_of.get(problems[0].column) if problems else None)
    check_row_dates(row, today)
    if row.snils and row.snils != person.snils and (other := by_snils(session, org, row.snils)) is not None:
        raise _on_field(OhsError(f"Этот СНИЛС уже у работника №{other.id}: ohs people show {other.id}.",
                                 form=f"Этот СНИЛС уже у работника №{other.id} {other.full_name}."), "snils")
    changes: dict[str, tuple[Any, Any]] = {}
    for field in values:
        if field == "department":
            dept = get_department(session, org, row.department)
            before, after = names.get(person.department_id), dept.name if dept else None
            if before != after:
                person.department_id = dept.id if dept else None
                changes["department"] = (before, after)
            continue
        if field not in SYNCED_FIELDS:
            continue
        new = getattr(row, field)
        if field == "position":
            new = existing_spelling(new, {p for p in _positions(session, org) if p != person.position}) or new
        if getattr(person, field) != new:
            changes[field] = (getattr(person, field), new)
            setattr(person, field, new)
    if not changes:
        raise OhsError("Ничего не изменено: значения совпадают с сохраненными.")
    session.add(person)
    from core.registry.employments import sync_main

    sync_main(session, person)  # an edit corrects the employment in force; a transfer is ohs people transfer
    shown = {k: [_plain(k, old, mask_snils), _plain(k, new, mask_snils)] for k, (old, new) in changes.items()}
    audit(session, org, "people.edit", "person", person.id, full_name=person.full_name, changes=shown)
    return changes


def _on_field(error: OhsError, field: str | None) -> OhsError:
    """The error naming the field it is about (the first one refused), for a form to show it there."""
    error.field = field  # type: ignore[attr-defined]
    return error


def _positions(session: Session, org: Organization) -> set[str]:
    from sqlmodel import select

    from core.storage.models import Person

    return set(session.exec(select(Person.position).where(Person.org_id == org.id).distinct()))


def _plain(field: str, value: Any, mask) -> Any:
    if field == "snils":
        return mask(value) if value else None
    return value.isoformat() if isinstance(value, datetime.date) else value
