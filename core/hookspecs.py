"""Hook specifications: the whole plugin contract of ohs-toolkit.

A plugin is any module or object with functions marked ``@hookimpl``. Implementations may accept
a subset of a spec's arguments (pluggy passes only the names they ask for), so specs can gain
arguments without breaking existing plugins.

Hooks that work on an organization's records take the unit of work, ``ctx``
(:class:`core.context.Context`: session, organization, today, workspace, plugin manager, audit), and
return the typed payloads of :mod:`core.payloads`. A hook that one plugin consumes is declared by that
plugin (its ``HOOKSPECS``): ``person_activity`` and ``project_description`` by the specialist contest,
``describe_record`` by the best-practice register, ``suot_regulation_ppe`` and ``suot_subcommands`` by
the СУОТ plugin.
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

    from core.context import Context
    from core.documents.kinds import DocumentKind
    from core.io.integrity import StoredFile
    from core.journal import Journal, JournalSpec
    from core.obligations.checks import Finding
    from core.obligations.due import DueItem
    from core.payloads import Figure, InjuryIndicators, KnownActivity
    from core.setup.steps import SetupStep
    from core.storage.models import Person
    from core.web.pages import CardSection, WebPage

hookspec = pluggy.HookspecMarker("ohs")
hookimpl = pluggy.HookimplMarker("ohs")


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add commands or command groups to the top-level ``ohs`` group.

    ``cli`` is a :class:`core.cli.lazy.LazyGroup`: prefer ``cli.add_lazy_command(name, "module:attribute",
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
def due_items(ctx: Context, until: datetime.date) -> list[DueItem]:
    """Obligations with a date: overdue ones (before ``ctx.today``) and those due up to ``until``."""


@hookspec
def checks(ctx: Context) -> list[Finding]:
    """Findings for ``ohs check`` as of ``ctx.today``: missing documents, repealed acts cited, contradictions."""


@hookspec
def stats(ctx: Context) -> list[Figure]:
    """Usage figures (:class:`core.payloads.Figure`: key, Russian label, value): documents made, entries, people.

    Keys: a journal's figure uses the journal's key (``briefings``, ``trainings``…), breakdowns are
    ``<key>.<part>`` (``incidents.microtrauma``), documents made are ``documents`` or ``*.documents``,
    submitted reports ``reports`` or ``*.reports`` (the digital contest's operation figures read them).
    """


@hookspec
def demo_data(ctx: Context, people: list[Any], rng: random.Random, years: int) -> None:
    """Add this plugin's plausible history to a demo organization (``ohs init --demo``), up to ``ctx.today``.

    Must be deterministic for a given ``rng`` so benchmarks are repeatable. Plugins are called in the
    reverse order of their registration (pluggy's rule; ``core.plugins.BUILTIN_PLUGINS`` lists them).
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
def injury_indicators(ctx: Context, year: int, years: int) -> InjuryIndicators | None:
    """Injury figures of ``year`` and the ``years`` before it, for contests and reviews.

    ``ctx.today`` bounds a year that is not over (the document's or the command's date, not the clock).
    Numbers are :class:`decimal.Decimal` or None where the records give none (no division by zero).
    """


@hookspec
def stored_files(ctx: Context) -> list[StoredFile]:
    """Files this plugin keeps with a recorded sha256 (documents, evidence, attachments): ``ohs verify`` re-reads each."""


@hookspec
def known_activities() -> list[KnownActivity]:
    """Activities (kinds of sport, of work) an organization may declare with ``ohs org set activities=…``.

    The core stores the keys and refuses a name no plugin knows; the plugin that declares an activity makes its
    instructions, programmes and hazards follow it (the СУОТ plugin: ``plugins/suot/data/activities.toml``).
    """


@hookspec
def setup_steps() -> list[SetupStep]:
    """Steps this plugin adds to ``ohs setup`` (goals, sector profile, district settings, the pack).

    Each is a :class:`core.setup.steps.SetupStep`: the section of the answers file it reads, its place
    among the core's steps (``order``: profile 10, people 20, head 30, specialist 40, commission 50,
    instructors 60, check 1000), how it asks in a terminal and how it applies the answers through the
    same services as the plugin's plain commands.
    """


@hookspec
def web_pages() -> list[WebPage]:
    """Pages this plugin adds to ``ohs serve``: each a :class:`core.web.pages.WebPage` (routes and a navigation entry).

    Called only when the web interface starts, never by the command line: import Starlette and the page
    modules inside the implementation. Routes call the same services the commands call, in one unit of work
    per request (:func:`core.web.unit.unit_of_work`); the navigation lists pages by ``position``.
    """


@hookspec
def person_card_sections(ctx: Context, person: Person) -> list[CardSection]:
    """Sections this plugin adds to a worker's card in ``ohs serve`` (``/people/{id}``): the person's records it keeps.

    Each is a :class:`core.web.pages.CardSection` (a titled table of rows, its place among the card's sections,
    buttons to the forms that record more): the СУОТ plugin's training and medical exams, the СИЗ issued. Called
    in the page's unit of work, read-only, by the web interface only; read the same services the plugin's
    commands read, and keep Starlette out (the payload is plain data).
    """
