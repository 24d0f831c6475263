"""The OSH management system (СУОТ): documents, briefings, training, medical exams, special assessment, risks, incidents and the plan of measures.

This module holds only hook implementations; heavy imports happen inside them.
"""

from __future__ import annotations

from pathlib import Path

from core.hookspecs import hookimpl

PLUGIN_DIR = Path(__file__).parent
TEMPLATES_DIR = PLUGIN_DIR.parent.parent / "templates" / "suot"


@hookimpl
def template_dirs():
    """The plugin's document templates (namespace ``suot``)."""
    return [TEMPLATES_DIR]


@hookimpl
def register_models(register):
    """The plugin's tables: goals, procedure choices, position facts, the plan of measures (``suot_…``)."""
    from plugins.suot.measure_models import MEASURE_MODELS
    from plugins.suot.models import SUOT_MODELS

    for model in (*SUOT_MODELS, *MEASURE_MODELS):
        register(model)


@hookimpl
def migration_dirs():
    """The plugin's migration branch (``suot``)."""
    return [PLUGIN_DIR / "migrations" / "versions"]


@hookimpl
def register_commands(cli):
    """The ``ohs suot`` group (``scan`` and what the plugin adds later)."""
    from plugins.suot.commands import suot
    from plugins.suot.measure_commands import measure_group
    from plugins.suot.pack import pack_command

    if "pack" not in suot.commands:
        suot.add_command(pack_command())
    if "measure" not in suot.commands:
        suot.add_command(measure_group)
    cli.add_command(suot)


@hookimpl
def document_kinds():
    """Положение о СУОТ, политика, приказы, программы инструктажей, перечни."""
    from plugins.suot.documents import all_kinds

    return all_kinds()


@hookimpl
def checks(session, org, today):
    """СУОТ documents citing acts not in force; missing, unapproved or past their review date."""
    from plugins.suot.required import required_document_findings
    from plugins.suot.scan import document_findings

    workspace = session.info.get("workspace")
    settings = workspace.section("documents") if workspace is not None else {}
    return [*document_findings(session, org, today), *required_document_findings(session, org, today, settings)]


@hookimpl
def due_items(session, org, today, until):
    """Measures of the plan (planned or in progress) whose deadline comes by ``until`` or has passed."""
    from plugins.suot.measures import measure_due_items

    return measure_due_items(session, org, today, until)


@hookimpl
def demo_data(session, org, people, rng, years, today):
    """The demo school's OSH goals, procedure choices and position facts."""
    from plugins.suot.demo import add_demo_data

    add_demo_data(session, org, people, rng, years, today)
