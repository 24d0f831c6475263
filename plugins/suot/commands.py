"""``ohs suot``: the СУОТ command group; ``ohs suot scan`` checks a regulation's text.

Only click is imported at module level; the scanner and the acts register load inside the command.
"""

from __future__ import annotations

import datetime

import click

from core.commands.options import ISO_DATE, json_option, today_or


@click.group(name="suot")
def suot() -> None:
    """СУОТ: документы, проверки действующих актов и противоречий в положениях."""


@suot.command(name="scan")
@click.argument("file", metavar="ФАЙЛ", type=click.Path(dir_okay=False, path_type=str))
@click.option("--on", "on", type=ISO_DATE, default=None, metavar="ДАТА",
              help="Проверить действие актов на эту дату (по умолчанию — сегодня).")
@json_option
def scan(file: str, on: datetime.date | None, as_json: bool) -> None:
    """Проверить положение (.docx, .txt, .md): ссылки на недействующие акты и разные сроки одного и того же.

    Это отчёт: код выхода 0 и при найденных замечаниях, 1 — если файл не прочитан.
    """
    from core.output import echo_json
    from plugins.suot.scan import format_months, read_document_text, scan_text

    on = today_or(on)
    report = scan_text(read_document_text(file), on)
    if as_json:
        echo_json({"file": file, **report.to_json()})
        return
    click.echo(f"Файл: {file}; действие актов — на {on:%d.%m.%Y}.")
    click.echo("")
    if report.outdated:
        click.echo(f"Ссылки на недействующие акты ({len(report.outdated)}):")
        for citation in report.outdated:
            click.echo(f"  {citation.describe()}")
            click.echo(f"    «{citation.excerpt}»")
    else:
        click.echo("Ссылок на недействующие акты не найдено.")
    click.echo("")
    if report.contradictions:
        click.echo(f"Противоречия в сроках ({len(report.contradictions)}):")
        for contradiction in report.contradictions:
            periods = " и ".join(sorted({format_months(s.months) for s in contradiction.statements}))
            click.echo(f"  {contradiction.title}: в тексте указаны разные сроки — {periods}; оставьте один.")
            for s in contradiction.statements:
                click.echo(f"    строка {s.line_no}: {s.phrase} — «{s.excerpt}»")
    else:
        click.echo("Противоречий в сроках не найдено.")
    click.echo("")
    click.echo(f"Замечаний: {len(report.outdated) + len(report.contradictions)}.")
