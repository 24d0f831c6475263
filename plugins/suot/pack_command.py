"""``ohs suot pack``: every СУОТ document at once, as drafts, and what the others still need (the work is in ``pack.py``)."""

from __future__ import annotations

from pathlib import Path

from plugins.suot.pack import PackResult, make_pack


def pack_command():
    """The ``ohs suot pack`` click command (built on demand so click options stay in one place)."""
    import click

    from core.cli.commands.options import json_option, today_option, today_or

    @click.command(name="pack")
    @click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Папка для документов (по умолчанию out/suot-ДАТА в рабочей папке).")
    @click.option("--author", "authors", multiple=True, metavar="РАБОТНИК", help="Разработчик документов (можно несколько).")
    @click.option("--year", type=click.IntRange(2000, 2100), default=None,
                  help="Год годовых документов (план мероприятий); по умолчанию текущий, в декабре — следующий.")
    @today_option
    @json_option
    @click.pass_obj
    def pack(app, out_dir, authors, year, today, as_json):
        """Сделать все документы СУОТ сразу (проекты) и сказать, каких данных не хватает остальным.

        Документ, который вышел бы таким же, как его последняя редакция, заново не делается («без изменений»).
        """
        from core.cli.output import echo_json, progress_report
        from core.registry.people import resolve_person

        today = today_or(today)
        out_dir = out_dir or app.workspace.out_dir / f"suot-{today:%Y-%m-%d}"
        # Every file is staged on the session (core.io.atomic): it appears when the transaction commits.
        with app.session() as session:
            org = app.org(session)
            people = [resolve_person(session, org, a) for a in authors]
            with progress_report("Документы СУОТ") as report:
                result = make_pack(session, org, app.pm, app.workspace, today, out_dir, people, year=year,
                                   report=report)
        if as_json:
            echo_json({"out": str(out_dir), **result.to_json()})
            return
        echo_pack(result, out_dir)

    return pack


def echo_pack(result: PackResult, out_dir: Path) -> None:
    """Print what the pack made, what stayed unchanged and what still needs data (``suot pack``)."""
    import click

    for line in pack_lines(result, out_dir):
        click.echo(line)


def pack_lines(result: PackResult, out_dir: Path) -> list[str]:
    """What the pack made, what stayed unchanged and what still needs data, as lines (``ohs setup``, the desk)."""
    lines: list[str] = []
    if result.note:
        lines.append(result.note)
    if result.made or not result.unchanged:
        lines.append(f"Сделано документов: {len(result.made)} (проекты), папка: {out_dir}")
    for item in result.made:
        lines.append(f"  №{item['id']} {item['title']}, ред. {item['version']}")
    if result.unchanged:
        lines.append(f"Без изменений (новая редакция не нужна): {len(result.unchanged)}")
        for item in result.unchanged:
            state = "проект" if item["status"] == "draft" else "утверждён"
            lines.append(f"  №{item['id']} {item['title']}, ред. {item['version']} ({state}) — без изменений")
    if result.approve_command:
        lines += ["", "Утвердить весь пакет одним приказом (программа сделает приказ и заполнит грифы):"]
        lines.append(f"  {result.approve_command}")
    if result.missing:
        lines += ["", f"Не сделано — нужны данные ({len(result.missing)}):"]
        for item in result.missing:
            lines.append(f"  {item['title']}:")
            for f in item["fields"]:
                lines.append(f"    {f['title']}: {f['command']}")
    return lines
