"""``ohs serve``: the web interface over the workspace, for the one user at this computer."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default=None, metavar="АДРЕС",
              help="Адрес (по умолчанию 127.0.0.1 — только этот компьютер); другой адрес — когда в базе есть "
                   "учётные записи (ohs user add).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, metavar="ПОРТ", help="Порт (по умолчанию 8765).")
@click.option("--db", "db_url", default=None, metavar="АДРЕС_БАЗЫ",
              help="База сервера района: postgresql://пользователь@сервер/база (как общий параметр --db).")
@click.option("--allow-sqlite", is_flag=True, help="Разрешить учётные записи на SQLite (одна организация).")
@click.option("--open", "open_browser", is_flag=True, help="Открыть страницу в браузере.")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, db_url: str | None, allow_sqlite: bool,
          open_browser: bool) -> None:
    """Рабочее место в браузере: сегодня, работники, документы, инструктажи (ohs serve --open).

    В папке без рабочей папки сначала выполняется «ohs init» (как у «ohs setup»), и страница
    «Первый запуск» (/setup) ведёт от профиля и списка работников к пакету документов.
    Изменения записываются в журнал действий от имени пользователя этого компьютера (OHS_USER).

    Сервер района: когда в базе есть учётные записи (ohs user add), каждая страница спрашивает вход,
    а сервер можно открыть в сети: ohs serve --host 0.0.0.0 --db postgresql://… (или раздел [server]
    с host, port в ohs.toml).
    """
    from core.errors import WorkspaceError
    from core.web.server import check_host, serve as run

    app = ctx.obj
    if db_url:
        app.db_option = db_url
    try:
        app.workspace  # noqa: B018 - found here, or created below
    except WorkspaceError:
        if host is None or host.strip("[] ") in ("127.0.0.1", "localhost", "::1"):
            _init_here(ctx, app)
        else:
            check_host(host)  # a new folder has no accounts: refused before anything is created
            raise
    settings = app.workspace.section("server")
    host = host or str(settings.get("host") or "127.0.0.1")
    port = port or int(settings.get("port") or 8765)
    run(app, host, port, open_browser, allow_sqlite=allow_sqlite or bool(settings.get("allow_sqlite")))


def _init_here(ctx: click.Context, app) -> None:
    """No workspace here (or at ``-w``): make one as ``ohs init`` does; the desk's /setup fills it in."""
    import os

    from core.cli.commands.init_cmd import init

    folder = app.workspace_option or os.environ.get("OHS_WORKSPACE") or "."
    click.echo(f"Рабочей папки нет — создаю её (ohs init {folder}); заполните её на странице «Первый запуск».")
    app.setting_up = True
    ctx.invoke(init, directory=folder, demo=False, employees=None, years=None, as_of=None, org_key=None, name="")
