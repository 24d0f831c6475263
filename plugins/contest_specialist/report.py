"""The score as text for people: rows and sections with points and caps, then where points are lost."""

from __future__ import annotations

from decimal import Decimal

import click

from plugins.contest_specialist.scoring import Score

TITLE_WIDTH = 72


def _n(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def _short(text: str, width: int = TITLE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def echo_score(result: Score, header: list[str]) -> None:
    """Print each row's points and cap, each section's, the total and the lost points sorted by stake."""
    for line in header:
        click.echo(line)
    click.echo("")
    for number, section in enumerate(result.sections, 1):
        capped = " (сумма строк {} ограничена максимумом раздела)".format(_n(section.raw)) if section.raw > section.max else ""
        click.echo(f"{number}. {section.title}: {_n(section.points)} из {_n(section.max)}{capped}")
        for rs in (r for r in result.rows if r.row.section == section.id):
            mark = "  (нет сведений)" if rs.missing else ""
            click.echo(f"   {_n(rs.points):>3} / {_n(rs.row.cap):<3} {rs.row.id}: {_short(rs.row.title)}{mark}")
    click.echo("")
    click.echo(f"Итого: {_n(result.total)} из {_n(result.edition.max_total)}")
    if not result.lost:
        click.echo("Баллы не теряются ни в одной строке.")
        return
    click.echo("")
    click.echo(f"Теряются баллы ({len(result.lost)} строк, по убыванию):")
    for lost in result.lost:
        click.echo(f"  {_n(lost.points):>3}  {lost.row.id} — {lost.reason}: {_short(lost.row.title, 60)}")
        if lost.detail:
            click.echo(f"       {lost.detail}")
