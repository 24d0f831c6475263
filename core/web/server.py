"""Running the desk: the address check, uvicorn, and opening the browser."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from core.errors import OhsError

if TYPE_CHECKING:
    from core.app import App

#: Addresses that only this computer can reach: one local user, no login.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def check_host(host: str, accounts: bool = False) -> str:
    """The host if it is this computer only, or any address once the database holds accounts."""
    host = host.strip().strip("[]")
    if host in LOCAL_HOSTS or accounts:
        return host
    raise OhsError(
        f"Адрес «{host}» открыл бы рабочую папку другим компьютерам сети без входа по паролю. Сначала заведите "
        "учётные записи («ohs user add ЛОГИН --org КЛЮЧ --role specialist»): тогда каждая страница спросит "
        "пароль. Без них запускайте «ohs serve» только на этом компьютере (--host 127.0.0.1)."
    )


def check_server(app: App, host: str, allow_sqlite: bool = False) -> bool:
    """Whether the desk runs as a server with accounts; refuses what would be unsafe, in Russian.

    A server with accounts keeps several organizations in one database, which PostgreSQL isolates
    (row-level security, concurrent writers); SQLite only with ``--allow-sqlite`` and one organization.
    """
    from sqlalchemy import func
    from sqlmodel import select

    from core.accounts import accounts_exist
    from core.accounts.models import Account
    from core.storage.db import is_sqlite

    with app.session(write=False) as session:
        accounts = accounts_exist(session)
        orgs = session.exec(select(func.count(func.distinct(Account.org_id)))).one() if accounts else 0
        district = session.exec(select(Account.id).where(Account.role == "district").limit(1)).first() if accounts else None
    check_host(host, accounts)
    if accounts and is_sqlite(app.database_url):
        if not allow_sqlite:
            raise OhsError(
                "В базе есть учётные записи — это сервер, а сервер района работает на PostgreSQL "
                "(ohs serve --db postgresql://пользователь@сервер/база). Для одной организации на SQLite "
                "добавьте --allow-sqlite."
            )
        if orgs > 1 or district is not None:
            raise OhsError("На SQLite сервер обслуживает одну организацию без районных учётных записей; "
                           "для района перенесите базу на PostgreSQL.")
    return accounts


def size_pool(app: App) -> int:
    """Give the server's database pool a connection for every thread that may hold a transaction; their number.

    The pages' threads (:data:`core.web.app.PAGE_THREADS`) and the background refreshes of «Сегодня»
    (:data:`core.web.snapshot.REFRESH_THREADS`): no thread then waits for a connection (SQLAlchemy fails the
    request after 30 s). With its default pool (5 + 10) and 50 users of a district, all 15 connections were taken
    the whole time (bench/bench_district.py). Call before the engine is first used; one made earlier is replaced.
    """
    from core.web.app import PAGE_THREADS
    from core.web.snapshot import REFRESH_THREADS

    app.pool_size = PAGE_THREADS + REFRESH_THREADS
    if "engine" in app.__dict__:  # made with the default pool (an earlier check): made again on first use
        app.__dict__.pop("engine").dispose()
    return app.pool_size


def url_of(host: str, port: int) -> str:
    """The address to open in a browser."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(app: App, host: str, port: int, open_browser: bool = False, allow_sqlite: bool = False) -> None:
    """Serve the workspace (or, with accounts, the server's organizations) until interrupted (Ctrl+C)."""
    import uvicorn

    from core.web.app import create_app

    host = host.strip().strip("[]")
    size_pool(app)
    server = check_server(app, host, allow_sqlite)
    web = create_app(app)  # on a server: row-level security set up (core.web.app.Desk.server_mode)
    url = url_of(host, port)
    if open_browser:
        import webbrowser

        # After a moment, so the server is listening when the browser asks.
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    what = "Сервер (вход по учётным записям)" if server else "Рабочее место специалиста"
    print(f"{what}: {url} (остановить — Ctrl+C)", flush=True)
    # proxy_headers: behind the documented reverse proxy (README «Сервер района») uvicorn takes the scheme and
    # the client's address from X-Forwarded-* of the proxy on this computer, so cookies become Secure over HTTPS.
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False, server_header=False,
                proxy_headers=True, forwarded_allow_ips="127.0.0.1")
