"""СИЗ and washing agents («средства индивидуальной защиты и смывающие средства»): the organization's
norms per position, issue/return/write-off as a hash-chained journal, replacement deadlines, personal cards.

Written against the plugin contract only (core/hookspecs.py). This module holds only hook
implementations; heavy imports happen inside them.
"""

from __future__ import annotations

from core.hookspecs import hookimpl
from core.plugins import standard_hooks

#: The hooks this plugin calls and others implement (the risk register behind a norm's hazard basis).
HOOKSPECS = ("plugins.ppe.hookspecs",)


#: The plugin's templates (``templates/ppe/``), migration branch and tables, wired alike in every plugin.
template_dirs, migration_dirs, register_models = standard_hooks(__file__, "plugins.ppe.models:PPE_MODELS")


@hookimpl
def register_commands(cli):
    """The ``ohs ppe`` group: norms, sizes, issue, return, write-off, personal cards."""
    cli.add_lazy_command("ppe", "plugins.ppe.commands:ppe_group",
                         "СИЗ и смывающие средства: нормы выдачи, выдача и возврат, личные карточки.")


@hookimpl
def document_kinds():
    """The norms for approval and the personal card of issue (Приложение № 2 to the Правила 766н)."""
    from plugins.ppe.documents import kinds

    return kinds()


@hookimpl
def due_items(ctx, until):
    """Replacement dates, items missing against the norm, items to return on dismissal."""
    from plugins.ppe.due import due_items as ppe_due

    return ppe_due(ctx.session, ctx.org, ctx.today, until)


@hookimpl
def checks(ctx):
    """Norms without an approved document; the basis each norm rests on."""
    from plugins.ppe.due import checks as ppe_checks

    return ppe_checks(ctx.session, ctx.org, ctx.today, ctx.pm)


@hookimpl
def journals():
    """Issue, return and write-off of СИЗ (one hash chain; corrections as new entries)."""
    from plugins.ppe.journal import ppe_spec

    return [ppe_spec()]


@hookimpl
def stats(ctx):
    """Journal entries, cards kept, positions with norms, approved norms."""
    from plugins.ppe.due import stats as ppe_stats

    return ppe_stats(ctx.session, ctx.org)


@hookimpl(trylast=True)
def demo_data(ctx, people, rng, years):
    """The sports school's norms and issue history (after the other plugins: hazard bases name the risk register)."""
    from plugins.ppe.demo import add_demo_ppe

    add_demo_ppe(ctx, people)


@hookimpl(optionalhook=True)
def suot_regulation_ppe(ctx):
    """The Положение's СИЗ section names the approved norms and the positions they cover (hook of the suot plugin)."""
    from plugins.ppe.regulation_part import regulation_part

    return regulation_part(ctx.session, ctx.org, ctx.today)


@hookimpl
def person_card_sections(ctx, person):
    """The worker's СИЗ issued, returned and written off, and what they hold, on the desk's card (``/people/{id}``)."""
    from plugins.ppe.web.card import sections

    return sections(ctx, person)
