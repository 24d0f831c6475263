"""``ohs plugins``: installed plugins and the hooks each implements."""

from __future__ import annotations

import click

from core.cli.commands.options import json_option


@click.command(name="plugins")
@json_option
@click.pass_obj
def plugins_command(app, as_json: bool) -> None:
    """Показать подключённые плагины и хуки, которые каждый реализует."""
    from core.cli.output import echo_json
    from core.plugins import describe_plugins

    rows = describe_plugins(app.pm)
    # The core contributes through the same hooks but is not a plugin one can remove.
    core = [r for r in rows if r["core"]]
    rows = [r for r in rows if not r["core"]]
    if as_json:
        echo_json(rows)
        return
    click.echo(f"Плагины ({len(rows)}):")
    for row in rows:
        origin = "встроенный" if row["builtin"] else f"{row['distribution']} {row['version']}"
        parts = f"; части: {', '.join(row['parts'])}" if row["parts"] else ""
        click.echo(f"  {row['name']} ({origin}): {', '.join(row['hooks']) or '—'}{parts}")
    for row in core:
        click.echo(f"Ядро (core): {', '.join(row['hooks'])}")
