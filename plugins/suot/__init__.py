"""The OSH management system (СУОТ): documents, briefings, training, medical exams, special assessment, risks, incidents and the plan of measures.

This module holds the hook implementations of the plugin's own records (documents, measures, goals);
each family — ``schedule/`` (training, medical exams, СОУТ), ``journals/`` (printed briefing journals),
``risks/`` (risks and control), ``incidents/`` — is a built-in plugin of its own with its ``hooks.py``
(``core.plugins.BUILTIN_PLUGINS``), disabled with this one. Heavy imports happen inside the hooks.
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
    """The plugin's own tables: goals, procedure choices, position facts, the plan of measures (``suot_…``)."""
    from plugins.suot.measure_models import MEASURE_MODELS
    from plugins.suot.models import SUOT_MODELS

    for model in (*SUOT_MODELS, *MEASURE_MODELS):
        register(model)


@hookimpl
def migration_dirs():
    """The plugin's migration branch (``suot``), shared by its families."""
    return [PLUGIN_DIR / "migrations" / "versions"]


@hookimpl
def register_commands(cli):
    """The ``ohs suot`` group; its families add their subcommands through ``suot_subcommands``."""
    cli.add_lazy_command("suot", "plugins.suot.commands:assembled_suot",
                         "СУОТ: документы, план мероприятий, журналы, проверка актов и противоречий.")


@hookimpl
def document_kinds():
    """Положение о СУОТ, политика, приказы, программы инструктажей, перечни; приказ об их утверждении."""
    from plugins.suot.documents import all_kinds
    from plugins.suot.documents.orders import approving_order_kinds

    return [*all_kinds(), *approving_order_kinds()]


@hookimpl
def checks(ctx):
    """СУОТ documents citing acts not in force; missing, unapproved or past their review date."""
    from plugins.suot.required import required_document_findings
    from plugins.suot.scan import document_findings

    return [*document_findings(ctx.session, ctx.org, ctx.today),
            *required_document_findings(ctx.session, ctx.org, ctx.today, ctx.settings("documents"))]


@hookimpl
def due_items(ctx, until):
    """Measures of the plan (planned or in progress) whose deadline comes by ``until`` or has passed."""
    from plugins.suot.measures import measure_due_items

    return measure_due_items(ctx.session, ctx.org, ctx.today, until)


@hookimpl
def demo_data(ctx, people, rng, years):
    """The demo school's OSH goals, procedure choices and position facts (the families add theirs after)."""
    from plugins.suot.demo import add_demo_data

    add_demo_data(ctx.session, ctx.org, people, rng, years, ctx.today)


@hookimpl(optionalhook=True)
def project_description(ctx, ref):
    """``measure:N`` for the specialist contest's note on projects: the measure and its result."""
    if not ref.startswith("measure:"):
        return None
    from plugins.suot.measures import measure_project

    return measure_project(ctx.session, ctx.org, ref)


@hookimpl(optionalhook=True)
def describe_record(ctx, ref):
    """``measure:N`` named for links (risks and incidents are described by their families)."""
    if not ref.startswith("measure:"):
        return None
    from plugins.suot.measures import describe_measure

    return describe_measure(ctx.session, ctx.org, ref)


@hookimpl
def known_activities():
    """The activities an organization may declare (``data/activities.toml``): плавание, футбол, гимнастика…"""
    from plugins.suot.activities import known

    return known()


@hookimpl
def setup_steps():
    """``ohs setup``: goals, the sector profile of the Положение, the pack of СУОТ documents."""
    from plugins.suot.first_run import steps

    return steps()


@hookimpl
def web_pages():
    """«Мероприятия» (/measures): the plan of measures of the desk."""
    from plugins.suot.web import pages

    return pages()
