"""``ohs training``: trainings and knowledge checks (add, correct, list), the register export, absences.

Only click is imported at module level; services and the database load inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE, json_option, renamed_options, today_option, today_or

PROGRAM_CHOICE = click.Choice(["A", "B", "V", "first_aid", "ppe"])
RESULT_CHOICE = click.Choice(["passed", "failed"])
PERSON = "РАБОТНИК"


@click.group(name="training")
def training_group() -> None:
    """Обучение по охране труда и проверка знания: записать результат протокола, исправить, показать, выгрузить реестр.

    Записи не редактируются и не удаляются: ошибка исправляется записью-исправлением
    «ohs training correct НОМЕР --reason …»; журнал — цепочка хешей, её проверяет «ohs verify».
    """


def _echo_rows(rows, as_json):
    from core.cli.output import echo_json

    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(f"Запись № {row['seq']}: {row['person']}, {row['program_title'].split(':')[0]}, "
                   f"{row['on'][8:10]}.{row['on'][5:7]}.{row['on'][:4]}, протокол № {row['protocol']} — "
                   f"{row['result_title']}.")


@renamed_options(date="--on")
@training_group.command(name="add")
@click.argument("person_refs", metavar=f"[{PERSON}]...", nargs=-1)
@click.option("--program", type=PROGRAM_CHOICE, required=True,
              help="Программа: A, B, V (А, Б, В), first_aid (первая помощь), ppe (применение СИЗ).")
@click.option("--on", "on", type=ISO_DATE, required=True, help="Дата проверки знания (заседания комиссии).")
@click.option("--protocol", required=True, metavar="НОМЕР", help="Номер протокола проверки знания.")
@click.option("--result", type=RESULT_CHOICE, required=True,
              help="Результат: passed (удовлетворительно) или failed (неудовлетворительно).")
@click.option("--hours", type=int, default=None, help="Продолжительность обучения, часов.")
@click.option("--provider", default=None, help="Кто обучал (организация или «своими силами»).")
@click.option("--department", default=None, metavar="ПОДРАЗДЕЛЕНИЕ", help="Все работающие в подразделении на дату.")
@today_option
@json_option
@click.pass_obj
def training_add(app, person_refs, program, on, protocol, result, hours, provider, department, today, as_json):
    """Записать результат проверки знания одного или нескольких работников (всё или ничего).

    Пример: ohs training add "Иванов И.И." "Петрова А.С." --program A --on 2026-03-12 --protocol 7
    --result passed --hours 16
    """
    from core.registry.people import list_people, resolve_person
    from plugins.suot.schedule.training import TrainingData, add_trainings, trainings_json

    with app.session() as session:
        org = app.org(session)
        people = [resolve_person(session, org, ref) for ref in person_refs]
        if department:
            people += list_people(session, org, on=on, department=department)
        data = TrainingData(program=program, on=on, protocol=protocol, result=result, hours=hours, provider=provider)
        rows = trainings_json(session, org, add_trainings(session, org, people, data, today_or(today)))
    _echo_rows(rows, as_json)


@renamed_options(date="--on")
@training_group.command(name="correct")
@click.argument("seq", type=int, metavar="НОМЕР")
@click.option("--reason", required=True, help="Почему запись исправляется.")
@click.option("--program", type=PROGRAM_CHOICE, default=None, help="Правильная программа.")
@click.option("--on", "on", type=ISO_DATE, default=None, help="Правильная дата проверки знания.")
@click.option("--protocol", default=None, help="Правильный номер протокола.")
@click.option("--result", type=RESULT_CHOICE, default=None, help="Правильный результат.")
@click.option("--hours", type=int, default=None, help="Правильное число часов.")
@click.option("--provider", default=None, help="Правильная обучающая организация.")
@today_option
@json_option
@click.pass_obj
def training_correct(app, seq, reason, program, on, protocol, result, hours, provider, today, as_json):
    """Исправить запись НОМЕР: добавляется запись-исправление, исходная остаётся как была."""
    from plugins.suot.schedule.training import correct_training, trainings_json

    with app.session() as session:
        org = app.org(session)
        entry = correct_training(session, org, seq, reason, today_or(today), program=program, on=on,
                                 protocol=protocol, result=result, hours=hours, provider=provider)
        rows = trainings_json(session, org, [entry])
    if as_json:
        from core.cli.output import echo_json

        echo_json(rows[0])
    else:
        click.echo(f"Запись № {rows[0]['seq']} исправляет запись № {seq}.")


@training_group.command(name="list")
@click.option("--person", "person_ref", default=None, metavar=PERSON, help="Только этот работник.")
@click.option("--program", type=PROGRAM_CHOICE, default=None, help="Только эта программа.")
@click.option("--protocol", default=None, help="Только этот протокол.")
@json_option
@click.pass_obj
def training_list(app, person_ref, program, protocol, as_json):
    """Журнал обучения и проверки знания по порядку записей; исправления помечены."""
    from core.cli.output import echo_json, echo_table
    from plugins.suot.schedule.training import PROGRAM_SHORT, list_trainings, trainings_json

    with app.session(write=False) as session:
        org = app.org(session)
        person = None
        if person_ref:
            from core.registry.people import resolve_person

            person = resolve_person(session, org, person_ref)
        rows = trainings_json(session, org, list_trainings(session, org, person, program, protocol))
    if as_json:
        echo_json(rows)
        return
    echo_table(["№", "Дата", "Работник", "Программа", "Протокол", "Результат", "Отметка"],
               [(r["seq"], f"{r['on'][8:10]}.{r['on'][5:7]}.{r['on'][:4]}", r["person"], PROGRAM_SHORT[r["program"]],
                 r["protocol"], r["result_title"],
                 "; ".join(filter(None, [f"исправляет № {r['corrects']}" if r["corrects"] else "",
                                         ("исправлена № " + ", ".join(map(str, r["corrected_by"])))
                                         if r["corrected_by"] else ""])) or "—")
                for r in rows])
    click.echo(f"\nЗаписей: {len(rows)}.")


@training_group.command(name="registry")
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="Год проверок знания.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True, metavar="ФАЙЛ.xlsx",
              help="Куда записать таблицу.")
@json_option
@click.pass_obj
def training_registry(app, year, out, as_json):
    """Выгрузка в структуре реестра обученных по охране труда лиц (XLSX) за год.

    Пример: ohs training registry --year 2026 --out реестр-2026.xlsx
    """
    from plugins.suot.schedule.registry import write_registry

    with app.session(write=False) as session:
        count = write_registry(session, app.org(session), year, out)
    if as_json:
        from core.cli.output import echo_json

        echo_json({"year": year, "file": str(out), "rows": count})
    else:
        click.echo(f"Записано {count} строк в {out}.")


@training_group.group(name="absence")
def absence_group() -> None:
    """Перерывы в работе (отпуск, болезнь…): после перерыва более 60 дней нужен внеплановый инструктаж."""


@absence_group.command(name="add")
@click.argument("person_ref", metavar=PERSON)
@click.option("--from", "from_on", type=ISO_DATE, required=True, help="Первый день отсутствия.")
@click.option("--to", "to_on", type=ISO_DATE, required=True, help="Последний день отсутствия.")
@click.option("--reason", default=None, help="Причина (отпуск по уходу за ребёнком, болезнь…).")
@json_option
@click.pass_obj
def absence_add(app, person_ref, from_on, to_on, reason, as_json):
    """Записать перерыв в работе: ohs training absence add "Иванов И.И." --from 2026-06-01 --to 2026-09-30."""
    from core.registry.people import resolve_person
    from plugins.suot.schedule.absence import add_absence

    with app.session() as session:
        org = app.org(session)
        person = resolve_person(session, org, person_ref)
        row = add_absence(session, org, person, from_on, to_on, reason)
        data = {"id": row.id, "person": person.full_name, "from": from_on.isoformat(), "to": to_on.isoformat(),
                "days": (to_on - from_on).days + 1, "reason": row.reason}
    if as_json:
        from core.cli.output import echo_json

        echo_json(data)
    else:
        click.echo(f"Записан перерыв № {data['id']}: {data['person']}, {from_on:%d.%m.%Y}–{to_on:%d.%m.%Y} "
                   f"({data['days']} дн.).")


@absence_group.command(name="list")
@json_option
@click.pass_obj
def absence_list(app, as_json):
    """Перерывы в работе по дате начала."""
    from core.cli.output import echo_json, echo_table
    from plugins.suot.schedule.absence import list_absences

    with app.session(write=False) as session:
        rows = [{"id": a.id, "person": p.full_name, "from": a.from_on.isoformat(), "to": a.to_on.isoformat(),
                 "days": (a.to_on - a.from_on).days + 1, "reason": a.reason}
                for a, p in list_absences(session, app.org(session))]
    if as_json:
        echo_json(rows)
        return
    echo_table(["№", "Работник", "С", "По", "Дней", "Причина"],
               [(r["id"], r["person"], r["from"], r["to"], r["days"], r["reason"] or "—") for r in rows])


