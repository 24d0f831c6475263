"""Everything about one participant at once: facts, score, nomination, projects, evidence — for the
``score`` command, the documents of the application and the pack."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from plugins.contest_specialist.criteria import DEFAULT_EDITION, Edition, load_edition
from plugins.contest_specialist.derive import Derived, Source, derive
from plugins.contest_specialist.nomination import NominationChoice, nomination_for
from plugins.contest_specialist.portfolio import PROJECT_NOTE_LIMIT
from plugins.contest_specialist.scoring import Score, score

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.models import Organization, Person


@dataclass
class Project:
    """One entry of the note on projects: the text (at most 500 characters) and where it comes from."""

    ref: str
    text: str
    described: bool

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"ref": self.ref, "text": self.text, "described": self.described}


@dataclass
class Bundle:
    """One participant's application data on a date."""

    person: Person
    as_of: datetime.date
    edition: Edition
    derived: Derived
    score: Score
    nomination: NominationChoice | None
    projects: list[Project]
    nomination_error: str = ""

    def require_nomination(self) -> NominationChoice:
        """The nomination, or the error that prevented choosing it (documents cannot go without one)."""
        if self.nomination is None:
            raise OhsError(self.nomination_error)
        return self.nomination

    def sources_for(self, row_id: str) -> list[Source]:
        """The records behind one row (documents, commissions, portfolio items)."""
        return [s for s in self.derived.sources if s.fact == row_id]


def _projects(session: Session, org: Organization, derived: Derived) -> list[Project]:
    """Projects for the note: portfolio descriptions, else the record's title (to be described)."""
    from plugins.contest_specialist.portfolio import portfolio_of

    notes = {}
    own = []
    for entry in portfolio_of(session, org, derived.person_id):
        it = entry.item
        if it.kind == "project" and it.on <= derived.as_of:
            if it.ref:
                notes[it.ref] = it.description or it.title
            else:
                own.append(Project(f"portfolio:{it.id}", it.description or it.title, bool(it.description)))
    projects = []
    for source in derived.sources:
        if source.fact == "projects_implemented":
            text = notes.pop(source.ref, None)
            projects.append(Project(source.ref, text or source.title, text is not None))
    projects += [Project(ref, text, True) for ref, text in notes.items()]
    return projects + own


def check_projects(projects: list[Project]) -> None:
    """The contest takes at most 500 characters per project: longer ones are refused, each named."""
    long = [p for p in projects if len(p.text) > PROJECT_NOTE_LIMIT]
    if long:
        raise OhsError(
            f"Описание проекта длиннее {PROJECT_NOTE_LIMIT} символов ({len(long)}); сократите: "
            "ohs contest specialist portfolio add project РАБОТНИК --ref ССЫЛКА --description «…».",
            details=[f"{p.ref}: {len(p.text)} символов" for p in long],
        )


def build_bundle(pm: pluggy.PluginManager, session: Session, org: Organization, person: Person,
                 as_of: datetime.date, nomination: str | None = None, edition_id: str = DEFAULT_EDITION) -> Bundle:
    """Derive, score and choose the nomination for one person."""
    edition = load_edition(edition_id)
    derived = derive(pm, session, org, person, as_of)
    result = score(edition, derived.facts, unevidenced=derived.all_facts, details=derived.details)
    try:
        choice, error = nomination_for(session, org, person, edition, as_of, nomination), ""
    except OhsError as exc:
        # The score does not depend on the nomination; the documents do and ask for it then.
        choice, error = None, exc.message
    return Bundle(person, as_of, edition, derived, result, choice, _projects(session, org, derived), error)
