"""``ohs sout``: special assessment (СОУТ) results by workplace, and the cases of an unscheduled СОУТ.

Only click is imported at module level.
"""

from __future__ import annotations

import click

from core.cli.commands.options import ISO_DATE, json_option, renamed_options, today_option, today_or

REASON_CHOICE = click.Choice(["new_workplace", "process_change", "materials_change", "inspector_order", "ppe_change",
                              "accident", "occupational_disease", "union_proposal", "supervision_violation"])


@click.group(name="sout")
def sout_group() -> None:
    """Специальная оценка условий труда по рабочим местам: результаты, случаи внеплановой СОУТ, сроки."""


def _workplace(function):
    function = click.option("--department", default=None, metavar="ПОДРАЗДЕЛЕНИЕ", help="Подразделение.")(function)
    return click.option("--workplace", "position", required=True, metavar="ДОЛЖНОСТЬ",
                        help="Рабочее место: должность (профессия) в подразделении.")(function)


@sout_group.command(name="add")
@_workplace
@click.option("--report-date", "report_on", type=ISO_DATE, required=True, help="Дата утверждения отчёта о СОУТ.")
@click.option("--class", "sout_class", required=True, help="Итоговый класс условий труда: 1, 2, 3.1–3.4, 4.")
@click.option("--factor", "factors", multiple=True, metavar="ФАКТОР=КЛАСС", help="Класс по фактору (можно несколько).")
@click.option("--declaration", is_flag=True, help="Подана декларация соответствия условий труда (классы 1–2).")
@click.option("--number", "workplace_no", default=None, help="Номер рабочего места в отчёте.")
@today_option
@json_option
@click.pass_obj
def sout_add(app, position, department, report_on, sout_class, factors, declaration, workplace_no, today, as_json):
    """Записать результат СОУТ рабочего места.

    Пример: ohs sout add --workplace "Тренер-преподаватель" --department "Отделение спортивной гимнастики"
    --report-date 2024-03-15 --class 2 --factor "микроклимат=2" --declaration
    """
    from core.registry.people import department_names
    from plugins.suot.schedule.due_workplaces import next_sout
    from plugins.suot.schedule.sout import add_sout, parse_factors, sout_json

    with app.session() as session:
        org = app.org(session)
        row = add_sout(session, org, department, position, report_on, sout_class, parse_factors(factors), declaration,
                       today_or(today), workplace_no)
        data = sout_json(row, department_names(session, org), next_sout(row.report_on, row.declaration))
    if as_json:
        from core.cli.output import echo_json

        echo_json(data)
    else:
        nxt = (f"следующая — до {data['next_date']}" if data["next_date"]
               else "декларация: бессрочно, пока условия не меняются")
        click.echo(f"Записана СОУТ № {data['id']}: {data['position']}, класс {data['class']}; {nxt}.")


@renamed_options(date="--on")
@sout_group.command(name="event")
@_workplace
@click.option("--reason", type=REASON_CHOICE, required=True, help="Случай ч. 1 ст. 17 426-ФЗ.")
@click.option("--on", "on", type=ISO_DATE, required=True, help="Дата случая (ввода рабочего места, предписания…).")
@click.option("--note", default=None, help="Подробности (номер предписания, акта…).")
@today_option
@json_option
@click.pass_obj
def sout_event(app, position, department, reason, on, note, today, as_json):
    """Записать случай, требующий внеплановой СОУТ (срок — 12 или 6 месяцев по ч. 2 ст. 17 426-ФЗ)."""
    from core.registry.people import department_names
    from plugins.suot.schedule.sout import add_event, event_json

    with app.session() as session:
        org = app.org(session)
        row = add_event(session, org, department, position, reason, on, today_or(today), note)
        data = event_json(row, department_names(session, org))
    if as_json:
        from core.cli.output import echo_json

        echo_json(data)
    else:
        click.echo(f"Записан случай № {data['id']}: {data['position']} — {data['reason_title']} ({on:%d.%m.%Y}).")


@sout_group.command(name="list")
@json_option
@click.pass_obj
def sout_list(app, as_json):
    """Результаты СОУТ по рабочим местам (последний по месту — действующий) и случаи внеплановой СОУТ."""
    from core.cli.output import echo_json, echo_table
    from core.registry.people import department_names
    from plugins.suot.schedule.due_workplaces import latest_reports, next_sout
    from plugins.suot.schedule.sout import event_json, list_sout, sout_json

    with app.session(write=False) as session:
        org = app.org(session)
        names = department_names(session, org)
        reports, events = list_sout(session, org)
        current = {row.id for row in latest_reports(reports).values()}
        rows = []
        for row in reports:
            data = sout_json(row, names, next_sout(row.report_on, row.declaration) if row.id in current else None)
            data["current"] = row.id in current
            rows.append(data)
        event_rows = [event_json(e, names) for e in events]
    if as_json:
        echo_json({"workplaces": rows, "events": event_rows})
        return
    echo_table(["№", "Подразделение", "Рабочее место", "Отчёт", "Класс", "Декларация", "Следующая"],
               [(r["id"], r["department"] or "—", r["position"], r["report_date"], r["class"],
                 "да" if r["declaration"] else "нет", r["next_date"] or ("—" if not r["current"] else "бессрочно"))
                for r in rows])
    if event_rows:
        click.echo("\nСлучаи внеплановой СОУТ:")
        for e in event_rows:
            click.echo(f"  № {e['id']} {e['date']}: {e['position']} — {e['reason_title']}")
