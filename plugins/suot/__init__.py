"""The OSH management system (СУОТ): documents, briefings, training, medical exams, special assessment, risks, incidents and the plan of measures.

This module holds only hook implementations; heavy imports happen inside them.
"""

from __future__ import annotations

from pathlib import Path

from core.hookspecs import hookimpl

PLUGIN_DIR = Path(__file__).parent
TEMPLATES_DIR = PLUGIN_DIR.parent.parent / "templates" / "suot"
#: Hooks this plugin calls and other plugins implement (added by core.plugins.get_plugin_manager).
HOOKSPECS = ("plugins.suot.hookspecs",)


@hookimpl
def template_dirs():
    """The plugin's document templates (namespace ``suot``)."""
    return [TEMPLATES_DIR]


@hookimpl
def register_models(register):
    """The plugin's tables: goals, procedure choices, position facts, the plan of measures (``suot_…``)."""
    from plugins.suot.measure_models import MEASURE_MODELS
    from plugins.suot.models import SUOT_MODELS

    from plugins.suot.parts import collect

    for model in (*SUOT_MODELS, *MEASURE_MODELS, *collect("models")):
        register(model)


@hookimpl
def migration_dirs():
    """The plugin's migration branch (``suot``)."""
    return [PLUGIN_DIR / "migrations" / "versions"]


@hookimpl
def register_commands(cli):
    """The ``ohs suot`` group (``scan`` and what the plugin adds later)."""
    from plugins.suot.parts import each

    cli.add_lazy_command("suot", "plugins.suot.commands:assembled_suot",
                         "СУОТ: документы, план мероприятий, журналы, проверка актов и противоречий.")
    for add_commands in each("commands"):
        add_commands(cli)


@hookimpl
def document_kinds():
    """Положение о СУОТ, политика, приказы, программы инструктажей, перечни; приказ об их утверждении."""
    from plugins.suot.documents import all_kinds, with_default_authors
    from plugins.suot.documents.orders import approving_order_kinds
    from plugins.suot.parts import collect

    return [*all_kinds(), *approving_order_kinds(), *with_default_authors(collect("kinds"))]


@hookimpl
def checks(session, org, today):
    """СУОТ documents citing acts not in force; missing, unapproved or past their review date."""
    from plugins.suot.required import required_document_findings
    from plugins.suot.scan import document_findings

    workspace = session.info.get("workspace")
    settings = workspace.section("documents") if workspace is not None else {}
    from plugins.suot.parts import collect

    return [*document_findings(session, org, today), *required_document_findings(session, org, today, settings),
            *collect("checks", session, org, today)]


@hookimpl
def due_items(session, org, today, until):
    """Measures of the plan (planned or in progress) whose deadline comes by ``until`` or has passed."""
    from plugins.suot.measures import measure_due_items
    from plugins.suot.parts import collect

    return [*measure_due_items(session, org, today, until), *collect("due_items", session, org, today, until)]


@hookimpl
def demo_data(session, org, people, rng, years, today):
    """The demo school's OSH goals, procedure choices and position facts."""
    from plugins.suot.demo import add_demo_data

    add_demo_data(session, org, people, rng, years, today)
    from plugins.suot.parts import each

    for add_part_data in each("demo"):
        add_part_data(session, org, people, rng, years, today)


@hookimpl
def stats(session, org):
    """Records kept by the plugin's parts (trainings, exams, incidents…)."""
    from plugins.suot.parts import collect

    return collect("stats", session, org)


# Named apart from the hook (specname): a submodule called ``journals`` would otherwise replace this
# function on the package as soon as it is imported, and later plugin managers would miss the hook.
@hookimpl(specname="journals")
def suot_journals():
    """The plugin's hash-chained journals (trainings, medical exams, incidents…)."""
    from plugins.suot.parts import collect

    return collect("journals")


@hookimpl
def injury_indicators(session, org, year, years, today):
    """Кч, Кт and the Social Fund's reference values, from the incident records."""
    from plugins.suot.parts import first

    return first("injury_indicators", session, org, year, years, today)


@hookimpl
def person_activity(session, org, person_id, since, until):
    """Investigations, programs and commissions of one person, as contest evidence."""
    from plugins.suot.parts import collect

    return collect("person_activity", session, org, person_id, since, until)


@hookimpl(optionalhook=True)
def project_description(session, org, ref):
    """``measure:N`` for the specialist contest's note on projects: the measure and its result."""
    if not ref.startswith("measure:"):
        return None
    from plugins.suot.measures import measure_project

    return measure_project(session, org, ref)


@hookimpl
def describe_record(session, org, ref):
    """``measure:N``, ``risk:N``, ``incident:N`` and other records of the plugin, named for links."""
    from plugins.suot.parts import first

    if ref.startswith("measure:"):
        from plugins.suot.measures import describe_measure

        return describe_measure(session, org, ref)
    return first("describe_record", session, org, ref)


@hookimpl
def setup_steps():
    """``ohs setup``: goals, the sector profile of the Положение, the pack of СУОТ documents."""
    from plugins.suot.first_run import steps

    return steps()
