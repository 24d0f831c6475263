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

    from core.storage.models import Organization, Person


@dataclass
class Project:
    """One project of the note, counted once: its title and what it was (the participant's own note, or the
    record's description, effect, date and place), and where it comes from."""

    ref: str
    title: str
    note: str | None = None
    description: str | None = None
    effect: str | None = None
    implemented_on: datetime.date | None = None
    place: str | None = None

    @property
    def described(self) -> bool:
        """Whether the note has anything to say about the project beyond its name."""
        return bool(self.note or self.description or self.effect)

    @property
    def length(self) -> int:
        """Characters of the description the note prints (the title alone when there is none): at most 500."""
        if not self.described:
            return len(self.title)
        if self.note:
            return len(self.note)
        # The template adds «Результат: » and «Внедрено ДД.ММ.ГГГГ (…).»: counted with the texts.
        parts = [self.description, self.effect and f"Результат: {self.effect}",
                 self.implemented_on and f"Внедрено {self.implemented_on:%d.%m.%Y}" + (f" ({self.place})." if self.place else ".")]
        return len(" ".join(p for p in parts if p))

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict (``text``: the title, for messages naming the project)."""
        return {"ref": self.ref, "text": self.title, "title": self.title, "note": self.note,
                "description": self.description, "effect": self.effect, "implemented_on": self.implemented_on,
                "place": self.place, "described": self.described}


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


def _sentence(text: str | None) -> str | None:
    """The text as a sentence (a final full stop added when it has none), or None when empty."""
    text = " ".join((text or "").split())
    if not text:
        return None
    return text if text[-1] in ".!?…" else f"{text}."


def _projects(pm: pluggy.PluginManager, session: Session, org: Organization, derived: Derived) -> list[Project]:
    """Each project counted for «Реализованные проекты» once, with what it was.

    A portfolio project that names a record (``--ref practice:3``) is that record's project: its note is the
    participant's own description (place, personal part). Otherwise the record's owner describes it
    through the ``project_description`` hook (the practice register: description, effect, date, place; the
    plan of measures: the measure and its result). A project with neither stays undescribed: the pack
    names it in the terminal and the note leaves it out.
    """
    from plugins.contest_specialist.portfolio import portfolio_of

    items = {f"portfolio:{e.item.id}": e.item for e in portfolio_of(session, org, derived.person_id)
             if e.item.kind == "project"}
    order: dict[str, Project] = {}
    for source in derived.sources:
        if source.fact != "projects_implemented":
            continue
        item = items.get(source.ref)
        key = item.ref if item is not None and item.ref else source.ref
        project = order.setdefault(key, Project(key, source.title))
        if item is not None and item.description:
            project.note = " ".join(item.description.split())
            if not item.ref:
                project.title = item.title or project.title
    from core.context import Context

    for key, project in order.items():
        if key.startswith("portfolio:"):
            continue
        found = pm.hook.project_description(ctx=Context.of(session, org, pm), ref=key)
        if found:
            # The record names the project; the participant's own note, when there is one, describes it.
            project.title = found.get("title") or project.title
            if project.note:
                continue
            project.description = _sentence(found.get("description"))
            project.effect = _sentence(found.get("effect"))
            project.implemented_on = found.get("implemented_on")
            project.place = found.get("place")
    return list(order.values())


def check_projects(projects: list[Project]) -> None:
    """The contest takes at most 500 characters per project: longer ones are refused, each named."""
    long = [p for p in projects if p.length > PROJECT_NOTE_LIMIT]
    if long:
        raise OhsError(
            f"Описание проекта длиннее {PROJECT_NOTE_LIMIT} символов ({len(long)}); сократите: "
            "ohs contest specialist portfolio add project РАБОТНИК --ref ССЫЛКА --description «…».",
            details=[f"{p.ref}: {p.length} символов" for p in long],
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
    return Bundle(person, as_of, edition, derived, result, choice, _projects(pm, session, org, derived), error)
