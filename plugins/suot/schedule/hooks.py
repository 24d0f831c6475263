"""The schedule part of the СУОТ plugin: trainings and knowledge checks, medical exams, СОУТ, and their deadlines.

Hook implementations only (a built-in plugin of its own, see core.plugins.BUILTIN_PLUGINS); the work is in
``plugins/suot/schedule/``. Heavy imports stay inside the functions.
"""

from __future__ import annotations

from core.hookspecs import hookimpl


@hookimpl
def register_models(register) -> None:
    """suot_training, suot_medical_exam, suot_sout, suot_sout_event, suot_absence."""
    from plugins.suot.schedule.models import SCHEDULE_MODELS

    for model in SCHEDULE_MODELS:
        register(model)


@hookimpl
def register_commands(cli) -> None:
    """Top-level ``ohs training`` (with ``absence`` and ``registry``), ``ohs medical``, ``ohs sout``, ``ohs history``."""
    cli.add_lazy_command("training", "plugins.suot.schedule.training_commands:training_group",
                         "Обучение и проверка знания: протоколы, пересдачи, реестр обученных.")
    cli.add_lazy_command("medical", "plugins.suot.schedule.medical_commands:medical_group",
                         "Медицинские осмотры (29н) и психиатрическое освидетельствование (342н).")
    cli.add_lazy_command("sout", "plugins.suot.schedule.sout_commands:sout_group",
                         "СОУТ по рабочим местам: результаты, классы, внеплановые случаи.")
    cli.add_lazy_command("history", "plugins.suot.schedule.history_commands:history_group",
                         "История из бумажных журналов: шаблон и перенос последних дат в журналы.")


@hookimpl
def document_kinds() -> list:
    """training_protocol (протокол проверки знания) and training_schedule (годовой график)."""
    from plugins.suot.schedule.documents import kinds as schedule_kinds
    from plugins.suot.documents import with_default_authors

    return with_default_authors(schedule_kinds())


@hookimpl
def due_items(ctx, until) -> list:
    """Repeat and post-break briefings, trainings, retakes, new hires, medical exams, psychiatric examination, СОУТ."""
    from plugins.suot.schedule.due import schedule_due_items

    return schedule_due_items(ctx.session, ctx.org, ctx.today, until, ctx.settings("rules"))


@hookimpl
def checks(ctx) -> list:
    """Journal gaps longer than the organization's own repeat-briefing period for the position."""
    from plugins.suot.schedule.consistency import briefing_gap_findings

    return briefing_gap_findings(ctx.session, ctx.org, ctx.today, ctx.settings("rules"))


@hookimpl
def stats(ctx) -> list[tuple[str, str, int]]:
    """Counts of training entries, medical exam entries and workplaces with a СОУТ result."""
    from plugins.suot.schedule.stats import schedule_stats

    return schedule_stats(ctx.session, ctx.org)


@hookimpl
def journals() -> list:
    """The training journal and the medical exam journal (hash chains checked by ``ohs verify``)."""
    from plugins.suot.schedule import medical, training
    from plugins.suot.schedule.chain import journal

    return [journal(training.spec()), journal(medical.spec())]


@hookimpl
def demo_data(ctx, people, rng, years) -> None:
    """Trainings (one failed with a retake due, some overdue), medical exams and СОУТ of the demo school."""
    from plugins.suot.schedule.demo import add_demo_schedule

    add_demo_schedule(ctx.session, ctx.org, people, rng, years, ctx.today)


@hookimpl
def web_pages() -> list:
    """«Обучение» (/training), «Медосмотры» (/medical), «СОУТ» (/sout) of the desk."""
    from plugins.suot.schedule.web import pages

    return pages()


@hookimpl
def person_card_sections(ctx, person) -> list:
    """The worker's training and medical exams on the desk's card (``/people/{id}``)."""
    from plugins.suot.schedule.web.card import sections

    return sections(ctx, person)
