"""The context every document template receives, whatever its kind."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.documents.kinds import DocumentKind
    from core.storage.models import Organization, Person

APPROVED_WORD = {"m": "УТВЕРЖДЕН", "f": "УТВЕРЖДЕНА", "n": "УТВЕРЖДЕНО", "pl": "УТВЕРЖДЕНЫ"}


@dataclass(frozen=True)
class PersonView:
    """A person as templates see it: names split for the Russian filters, and the position."""

    surname: str
    name: str
    patronymic: str | None
    gender: str | None
    position: str
    department: str | None

    @property
    def full_name(self) -> str:
        """«Фамилия Имя Отчество»."""
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)


def person_view(person: Person | None, departments: dict[int, str]) -> PersonView | None:
    """A read-only view of a person for templates (templates never get database objects)."""
    if person is None:
        return None
    return PersonView(
        surname=person.surname, name=person.name, patronymic=person.patronymic, gender=person.gender,
        position=person.position,
        department=departments.get(person.department_id) if person.department_id else None,
    )


@dataclass(frozen=True)
class Approval:
    """How a version was approved, for the rendering that fills its grif: the day, the approver, the order."""

    on: datetime.date
    by: Person
    order_number: str | None = None


def common_context(
    session: Session, org: Organization, kind: DocumentKind, version: int, made_on: datetime.date,
    number: str | None, authors: list[Person] | None = None, approval: Approval | None = None,
) -> dict[str, Any]:
    """``org`` (requisites), ``head`` and ``worker_representative`` (people), ``doc`` (this version).

    ``developers``: who developed the version (printed as «Разработал»). ``doc.approved``: None in a
    draft; in the approved rendering the day, the approving order's number and the approver, so the grif
    «УТВЕРЖДЕНО приказом … от … № …» or «УТВЕРЖДАЮ … дата» is filled. ``approver``: who signs
    «УТВЕРЖДАЮ» — the approver once approved, the head before.
    """
    from core.registry.org import role_holder
    from core.registry.people import department_names

    names = department_names(session, org)
    head = person_view(role_holder(session, org, "head", made_on), names)
    approved = None
    if approval is not None:
        approved = {"on": approval.on, "order_number": approval.order_number,
                    "by": person_view(approval.by, names)}
    return {
        "org": {
            "name": org.name, "short_name": org.short_name or org.name, "legal_address": org.legal_address,
            "inn": org.inn or "", "kpp": org.kpp or "", "ogrn": org.ogrn or "", "okved": org.okved or "",
            "phone": org.phone, "email": org.email, "website": org.website, "municipality": org.municipality,
        },
        "head": head,
        "approver": approved["by"] if approved else head,
        "developers": [person_view(p, names) for p in authors or []],
        "worker_representative": person_view(role_holder(session, org, "worker_representative", made_on), names),
        "doc": {
            "kind": kind.key, "title": kind.title, "version": version, "date": made_on, "number": number or "",
            "approval": kind.approval, "approved_word": APPROVED_WORD[kind.grammatical_gender], "approved": approved,
        },
        "today": made_on,
    }
