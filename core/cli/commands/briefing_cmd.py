"""``ohs briefing``: the briefing journal (add, correct, list). There is no edit and no delete."""

from __future__ import annotations

import click

from core.cli.commands.options import ISO_DATE, json_option, renamed_options, today_option, today_or

KIND_CHOICES = click.Choice(["intro", "primary", "repeat", "unscheduled", "targeted"])
SIGNATURE_CHOICES = click.Choice(["paper", "simple", "qualified"])
PERSON = "РАБОТНИК"


@click.group()
def briefing() -> None:
    """Журнал инструктажей по охране труда: записать инструктаж, исправить запись, показать журнал.

    Записи журнала не редактируются и не удаляются: ошибка исправляется новой записью-исправлением
    «ohs briefing correct НОМЕР --reason …», которая ссылается на исправляемую; журнал — цепочка
    хешей, её целость проверяет «ohs verify».
    """


@renamed_options(date="--on")
@briefing.command(name="add")
@click.argument("person_refs", metavar=f"[{PERSON}]...", nargs=-1)
@click.option("--kind", type=KIND_CHOICES, required=True,
              help="Вид: intro (вводный), primary (первичный), repeat (повторный), unscheduled (внеплановый), "
                   "targeted (целевой).")
@click.option("--on", "on", type=ISO_DATE, required=True, help="Дата проведения инструктажа.")
@click.option("--by", "by", required=True, metavar=PERSON, help="Кто проводил инструктаж (номер, СНИЛС или ФИО).")
@click.option("--reason", default=None, help="Причина (обязательна для внепланового и целевого).")
@click.option("--act", default=None, help="Локальные акты (инструкции, программа), в объёме которых проведён инструктаж.")
@click.option("--signature", type=SIGNATURE_CHOICES, default="paper", show_default=True,
              help="Подписи: paper (собственноручные), simple (простая ЭП), qualified (УКЭП).")
@click.option("--department", default=None, metavar="ПОДРАЗДЕЛЕНИЕ",
              help="Все работающие в этом подразделении на дату инструктажа.")
@today_option
@json_option
@click.pass_obj
def briefing_add(app, person_refs, kind, on, by, reason, act, signature, department, today, as_json):
    """Записать инструктаж одного или нескольких работников (всё или ничего).

    Пример: ohs briefing add "Иванов И.И." --kind repeat --on 2026-03-12 --by "Матвеев Л.Р."
    """
    from core.journal.briefings import BriefingData, add_briefings, briefings_json
    from core.cli.output import echo_json
    from core.registry.people import list_people, resolve_person

    with app.session() as session:
        org = app.org(session)
        people = [resolve_person(session, org, ref) for ref in person_refs]
        instructor = resolve_person(session, org, by)
        if department:
            # The instructor of a department is briefed by someone else, not in their own session.
            people += [p for p in list_people(session, org, on=on, department=department) if p.id != instructor.id]
        data = BriefingData(kind=kind, on=on, instructor=instructor, reason=reason, act=act, signature=signature)
        entries = add_briefings(session, org, people, data, today_or(today))
        rows = briefings_json(session, org, entries)
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(f"Запись № {row['seq']}: {row['person']}, {row['kind_title']} инструктаж {on:%d.%m.%Y}.")


@renamed_options(date="--on")
@briefing.command(name="correct")
@click.argument("seq", type=int, metavar="НОМЕР")
@click.option("--reason", required=True, help="Почему запись исправляется.")
@click.option("--on", "on", type=ISO_DATE, default=None, help="Правильная дата инструктажа.")
@click.option("--kind", type=KIND_CHOICES, default=None, help="Правильный вид инструктажа.")
@click.option("--by", "by", default=None, metavar=PERSON, help="Кто на самом деле проводил инструктаж.")
@click.option("--act", default=None, help="Правильные локальные акты.")
@click.option("--signature", type=SIGNATURE_CHOICES, default=None, help="Правильный способ подписи.")
@today_option
@json_option
@click.pass_obj
def briefing_correct(app, seq, reason, on, kind, by, act, signature, today, as_json):
    """Исправить запись НОМЕР: добавляется запись-исправление, исходная остаётся как была."""
    from core.journal.briefings import briefings_json, correct_briefing
    from core.cli.output import echo_json
    from core.registry.people import resolve_person

    with app.session() as session:
        org = app.org(session)
        instructor = resolve_person(session, org, by) if by else None
        entry = correct_briefing(session, org, seq, reason, today_or(today), kind=kind, on=on,
                                 instructor=instructor, act=act, signature=signature)
        row = briefings_json(session, org, [entry])[0]
    if as_json:
        echo_json(row)
    else:
        click.echo(f"Запись № {row['seq']} исправляет запись № {seq}: {row['person']}, {row['kind_title']} "
                   f"инструктаж {entry.on:%d.%m.%Y}.")


@briefing.command(name="list")
@click.option("--person", "person_ref", default=None, metavar=PERSON, help="Только этот работник.")
@click.option("--kind", type=KIND_CHOICES, default=None, help="Только этот вид инструктажа.")
@json_option
@click.pass_obj
def briefing_list(app, person_ref, kind, as_json):
    """Журнал инструктажей по порядку записей; исправления помечены номером исправляемой записи."""
    from core.journal.briefings import briefings_json, list_briefings
    from core.cli.output import echo_json, echo_table

    with app.session(write=False) as session:
        org = app.org(session)
        person = None
        if person_ref:
            from core.registry.people import resolve_person

            person = resolve_person(session, org, person_ref)
        rows = briefings_json(session, org, list_briefings(session, org, person=person, kind=kind))
    if as_json:
        echo_json(rows)
        return

    def note(row):
        parts = []
        if row["corrects"]:
            parts.append(f"исправление записи № {row['corrects']}")
        if row["corrected_by"]:
            parts.append("исправлена записью № " + ", ".join(map(str, row["corrected_by"])))
        return "; ".join(parts) or "—"

    echo_table(
        ["№", "Дата", "Вид", "Работник", "Инструктирующий", "Причина", "Отметка"],
        [(r["seq"], _date(r["on"]), r["kind_title"], r["person"], r["instructor"], r["reason"] or "—", note(r))
         for r in rows],
    )
    click.echo(f"\nЗаписей: {len(rows)}.")


def _date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"
