"""A person's personnel number and sizes (the personal card's front side)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from plugins.ppe.models import PpeSize

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person

#: Field → its Russian name on the card (and in messages).
SIZE_FIELDS: dict[str, str] = {
    "personnel_number": "табельный номер", "height": "рост", "clothing": "размер одежды", "shoes": "размер обуви",
    "headwear": "размер головного убора", "respirator": "размер СИЗОД", "gloves": "размер СИЗ рук",
}


def get_sizes(session: Session, org: Organization, person: Person) -> PpeSize | None:
    """The person's row, or None."""
    from sqlmodel import select

    return session.exec(select(PpeSize).where(PpeSize.org_id == org.id, PpeSize.person_id == person.id)).first()


def all_sizes(session: Session, org: Organization) -> dict[int, PpeSize]:
    """Person id → sizes (one query, for cards of a whole department)."""
    from sqlmodel import select

    return {s.person_id: s for s in session.exec(select(PpeSize).where(PpeSize.org_id == org.id))}


def set_sizes(session: Session, org: Organization, person: Person, values: dict[str, str | None],
              today: datetime.date) -> PpeSize:
    """Set the given fields (None leaves a field as it is; an empty string clears it)."""
    from core.audit import audit

    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        raise OhsError("Не указан ни один размер: --height, --clothing, --shoes, --headwear, --respirator, --gloves "
                       "или --number.")
    for key, value in given.items():
        if len(value) > 20 and key != "personnel_number" or len(value) > 30:
            raise OhsError(f"Значение «{value[:40]}» ({SIZE_FIELDS[key]}) слишком длинное.")
    row = get_sizes(session, org, person) or PpeSize(org_id=org.id, person_id=person.id, updated_on=today)
    for key, value in given.items():
        setattr(row, key, " ".join(value.split()) or None)
    row.updated_on = today
    session.add(row)
    session.flush()
    audit(session, org, "ppe.size.set", "ppe_size", row.id, person=person.full_name, fields=sorted(given))
    return row


def sizes_json(row: PpeSize | None) -> dict[str, Any]:
    """Every field (None where not recorded)."""
    return {key: getattr(row, key) if row else None for key in SIZE_FIELDS}
