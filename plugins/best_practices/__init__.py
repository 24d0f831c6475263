"""Best practice («передовой опыт»): the register and the quarterly report to the district.

This module holds only hook implementations; heavy imports happen inside them.
"""

from __future__ import annotations

from pathlib import Path

from core.hookspecs import hookimpl

PLUGIN_DIR = Path(__file__).parent
TEMPLATES_DIR = PLUGIN_DIR.parent.parent / "templates" / "best_practices"


@hookimpl
def template_dirs():
    """The plugin's document templates (namespace ``best_practices``)."""
    return [TEMPLATES_DIR]


@hookimpl
def migration_dirs():
    """The plugin's migration branch (``best_practices``)."""
    return [PLUGIN_DIR / "migrations" / "versions"]


@hookimpl
def register_models(register):
    """Practices, their links and files, proposals, report submissions (``best_practices_…``)."""
    from plugins.best_practices.models import BEST_PRACTICE_MODELS

    for model in BEST_PRACTICE_MODELS:
        register(model)


@hookimpl
def register_commands(cli):
    """The ``ohs practice`` group: register, proposals, quarterly report, district summary."""
    cli.add_lazy_command("practice", "plugins.best_practices.commands:practice_group",
                         "Передовой опыт: реестр практик, предложения работников, отчёт в администрацию.")


@hookimpl
def document_kinds():
    """The quarterly report to the administration and the district's summary."""
    from plugins.best_practices.documents import kinds

    return kinds()


@hookimpl
def due_items(session, org, today, until):
    """The quarter's report: from the start of the quarter, overdue after the deadline until submitted."""
    from plugins.best_practices.due import report_due_items

    return report_due_items(session, org, today, until)


@hookimpl
def journals():
    """Submissions of the quarterly report (a hash chain: never edited, resubmissions with a reason)."""
    from plugins.best_practices.submissions import submission_journal

    return [submission_journal()]


@hookimpl
def demo_data(session, org, people, rng, years, today):
    """The demo school's practices, proposals and reports of the last quarters."""
    from plugins.best_practices.demo import add_demo_practices

    add_demo_practices(session, org, people, today)


@hookimpl
def stats(session, org):
    """Practices in the register, proposals, reports submitted."""
    from plugins.best_practices.practices import practice_stats

    return practice_stats(session, org)


@hookimpl
def person_activity(session, org, person_id, since, until):
    """Practices the person authored (``kind`` = ``practice``), implemented between the dates."""
    from plugins.best_practices.practices import person_practices

    return person_practices(session, org, person_id, since, until)


@hookimpl
def describe_record(session, org, ref):
    """``practice:N`` for links from other plugins; None for any other reference."""
    if not ref.startswith("practice:"):
        return None
    from plugins.best_practices.practices import describe_practice

    return describe_practice(session, org, ref)


@hookimpl(optionalhook=True)
def project_description(session, org, ref):
    """``practice:N`` for the specialist contest's note on projects: description, effect, date, place."""
    if not ref.startswith("practice:"):
        return None
    from plugins.best_practices.practices import practice_project

    return practice_project(session, org, ref)


@hookimpl
def stored_files(session, org, workspace):
    """Photos, videos and documents attached to practices, with their recorded sha256 and size."""
    from plugins.best_practices.attachments import attachment_files

    return attachment_files(session, org, workspace)


@hookimpl
def setup_steps():
    """``ohs setup``: the district's settings of the quarterly report (on by default for a new workspace)."""
    from plugins.best_practices.first_run import steps

    return steps()
