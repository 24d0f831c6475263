"""``ohs due`` and ``ohs check``: what falls due, and what is wrong, from every plugin."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE, json_option, today_option, today_or


@click.command()
@today_option
@click.option("--until", type=ISO_DATE, default=None, metavar="ДАТА",
              help="Показать сроки до этой даты включительно (по умолчанию — 30 дней вперёд).")
@click.option("--ics", "ics_path", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="ФАЙЛ",
              help="Также записать сроки в календарь iCalendar (.ics) для Outlook или телефона: событие с "
                   "напоминанием на каждый срок; повторный импорт обновляет события, а не дублирует.")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="ФАЙЛ",
              help="Также записать сроки таблицей Excel (.xlsx).")
@json_option
@click.pass_obj
def due(app, today: datetime.date | None, until: datetime.date | None, ics_path: Path | None,
        xlsx_path: Path | None, as_json: bool) -> None:
    """Сроки: просроченное и то, что наступает до --until (инструктажи, обучение, медосмотры, отчёты).

    Пример: ohs due --until 2027-03-01 --ics сроки.ics --xlsx сроки.xlsx
    """
    from core.obligations.due import collect_due_items
    from core.errors import OhsError
    from core.cli.output import echo_json, echo_table, fmt_date

    today = today_or(today)
    until = until or today + datetime.timedelta(days=30)
    if until < today:
        raise OhsError(f"Дата --until {until:%d.%m.%Y} раньше сегодняшней {today:%d.%m.%Y}.")
    if ics_path and xlsx_path and ics_path.resolve() == xlsx_path.resolve():
        raise OhsError("Для --ics и --xlsx указан один и тот же файл; укажите разные имена.")
    with app.context(write=False, today=today) as ctx:
        org = ctx.org
        items = collect_due_items(ctx, until)
        dated = [i for i in items if not i.no_data]
        written = _export(org, dated, today, ics_path, xlsx_path)  # a data gap has no date for a calendar
    if as_json:
        echo_json({"today": today, "until": until, "items": [i.to_json(today) for i in items]})
        return
    gaps = [i for i in items if i.no_data]
    if not dated:
        click.echo(f"Сроков до {until:%d.%m.%Y} нет, просроченного нет.")
    else:
        overdue = sum(1 for i in dated if i.is_overdue(today))
        echo_table(
            ["Срок", "", "Что", "Кто/что", "Основание"],
            [(fmt_date(i.due), "просрочено" if i.is_overdue(today) else "", i.title, i.subject, i.rule) for i in dated],
        )
        click.echo(f"\nВсего: {len(dated)}, из них просрочено: {overdue}.")
    _echo_gaps(gaps)
    for line in written:
        click.echo(line)


def _echo_gaps(gaps) -> None:
    """Data gaps once per person or workplace: what is unknown, and the command that fills it."""
    if not gaps:
        return
    by_subject: dict[str, list[str]] = {}
    for item in gaps:
        what = item.title.removesuffix(": нет сведений")
        by_subject.setdefault(item.subject, [])
        if what not in by_subject[item.subject]:
            by_subject[item.subject].append(what)
    fixes = sorted({i.fix for i in gaps if i.fix})
    click.echo(f"\nНет сведений (не просрочено — в журналах нет ни одной записи): {len(by_subject)}; "
               f"заполнить: {'; '.join(fixes)}.")
    for subject, whats in by_subject.items():
        click.echo(f"  нет сведений — {subject}: {', '.join(w[:1].lower() + w[1:] for w in whats)}")


def _export(org, items, today: datetime.date, ics_path: Path | None, xlsx_path: Path | None) -> list[str]:
    """Write the requested files (each atomically); returns what was written, as lines for the user."""
    if not (ics_path or xlsx_path):
        return []
    from core.obligations.due_export import check_target, write_ics, write_xlsx

    for path in (ics_path, xlsx_path):  # both checked before either is written
        if path:
            check_target(path)
    lines = []
    if ics_path:
        write_ics(ics_path, org, items, today)
        lines.append(f"Календарь: {ics_path} (событий: {len(items)}).")
    if xlsx_path:
        write_xlsx(xlsx_path, items, today)
        lines.append(f"Таблица: {xlsx_path} (строк: {len(items)}).")
    return lines


@click.command()
@today_option
@json_option
@click.pass_obj
def check(app, today: datetime.date | None, as_json: bool) -> None:
    """Проверка: недостающие реквизиты и документы, отменённые акты, противоречия в правилах."""
    from core.obligations.checks import SEVERITY_TITLES, collect_findings
    from core.cli.output import echo_json

    today = today_or(today)
    with app.context(write=False, today=today) as ctx:
        findings = collect_findings(ctx)
    if as_json:
        echo_json({"today": today, "findings": [f.to_json() for f in findings]})
        return
    if not findings:
        click.echo("Замечаний нет.")
        return
    for f in findings:
        click.echo(f"[{SEVERITY_TITLES[f.severity]}] {f.title}" + (f" — {f.subject}" if f.subject else ""))
        if f.detail:
            click.echo(f"    {f.detail}")
        if f.fix:
            click.echo(f"    Как исправить: {f.fix}")
    click.echo(f"\nЗамечаний: {len(findings)}.")
