"""Finding workers a page at a time: by name or personnel number, by department (the web desk's list).

``list_people`` reads everyone at once, which the command line prints; a page of 50 out of 10,000 is
counted and fetched by the database instead. SQLite compares only ASCII letters without regard to case,
so each typed word is tried as typed, capitalised, in lower and in upper case (names are stored
capitalised); «ё» and «е» are tried both ways.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person

PER_PAGE = 50


@dataclass(frozen=True)
class PeoplePage:
    """One page of the register: the people on it, how many match in all, and where the page is."""

    people: list[Person]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the matches fill (at least one, empty or not)."""
        return max(1, -(-self.total // self.per_page))


def _variants(word: str) -> set[str]:
    forms = {word, word.capitalize(), word.lower(), word.upper()}
    return forms | {f.replace("ё", "е").replace("Ё", "Е") for f in forms} | {f.replace("е", "ё") for f in forms}


def _word_clause(word: str) -> Any:
    from sqlalchemy import or_

    from core.storage.models import Person

    columns = (Person.surname, Person.name, Person.patronymic)
    clauses = [col.like(f"{v}%") for v in _variants(word) for col in columns]
    clauses.append(Person.personnel_number == word)
    return or_(*clauses)


def _conditions(org: Organization, on: datetime.date, query: str, department_id: int | None,
                include_dismissed: bool) -> list[Any]:
    from sqlalchemy import or_

    from core.storage.models import Person

    conditions: list[Any] = [Person.org_id == org.id]
    if not include_dismissed:
        conditions += [Person.hired_on <= on, or_(Person.dismissed_on.is_(None), Person.dismissed_on >= on)]
    if department_id is not None:
        conditions.append(Person.department_id == department_id)
    for word in query.replace(".", " ").split()[:5]:  # «Иванов И.» → «Иванов», «И»
        conditions.append(_word_clause(word))
    return conditions


def _order() -> tuple[Any, ...]:
    from core.storage.models import Person

    return (Person.surname, Person.name, Person.patronymic, Person.id)


def search_people(
    session: Session,
    org: Organization,
    *,
    on: datetime.date,
    query: str = "",
    department_id: int | None = None,
    include_dismissed: bool = False,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> PeoplePage:
    """Workers employed on ``on`` (or all) whose names start with every typed word, by surname, one page."""
    from sqlalchemy import func
    from sqlmodel import select

    from core.storage.models import Person

    conditions = _conditions(org, on, query, department_id, include_dismissed)
    total = session.exec(select(func.count()).select_from(Person).where(*conditions)).one()
    page = max(1, min(page, max(1, -(-total // per_page))))
    rows = session.exec(select(Person).where(*conditions).order_by(*_order())
                        .offset((page - 1) * per_page).limit(per_page))
    return PeoplePage(people=list(rows), total=total, page=page, per_page=per_page)


def matching_people(session: Session, org: Organization, *, on: datetime.date, query: str = "",
                    department_id: int | None = None, include_dismissed: bool = False) -> list[Person]:
    """Every worker :func:`search_people` finds, on all its pages, in the same order (an export of the list)."""
    from sqlmodel import select

    from core.storage.models import Person

    conditions = _conditions(org, on, query, department_id, include_dismissed)
    return list(session.exec(select(Person).where(*conditions).order_by(*_order())))


def acknowledged_documents(session: Session, org: Organization, person: Person) -> list[tuple[Any, Any]]:
    """(acknowledgement, document) of every version the worker acknowledged, newest first."""
    from sqlmodel import select

    from core.documents.models import Acknowledgement, Document

    return list(session.exec(
        select(Acknowledgement, Document).join(Document, Document.id == Acknowledgement.document_id)
        .where(Acknowledgement.org_id == org.id, Acknowledgement.person_id == person.id)
        .order_by(Acknowledgement.on.desc(), Document.title)).all())
