"""``ohs db``: the database behind the workspace and its schema revisions."""

from __future__ import annotations

import click

from core.commands.options import json_option


@click.group()
def db() -> None:
    """База данных: адрес и версия схемы."""


@db.command(name="status")
@json_option
@click.pass_obj
def db_status(app, as_json: bool) -> None:
    """Показать адрес базы и ревизии схемы (база обновляется сама перед работой)."""
    from core.db import describe_url, readonly
    from core.migrate import database_revisions, script_heads
    from core.output import echo_json

    app.ensure_schema()
    with readonly(app.engine).connect() as conn:
        current = sorted(database_revisions(conn))
    data = {"url": describe_url(app.database_url), "revisions": current, "heads": sorted(script_heads(app.pm))}
    if as_json:
        echo_json(data)
        return
    click.echo(f"База: {data['url']}")
    click.echo(f"Ревизии схемы: {', '.join(current)}")
