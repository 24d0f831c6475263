"""``ohs control``: acts of the three-stage control of the СУОТ (п. 16 of the regulation) and their findings.

Only click is imported at module level; the services and the database load inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE, json_option, today_option, today_or
from plugins.suot.risks.measure_command_options import measure_options


@click.group(name="control")
def control_group() -> None:
    """Контроль функционирования СУОТ: акты трёхступенчатого контроля, нарушения, мероприятия по ним."""


def _act_data(session, org, act_id, today):
    from plugins.suot.risks.control import acts_json, get_act

    return acts_json(session, org, [get_act(session, org, act_id)], today)[0]


def _echo_act(data) -> None:
    from core.cli.output import fmt_date
    from plugins.suot.measures import STATUS_WORDS

    where = f", {data['department']}" if data["department"] else ""
    click.echo(f"Акт № {data['number']} от {fmt_date(data['held_on'])} (№{data['id']}), {data['stage_name']} "
               f"контроля{where}; проводил(а): {data['conducted_by']}, {data['conducted_by_position']}")
    if data["corrects_id"]:
        click.echo(f"Исправляет акт №{data['corrects_id']}.")
    for number, finding in enumerate(data["findings"], 1):
        click.echo(f"  {number}. [нарушение №{finding['id']}] {finding['text']}"
                   + (f" (нарушено: {finding['requirement']})" if finding["requirement"] else ""))
        for m in finding["measures"]:
            click.echo(f"     мероприятие №{m['id']}: {m['measure']} (срок {fmt_date(m['deadline'])}, "
                       f"{STATUS_WORDS[m['status']]})")
    if data["conclusion"]:
        click.echo(f"Заключение: {data['conclusion']}")


@control_group.command(name="add")
@click.option("--stage", type=int, required=True, help="Ступень контроля: 1, 2 или 3.")
@click.option("--on", "on", type=ISO_DATE, required=True, metavar="ДАТА", help="Дата проведения контроля.")
@click.option("--by", "by", required=True, metavar="РАБОТНИК", help="Кто проводил (председатель комиссии на 2-й ступени).")
@click.option("--department", default=None, help="Проверенное подразделение (обязательно для 1-й ступени).")
@click.option("--participants", default=None, help="Участники проверки (члены комиссии, уполномоченный…).")
@click.option("--scope", default=None, help="Что проверено.")
@click.option("--finding", "findings", multiple=True, help="Выявленное нарушение (можно несколько).")
@click.option("--requirement", "requirements", multiple=True,
              help="Нарушенное требование (документ, пункт): по одному на каждое --finding, в том же порядке.")
@click.option("--conclusion", default=None, help="Заключение («Нарушений не выявлено»…).")
@click.option("--corrects", type=int, default=None, metavar="N", help="Этот акт исправляет акт №N.")
@today_option
@json_option
@click.pass_obj
def control_add(app, stage, on, by, department, participants, scope, findings, requirements, conclusion, corrects,
                today, as_json):
    """Записать акт контроля: ohs control add --stage 1 --on 2026-11-20 --by "Иванов И.И." --department "…" --finding "…"."""
    from core.cli.output import echo_json
    from plugins.suot.risks.control import add_act

    today = today_or(today)
    with app.session() as session:
        org = app.org(session)
        act = add_act(session, org, stage, on, by, today, department=department, participants=participants,
                      scope=scope, conclusion=conclusion, findings=list(findings), corrects=corrects,
                      requirements=list(requirements))
        data = _act_data(session, org, act.id, today)
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Записан акт контроля № {data['number']} от {on:%d.%m.%Y} (№{data['id']}), "
                   f"нарушений: {len(data['findings'])}.")


@control_group.command(name="list")
@click.option("--year", type=int, default=None, help="Только акты этого года.")
@today_option
@json_option
@click.pass_obj
def control_list(app, year, today, as_json):
    """Акты контроля по датам с числом нарушений и мероприятий."""
    from core.cli.output import echo_json, echo_table, fmt_date
    from plugins.suot.risks.control import acts_json, list_acts

    today = today_or(today)
    with app.session(write=False) as session:
        org = app.org(session)
        rows = acts_json(session, org, list_acts(session, org, year), today)
    if as_json:
        echo_json(rows)
        return
    echo_table(["№", "Акт", "Дата", "Ступень", "Подразделение", "Проводил", "Нарушений", "Мероприятий"], [
        (r["id"], r["number"], fmt_date(r["held_on"]), r["stage"], r["department"] or "", r["conducted_by"],
         len(r["findings"]), sum(len(f["measures"]) for f in r["findings"])) for r in rows])


@control_group.command(name="show")
@click.argument("act_id", metavar="НОМЕР", type=int)
@today_option
@json_option
@click.pass_obj
def control_show(app, act_id, today, as_json):
    """Акт контроля с нарушениями и мероприятиями по ним."""
    from core.cli.output import echo_json

    today = today_or(today)
    with app.session(write=False) as session:
        data = _act_data(session, app.org(session), act_id, today)
    if as_json:
        echo_json(data)
    else:
        _echo_act(data)


@control_group.command(name="doc")
@click.argument("act_id", metavar="НОМЕР", type=int)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Папка для файла (по умолчанию out/ рабочей папки).")
@today_option
@json_option
@click.pass_obj
def control_doc(app, act_id, out_dir, today, as_json):
    """Сделать DOCX акта контроля №N (то же, что ohs docs make control_act, но для выбранного акта)."""
    from core.documents.kinds import get_kind
    from core.documents.registry import document_path, make_document
    from core.cli.output import echo_json

    today = today_or(today)
    kind = get_kind(app.pm, "control_act")
    with app.session() as session:
        doc = make_document(session, app.org(session), app.pm, app.workspace, kind, today, out_dir=out_dir,
                            options={"act": act_id})
        path = document_path(app.workspace, doc)
    if as_json:
        echo_json({"id": doc.id, "kind": doc.kind, "version": doc.version, "path": str(path)})
    else:
        click.echo(f"Сделан проект №{doc.id}: «{doc.title}»: {path}")


@control_group.group(name="finding")
def finding_group() -> None:
    """Нарушения, выявленные при контроле: добавить к акту, превратить в мероприятие плана."""


@finding_group.command(name="add")
@click.argument("act_id", metavar="АКТ", type=int)
@click.option("--text", "text", required=True, help="Что выявлено.")
@click.option("--requirement", default=None, help="Нарушенное требование (документ, пункт).")
@today_option
@json_option
@click.pass_obj
def finding_add(app, act_id, text, requirement, today, as_json):
    """Добавить нарушение к акту (с сегодняшней датой; сам акт не меняется)."""
    from core.cli.output import echo_json
    from plugins.suot.risks.control import add_finding

    with app.session() as session:
        row = add_finding(session, app.org(session), act_id, text, today_or(today), requirement)
        data = {"id": row.id, "act_id": row.act_id, "text": row.text, "requirement": row.requirement,
                "added_on": row.added_on}
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Нарушение №{data['id']} добавлено к акту №{act_id}.")


@finding_group.command(name="requirement")
@click.argument("finding_id", metavar="НАРУШЕНИЕ", type=int)
@click.option("--requirement", required=True, help="Нарушенное требование (документ, пункт).")
@json_option
@click.pass_obj
def finding_requirement(app, finding_id, requirement, as_json):
    """Дописать нарушенное требование к нарушению, у которого его нет (записанное не меняется)."""
    from core.cli.output import echo_json
    from plugins.suot.risks.control import set_requirement

    with app.session() as session:
        row = set_requirement(session, app.org(session), finding_id, requirement)
        data = {"id": row.id, "act_id": row.act_id, "text": row.text, "requirement": row.requirement}
    if as_json:
        echo_json(data)
    else:
        click.echo(f"У нарушения №{finding_id} записано нарушенное требование: {data['requirement']}.")


@finding_group.command(name="measure")
@click.argument("finding_id", metavar="НАРУШЕНИЕ", type=int)
@measure_options("по устранению")
@today_option
@json_option
@click.pass_obj
def finding_measure_cmd(app, finding_id, measure, deadline, responsible, funding, expected, cost, measure_id,
                        today, as_json):
    """Мероприятие по нарушению: ohs control finding measure 4 --measure "…" --deadline … --responsible … --funding …."""
    from core.cli.output import echo_json
    from plugins.suot.risks.control import finding_measure
    from plugins.suot.risks.links import NewMeasure

    new = NewMeasure(measure, deadline, responsible, funding, expected, cost) if measure else None
    with app.session() as session:
        row = finding_measure(session, app.org(session), finding_id, today_or(today), new, measure_id)
        data = {"finding_id": finding_id, "measure_id": row.id, "measure": row.measure, "source": row.source,
                "source_ref": row.source_ref, "deadline": row.deadline}
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Нарушение №{finding_id} связано с мероприятием №{data['measure_id']}: {data['measure']}.")
