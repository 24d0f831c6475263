"""``ohs risk``: the hazard catalogue and the risk register by workplace (п. 14.4–14.5 of the СУОТ regulation).

Only click is imported at module level; the services and the database load inside the commands.
"""

from __future__ import annotations

import click

from core.cli.commands.options import ISO_DATE, json_option, renamed_options, today_option, today_or
from plugins.suot.risks.measure_command_options import measure_options


@click.group(name="risk")
def risk_group() -> None:
    """Профессиональные риски: перечень опасностей, оценка по матрице 5×5, реестр по рабочим местам."""


@risk_group.group(name="hazard")
def hazard_group() -> None:
    """Перечень опасностей (п. 14.5 Положения о СУОТ и добавленные организацией)."""


@hazard_group.command(name="list")
@json_option
@click.pass_obj
def hazard_list(app, as_json):
    """Опасности, которые можно оценить: коды для ohs risk assess --hazard."""
    from core.cli.output import echo_json, echo_table
    from plugins.suot.risks.hazards import catalogue, groups

    with app.session(write=False) as session:
        hazards = catalogue(session, app.org(session))
    names = groups()
    rows = [h.to_json(names) for h in hazards]
    if as_json:
        echo_json(rows)
        return
    echo_table(["Код", "Группа", "Опасность", "Источник"],
               [(r["code"], r["group_name"], r["text"], "Положение, п. 14.5" if r["builtin"] else "добавлена")
                for r in rows])


@hazard_group.command(name="add")
@click.option("--group", "group", required=True, help="Группа: mechanical, electrical, thermal, organizational, other.")
@click.option("--text", "text", required=True, help="Опасность, как она будет записана в карте рисков.")
@click.option("--code", default=None, help="Свой код (по умолчанию own.N).")
@today_option
@json_option
@click.pass_obj
def hazard_add(app, group, text, code, today, as_json):
    """Добавить опасность в перечень: ohs risk hazard add --group mechanical --text "Падение со снаряда"."""
    from core.cli.output import echo_json
    from plugins.suot.risks.hazards import Hazard, add_hazard, groups

    with app.session() as session:
        row = add_hazard(session, app.org(session), group, text, today_or(today), code)
        data = Hazard(row.code, row.group_key, row.text, False).to_json(groups())
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Опасность добавлена с кодом {data['code']}: {data['text']}.")


@risk_group.command(name="assess")
@click.option("--hazard", "hazard", required=True, metavar="КОД", help="Код опасности (ohs risk hazard list).")
@click.option("--position", default=None, help="Должность (рабочее место).")
@click.option("--department", default=None, help="Подразделение.")
@click.option("--probability", required=True, metavar="1-5", help="Вероятность, от 1 до 5.")
@click.option("--severity", required=True, metavar="1-5", help="Тяжесть последствий, от 1 до 5.")
@click.option("--on", "on", type=ISO_DATE, default=None, metavar="ДАТА", help="Дата оценки (по умолчанию сегодня).")
@click.option("--controls", default=None, help="Применяемые меры управления риском.")
@click.option("--residual-probability", default=None, metavar="1-5", help="Вероятность после мер.")
@click.option("--residual-severity", default=None, metavar="1-5", help="Тяжесть после мер.")
@click.option("--by", "by", default=None, metavar="РАБОТНИК", help="Кто оценил.")
@click.option("--note", default=None, help="Примечание.")
@click.option("--measure", "measure", default=None, help="Новое мероприятие плана по снижению риска.")
@click.option("--deadline", type=ISO_DATE, default=None, metavar="ДАТА", help="Срок мероприятия.")
@click.option("--responsible", default=None, metavar="РАБОТНИК", help="Ответственный за мероприятие.")
@click.option("--funding", default=None, help="Источник финансирования мероприятия.")
@click.option("--expected", default=None, help="Ожидаемый результат мероприятия.")
@click.option("--cost", default=None, help="Стоимость мероприятия, руб.")
@click.option("--measure-id", "measure_ids", type=int, multiple=True, metavar="N",
              help="Связать с уже существующим мероприятием плана (можно несколько).")
@today_option
@json_option
@click.pass_obj
def risk_assess(app, hazard, position, department, probability, severity, on, controls, residual_probability,
                residual_severity, by, note, measure, deadline, responsible, funding, expected, cost, measure_ids,
                today, as_json):
    """Оценить риск: ohs risk assess --hazard mechanical.fall --position "Уборщик служебных помещений" --probability 3 --severity 2."""
    from core.cli.output import echo_json
    from plugins.suot.risks.assessments import assess, risks_json
    from plugins.suot.risks.links import NewMeasure

    today = today_or(today)
    new = [NewMeasure(measure, deadline, responsible, funding, expected, cost)] if measure else []
    with app.session() as session:
        org = app.org(session)
        row = assess(session, org, hazard, position, department, probability, severity, today, on=on,
                     controls=controls, residual_probability=residual_probability,
                     residual_severity=residual_severity, assessed_by=by, note=note, new_measures=new,
                     measure_ids=list(measure_ids), workspace=app.workspace)
        data = next(r for r in risks_json(session, org, today, history=True, workspace=app.workspace)
                    if r["id"] == row.id)
    if as_json:
        echo_json(data)
        return
    click.echo(f"Риск №{data['id']} ({data['workplace']}): {data['probability']}×{data['severity']}="
               f"{data['score']}, уровень «{data['level_name']}»"
               + (f"; заменяет оценку №{data['supersedes_id']}" if data["supersedes_id"] else "")
               + (f"; мероприятия: {', '.join(str(m['id']) for m in data['measures'])}" if data["measures"] else "")
               + ".")


@risk_group.command(name="measure")
@click.argument("risk_id", metavar="НОМЕР", type=int)
@measure_options("по снижению риска")
@today_option
@json_option
@click.pass_obj
def risk_measure(app, risk_id, measure, deadline, responsible, funding, expected, cost, measure_id, today, as_json):
    """Мероприятие по оценённому риску без повторной оценки: ohs risk measure 5 --measure "…" --deadline … --responsible … --funding …."""
    from core.cli.output import echo_json
    from plugins.suot.risks.assessments import add_risk_measure
    from plugins.suot.risks.links import NewMeasure

    new = NewMeasure(measure, deadline, responsible, funding, expected, cost) if measure else None
    with app.session() as session:
        row = add_risk_measure(session, app.org(session), risk_id, today_or(today), new, measure_id,
                               workspace=app.workspace)
        data = {"risk_id": risk_id, "measure_id": row.id, "measure": row.measure, "source": row.source,
                "source_ref": row.source_ref, "deadline": row.deadline}
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Риск №{risk_id} связан с мероприятием №{data['measure_id']}: {data['measure']}.")


@renamed_options(on="--as-of")
@risk_group.command(name="list")
@click.option("--all", "history", is_flag=True, help="Все записи, включая заменённые повторной оценкой.")
@click.option("--level", default=None, help="Только этот уровень (low, moderate, high, critical…).")
@click.option("--as-of", "on", type=ISO_DATE, default=None, metavar="ДАТА", help="Реестр на эту дату.")
@today_option
@json_option
@click.pass_obj
def risk_list(app, history, level, on, today, as_json):
    """Реестр рисков по рабочим местам: текущие оценки (или вся история с --all)."""
    from core.cli.output import echo_json, echo_table
    from plugins.suot.risks.assessments import risks_json

    today = today_or(today)
    with app.session(write=False) as session:
        rows = risks_json(session, app.org(session), today, history=history, on=on, workspace=app.workspace)
    rows = [r for r in rows if level is None or r["level"] == level]
    if as_json:
        echo_json(rows)
        return

    def residual(r):
        res = r["residual"]
        return f"{res['probability']}×{res['severity']}={res['score']} {res['level_name']}" if res else ""

    echo_table(["№", "Рабочее место", "Опасность", "В×Т", "Уровень", "Мероприятия", "Остаточный"], [
        (r["id"], r["workplace"], r["hazard"], f"{r['probability']}×{r['severity']}={r['score']}",
         r["level_name"] + ("" if r["current"] else " (заменена)"),
         ", ".join(f"№{m['id']}" for m in r["measures"]), residual(r)) for r in rows])


@risk_group.command(name="show")
@click.argument("risk_id", metavar="НОМЕР", type=int)
@today_option
@json_option
@click.pass_obj
def risk_show(app, risk_id, today, as_json):
    """Оценка риска с историей повторных оценок и мероприятиями."""
    from core.cli.output import echo_json, fmt_date
    from plugins.suot.measures import STATUS_WORDS
    from plugins.suot.risks.assessments import get_assessment, risks_json

    today = today_or(today)
    with app.session(write=False) as session:
        org = app.org(session)
        get_assessment(session, org, risk_id)
        records = risks_json(session, org, today, history=True, workspace=app.workspace)
    data = next(r for r in records if r["id"] == risk_id)
    # The chain of assessments of the same hazard at the same workplace, oldest first.
    data["history"] = [r["id"] for r in records
                       if (r["hazard_code"], r["position"], r["department"])
                       == (data["hazard_code"], data["position"], data["department"])]
    if as_json:
        echo_json(data)
        return
    click.echo(f"Риск №{data['id']} от {fmt_date(data['assessed_on'])}: {data['workplace']}")
    click.echo(f"Опасность: {data['hazard']} ({data['hazard_code']})")
    click.echo(f"Вероятность × тяжесть: {data['probability']}×{data['severity']}={data['score']}, "
               f"уровень «{data['level_name']}»")
    if data["controls"]:
        click.echo(f"Меры: {data['controls']}")
    for m in data["measures"]:
        click.echo(f"Мероприятие №{m['id']}: {m['measure']} (срок {fmt_date(m['deadline'])}, "
                   f"{STATUS_WORDS[m['status']]})")
    if data["residual"]:
        res = data["residual"]
        click.echo(f"Остаточный риск: {res['probability']}×{res['severity']}={res['score']}, «{res['level_name']}»")
    click.echo("История оценок: " + ", ".join(f"№{i}" for i in data["history"])
               + ("" if data["current"] else f"; заменена оценкой №{data['superseded_by']}"))


@risk_group.command(name="matrix")
@json_option
@click.pass_obj
def risk_matrix(app, as_json):
    """Матрица оценки: шкалы вероятности и тяжести, уровни риска и их цвета (с настройками ohs.toml)."""
    from core.cli.output import echo_json, echo_table
    from plugins.suot.risks.matrix import load_matrix

    matrix = load_matrix(app.workspace.section("risks"))
    data = {"probability": matrix.probability, "severity": matrix.severity,
            "levels": [level.to_json() for level in matrix.levels], "source": matrix.source}
    if as_json:
        echo_json(data)
        return
    echo_table(["Уровень", "Баллы", "Цвет", "Действия"],
               [(lv.name, f"{lv.low}–{lv.high}", lv.color, lv.action) for lv in matrix.levels])
