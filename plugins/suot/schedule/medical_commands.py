"""``ohs medical``: medical exams and the psychiatric examination (add, correct, list).

Only click is imported at module level.
"""

from __future__ import annotations

import click

from core.cli.commands.options import ISO_DATE, json_option, renamed_options, today_option, today_or

KIND_CHOICE = click.Choice(["preliminary", "periodic", "psychiatric"])
RESULT_CHOICE = click.Choice(["fit", "unfit", "temporarily_unfit"])
PERSON = "РАБОТНИК"


@click.group(name="medical")
def medical_group() -> None:
    """Медицинские осмотры (29н) и психиатрическое освидетельствование (342н): записать, исправить, показать.

    Психиатрическое освидетельствование — при приёме на работу и затем только по направлению при
    подозрении на противопоказания (не раз в 5 лет). Записи не редактируются: исправление —
    «ohs medical correct НОМЕР --reason …».
    """


def _print(rows, as_json):
    from core.cli.output import echo_json

    if as_json:
        echo_json(rows)
        return
    for r in rows:
        click.echo(f"Запись № {r['seq']}: {r['person']}, {r['kind_title']} {r['on'][8:10]}.{r['on'][5:7]}."
                   f"{r['on'][:4]} — {r['result_title']}.")


@renamed_options(date="--on")
@medical_group.command(name="add")
@click.argument("person_refs", metavar=f"{PERSON}...", nargs=-1, required=True)
@click.option("--kind", type=KIND_CHOICE, required=True,
              help="preliminary (предварительный), periodic (периодический), "
                   "psychiatric (психиатрическое освидетельствование).")
@click.option("--on", "on", type=ISO_DATE, required=True, help="Дата заключения.")
@click.option("--result", type=RESULT_CHOICE, default="fit", show_default=True,
              help="fit (противопоказаний нет), unfit (есть), temporarily_unfit (временные).")
@click.option("--conclusion", default=None, help="Номер и текст заключения.")
@click.option("--basis", default=None, metavar="ОСНОВАНИЕ",
              help="Основание периодичности по 29н: education (образовательная организация), emf (ПЭВМ, ЭМП выше ПДУ), "
                   "none; по умолчанию — из ohs.toml [rules] medical_basis.")
@click.option("--refer-psychiatric", "referral", is_flag=True,
              help="По итогам периодического осмотра направлен на психиатрическое освидетельствование.")
@today_option
@json_option
@click.pass_obj
def medical_add(app, person_refs, kind, on, result, conclusion, basis, referral, today, as_json):
    """Записать осмотр: ohs medical add "Иванов И.И." --kind periodic --on 2026-04-10 --result fit."""
    from core.registry.people import resolve_person
    from plugins.suot.schedule.medical import ExamData, add_exams, exams_json

    with app.session() as session:
        org = app.org(session)
        people = [resolve_person(session, org, ref) for ref in person_refs]
        data = ExamData(kind=kind, on=on, result=result, conclusion=conclusion, basis=basis, referral=referral)
        rows = exams_json(session, org, add_exams(session, org, people, data, today_or(today)))
    _print(rows, as_json)


@renamed_options(date="--on")
@medical_group.command(name="correct")
@click.argument("seq", type=int, metavar="НОМЕР")
@click.option("--reason", required=True, help="Почему запись исправляется.")
@click.option("--kind", type=KIND_CHOICE, default=None, help="Правильный вид.")
@click.option("--on", "on", type=ISO_DATE, default=None, help="Правильная дата.")
@click.option("--result", type=RESULT_CHOICE, default=None, help="Правильный результат.")
@click.option("--conclusion", default=None, help="Правильное заключение.")
@click.option("--basis", default=None, help="Правильное основание периодичности.")
@today_option
@json_option
@click.pass_obj
def medical_correct(app, seq, reason, kind, on, result, conclusion, basis, today, as_json):
    """Исправить запись НОМЕР: добавляется запись-исправление, исходная остаётся как была."""
    from plugins.suot.schedule.medical import correct_exam, exams_json

    with app.session() as session:
        org = app.org(session)
        entry = correct_exam(session, org, seq, reason, today_or(today), kind=kind, on=on, result=result,
                             conclusion=conclusion, basis=basis)
        rows = exams_json(session, org, [entry])
    if as_json:
        from core.cli.output import echo_json

        echo_json(rows[0])
    else:
        click.echo(f"Запись № {rows[0]['seq']} исправляет запись № {seq}.")


@medical_group.command(name="list")
@click.option("--person", "person_ref", default=None, metavar=PERSON, help="Только этот работник.")
@click.option("--kind", type=KIND_CHOICE, default=None, help="Только этот вид.")
@json_option
@click.pass_obj
def medical_list(app, person_ref, kind, as_json):
    """Журнал медицинских осмотров по порядку записей."""
    from plugins.suot.schedule.medical import exams_json, list_exams

    with app.session(write=False) as session:
        org = app.org(session)
        person = None
        if person_ref:
            from core.registry.people import resolve_person

            person = resolve_person(session, org, person_ref)
        rows = exams_json(session, org, list_exams(session, org, person, kind))
    _print(rows, as_json)
