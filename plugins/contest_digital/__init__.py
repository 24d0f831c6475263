"""Application to the Ministry of Labour contest «Лучшие цифровые решения по охране труда» (order 836 of 2021), scored by its criteria.

This module holds only hook implementations; heavy imports happen inside them.
"""

from __future__ import annotations

from core.hookspecs import hookimpl
from core.plugins import standard_hooks

#: The plugin's templates (``templates/contest_digital/``), migration branch and tables, wired alike in every plugin.
template_dirs, migration_dirs, register_models = standard_hooks(__file__, "plugins.contest_digital.models:CONTEST_DIGITAL_MODELS")


@hookimpl
def register_commands(cli):
    """``ohs contest digital …`` inside the ``contest`` group shared with the other contest plugin (imported on use)."""
    from core.cli.lazy import shared_group

    group = shared_group(cli, "contest", "Конкурсы Минтруда России: заявки, самооценка и баллы по критериям.")
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


@hookimpl
def web_pages():
    """``/contest/digital`` of ``ohs serve``: facts, the self-assessment by section, the application ZIP."""
    from plugins.contest_digital.web import pages

    return pages()
