"""``ohs serve``: the web interface over the workspace, for the one user at this computer."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, metavar="АДРЕС",
              help="Адрес: только этот компьютер (127.0.0.1, localhost, ::1); вход для других появится с сервером района.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, metavar="ПОРТ",
              help="Порт.")
@click.option("--open", "open_browser", is_flag=True, help="Открыть страницу в браузере.")
@click.pass_obj
def serve(app, host: str, port: int, open_browser: bool) -> None:
    """Рабочее место в браузере: сегодня, работники, документы, инструктажи (ohs serve --open).

    Изменения записываются в журнал действий от имени пользователя этого компьютера (OHS_USER).
    """
    from core.web.server import check_host, serve as run

    check_host(host)  # refused before the database is opened
    run(app, host, port, open_browser)
