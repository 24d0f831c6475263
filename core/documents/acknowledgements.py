"""Who has acknowledged (ознакомлен) a document version and who must still: the card's list and ``ohs docs show``.

Recording goes through :func:`core.documents.registry.acknowledge`, the service ``ohs docs ack`` calls; this module
only reads: the version's acknowledgements with their day and way, and the workers its kind names (all staff for
the regulation and the policy, those with a norm for the PPE norms) who have not acknowledged it yet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.documents.models import Acknowledgement, Document
    from core.storage.models import Organization, Person


@dataclass
class AckState:
    """A version's acknowledgement: whether its kind asks for one, who did (with when), who must still."""

    #: The kind names workers who must acknowledge it (False: the section is not shown, nothing is due).
    required: bool = False
    #: (acknowledgement, person), by day then name.
    done: list[tuple[Acknowledgement, Person]] = field(default_factory=list)
    #: Workers who must acknowledge this version and have not (only for the version in force).
    pending: list[Person] = field(default_factory=list)


def acknowledgements_of(session: Session, doc: Document) -> list[tuple[Acknowledgement, Person]]:
    """Everyone recorded as having acknowledged this version, by day then surname."""
    from sqlmodel import col, select

    from core.documents.models import Acknowledgement
    from core.storage.models import Person

    rows = session.exec(
        select(Acknowledgement, Person).join(Person, col(Person.id) == col(Acknowledgement.person_id))
        .where(Acknowledgement.document_id == doc.id)
        .order_by(col(Acknowledgement.on), col(Person.surname), col(Person.name), col(Person.id))).all()
    return [(ack, person) for ack, person in rows]


def still_to_acknowledge(session: Session, org: Organization, pm: pluggy.PluginManager, doc: Document,
                         today: datetime.date) -> list[Person]:
    """The workers the kind names on ``today`` who have not acknowledged this version; none unless it is in force."""
    from sqlmodel import select

    from core.documents.kinds import collect_kinds
    from core.documents.models import Acknowledgement

    kind = collect_kinds(pm).get(doc.kind)
    if doc.status != "approved" or kind is None or kind.acknowledge is None:
        return []
    done = set(session.exec(select(Acknowledgement.person_id).where(Acknowledgement.document_id == doc.id)))
    people = [p for p in kind.acknowledge(session, org, today) if p.id not in done]
    return sorted(people, key=lambda p: (p.surname, p.name, p.patronymic or "", p.id or 0))


def acknowledgement_state(session: Session, org: Organization, pm: pluggy.PluginManager, doc: Document,
                          today: datetime.date) -> AckState:
    """What the card shows: who acknowledged this version and who must still."""
    from core.documents.kinds import collect_kinds

    kind = collect_kinds(pm).get(doc.kind)
    done = acknowledgements_of(session, doc)
    if kind is None or kind.acknowledge is None:
        return AckState(required=bool(done), done=done)
    return AckState(required=True, done=done, pending=still_to_acknowledge(session, org, pm, doc, today))


def people_by_ids(session: Session, org: Organization, ids: list[Any]) -> list[Person]:
    """The organization's workers with these registry numbers, in that order; an unknown number is refused."""
    from core.errors import NotFoundError
    from core.storage.models import Person

    people = []
    for raw in ids:
        try:
            person = session.get(Person, int(raw))
        except (TypeError, ValueError):
            raise OhsError(f"Номер работника «{raw}» должен быть числом.") from None
        if person is None or person.org_id != org.id:
            raise NotFoundError(f"Работника №{raw} нет в реестре; обновите страницу.")
        if person not in people:
            people.append(person)
    return people
