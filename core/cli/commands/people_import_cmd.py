"""``ohs people import``: an HR export read as it comes, checked whole, shown before it is written."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import click

from core.cli.commands.options import json_option, today_option, today_or

#: Lines of each kind printed; the rest is in --json.
SHOWN = 20


@click.command(name="import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), metavar="ФАЙЛ")
@click.option("--dry-run", is_flag=True, help="Только проверить и показать, что изменится; ничего не записывать.")
@click.option("--header-row", "header_row", type=click.IntRange(min=1), default=None, metavar="N",
              help="Строка с заголовками колонок, если программа не может выбрать ее сама.")
@click.option("--map", "mappings", multiple=True, metavar="КОЛОНКА=ПОЛЕ",
              help="Чем считать колонку файла, например --map \"Ф.И.О. работника=ФИО\"; \"Колонка=-\" — не читать.")
@click.option("--clear-empty", is_flag=True,
              help="Пустая ячейка стирает сохраненное значение (по умолчанию пустая ячейка его сохраняет).")
@today_option
@json_option
@click.pass_obj
def people_import(app, path, dry_run, header_row, mappings, clear_empty, today, as_json):
    """Импорт работников из выгрузки кадровой программы (1С:ЗУП, 1С:Бухгалтерия, «Парус») или Excel.

    Файл не нужно править: строка заголовков находится по названиям колонок (строки «Список сотрудников»,
    «Организация: …», пустые строки и «Итого» пропускаются). Колонки: ФИО (Сотрудник, Работник,
    Физическое лицо) или Фамилия, Имя, Отчество; Должность; Подразделение; Дата приема (Принят);
    Табельный номер (Таб. №); Дата рождения; СНИЛС; Пол; Вид занятости; Ставка; Дата увольнения;
    E-mail; Роль в ОТ. Остальные колонки (№, Оклад…) не читаются и перечисляются. Всё или ничего:
    при одной ошибке не импортируется никто. Работник находится по СНИЛС, затем по табельному
    номеру, затем по ФИО и дате рождения; меняется только то, что указано в файле. Подразделения и
    должности пишутся так, как они уже записаны (ё и е, регистр и пробелы не различаются). Кого нет
    в файле, тот показывается как возможно уволенный, но не увольняется.
    """
    from core.registry.people_import import apply_import, plan_import

    today = today_or(today)
    table, rows, sha256 = read_import_file(path, today, header_row, mappings, clear_empty)
    with app.session(write=not dry_run) as session:
        org = app.org(session)
        plan = plan_import(session, org, rows, today)
        if not dry_run:
            apply_import(session, org, plan, source=path.name, sha256=sha256)
    if as_json:
        _echo_json(path, dry_run, table, plan)
        return
    echo_layout(table)
    echo_plan(plan, dry_run)


def read_import_file(path: Path, today: datetime.date, header_row: int | None = None,
                     mappings: tuple[str, ...] = (), clear_empty: bool = False):
    """The file read and checked whole (``ohs people import`` and ``ohs setup``): (table, rows, sha256).

    Any error in the file refuses it with every line and column named; nothing is written by reading.
    """
    from core.registry.people_columns import parse_mapping
    from core.registry.people_import_file import checked_table

    table = checked_table(path, today, header_row=header_row, mapping=parse_mapping(mappings))
    rows = table.people
    if clear_empty:  # every column the file has speaks for its field, an empty cell included
        present = frozenset(table.layout.columns) | ({"surname", "name", "patronymic"}
                                                     if "full_name" in table.layout.columns else frozenset())
        rows = [_with_given(r, present) for r in rows]
    return table, rows, hashlib.sha256(path.read_bytes()).hexdigest()


def _with_given(row, present):
    from dataclasses import replace

    return replace(row, given=frozenset(row.given or ()) | present)


def echo_layout(table) -> None:
    """How the table was read: the header row, the columns not used, the total row, the rows joined."""
    from core.registry.people_values import kind_title

    layout = table.layout
    found = "найдена по названиям колонок" if layout.chosen else "указана в --header-row"
    click.echo(f"Заголовок таблицы — строка {layout.header_line} ({found}).")
    if layout.ignored:
        click.echo("Не используются колонки: " + ", ".join(f"«{t}»" for t in layout.ignored) + ".")
    if table.footer_line:
        click.echo(f"Строка {table.footer_line} («Итого») — конец таблицы; строки ниже не читаются.")
    for merge in table.merged:
        lines = ", ".join(str(o.line) for o in merge.others)
        kept = merge.kept
        others = "; ".join(f"{o.position}{', ' + o.department if o.department else ''} ({kind_title(o.employment_kind)})"
                           for o in merge.others)
        click.echo(f"  строки {kept.line} и {lines}: один работник ({merge.reason} совпадает) — {kept.surname} "
                   f"{kept.name}; основная должность по строке {kept.line} ({kept.position}); {others} — "
                   "совместительство, хранится отдельной должностью.")


def echo_plan(plan, dry_run: bool, footer: bool = True) -> None:
    """The import's summary: counts, respellings, new and changed people, those absent from the file.

    ``footer=False``: without the closing «--dry-run» line (``ohs setup`` asks to confirm right after).
    """
    from core.registry.people_columns import TITLES

    titles = {**TITLES, "part_time": "Совместительство"}

    summary = plan.summary()
    verb = "Будет" if dry_run else "Сделано"
    click.echo(f"{verb}: добавлено {summary['added']}, обновлено {summary['updated']}, "
               f"без изменений {summary['unchanged']}.")
    for note in plan.respelled:
        lines = ", ".join(map(str, note.lines[:10])) + (" …" if len(note.lines) > 10 else "")
        where = f"строка {lines}" if len(note.lines) == 1 else f"строки {lines}"
        click.echo(f"  {note.what} «{note.written}» ({where}) — то же, что «{note.used}»; записано как «{note.used}».")
    for row in plan.added[:SHOWN]:
        click.echo(f"  строка {row.line}: {row.surname} {row.name} — новый работник")
    for pid, row, changes in plan.updated[:SHOWN]:
        fields = "; ".join(f"{titles.get(k, k)}: {_shown(k, old)} → "
                           f"{_shown(k, new)}" for k, (old, new) in changes.items())
        moved = f" (перевод с {plan.transfers[pid]:%d.%m.%Y})" if pid in plan.transfers else ""
        click.echo(f"  строка {row.line}: №{pid} {row.surname} {row.name} — {fields}{moved}")
    if len(plan.added) > SHOWN or len(plan.updated) > SHOWN:
        click.echo(f"  … показаны первые {SHOWN} новых и {SHOWN} измененных; все изменения — с параметром --json.")
    if plan.absent:
        click.echo(f"Нет в файле, но числятся работающими ({len(plan.absent)}) — возможно, уволены; программа их не "
                   "увольняет, проверьте и при необходимости: ohs people dismiss РАБОТНИК --on ДАТА.")
        for person in plan.absent[:SHOWN]:
            click.echo(f"  №{person.id} {person.full_name}, {person.position}")
        if len(plan.absent) > SHOWN:
            click.echo(f"  … и еще {len(plan.absent) - SHOWN}; весь список — с параметром --json.")
    if dry_run and footer:
        click.echo("Проверка без записи (--dry-run): база не изменена.")


def _echo_json(path, dry_run, table, plan) -> None:
    from core.cli.output import echo_json

    changes = [{"line": row.line, "id": pid, "fields": {k: [_json_value(old), _json_value(new)]
                                                      for k, (old, new) in fields.items()}}
               for pid, row, fields in plan.updated]
    echo_json({"file": str(path), "dry_run": dry_run, **plan.summary(), "header_line": table.layout.header_line,
               "ignored_columns": table.layout.ignored, "footer_line": table.footer_line,
               "merged": [{"kept_line": m.kept.line, "other_lines": [o.line for o in m.others], "by": m.reason}
                          for m in table.merged],
               "respelled": [{"what": n.what, "written": n.written, "used": n.used, "lines": n.lines}
                             for n in plan.respelled],
               "added_lines": [r.line for r in plan.added], "changes": changes,
               "transfers": {str(pid): on.isoformat() for pid, on in plan.transfers.items()},
               "absent": [{"id": p.id, "full_name": p.full_name, "position": p.position} for p in plan.absent]})


def _shown(field, value):
    """A value in a change line as the user reads it: dates as 25.09.2018, roles and sex in words, СНИЛС masked."""
    from core.storage.models import OSH_ROLES
    from core.registry.people_import import mask_snils
    from core.registry.people_values import kind_title, rate_text

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
    if field == "employment_kind":
        return kind_title(value)
    if field == "rate":
        return rate_text(value)
    return value


def _json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value
