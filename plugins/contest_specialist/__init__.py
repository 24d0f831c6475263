"""Application to the Ministry of Labour contest «Лучший специалист по охране труда» (order 828 of 2021), scored by its criteria.

This module holds only hook implementations; heavy imports happen inside them.
"""

from __future__ import annotations

from pathlib import Path

from core.hookspecs import hookimpl

PLUGIN_DIR = Path(__file__).parent
TEMPLATES_DIR = PLUGIN_DIR.parent.parent / "templates" / "contest_specialist"
#: Hooks this plugin consumes and declares itself (``project_description``), added by core.plugins.
HOOKSPECS = ("plugins.contest_specialist.hookspecs",)


@hookimpl
def template_dirs():
    """The plugin's document templates (namespace ``contest_specialist``)."""
    return [TEMPLATES_DIR]


@hookimpl
def migration_dirs():
    """The plugin's migration branch (``contest_specialist``)."""
    return [PLUGIN_DIR / "migrations" / "versions"]


@hookimpl
def register_models(register):
    """The participant's portfolio: items, evidence files, retractions (``contest_specialist_…``)."""
    from plugins.contest_specialist.models import PORTFOLIO_MODELS

    for model in PORTFOLIO_MODELS:
        register(model)


@hookimpl
def register_commands(cli):
    """``ohs contest specialist``; the ``contest`` group is shared with the other contest plugins."""
    from core.cli.lazy import lazy_group

    group = cli.commands.get("contest")
    if group is None:
        group = lazy_group("contest", "Конкурсы Минтруда России: заявки, самооценка и баллы по критериям.")
        cli.add_command(group)
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
