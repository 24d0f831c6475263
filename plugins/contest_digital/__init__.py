"""Application to the Ministry of Labour contest «Лучшие цифровые решения по охране труда» (order 836 of 2021), scored by its criteria.

This module holds only hook implementations; heavy imports happen inside them.
"""

from __future__ import annotations

from pathlib import Path

from core.hookspecs import hookimpl

PLUGIN_DIR = Path(__file__).parent
TEMPLATES_DIR = PLUGIN_DIR.parent.parent / "templates" / "contest_digital"


@hookimpl
def template_dirs():
    """The plugin's document templates (namespace ``contest_digital``)."""
    return [TEMPLATES_DIR]


@hookimpl
def migration_dirs():
    """The plugin's migration branch (``contest_digital``)."""
    return [PLUGIN_DIR / "migrations" / "versions"]


@hookimpl
def register_models(register):
    """The application's stored values (``contest_digital_entry``)."""
    from plugins.contest_digital.models import CONTEST_DIGITAL_MODELS

    for model in CONTEST_DIGITAL_MODELS:
        register(model)


@hookimpl
def register_commands(cli):
    """``ohs contest digital …`` inside the ``contest`` group shared with the other contest plugin (imported on use)."""
    from core.cli.lazy import lazy_group

    group = cli.commands.get("contest")
    if group is None:
        group = lazy_group("contest", "Конкурсы Минтруда России: заявки, самооценка и баллы по критериям.")
        cli.add_command(group)
    group.add_lazy_command("digital", "plugins.contest_digital.commands:digital",
                           "«Лучшие цифровые решения по ОТ» (приказ № 836): анкета, баллы, заявка.")


@hookimpl
def document_kinds():
    """Анкета ИТ-решения, самооценка по критериям, сценарий демонстрации."""
    from plugins.contest_digital.documents import kinds

    return kinds()


@hookimpl
def demo_data(ctx, people, rng, years):
    """The demo school's questionnaire and self-assessment."""
    from plugins.contest_digital.demo import add_demo_application

    add_demo_application(ctx.session, ctx.org, ctx.today)
