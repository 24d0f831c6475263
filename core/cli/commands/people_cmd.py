"""``ohs people``: the register of departments and workers."""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE, json_option, today_option, today_or

ROLE_CHOICES = click.Choice(["none", "specialist", "head"])


@click.group()
def people() -> None:
    """Работники и подразделения: добавить, уволить, импорт из кадровой программы, экспорт."""


@people.command(name="add")
@click.argument("full_name", metavar="ФИО")
@click.option("--position", required=True, help="Должность (профессия).")
@click.option("--hired-on", "hired_on", type=ISO_DATE, required=True, help="Дата приема.")
@click.option("--department", default=None, help="Подразделение (создаётся, если его ещё нет).")
@click.option("--birth-date", "birth_date", type=ISO_DATE, default=None, help="Дата рождения.")
@click.option("--snils", default=None, help="СНИЛС, проверяется по контрольному числу.")
@click.option("--email", default=None, help="Электронная почта.")
@click.option("--gender", type=click.Choice(["m", "f"]), default=None, help="Пол (m/f) — для склонения ФИО.")
@click.option("--role", type=ROLE_CHOICES, default="none", show_default=True,
              help="Роль в охране труда: none, specialist (специалист по ОТ), head (руководитель службы ОТ).")
@click.option("--personnel-number", "personnel_number", default=None, help="Табельный номер.")
@click.option("--employment-kind", "employment_kind", type=click.Choice(["main", "internal", "external"]), default=None,
              help="Вид занятости: main (основное место работы), internal или external (внутреннее или внешнее "
                   "совместительство).")
@click.option("--rate", default=None, help="Ставка: 1, 0,5, 0,25…")
@today_option
@json_option
@click.pass_obj
def people_add(app, full_name, position, hired_on, department, birth_date, snils, email, gender, role, personnel_number,
               employment_kind, rate, today, as_json):
    """Добавить работника: ohs people add "Иванов Иван Иванович" --position … --hired-on 2024-09-01."""
    from core.cli.output import echo_json
    from core.registry.people import add_person, department_names, person_json
    from core.registry.people_typed import typed_person_row

    row = typed_person_row(
        full_name=full_name, position=position, hired_on=hired_on, department=department, birth_date=birth_date,
        snils=snils, email=email, gender=gender, role=role, personnel_number=personnel_number,
        employment_kind=employment_kind, rate=rate,
    )
    with app.session() as session:
        org = app.org(session)
        person = add_person(session, org, row, today_or(today))
        data = person_json(person, department_names(session, org))
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Добавлен(а): №{person.id} {person.full_name}, {person.position}.")


@people.command(name="list")
@click.option("--all", "include_dismissed", is_flag=True, help="Включая уволенных.")
@click.option("--department", default=None, help="Только это подразделение.")
@today_option
@json_option
@click.pass_obj
def people_list(app, include_dismissed, department, today, as_json):
    """Список работников (на сегодня; с --all — и уволенные)."""
    from core.cli.output import echo_json, echo_table, fmt_date
    from core.registry.people import department_names, list_people, person_json

    today = today_or(today)
    with app.session(write=False) as session:
        org = app.org(session)
        names = department_names(session, org)
        rows = list_people(session, org, on=today, department=department, include_dismissed=include_dismissed)
    if as_json:
        echo_json([person_json(p, names) for p in rows])
        return
    echo_table(
        ["№", "Таб. №", "ФИО", "Должность", "Подразделение", "Принят(а)", "Уволен(а)"],
        [(p.id, p.personnel_number, p.full_name, p.position, names.get(p.department_id), fmt_date(p.hired_on),
          fmt_date(p.dismissed_on)) for p in rows],
    )
    click.echo(f"\nВсего: {len(rows)}.")


@people.command(name="show")
@click.argument("person_ref", metavar="РАБОТНИК")
@json_option
@click.pass_obj
def people_show(app, person_ref, as_json):
    """Показать карточку работника (РАБОТНИК — номер, СНИЛС или ФИО)."""
    from core.cli.output import echo_json
    from core.registry.people import department_names, person_json, resolve_person

    from core.registry.employments import employment_json, employments

    with app.session(write=False) as session:
        org = app.org(session)
        person, names = resolve_person(session, org, person_ref), department_names(session, org)
        data = person_json(person, names)
        data["employments"] = [employment_json(e, names) for e in employments(session, person)]
    if as_json:
        echo_json(data)
        return
    from core.registry.people_values import rate_text

    labels = {
        "id": "№", "personnel_number": "Табельный номер", "full_name": "ФИО", "gender": "Пол",
        "birth_date": "Дата рождения", "position": "Должность", "department": "Подразделение",
        "employment_kind_title": "Вид занятости", "rate": "Ставка", "hired_on": "Дата приема",
        "dismissed_on": "Дата увольнения", "snils": "СНИЛС", "email": "E-mail", "osh_role_title": "Роль в охране труда",
    }
    data["rate"] = rate_text(data["rate"]) if data["rate"] is not None else None
    data["gender"] = {"m": "мужской", "f": "женский"}.get(data["gender"] or "")
    for key in ("birth_date", "hired_on", "dismissed_on"):  # as the user writes them: 25.09.2018
        data[key] = ".".join(reversed(data[key].split("-"))) if data[key] else None
    for key, label in labels.items():
        click.echo(f"{label}: {data[key] if data[key] not in (None, '') else '—'}")
    echo_employments(data["employments"])


def echo_employments(rows: list[dict]) -> None:
    """The card's employments as a table: number, position, department, kind, rate, period, how it began."""
    from core.cli.output import echo_table
    from core.registry.people_values import rate_text

    def day(value: str | None) -> str:
        return ".".join(reversed(value.split("-"))) if value else ""

    click.echo("\nДолжности (номер — для ohs people transfer --employment):")
    echo_table(["№", "Должность", "Подразделение", "Вид занятости", "Ставка", "С", "По", "Основание"],
               [(e["id"], e["position"], e["department"] or "—", e["kind_title"] or "—",
                 rate_text(e["rate"]) if e["rate"] is not None else "—", day(e["started_on"]),
                 day(e["ended_on"]) or "по н. в.", e["reason_title"]) for e in rows])


@people.command(name="transfer")
@click.argument("person_ref", metavar="РАБОТНИК")
@click.option("--position", default=None, help="Новая должность (по умолчанию — прежняя).")
@click.option("--department", default=None, help="Новое подразделение (создаётся, если его ещё нет).")
@click.option("--on", "on", type=ISO_DATE, required=True, help="Дата перевода: первый день в новой должности.")
@click.option("--employment", "employment_id", type=int, default=None, metavar="N",
              help="Какую должность переводить (номер из ohs people show); по умолчанию — основную.")
@today_option
@json_option
@click.pass_obj
def people_transfer(app, person_ref, position, department, on, employment_id, today, as_json):
    """Перевести работника на другую должность или в другое подразделение с даты.

    Прежняя должность закрывается днём раньше и остаётся в истории: журналы помещают записи до перевода в
    прежнее подразделение. Пример: ohs people transfer "Серов П.И." --department "Методический отдел" --on 2026-03-01
    """
    from core.cli.output import echo_json
    from core.registry.employments import employment_json, find_employment, transfer
    from core.registry.people import department_names, resolve_person

    with app.session() as session:
        org = app.org(session)
        person = resolve_person(session, org, person_ref)
        old = find_employment(session, person, employment_id)
        new = transfer(session, org, person, old, position, department, on, today_or(today))
        names = department_names(session, org)
        before, after = employment_json(old, names), employment_json(new, names)
    if as_json:
        echo_json({"person_id": person.id, "closed": before, "opened": after})
        return
    where = f", {after['department']}" if after["department"] else ""
    click.echo(f"{person.full_name}: с {on:%d.%m.%Y} — {after['position']}{where} (должность №{after['id']}); "
               f"прежняя должность №{before['id']} ({before['position']}) закрыта {old.ended_on:%d.%m.%Y}.")


@people.command(name="dismiss")
@click.argument("person_ref", metavar="РАБОТНИК")
@click.option("--on", "on", type=ISO_DATE, required=True, help="Дата увольнения (последний рабочий день).")
@click.pass_obj
def people_dismiss(app, person_ref, on):
    """Уволить работника: запись сохраняется, история его инструктажей и обучения остаётся."""
    from core.registry.people import dismiss, resolve_person

    with app.session() as session:
        org = app.org(session)
        person = dismiss(session, org, resolve_person(session, org, person_ref), on)
    click.echo(f"{person.full_name} уволен(а) {on:%d.%m.%Y}.")


@people.command(name="export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), metavar="ФАЙЛ")
@click.option("--all", "include_dismissed", is_flag=True, help="Включая уволенных.")
@today_option
@click.pass_obj
def people_export(app, path, include_dismissed, today):
    """Выгрузить работников в CSV или XLSX (по расширению); файл читается обратно импортом."""
    from core.registry.people_export import export_people

    with app.session(write=False) as session:
        count = export_people(session, app.org(session), path, on=today_or(today), include_dismissed=include_dismissed)
    click.echo(f"Выгружено {count} в {path}.")


def _register_subcommands() -> None:
    """The larger subcommands live in their own modules; they join the group when it is imported."""
    from core.cli.commands.departments_cmd import departments_group
    from core.cli.commands.people_edit_cmd import people_edit
    from core.cli.commands.people_import_cmd import people_import

    people.add_command(people_import)
    people.add_command(people_edit)
    people.add_command(departments_group)


_register_subcommands()
