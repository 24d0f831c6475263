"""``ohs people departments``: list, rename, merge and remove departments."""

from __future__ import annotations

import click

from core.cli.commands.options import json_option, today_option, today_or


@click.group(name="departments", invoke_without_command=True)
@today_option
@json_option
@click.pass_context
def departments_group(ctx, today, as_json):
    """Подразделения и число работников в каждом на сегодня; rename, merge, remove — изменить список."""
    if ctx.invoked_subcommand is not None:
        return
    from core.cli.output import echo_json, echo_table
    from core.registry.employments import held_on, places
    from core.registry.people import departments, list_people

    app = ctx.obj
    today = today_or(today)
    with app.session(write=False) as session:
        org = app.org(session)
        counts: dict[int | None, int] = {}
        held = held_on(session, org, today)
        for p in list_people(session, org, on=today):
            for dept_id in {d for _position, d in places(p, held)}:  # a part-timer counts in each department
                counts[dept_id] = counts.get(dept_id, 0) + 1
        rows = [{"id": d.id, "name": d.name, "people": counts.get(d.id, 0)} for d in departments(session, org)]
    if as_json:
        echo_json(rows)
    else:
        echo_table(["№", "Подразделение", "Работников"], [(r["id"], r["name"], r["people"]) for r in rows])


@departments_group.command(name="rename")
@click.argument("old", metavar="СТАРОЕ")
@click.argument("new", metavar="НОВОЕ")
@click.pass_obj
def departments_rename(app, old, new):
    """Переименовать подразделение: работники, назначения и записи остаются при нем."""
    from core.registry.departments import rename_department

    with app.session() as session:
        before, after = rename_department(session, app.org(session), old, new)
    click.echo(f"Подразделение «{before}» переименовано в «{after}».")


@departments_group.command(name="merge")
@click.argument("source", metavar="ИЗ")
@click.argument("target", metavar="В")
@click.pass_obj
def departments_merge(app, source, target):
    """Соединить подразделения: работники, назначения и записи из ИЗ переходят в В, ИЗ удаляется."""
    from core.registry.departments import merge_departments

    with app.session() as session:
        src, dst, moved = merge_departments(session, app.org(session), source, target)
    people = moved.counts.get(("core_person", "department_id"), 0)
    other = moved.total - people
    click.echo(f"Подразделение «{src}» соединено с «{dst}»: перенесено работников {people}, других записей "
               f"{other}; «{src}» удалено.")


@departments_group.command(name="remove")
@click.argument("name", metavar="ПОДРАЗДЕЛЕНИЕ")
@click.pass_obj
def departments_remove(app, name):
    """Удалить пустое подразделение (без работников, в том числе уволенных, и без записей)."""
    from core.registry.departments import remove_department

    with app.session() as session:
        removed = remove_department(session, app.org(session), name)
    click.echo(f"Подразделение «{removed}» удалено.")
