"""``ohs backup`` and ``ohs restore``: one archive of a workspace, and a restore that proves it before placing it."""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import json_option


@click.command(name="backup")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path), metavar="ФАЙЛ")
@click.option("--force", is_flag=True, help="Заменить существующий файл архива.")
@json_option
@click.pass_obj
def backup(app, file: Path, force: bool, as_json: bool) -> None:
    """Резервная копия рабочей папки в один архив ZIP: база данных, ohs.toml, templates/, files/, out/.

    Копию можно делать, пока другие работают с базой: SQLite копируется одним согласованным
    снимком, PostgreSQL — pg_dump (вся база района целиком). В архиве — опись MANIFEST.json с
    размером и хешем sha256 каждого файла; восстанавливает «ohs restore ФАЙЛ ПАПКА».
    """
    from core.storage.backup import create_backup, describe
    from core.cli.output import echo_json, progress

    result = create_backup(app, file.expanduser(), force=force, track=progress)
    if as_json:
        echo_json({"path": str(result.path), "size": result.size, **result.manifest})
        return
    click.echo(f"Резервная копия записана: {result.path} ({result.size / (1 << 20):.1f} МБ).")
    for line in describe(result.manifest):
        click.echo(line)
    click.echo(f"Восстановление: ohs restore {result.path} НОВАЯ_ПАПКА")


@click.command(name="restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="ФАЙЛ")
@click.argument("directory", type=click.Path(path_type=Path), metavar="ПАПКА")
@click.option("--db", "db_url", metavar="АДРЕС",
              help="Пустая база PostgreSQL, в которую восстановить архив с базой PostgreSQL.")
@json_option
@click.pass_obj
def restore(app, file: Path, directory: Path, db_url: str | None, as_json: bool) -> None:
    """Восстановить рабочую папку из архива «ohs backup» в новую (или пустую) ПАПКУ.

    Перед тем как папка появится, проверяются опись архива, размер и хеш каждого файла, пути
    внутри архива и все журналы (как «ohs verify»); при любой ошибке в ПАПКЕ ничего не остаётся.
    """
    from core.cli.output import echo_json, progress
    from core.storage.restore import restore_backup

    result = restore_backup(app.pm, file.expanduser(), directory.expanduser(), db_url=db_url or app.db_option,
                            track=progress)
    counts = result.counts
    if as_json:
        echo_json({"path": str(result.path), "database": result.database, "organization": result.manifest["organization"],
                   "created_at": result.manifest.get("created_at"), **counts.to_json()})
        return
    click.echo(f"Рабочая папка восстановлена: {result.path} (копия от {result.manifest.get('created_at', '—')}).")
    click.echo(f"Проверено: опись и хеши файлов, журналы. Работников: {counts.people}, "
               f"записей в журналах: {counts.journal_entries}, файлов: {counts.files}.")
    if result.manifest["database"]["kind"] == "postgresql":
        click.echo(f"База PostgreSQL восстановлена целиком в {result.database}.")
