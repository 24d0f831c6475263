"""``ohs due`` and ``ohs check``: what falls due, and what is wrong, from every plugin."""

from __future__ import annotations

import datetime

import click

from core.commands.options import ISO_DATE, json_option, today_option, today_or


@click.command()
@today_option
@click.option("--until", type=ISO_DATE, default=None, metavar="ДАТА",
              help="Показать сроки до этой даты включительно (по умолчанию — 30 дней вперёд).")
@json_option
@click.pass_obj
def due(app, today: datetime.date | None, until: datetime.date | None, as_json: bool) -> None:
    """Сроки: просроченное и то, что наступает до --until (инструктажи, обучение, медосмотры, отчёты)."""
    from core.due import collect_due_items
    from core.errors import OhsError
    from core.output import echo_json, echo_table, fmt_date

    today = today_or(today)
    until = until or today + datetime.timedelta(days=30)
    if until < today:
        raise OhsError(f"Дата --until {until:%d.%m.%Y} раньше сегодняшней {today:%d.%m.%Y}.")
    with app.session(write=False) as session:
        items = collect_due_items(app.pm, session, app.org(session), today, until)
    if as_json:
        echo_json({"today": today, "until": until, "items": [i.to_json(today) for i in items]})
        return
    if not items:
        click.echo(f"Сроков до {until:%d.%m.%Y} нет, просроченного нет.")
        return
    overdue = sum(1 for i in items if i.is_overdue(today))
    echo_table(
        ["Срок", "", "Что", "Кто/что", "Основание"],
        [(fmt_date(i.due), "просрочено" if i.is_overdue(today) else "", i.title, i.subject, i.rule) for i in items],
    )
    click.echo(f"\nВсего: {len(items)}, из них просрочено: {overdue}.")


@click.command()
@today_option
@json_option
@click.pass_obj
def check(app, today: datetime.date | None, as_json: bool) -> None:
    """Проверка: недостающие реквизиты и документы, отменённые акты, противоречия в правилах."""
    from core.checks import SEVERITY_TITLES, collect_findings
    from core.output import echo_json

    today = today_or(today)
    with app.session(write=False) as session:
        findings = collect_findings(app.pm, session, app.org(session), today)
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
