"""Breaks in work (отсутствие на работе): how the toolkit knows a worker returns after more than 60 days.

Why a register of its own: the people register keeps hiring and dismissal only; leave, sick leave
and other breaks come from HR. A break longer than the rule's days calls for an unscheduled
briefing on return (2464, п. 16, REGULATION.md §2.1 [K]). Rows are append-only.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person


def add_absence(session: Session, org: Organization, person: Person, from_on: datetime.date, to_on: datetime.date,
                reason: str | None = None) -> Any:
    """Record a break from ``from_on`` to ``to_on`` inclusive (the last day away)."""
    from core.audit import audit
    from plugins.suot.schedule.models import SuotAbsence

    if to_on < from_on:
        raise OhsError(f"Конец отсутствия {to_on:%d.%m.%Y} раньше начала {from_on:%d.%m.%Y}; проверьте --from и --to.")
    if from_on < person.hired_on or (person.dismissed_on and to_on > person.dismissed_on):
        raise OhsError(f"Отсутствие {from_on:%d.%m.%Y}–{to_on:%d.%m.%Y} выходит за период работы {person.full_name}; "
                       "проверьте даты.")
    row = SuotAbsence(org_id=org.id, person_id=person.id, from_on=from_on, to_on=to_on,
                      reason=(reason or "").strip() or None)
    session.add(row)
    session.flush()
    audit(session, org, "absence.add", "absence", row.id, person=person.full_name, from_on=from_on, to_on=to_on)
    return row


def list_absences(session: Session, org: Organization) -> list[tuple[Any, Any]]:
    """(absence, person) pairs, oldest first."""
    from sqlmodel import select

    from core.storage.models import Person
    from plugins.suot.schedule.models import SuotAbsence as A

    return list(session.exec(select(A, Person).join(Person, Person.id == A.person_id).where(A.org_id == org.id)
                             .order_by(A.from_on, A.id)).all())
