"""``ohs people``: the register of departments and workers."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import click

from core.commands.options import ISO_DATE, json_option, today_option, today_or

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
@today_option
@json_option
@click.pass_obj
def people_add(app, full_name, position, hired_on, department, birth_date, snils, email, gender, role, today, as_json):
    """Добавить работника: ohs people add "Иванов Иван Иванович" --position … --hired-on 2024-09-01."""
    from core.output import echo_json
    from core.people import add_person, department_names, person_json
    from core.people_io import PersonRow
    from core.validation import normalize_email, normalize_snils, split_full_name

    surname, name, patronymic = split_full_name(full_name)
    row = PersonRow(
        line=0, surname=surname, name=name, patronymic=patronymic, birth_date=birth_date,
        position=" ".join(position.split()), department=department, hired_on=hired_on,
        snils=normalize_snils(snils) if snils else None, email=normalize_email(email) if email else None,
        osh_role=role, gender=gender,
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
    from core.output import echo_json, echo_table, fmt_date
    from core.people import department_names, list_people, person_json

    today = today_or(today)
    with app.session(write=False) as session:
        org = app.org(session)
        names = department_names(session, org)
        rows = list_people(session, org, on=today, department=department, include_dismissed=include_dismissed)
    if as_json:
        echo_json([person_json(p, names) for p in rows])
        return
    echo_table(
        ["№", "ФИО", "Должность", "Подразделение", "Принят(а)", "Уволен(а)"],
        [(p.id, p.full_name, p.position, names.get(p.department_id), fmt_date(p.hired_on), fmt_date(p.dismissed_on))
         for p in rows],
    )
    click.echo(f"\nВсего: {len(rows)}.")


@people.command(name="show")
@click.argument("person_ref", metavar="РАБОТНИК")
@json_option
@click.pass_obj
def people_show(app, person_ref, as_json):
    """Показать карточку работника (РАБОТНИК — номер, СНИЛС или ФИО)."""
    from core.output import echo_json
    from core.people import department_names, person_json, resolve_person

    with app.session(write=False) as session:
        org = app.org(session)
        data = person_json(resolve_person(session, org, person_ref), department_names(session, org))
    if as_json:
        echo_json(data)
        return
    labels = {
        "id": "№", "full_name": "ФИО", "gender": "Пол", "birth_date": "Дата рождения", "position": "Должность",
        "department": "Подразделение", "hired_on": "Дата приема", "dismissed_on": "Дата увольнения",
        "snils": "СНИЛС", "email": "E-mail", "osh_role_title": "Роль в охране труда",
    }
    for key, label in labels.items():
        click.echo(f"{label}: {data[key] if data[key] not in (None, '') else '—'}")


@people.command(name="dismiss")
@click.argument("person_ref", metavar="РАБОТНИК")
@click.option("--on", "on", type=ISO_DATE, required=True, help="Дата увольнения (последний рабочий день).")
@click.pass_obj
def people_dismiss(app, person_ref, on):
    """Уволить работника: запись сохраняется, история его инструктажей и обучения остаётся."""
    from core.people import dismiss, resolve_person

    with app.session() as session:
        org = app.org(session)
        person = dismiss(session, org, resolve_person(session, org, person_ref), on)
    click.echo(f"{person.full_name} уволен(а) {on:%d.%m.%Y}.")


@people.command(name="departments")
@today_option
@json_option
@click.pass_obj
def people_departments(app, today, as_json):
    """Подразделения и число работников в каждом на сегодня."""
    from core.output import echo_json, echo_table
    from core.people import departments, list_people

    today = today_or(today)
    with app.session(write=False) as session:
        org = app.org(session)
        counts: dict[int | None, int] = {}
        for p in list_people(session, org, on=today):
            counts[p.department_id] = counts.get(p.department_id, 0) + 1
        rows = [{"id": d.id, "name": d.name, "people": counts.get(d.id, 0)} for d in departments(session, org)]
    if as_json:
        echo_json(rows)
    else:
        echo_table(["№", "Подразделение", "Работников"], [(r["id"], r["name"], r["people"]) for r in rows])


@people.command(name="import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), metavar="ФАЙЛ")
@click.option("--dry-run", is_flag=True, help="Только проверить и показать, что изменится; ничего не записывать.")
@today_option
@json_option
@click.pass_obj
def people_import(app, path, dry_run, today, as_json):
    """Импорт работников из CSV (; или ,, UTF-8 или Windows-1251) или XLSX.

    Заголовки: Фамилия, Имя, Отчество (или один столбец ФИО), Дата рождения, Должность,
    Подразделение, Дата приема, СНИЛС; по желанию Дата увольнения, E-mail, Пол, Роль в ОТ.
    Даты — 25.09.2018 или 2018-09-25. Всё или ничего: при одной ошибке не импортируется никто,
    а ошибки перечисляются со строкой и столбцом. Повторный импорт того же файла не создаёт дублей.
    Работник находится по СНИЛС, иначе по ФИО и дате рождения; меняется только то, что в файле указано:
    пустая ячейка или отсутствующая колонка оставляют сохранённое значение. Уволенный снова
    считается принятым, только если дата приема в файле позже даты увольнения. --dry-run
    показывает каждое изменение.
    """
    from core.errors import OhsError
    from core.output import echo_json
    from core.people import apply_import, plan_import
    from core.people_io import EXPORT_COLUMNS, read_people_file

    titles = dict(EXPORT_COLUMNS)  # changes are shown under the file's column names, never the model's
    today = today_or(today)
    rows, errors = read_people_file(path, today=today)
    errors += [e for r in rows for e in _date_errors(r, today)]
    if errors:
        errors.sort(key=lambda e: e.line)
        raise OhsError(
            f"Файл {path.name} не импортирован: ошибок {len(errors)}; исправьте их и повторите.",
            details=[f"строка {e.line}, столбец «{e.column}»: {e.reason}" for e in errors],
        )
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    with app.session(write=not dry_run) as session:
        org = app.org(session)
        plan = plan_import(session, org, rows, today)
        if not dry_run:
            apply_import(session, org, plan, source=path.name, sha256=sha256)
    summary = plan.summary()
    if as_json:
        changes = [{"line": row.line, "id": pid, "fields": {k: [_json_value(old), _json_value(new)]
                                                          for k, (old, new) in fields.items()}}
                   for pid, row, fields in plan.updated]
        echo_json({"file": str(path), "dry_run": dry_run, **summary, "added_lines": [r.line for r in plan.added],
                   "changes": changes})
        return
    verb = "Будет" if dry_run else "Сделано"
    click.echo(f"{verb}: добавлено {summary['added']}, обновлено {summary['updated']}, без изменений {summary['unchanged']}.")
    shown = 20  # the rest is in --json
    for row in plan.added[:shown]:
        click.echo(f"  строка {row.line}: {row.surname} {row.name} — новый работник")
    for pid, row, changes in plan.updated[:shown]:
        fields = "; ".join(f"{titles.get(k, k)}: {_shown(k, old)} → {_shown(k, new)}"
                           for k, (old, new) in changes.items())
        click.echo(f"  строка {row.line}: №{pid} {row.surname} {row.name} — {fields}")
    if len(plan.added) > shown or len(plan.updated) > shown:
        click.echo(f"  … показаны первые {shown} новых и {shown} измененных; все изменения — с параметром --json.")
    if dry_run:
        click.echo("Проверка без записи (--dry-run): база не изменена.")


def _shown(field, value):
    """A value in a change line as the user reads it: dates as 25.09.2018, roles and sex in words, СНИЛС masked."""
    from core.models import OSH_ROLES
    from core.people import mask_snils

    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if field == "snils":
        return mask_snils(value)
    if field == "osh_role":
        return OSH_ROLES.get(value, value)
    if field == "gender":
        return {"m": "м", "f": "ж"}.get(value, value)
    return value


def _json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _date_errors(row, today):
    """Dates an import refuses although the file reader accepts them (it only checks the file itself).

    A hire date after ``--today`` or a dismissal more than a year ahead is a typo for an import,
    not a malformed file, so the rule stays with the command.
    """
    from core.people_io import RowError

    if row.hired_on and row.hired_on > today:
        yield RowError(row.line, "Дата приема", f"дата {row.hired_on:%d.%m.%Y} ещё не наступила")
    if row.dismissed_on and row.dismissed_on > today + datetime.timedelta(days=366):
        yield RowError(row.line, "Дата увольнения", f"дата {row.dismissed_on:%d.%m.%Y} больше чем через год")


@people.command(name="export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), metavar="ФАЙЛ")
@click.option("--all", "include_dismissed", is_flag=True, help="Включая уволенных.")
@today_option
@click.pass_obj
def people_export(app, path, include_dismissed, today):
    """Выгрузить работников в CSV или XLSX (по расширению); файл читается обратно импортом."""
    from core.errors import OhsError
    from core.people import department_names, list_people, person_row
    from core.people_io import write_people_file

    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise OhsError(f"Файл {path.name}: выберите расширение .csv или .xlsx.")
    with app.session(write=False) as session:
        org = app.org(session)
        names = department_names(session, org)
        rows = [person_row(p, names, line=i + 2) for i, p in
                enumerate(list_people(session, org, on=today_or(today), include_dismissed=include_dismissed))]
    write_people_file(path, rows)
    click.echo(f"Выгружено {len(rows)} в {path}.")
