"""``ohs suot measure``: the plan of OSH measures (п. 12.2 of the СУОТ regulation) — add, list, execute.

Only click is imported at module level; the service and the database load inside the commands.
"""

from __future__ import annotations

import click

from core.cli.commands.options import ISO_DATE, json_option, today_option, today_or

SOURCE_CHOICE = click.Choice(["risk", "control_act", "incident", "analysis", "sout", "other"])
STATUS_CHOICE = click.Choice(["planned", "in_progress", "done", "cancelled"])


@click.group(name="measure")
def measure_group() -> None:
    """План мероприятий по охране труда: добавить, список, начать, выполнить, отменить."""


def _rows(session, org, year, status, today):
    from core.storage.models import Person
    from plugins.suot.measures import measure_json, measures_with_state

    rows = [measure_json(m, s, session.get(Person, m.responsible_id), today)
            for m, s in measures_with_state(session, org, year)]
    return [r for r in rows if status is None or r["status"] == status]


@measure_group.command(name="add")
@click.option("--measure", "text", required=True, help="Мероприятие (что будет сделано).")
@click.option("--deadline", type=ISO_DATE, required=True, metavar="ДАТА", help="Срок выполнения.")
@click.option("--responsible", required=True, metavar="РАБОТНИК", help="Ответственный: номер, СНИЛС или ФИО.")
@click.option("--funding", required=True, help="Источник финансирования («бюджет учреждения», «без затрат»…).")
@click.option("--expected", default=None, help="Ожидаемый результат.")
@click.option("--analysis", default=None, help="Результат анализа условий и охраны труда, на который отвечает мероприятие.")
@click.option("--source", type=SOURCE_CHOICE, default="other", show_default=True,
              help="Откуда мероприятие: оценка рисков, акт контроля, несчастный случай, анализ, СОУТ, другое.")
@click.option("--source-ref", default=None, help="Ссылка на источник (номер и дата акта, риска…).")
@click.option("--cost", default=None, help="Стоимость, руб.")
@click.option("--year", type=int, default=None, help="Год плана (по умолчанию — год срока).")
@today_option
@json_option
@click.pass_obj
def measure_add(app, text, deadline, responsible, funding, expected, analysis, source, source_ref, cost, year,
                today, as_json):
    """Добавить мероприятие: ohs suot measure add --measure "…" --deadline 2026-06-30 --responsible "Иванов И.И." --funding "бюджет учреждения"."""
    from core.storage.models import Person
    from core.cli.output import echo_json
    from plugins.suot.measures import add_measure, measure_json, measure_state

    today = today_or(today)
    with app.session() as session:
        org = app.org(session)
        added = add_measure(session, org, text, deadline, responsible, funding, today, expected=expected,
                            analysis=analysis, source=source, source_ref=source_ref, cost=cost, year=year)
        person = session.get(Person, added.responsible_id)
        data = measure_json(added, measure_state(session, added), person, today)
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Добавлено мероприятие №{data['id']} в план на {data['year']} год: {data['measure']} "
                   f"(срок {deadline:%d.%m.%Y}, ответственный {data['responsible']}).")


@measure_group.command(name="list")
@click.option("--year", type=int, default=None, help="Только план этого года.")
@click.option("--status", type=STATUS_CHOICE, default=None, help="Только мероприятия в этом состоянии.")
@today_option
@json_option
@click.pass_obj
def measure_list(app, year, status, today, as_json):
    """Мероприятия плана с текущим состоянием (просроченные отмечены)."""
    from core.cli.output import echo_json, echo_table, fmt_date
    from plugins.suot.measures import STATUS_WORDS

    today = today_or(today)
    with app.session(write=False) as session:
        rows = _rows(session, app.org(session), year, status, today)
    if as_json:
        echo_json(rows)
        return

    def state(r):
        word = STATUS_WORDS[r["status"]]
        if r["status"] == "done":
            return f"{word} {fmt_date(r['done_on'])}: {r['result']}"
        if r["status"] == "cancelled":
            return f"{word} {fmt_date(r['cancelled_on'])}: {r['cancel_reason']}"
        return word + (", просрочено" if r["overdue"] else "")

    echo_table(["№", "Год", "Мероприятие", "Срок", "Ответственный", "Финансирование", "Состояние"], [
        (r["id"], r["year"], r["measure"], fmt_date(r["deadline"]), r["responsible"] or "", r["funding"], state(r))
        for r in rows])


@measure_group.command(name="start")
@click.argument("measure_id", metavar="НОМЕР", type=int)
@click.option("--on", "on", type=ISO_DATE, required=True, metavar="ДАТА", help="С какой даты выполняется.")
@today_option
@click.pass_obj
def measure_start(app, measure_id, on, today):
    """Отметить начало выполнения: ohs suot measure start 3 --on 2026-05-10."""
    from plugins.suot.measures import start_measure

    with app.session() as session:
        start_measure(session, app.org(session), measure_id, on, today_or(today))
    click.echo(f"Мероприятие №{measure_id} выполняется с {on:%d.%m.%Y}.")


@measure_group.command(name="done")
@click.argument("measure_id", metavar="НОМЕР", type=int)
@click.option("--on", "on", type=ISO_DATE, required=True, metavar="ДАТА", help="Дата выполнения.")
@click.option("--result", default=None, help="Достигнутый результат.")
@today_option
@click.pass_obj
def measure_done(app, measure_id, on, result, today):
    """Отметить выполнение с достигнутым результатом: ohs suot measure done 3 --on … --result "…"."""
    from plugins.suot.measures import finish_measure

    with app.session() as session:
        finish_measure(session, app.org(session), measure_id, on, result, today_or(today))
    click.echo(f"Мероприятие №{measure_id} выполнено {on:%d.%m.%Y}.")


@measure_group.command(name="cancel")
@click.argument("measure_id", metavar="НОМЕР", type=int)
@click.option("--on", "on", type=ISO_DATE, required=True, metavar="ДАТА", help="Дата отмены.")
@click.option("--reason", default=None, help="Причина отмены.")
@today_option
@click.pass_obj
def measure_cancel(app, measure_id, on, reason, today):
    """Отменить мероприятие (оно остаётся в плане с причиной): ohs suot measure cancel 3 --on … --reason "…"."""
    from plugins.suot.measures import cancel_measure

    with app.session() as session:
        cancel_measure(session, app.org(session), measure_id, on, reason, today_or(today))
    click.echo(f"Мероприятие №{measure_id} отменено с {on:%d.%m.%Y}.")
