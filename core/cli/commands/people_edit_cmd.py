"""``ohs people edit``: change a worker's card."""

from __future__ import annotations

import click

from core.cli.commands.options import today_option, today_or


@click.command(name="edit")
@click.argument("person_ref", metavar="РАБОТНИК")
@click.argument("assignments", nargs=-1, metavar="КЛЮЧ=ЗНАЧЕНИЕ…")
@today_option
@click.pass_obj
def people_edit(app, person_ref, assignments, today):
    """Изменить карточку работника: ohs people edit 12 position="Тренер-преподаватель" "Ставка=0,5".

    КЛЮЧ — название колонки, как в файле импорта (Должность, Подразделение, Табельный номер, Вид
    занятости, Ставка, Дата рождения, СНИЛС, Пол…), или surname, name, patronymic, position, department,
    hired_on, birth_date, snils, email, gender, role, personnel_number, employment_kind, rate. Пустое
    значение (КЛЮЧ=) стирает необязательное поле. Значения проверяются так же, как при добавлении.
    """
    from core.cli.commands.people_import_cmd import _shown
    from core.registry.people import resolve_person
    from core.registry.people_columns import TITLES
    from core.registry.people_edit import edit_person, parse_assignments

    values = parse_assignments(assignments)
    with app.session() as session:
        org = app.org(session)
        person = resolve_person(session, org, person_ref)
        changes = edit_person(session, org, person, values, today_or(today))
        who = f"№{person.id} {person.full_name}"
    click.echo(f"Изменено: {who}.")
    for field, (old, new) in changes.items():
        click.echo(f"  {TITLES.get(field, field)}: {_shown(field, old)} → {_shown(field, new)}")
