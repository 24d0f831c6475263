"""Best practice («передовой опыт»): the register and the quarterly report to the district.

This module holds only hook implementations; heavy imports happen inside them.
"""

from __future__ import annotations

from core.hookspecs import hookimpl
from core.plugins import standard_hooks

#: Hooks this plugin calls and other plugins implement (added by core.plugins.get_plugin_manager).
HOOKSPECS = ("plugins.best_practices.hookspecs",)


#: The plugin's templates (``templates/best_practices/``), migration branch and tables, wired alike in every plugin.
template_dirs, migration_dirs, register_models = standard_hooks(__file__, "plugins.best_practices.models:BEST_PRACTICE_MODELS")


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
def due_items(ctx, until):
    """The quarter's report: from the start of the quarter, overdue after the deadline until submitted."""
    from plugins.best_practices.due import report_due_items

    return report_due_items(ctx.session, ctx.org, ctx.today, until, ctx.workspace)


@hookimpl
def journals():
    """Submissions of the quarterly report (a hash chain: never edited, resubmissions with a reason)."""
    from plugins.best_practices.submissions import submission_journal

    return [submission_journal()]


@hookimpl
def demo_data(ctx, people, rng, years):
    """The demo school's practices, proposals and reports of the last quarters."""
    from plugins.best_practices.demo import add_demo_practices

    add_demo_practices(ctx.session, ctx.org, people, ctx.today, ctx.workspace)


@hookimpl
def stats(ctx):
    """Practices in the register, proposals, reports submitted."""
    from plugins.best_practices.practices import practice_stats

    return practice_stats(ctx.session, ctx.org)


@hookimpl(optionalhook=True)
def person_activity(ctx, person_id, since, until):
    """Practices the person authored (``kind`` = ``practice``), implemented between the dates."""
    from plugins.best_practices.practices import person_practices

    return person_practices(ctx.session, ctx.org, person_id, since, until)


@hookimpl
def describe_record(ctx, ref):
    """``practice:N`` for links from other plugins; None for any other reference."""
    if not ref.startswith("practice:"):
        return None
    from plugins.best_practices.practices import describe_practice

    return describe_practice(ctx.session, ctx.org, ref)


@hookimpl(optionalhook=True)
def project_description(ctx, ref):
    """``practice:N`` for the specialist contest's note on projects: description, effect, date, place."""
    if not ref.startswith("practice:"):
        return None
    from plugins.best_practices.practices import practice_project

    return practice_project(ctx.session, ctx.org, ref)


@hookimpl
def stored_files(ctx):
    """Photos, videos and documents attached to practices, with their recorded sha256 and size."""
    from plugins.best_practices.attachments import attachment_files

    return attachment_files(ctx.session, ctx.org, ctx.workspace)


@hookimpl
def setup_steps():
    """``ohs setup``: the district's settings of the quarterly report (on by default for a new workspace)."""
    from plugins.best_practices.first_run import steps

    return steps()


@hookimpl
def web_pages():
    """``/practices`` of ``ohs serve``: the register, a new practice, the quarterly report and «Отправлено»."""
    from plugins.best_practices.web import pages

    return pages()
