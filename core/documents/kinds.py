"""Document kinds: what plugins can make, and the data a template receives."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.context import Context
    from core.storage.models import Organization, Person
    from core.workspace import Workspace

#: How a document is approved: «УТВЕРЖДАЮ» by the head's signature, «УТВЕРЖДЕНО приказом …»,
#: or not at all (journals, registers, letters).
APPROVAL_STYLES = ("head", "order", "none")
#: Periods a document kind may be made for: none (one series of versions) or a calendar year.
PERIODS = ("", "year")


@dataclass
class BuildRequest:
    """What a context builder gets: the open session and the document being made."""

    session: Session
    org: Organization
    today: datetime.date
    workspace: Workspace
    pm: pluggy.PluginManager
    version: int
    number: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def ctx(self) -> Context:
        """The unit of work the document is built in, for services and hooks that take one."""
        from core.context import Context

        return Context(session=self.session, org=self.org, pm=self.pm, today=self.today, workspace=self.workspace)


@dataclass(frozen=True)
class DocumentKind:
    """A document a plugin can make (``document_kinds`` hook).

    ``build`` returns the template's context (on top of the common one: ``org``, ``doc``,
    ``head``…) or raises :class:`MissingDataError` naming every missing field. ``acknowledge``
    returns who must acknowledge an approved version (None: nobody; the sheet is then not added).
    ``grammatical_gender`` agrees «УТВЕРЖДЕН/УТВЕРЖДЕНА/УТВЕРЖДЕНО/УТВЕРЖДЕНЫ» with the title.
    ``default_authors`` names the developers when ``--author`` is not given (the СУОТ documents: the
    person appointed responsible for OSH); they are recorded and printed as «Разработал».
    """

    key: str
    title: str
    template: str
    build: Callable[[BuildRequest], dict[str, Any]]
    approval: str = "head"
    grammatical_gender: str = "n"
    acknowledge: Callable[[Session, Organization, datetime.date], list[Person]] | None = None
    instrumental_title: str = ""
    plugin: str = ""
    default_authors: Callable[[Session, Organization, datetime.date], list[Person]] | None = None
    period: str = ""

    def __post_init__(self) -> None:
        if self.approval not in APPROVAL_STYLES:
            raise ValueError(f"approval must be one of {APPROVAL_STYLES}")
        if self.grammatical_gender not in ("m", "f", "n", "pl"):
            raise ValueError("grammatical_gender must be m, f, n or pl")
        if self.period not in PERIODS:
            raise ValueError(f"period must be one of {PERIODS}")


@dataclass(frozen=True)
class MissingField:
    """A value a document needs: its Russian name and the command that sets it."""

    title: str
    command: str


class MissingDataError(OhsError):
    """A document cannot be made yet; every missing field is listed with how to set it."""

    def __init__(self, document_title: str, fields: list[MissingField]) -> None:
        super().__init__(
            f"Документ «{document_title}» не создан: не хватает данных ({len(fields)}).",
            details=[f"{f.title}: {f.command}" for f in fields],
        )
        self.fields = fields


def collect_kinds(pm: pluggy.PluginManager) -> dict[str, DocumentKind]:
    """Every plugin's kinds by key; two plugins claiming one key is an error."""
    kinds: dict[str, DocumentKind] = {}
    for batch in pm.hook.document_kinds():
        for kind in batch or ():
            if kind.key in kinds:
                raise OhsError(f"Вид документа «{kind.key}» объявлен двумя плагинами; отключите один из них.")
            kinds[kind.key] = kind
    return kinds


def get_kind(pm: pluggy.PluginManager, key: str) -> DocumentKind:
    """The kind with that key, or a message listing the known ones."""
    kinds = collect_kinds(pm)
    if key not in kinds:
        known = ", ".join(sorted(kinds)) or "пока нет ни одного"
        raise OhsError(f"Неизвестный вид документа «{key}»; доступны: {known} (ohs docs kinds).")
    return kinds[key]
