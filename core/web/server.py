"""Running the desk: the address check, uvicorn, and opening the browser."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from core.errors import OhsError

if TYPE_CHECKING:
    from core.app import App

#: Addresses that only this computer can reach: one local user, no login.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def check_host(host: str) -> str:
    """The host if it is this computer only; any other address is refused until accounts exist."""
    host = host.strip().strip("[]")
    if host in LOCAL_HOSTS:
        return host
    raise OhsError(
        f"Адрес «{host}» открыл бы рабочую папку другим компьютерам сети без входа по паролю. Учётные записи "
        "появятся вместе с сервером района; пока запускайте «ohs serve» на этом компьютере (--host 127.0.0.1)."
    )


def url_of(host: str, port: int) -> str:
    """The address to open in a browser."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(app: App, host: str, port: int, open_browser: bool = False) -> None:
    """Serve the workspace until interrupted (Ctrl+C)."""
    import uvicorn

    from core.web.app import create_app

    host = check_host(host)
    web = create_app(app)
    url = url_of(host, port)
    if open_browser:
        import webbrowser

        # After a moment, so the server is listening when the browser asks.
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    print(f"Рабочее место специалиста: {url} (остановить — Ctrl+C)", flush=True)
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False, server_header=False)
