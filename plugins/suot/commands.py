"""``ohs suot``: the СУОТ command group; ``ohs suot scan`` checks a regulation's text.

Only click is imported at module level; the scanner and the acts register load inside the command.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import click

from core.cli.commands.options import ISO_DATE, json_option, renamed_options, today_option, today_or

if TYPE_CHECKING:
    import pluggy


@click.group(name="suot")
def suot() -> None:
    """СУОТ: документы, проверки действующих актов и противоречий в положениях."""


@renamed_options(on="--as-of")
@suot.command(name="scan")
@click.argument("file", metavar="ФАЙЛ", type=click.Path(dir_okay=False, path_type=str))
@click.option("--as-of", "on", type=ISO_DATE, default=None, metavar="ДАТА",
              help="Проверить действие актов на эту дату (по умолчанию — сегодня).")
@json_option
def scan(file: str, on: datetime.date | None, as_json: bool) -> None:
    """Проверить положение (.docx, .txt, .md): ссылки на недействующие акты и разные сроки одного и того же.

    Это отчёт: код выхода 0 и при найденных замечаниях, 1 — если файл не прочитан.
    """
    from core.cli.output import echo_json
    from plugins.suot.scan import format_months, read_document_text, scan_text

    on = today_or(on)
    report = scan_text(read_document_text(file), on)
    if as_json:
        echo_json({"file": file, **report.to_json()})
        return
    click.echo(f"Файл: {file}; действие актов — на {on:%d.%m.%Y}.")
    click.echo("")
    if report.outdated:
        click.echo(f"Ссылки на недействующие акты ({len(report.outdated)}):")
        for citation in report.outdated:
            click.echo(f"  {citation.describe()}")
            click.echo(f"    «{citation.excerpt}»")
    else:
        click.echo("Ссылок на недействующие акты не найдено.")
    if report.unverified:
        click.echo("")
        click.echo(f"Ссылки на акты, срок действия которых нужно проверить ({len(report.unverified)}):")
        for citation in report.unverified:
            click.echo(f"  {citation.describe()}")
    click.echo("")
    if report.contradictions:
        click.echo(f"Противоречия в сроках ({len(report.contradictions)}):")
        for contradiction in report.contradictions:
            periods = " и ".join(sorted({format_months(s.months) for s in contradiction.statements}))
            click.echo(f"  {contradiction.title}: в тексте указаны разные сроки — {periods}; оставьте один.")
            for s in contradiction.statements:
                click.echo(f"    строка {s.line_no}: {s.phrase} — «{s.excerpt}»")
    else:
        click.echo("Противоречий в сроках не найдено.")
    click.echo("")
    count = len(report.outdated) + len(report.contradictions)
    click.echo(f"Замечаний: {count}" + (f", проверить: {len(report.unverified)}." if report.unverified else "."))


YES_NO = click.Choice(["yes", "no", "да", "нет"], case_sensitive=False)


def _yes(value: str | None) -> bool | None:
    return None if value is None else value.lower() in ("yes", "да")


def _word(value: bool | None) -> str:
    return "нет данных" if value is None else ("да" if value else "нет")


# ---------------------------------------------------------------- goals


@suot.group(name="goal")
def goal() -> None:
    """Цели в области охраны труда для Политики: добавить, список, отозвать."""


@goal.command(name="add")
@click.argument("text", metavar="ТЕКСТ")
@click.option("--indicator", default=None, help="Показатель, по которому оценивается достижение цели.")
@click.option("--target", default=None, help="Целевое значение показателя («0», «100 %»).")
@click.option("--deadline", type=ISO_DATE, default=None, metavar="ДАТА", help="Срок достижения.")
@click.option("--year", type=int, default=None, help="Год, на который поставлена цель.")
@today_option
@json_option
@click.pass_obj
def goal_add(app, text, indicator, target, deadline, year, today, as_json):
    """Добавить цель: ohs suot goal add "Отсутствие несчастных случаев" --indicator "…" --target 0."""
    from core.cli.output import echo_json
    from plugins.suot.goals import add_goal, goal_json

    today = today_or(today)
    with app.session() as session:
        added = add_goal(session, app.org(session), text, today, indicator, target, deadline, year)
        data = goal_json(added, today)
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Добавлена цель №{added.id}: {added.text}.")


@goal.command(name="list")
@today_option
@json_option
@click.pass_obj
def goal_list(app, today, as_json):
    """Все цели, включая отозванные (с датой и причиной отзыва)."""
    from core.cli.output import echo_json, echo_table, fmt_date
    from plugins.suot.goals import STATUS_WORDS, goal_json, list_goals

    today = today_or(today)
    with app.session(write=False) as session:
        goals = list_goals(session, app.org(session))
    rows = [goal_json(g, today) for g in goals]
    if as_json:
        echo_json(rows)
        return
    echo_table(["№", "Цель", "Показатель", "Целевое значение", "Срок", "Состояние"], [
        (r["id"], r["text"], r["indicator"] or "", r["target"] or "",
         fmt_date(r["deadline"]) or (str(r["year"]) if r["year"] else ""),
         STATUS_WORDS[r["status"]] + (f" {fmt_date(r['withdrawn_on'])}: {r['withdraw_reason']}"
                                      if r["withdrawn_on"] else ""))
        for r in rows])


@goal.command(name="withdraw")
@click.argument("goal_id", metavar="НОМЕР", type=int)
@click.option("--on", "on", type=ISO_DATE, required=True, metavar="ДАТА", help="С какой даты цель отозвана.")
@click.option("--reason", required=True, help="Причина отзыва.")
@today_option
@click.pass_obj
def goal_withdraw(app, goal_id, on, reason, today):
    """Отозвать цель (запись остаётся, с датой и причиной): ohs suot goal withdraw 3 --on … --reason …."""
    from plugins.suot.goals import withdraw_goal

    with app.session() as session:
        withdrawn = withdraw_goal(session, app.org(session), goal_id, on, reason, today_or(today))
    click.echo(f"Цель №{withdrawn.id} отозвана с {on:%d.%m.%Y}: {withdrawn.withdraw_reason}.")


# ---------------------------------------------------------------- procedures


@suot.command(name="procedures")
@today_option
@json_option
@click.pass_obj
def procedures(app, today, as_json):
    """Процедуры СУОТ (приказ Минтруда № 776н): применяются ли в организации и почему."""
    from core.cli.output import echo_json
    from plugins.suot.procedures import procedure_statuses

    with app.session(write=False) as session:
        statuses = procedure_statuses(session, app.org(session), today_or(today))
    if as_json:
        echo_json([s.to_json() for s in statuses])
        return
    for s in statuses:
        click.echo(f"{s.entry.key}: {'да' if s.applies else 'нет'} — {s.entry.title}")
        click.echo(f"    почему: {s.why}")
        click.echo(f"    основание: {s.entry.basis} [достоверность {s.entry.confidence}]")


@suot.group(name="procedure")
def procedure() -> None:
    """Решение организации о процедуре СУОТ."""


@procedure.command(name="set")
@click.argument("key", metavar="КЛЮЧ")
@click.argument("applies", metavar="yes|no", type=YES_NO)
@click.option("--reason", default="", help="Почему процедура применяется или нет.")
@click.option("--since", type=ISO_DATE, default=None, metavar="ДАТА", help="С какой даты (по умолчанию — сегодня).")
@today_option
@click.pass_obj
def procedure_set(app, key, applies, reason, since, today):
    """Записать, применяется ли процедура: ohs suot procedure set milk_nutrition no --reason "…"."""
    from plugins.suot.procedures import get_entry, set_procedure

    entry = get_entry(key)
    with app.session() as session:
        choice = set_procedure(session, app.org(session), key, bool(_yes(applies)), since or today_or(today), reason)
    click.echo(f"Процедура «{entry.title}» с {choice.since:%d.%m.%Y}: {'применяется' if choice.applies else 'не применяется'}.")


# ---------------------------------------------------------------- positions and exemptions


@suot.group(name="position")
def position() -> None:
    """Сведения о должностях для освобождения от первичного и повторного инструктажа."""


@position.command(name="set")
@click.argument("name", metavar="ДОЛЖНОСТЬ")
@click.option("--office-only", type=YES_NO, default=None,
              help="Источники опасности — только ПЭВМ, копировальная и иная офисная техника, бытовые приборы.")
@click.option("--other-hazards", type=YES_NO, default=None, help="Есть иные источники опасности.")
@click.option("--sout-class", default=None, help="Класс условий труда по СОУТ: 1, 2, 3.1–3.4, 4; пусто — СОУТ не проведена.")
@click.option("--sout-date", type=ISO_DATE, default=None, metavar="ДАТА", help="Дата СОУТ (утверждения отчёта).")
@click.option("--note", default=None, help="Примечание.")
@click.option("--programs", default=None, metavar="А,Б,…",
              help="Программы обучения, которые требует должность: A, B, V, first_aid, ppe (или А, Б, В, первая "
                   "помощь, СИЗ) через запятую; пусто — ни одной. Сроки по ним — у каждого работника должности.")
@today_option
@json_option
@click.pass_obj
def position_set(app, name, office_only, other_hazards, sout_class, sout_date, note, programs, today, as_json):
    """Записать сведения о должности: ohs suot position set "Бухгалтер" --office-only yes --other-hazards no --sout-class 2.

    С --sout-class и --sout-date результат СОУТ записывается и в реестр СОУТ (как ohs sout add) по каждому
    подразделению, где есть эта должность: сроки, график и документы берут его оттуда.
    """
    from core.cli.output import echo_json
    from plugins.suot.positions import fact_json, set_fact

    with app.session() as session:
        fact = set_fact(session, app.org(session), name, today_or(today), _yes(office_only), _yes(other_hazards),
                        sout_class, sout_date, note, programs=programs)
        data = fact_json(fact)
    if as_json:
        echo_json(data)
    else:
        click.echo(f"«{fact.position}»: только офисная техника — {_word(fact.office_only)}, иные источники "
                   f"опасности — {_word(fact.other_hazards)}, класс по СОУТ — {fact.sout_class or 'нет данных'}.")


@position.command(name="list")
@json_option
@click.pass_obj
def position_list(app, as_json):
    """Последние сведения по каждой должности."""
    from core.cli.output import echo_json, echo_table, fmt_date
    from plugins.suot.positions import fact_json, latest_facts, register_sout_classes

    with app.session(write=False) as session:
        org = app.org(session)
        facts = [fact_json(f) for f in latest_facts(session, org).values()]
        registered = register_sout_classes(session, org)
    for fact in facts:  # one СОУТ record: the register's result when the facts have none or an older one
        found = registered.get(" ".join(fact["position"].lower().replace("ё", "е").split()))
        if found and (not fact["sout_class"] or not fact["sout_date"] or found[0] > fact["sout_date"]):
            fact["sout_date"], fact["sout_class"] = found
    if as_json:
        echo_json(facts)
        return
    from plugins.suot.schedule.history_file import PROGRAM_TITLES

    echo_table(["Должность", "Только офисная техника", "Иные опасности", "Класс СОУТ", "Дата СОУТ", "Программы обучения",
                "Примечание"], [
        (f["position"], _word(f["office_only"]), _word(f["other_hazards"]), f["sout_class"] or "нет данных",
         fmt_date(f["sout_date"]), ", ".join(PROGRAM_TITLES[p] for p in f["programs"]) or "не указаны", f["note"])
        for f in facts])


@suot.command(name="exemptions")
@today_option
@json_option
@click.pass_obj
def exemptions(app, today, as_json):
    """Какие должности можно освободить от первичного и повторного инструктажа и почему остальные — нет."""
    from core.cli.output import echo_json
    from plugins.suot.documents.exemptions import basis_problem
    from plugins.suot.positions import exemption_checks

    today = today_or(today)
    with app.session(write=False) as session:
        checks = exemption_checks(session, app.org(session), today)
    if as_json:
        echo_json([c.to_json() for c in checks])
        return
    for c in checks:
        if c.qualifies:
            click.echo(f"{c.position} ({c.people} чел.): освобождается — все три условия выполнены.")
        else:
            click.echo(f"{c.position} ({c.people} чел.): не освобождается:")
            for reason in c.reasons:
                click.echo(f"    {reason}")
    click.echo("")
    click.echo(f"Освобождается должностей: {sum(c.qualifies for c in checks)} из {len(checks)}. "
               "Перечень: ohs docs make briefing_exemptions.")
    problem = basis_problem(today)
    if problem:
        # The analysis stays useful, but the list itself cannot be made on a lapsed basis: say so now.
        click.echo(f"Внимание: перечень сейчас не будет создан — {problem}.")


def assembled_suot() -> click.Group:
    """``ohs suot`` with the pack, the plan of measures and the parts' subcommands (the plugin's lazy entry)."""
    from plugins.suot.measure_commands import measure_group
    from plugins.suot.pack_command import pack_command

    if "pack" not in suot.commands:
        suot.add_command(pack_command())
    if "measure" not in suot.commands:
        suot.add_command(measure_group)
    if "sector" not in suot.commands:
        from plugins.suot.sector_commands import sector_group

        suot.add_command(sector_group)
    _plugin_manager().hook.suot_subcommands(group=suot)
    return suot


def _plugin_manager() -> pluggy.PluginManager:
    """The invocation's plugin manager (the click context's application), or a fresh one outside a command."""
    ctx = click.get_current_context(silent=True)
    app = ctx.find_root().obj if ctx is not None else None
    if app is not None and getattr(app, "pm", None) is not None:
        return app.pm
    from core.plugins import get_plugin_manager

    return get_plugin_manager()
