"""Hook specifications: the whole plugin contract of ohs-toolkit.

A plugin is any module or object with functions marked ``@hookimpl``. Implementations may accept
a subset of a spec's arguments (pluggy passes only the names they ask for), so specs can gain
arguments without breaking existing plugins.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # typed for readers and checkers, free at run time
    import random
    from collections.abc import Callable
    from pathlib import Path

    import click
    from sqlmodel import Session

    from core.checks import Finding
    from core.documents.kinds import DocumentKind
    from core.due import DueItem
    from core.io.integrity import StoredFile
    from core.journal import Journal, JournalSpec
    from core.models import Organization
    from core.setup.steps import SetupStep
    from core.workspace import Workspace

hookspec = pluggy.HookspecMarker("ohs")
hookimpl = pluggy.HookimplMarker("ohs")


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add commands or command groups to the top-level ``ohs`` group.

    ``cli`` is a :class:`core.lazy.LazyGroup`: prefer ``cli.add_lazy_command(name, "module:attribute",
    "one-line help")`` so the module is imported only when the command is used (``ohs --help`` budget);
    ``cli.add_command(command)`` works too.
    """


@hookspec
def register_models(register: Callable[[type], None]) -> None:
    """Call ``register(Model)`` for each SQLModel table this plugin owns.

    Table names carry the plugin's prefix (``suot_…``) and every table has an ``org_id`` column.
    """


@hookspec
def migration_dirs() -> list[Path]:
    """Folders with this plugin's Alembic revisions (one branch per plugin, ``branch_labels``)."""


@hookspec
def template_dirs() -> list[Path]:
    """Folders with this plugin's Jinja2 templates, namespaced by the plugin (``suot/…``)."""


@hookspec
def document_kinds() -> list[DocumentKind]:
    """Documents this plugin can make: key, Russian title, template, context builder."""


@hookspec
def due_items(
    session: Session, org: Organization, today: datetime.date, until: datetime.date
) -> list[DueItem]:
    """Obligations with a date: overdue ones (before ``today``) and those due up to ``until``."""


@hookspec
def checks(session: Session, org: Organization, today: datetime.date) -> list[Finding]:
    """Findings for ``ohs check``: missing documents, repealed acts cited, contradictions."""


@hookspec
def stats(session: Session, org: Organization) -> list[tuple[str, str, int]]:
    """Usage figures as ``(key, Russian label, value)``: documents made, journal entries, people.

    Keys: a journal's figure uses the journal's key (``briefings``, ``trainings``…), breakdowns are
    ``<key>.<part>`` (``incidents.microtrauma``), documents made are ``documents`` or ``*.documents``,
    submitted reports ``reports`` or ``*.reports`` (the digital contest's operation figures read them).
    """


@hookspec
def demo_data(
    session: Session,
    org: Organization,
    people: list[Any],
    rng: random.Random,
    years: int,
    today: datetime.date,
) -> None:
    """Add this plugin's plausible history to a demo organization (``ohs init --demo``).

    Must be deterministic for a given ``rng`` so benchmarks are repeatable.
    """


@hookspec
def journals() -> list[JournalSpec | Journal]:
    """Journals kept as hash chains: each a :class:`core.journal.JournalSpec` (the one framework in core).

    Briefings, trainings, medical exams, incidents, submitted reports: every record that is never
    edited declares its journal here instead of by an import side effect; ``ohs verify`` walks the
    specs (chain, head, audit log, exported anchor). A plugin that keeps a chain of its own outside the
    framework may return a :class:`core.journal.Journal` (key, title, verifier) instead.
    """


@hookspec(firstresult=True)
def injury_indicators(
    session: Session, org: Organization, year: int, years: int, today: datetime.date
) -> dict[str, Any] | None:
    """Injury figures of ``year`` and the ``years`` before it, for contests and reviews.

    ``today`` bounds a year that is not over (the document's or the command's date, not the clock).

    Returns ``{"year", "years", "per_year": [{"year", "average_headcount", "injured", "frequency",
    "days_lost", "insured_nonfatal", "severity", "fatal", "occupational_diseases"}], "average":
    {"frequency", "severity"}, "reference": {"year", "okved", "frequency", "days", "source"} | None}``
    with numbers as :class:`decimal.Decimal` or None where the records give none (no division by zero).
    """


@hookspec
def person_activity(
    session: Session, org: Organization, person_id: int, since: datetime.date, until: datetime.date
) -> list[dict[str, Any]]:
    """What a person did between two dates, as evidence for the specialist contest.

    Each item: ``{"kind", "title", "date", "ref"}`` where ``kind`` is one of ``investigation.accident``,
    ``investigation.occupational_disease``, ``investigation.emergency``, ``project``, ``practice``,
    ``program.internship``, ``program.safe_methods``, ``program.osh_training``, ``commission.<key>``
    and ``ref`` names the record (``incident:12``, ``practice:3``).
    """


@hookspec(firstresult=True)
def describe_record(session: Session, org: Organization, ref: str) -> dict[str, Any] | None:
    """A record named by another plugin (``measure:12``, ``incident:3``, ``risk:5``): ``{"ref", "title",
    "date"}``, or None when this plugin does not own that kind of reference or it does not exist.

    Lets a best practice link to the measure, incident or risk it answered without importing them.
    """


@hookspec
def stored_files(session: Session, org: Organization, workspace: Workspace) -> list[StoredFile]:
    """Files this plugin keeps with a recorded sha256 (documents, evidence, attachments): ``ohs verify`` re-reads each."""


@hookspec
def setup_steps() -> list[SetupStep]:
    """Steps this plugin adds to ``ohs setup`` (goals, sector profile, district settings, the pack).

    Each is a :class:`core.setup.steps.SetupStep`: the section of the answers file it reads, its place
    among the core's steps (``order``: profile 10, people 20, head 30, specialist 40, commission 50,
    instructors 60, check 1000), how it asks in a terminal and how it applies the answers through the
    same services as the plugin's plain commands.
    """
