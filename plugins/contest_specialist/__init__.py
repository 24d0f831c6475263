"""Application to the Ministry of Labour contest «Лучший специалист по охране труда» (order 828 of 2021), scored by its criteria.

This module holds only hook implementations; heavy imports happen inside them.
"""

from __future__ import annotations

from core.hookspecs import hookimpl
from core.plugins import standard_hooks

#: Hooks this plugin consumes and declares itself (``project_description``), added by core.plugins.
HOOKSPECS = ("plugins.contest_specialist.hookspecs",)


#: The plugin's templates (``templates/contest_specialist/``), migration branch and tables, wired alike in every plugin.
template_dirs, migration_dirs, register_models = standard_hooks(__file__, "plugins.contest_specialist.models:PORTFOLIO_MODELS")


@hookimpl
def register_commands(cli):
    """``ohs contest specialist``; the ``contest`` group is shared with the other contest plugins."""
    from core.cli.lazy import shared_group

    group = shared_group(cli, "contest", "Конкурсы Минтруда России: заявки, самооценка и баллы по критериям.")
    group.add_lazy_command("specialist", "plugins.contest_specialist.commands:specialist",
                           "«Лучший специалист по ОТ» (приказ № 828): факты, баллы, заявка.")


@hookimpl
def document_kinds():
    """Приложения № 1–3 заявки, справка о проектах, перечень подтверждающих документов."""
    from plugins.contest_specialist.documents import contest_kinds

    return contest_kinds()


@hookimpl
def demo_data(ctx, people, rng, years):
    """A modest portfolio for the demo school's OSH specialist, with evidence files."""
    from plugins.contest_specialist.demo import add_demo_portfolio

    add_demo_portfolio(ctx.session, ctx.org, people, rng, ctx.today, ctx.workspace)


@hookimpl
def stats(ctx):
    """Portfolio items and evidence files kept."""
    from plugins.contest_specialist.demo import portfolio_stats

    return portfolio_stats(ctx.session, ctx.org)


@hookimpl
def stored_files(ctx):
    """Evidence files of the portfolio, with their recorded sha256 and size."""
    from plugins.contest_specialist.portfolio import evidence_files

    return evidence_files(ctx.session, ctx.org, ctx.workspace)


@hookimpl
def web_pages():
    """``/contest/specialist`` of ``ohs serve``: facts, score by section, lost points, the application ZIP."""
    from plugins.contest_specialist.web import pages

    return pages()
