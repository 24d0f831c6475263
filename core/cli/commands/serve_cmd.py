"""``ohs serve``: the web interface over the workspace, for the one user at this computer."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, metavar="АДРЕС",
              help="Адрес: только этот компьютер (127.0.0.1, localhost, ::1); вход для других появится с сервером района.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, metavar="ПОРТ",
              help="Порт.")
@click.option("--open", "open_browser", is_flag=True, help="Открыть страницу в браузере.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, open_browser: bool) -> None:
    """Рабочее место в браузере: сегодня, работники, документы, инструктажи (ohs serve --open).

    В папке без рабочей папки сначала выполняется «ohs init» (как у «ohs setup»), и страница
    «Первый запуск» (/setup) ведёт от профиля и списка работников к пакету документов.
    Изменения записываются в журнал действий от имени пользователя этого компьютера (OHS_USER).
    """
    from core.errors import WorkspaceError
    from core.web.server import check_host, serve as run

    app = ctx.obj
    check_host(host)  # refused before the database is opened
    try:
        app.workspace  # noqa: B018 - found here, or created below
    except WorkspaceError:
        _init_here(ctx, app)
    run(app, host, port, open_browser)


def _init_here(ctx: click.Context, app) -> None:
    """No workspace here (or at ``-w``): make one as ``ohs init`` does; the desk's /setup fills it in."""
    import os

    from core.cli.commands.init_cmd import init

    folder = app.workspace_option or os.environ.get("OHS_WORKSPACE") or "."
    click.echo(f"Рабочей папки нет — создаю её (ohs init {folder}); заполните её на странице «Первый запуск».")
    app.setting_up = True
    ctx.invoke(init, directory=folder, demo=False, employees=None, years=None, as_of=None, org_key=None, name="")
