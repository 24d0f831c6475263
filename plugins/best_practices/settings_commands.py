"""``ohs practice settings``: the district's settings of the quarterly report (``[best_practices]`` in ohs.toml)."""

from __future__ import annotations

from typing import Any

import click

from core.cli.commands.options import json_option


@click.command(name="settings")
@click.option("--addressee", default=None, metavar="ТЕКСТ", help="Кому адресован отчёт (должность и ФИО).")
@click.option("--deadline-day", type=click.IntRange(1, 31), default=None, help="Число месяца — срок отчёта.")
@click.option("--deadline-month", type=click.IntRange(1, 4), default=None,
              help="Месяц срока: 1–3 — месяц отчётного квартала, 4 — первый месяц следующего.")
@click.option("--required/--not-required", default=None, help="Ждёт ли администрация отчёт каждый квартал.")
@click.option("--empty-quarter-report/--no-empty-quarter-report", default=None,
              help="Отправлять ли отчёт за квартал без практик («практик нет»).")
@json_option
@click.pass_obj
def practice_settings(app, addressee: str | None, deadline_day: int | None, deadline_month: int | None,
                      required: bool | None, empty_quarter_report: bool | None, as_json: bool) -> None:
    """Показать или изменить настройки квартального отчёта о передовом опыте (без параметров — показать).

    Пример: ohs practice settings --addressee "Начальнику управления образования …" --deadline-day 20 --required
    """
    from core.cli.output import echo_json
    from core.workspace_settings import set_settings
    from plugins.best_practices.settings import SECTION, load_settings

    values: dict[str, Any] = {key: value for key, value in (
        ("addressee", " ".join(addressee.split()) if addressee is not None else None),
        ("deadline_day", deadline_day), ("deadline_month", deadline_month), ("required", required),
        ("empty_quarter_report", empty_quarter_report)) if value is not None}
    if "addressee" in values and not values["addressee"]:
        raise click.UsageError("Адресат (--addressee) пуст; укажите должность и ФИО.")
    current = app.workspace.section(SECTION)
    settings = load_settings({**current, **values})  # refused naming the key before anything is written
    if values:
        with app.context() as ctx:
            set_settings(ctx.session, app.workspace, SECTION, values)
            ctx.audit("settings.set", "workspace", None, section=SECTION, **values)
    data = {"addressee": settings.addressee, "deadline_day": settings.deadline_day,
            "deadline_month": settings.deadline_month, "required": settings.required,
            "empty_quarter_report": settings.empty_quarter_report, "changed": sorted(values)}
    if as_json:
        echo_json(data)
        return
    required_text = {True: "да", False: "нет", None: "да, когда уже отправлялся"}[settings.required]
    click.echo(f"Отчёт обязателен: {required_text}")
    click.echo(f"Срок: до {settings.deadline_day} числа ({settings.rule})")
    click.echo(f"Адресат: {settings.addressee or 'администрация муниципального образования (по профилю)'}")
    click.echo(f"Отчёт за квартал без практик: {'отправлять' if settings.empty_quarter_report else 'не отправлять'}")
    if values:
        click.echo("Записано в ohs.toml [best_practices].")
