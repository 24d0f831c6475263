"""``ohs history``: the history the organization already has — a template, and its import into the journals.

Only click is imported at module level.
"""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import json_option, today_option, today_or


@click.group(name="history")
def history_group() -> None:
    """История из бумажных журналов: последние инструктажи, обучение, медосмотры и СОУТ — в журналы программы."""


@history_group.command(name="template")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), metavar="ФАЙЛ")
def history_template(path: Path) -> None:
    """Записать шаблон файла истории (XLSX): колонки с русскими заголовками и строка-пример.

    Пример: ohs history template история.xlsx
    """
    from plugins.suot.schedule.history_file import COLUMNS, write_template

    write_template(path)
    click.echo(f"Шаблон: {path} (колонок: {len(COLUMNS)}, строка 2 — пример; пояснения — на листе «Пояснения»).")
    click.echo(f"Заполните его и импортируйте: ohs history import {path} --dry-run, затем без --dry-run.")


@history_group.command(name="import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), metavar="ФАЙЛ")
@click.option("--dry-run", is_flag=True, help="Только проверить и показать, что будет записано; ничего не записывать.")
@today_option
@json_option
@click.pass_obj
def history_import(app, path: Path, dry_run: bool, today, as_json: bool) -> None:
    """Перенести последние известные даты из файла истории (XLSX или CSV) в журналы.

    По строке на работника (ФИО, СНИЛС) или на рабочее место (без ФИО — только СОУТ): последние вводный,
    первичный и повторный инструктажи, обучение и проверка знания по программам А, Б, В, первой помощи
    и СИЗ с номером протокола, медосмотр, психиатрическое освидетельствование, СОУТ (№ карты, дата,
    класс). Записи получают отметку «перенесено из бумажного журнала» с источником. Всё или ничего:
    при одной ошибке не записывается ничего, а ошибки перечисляются со строкой и столбцом. Повторный
    импорт того же файла не создаёт дублей. Шаблон: ohs history template ФАЙЛ.
    """
    import hashlib

    from core.errors import OhsError
    from core.cli.output import echo_json
    from plugins.suot.schedule.history_file import read_history_file
    from plugins.suot.schedule.history_import import apply_history, plan_history

    today = today_or(today)
    rows, errors, skipped = read_history_file(path)
    with app.session(write=not dry_run) as session:
        org = app.org(session)
        plan, problems = plan_history(session, org, rows, today, path.name)
        errors += problems
        if errors:
            errors.sort(key=lambda e: e.line)
            raise OhsError(
                f"Файл {path.name} не импортирован: ошибок {len(errors)}; исправьте их и повторите.",
                details=[f"строка {e.line}, столбец «{e.column}»: {e.reason}" for e in errors],
            )
        if not dry_run:
            apply_history(session, org, plan, path.name, hashlib.sha256(path.read_bytes()).hexdigest())
    summary = {**plan.summary(), "skipped_rows": skipped}
    if as_json:
        echo_json({"file": str(path), "dry_run": dry_run, **summary})
        return
    verb = "Будет перенесено" if dry_run else "Перенесено"
    click.echo(f"{verb} из бумажных журналов: инструктажей {summary['briefings']}, проверок знания "
               f"{summary['trainings']}, медосмотров и освидетельствований {summary['medical_exams']}, "
               f"результатов СОУТ {summary['sout']} (работников {summary['people']}, рабочих мест "
               f"{summary['workplaces']}).")
    if summary["already_recorded"]:
        click.echo(f"Уже есть в журналах и не добавлены повторно: {summary['already_recorded']}.")
    if skipped:
        click.echo(f"Строк без дат (пропущены): {skipped}.")
    if dry_run:
        click.echo("Проверка без записи (--dry-run): база не изменена.")
    else:
        click.echo("Сроки с учётом перенесённого: ohs due.")
