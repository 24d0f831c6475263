"""``ohs db``: the database behind the workspace, its schema revisions and how the schema matches the models."""

from __future__ import annotations

import click

from core.cli.commands.options import json_option


@click.group()
def db() -> None:
    """База данных: адрес, версия схемы и её соответствие программе."""


@db.command(name="status")
@json_option
@click.option("--check", is_flag=True,
              help="Завершиться с кодом 1, если в базе нет таблиц или столбцов, нужных программе.")
@click.pass_obj
def db_status(app, as_json: bool, check: bool) -> None:
    """Показать адрес базы, ревизии схемы и расхождения схемы с программой (база обновляется сама перед работой).

    Ревизии говорят, какие миграции выполнены; расхождения находятся сравнением самой схемы базы
    с таблицами программы, поэтому видны и тогда, когда номера ревизий верны.
    """
    from core.storage.db import describe_url, readonly
    from core.errors import SchemaError
    from core.storage.migrate import database_revisions, script_heads
    from core.cli.output import echo_json
    from core.storage.schema_check import compare_schema, model_metadata

    app.ensure_schema()
    with readonly(app.engine).connect() as conn:
        current = sorted(database_revisions(conn))
        differences = compare_schema(conn, model_metadata(app.pm))
        conn.rollback()
    if check and differences:
        raise SchemaError(
            f"Схема базы данных расходится с программой ({len(differences)}): сообщите разработчикам ohs-toolkit "
            "и не вносите записи до исправления; данные не изменены.",
            [d.text for d in differences],
        )
    data = {
        "url": describe_url(app.database_url),
        "revisions": current,
        "heads": sorted(script_heads(app.pm)),
        "schema_ok": not differences,
        "differences": [d.to_json() for d in differences],
    }
    if as_json:
        echo_json(data)
        return
    click.echo(f"База: {data['url']}")
    click.echo(f"Ревизии схемы: {', '.join(current)}")
    if not differences:
        click.echo("Схема соответствует программе: все нужные таблицы и столбцы на месте.")
        return
    click.echo(f"Схема расходится с программой ({len(differences)}):")
    for difference in differences:
        click.echo(f"  {difference.text}")
