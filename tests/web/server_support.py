"""A district server for the tests: one PostgreSQL database, the administration, two schools, accounts.

Built once per test module (the demo school takes seconds): ``school-b`` is the demo (many records of
every kind), ``school-a`` a small school made through the commands, both registered in one district;
``other`` is a school of another district. Every account's password is in :data:`PASSWORDS`.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pytest

from core.testing import PG_ENV, csrf_of, fixed_test_today

DISTRICT = "Кировский район"
PASSWORDS = {
    "spec-a": "пароль-специалиста-А",
    "head-a": "пароль-руководителя-А",
    "view-a": "пароль-просмотра-А",
    "spec-b": "пароль-специалиста-Б",
    "kirov": "пароль-района-Кировский",
    "locked-a": "пароль-для-блокировки",
}
ACCOUNTS = {  # login → (--org KEY | --district NAME, role)
    "spec-a": (("--org", "school-a"), "specialist"),
    "head-a": (("--org", "school-a"), "head"),
    "view-a": (("--org", "school-a"), "viewer"),
    "spec-b": (("--org", "school-b"), "specialist"),
    "kirov": (("--district", DISTRICT), "district"),
    "locked-a": (("--org", "school-a"), "specialist"),
}


@dataclasses.dataclass
class Server:
    """The server's folder, database URL, the ASGI application and the command runner on it."""

    root: Path
    url: str
    web: Any
    run: Any
    pm: Any

    def client(self, login: str | None = None) -> Any:
        """A browser of its own (cookies), signed in as ``login`` when given."""
        from starlette.testclient import TestClient

        client = TestClient(self.web, raise_server_exceptions=False)
        if login is not None:
            sign_in(client, login)
        return client

    def sql(self, statement: str, **params: Any) -> Any:
        """One value from the server's database (as the database owner, outside any account)."""
        import sqlalchemy as sa

        from core.storage.db import make_engine

        engine = make_engine(self.url)
        try:
            with engine.begin() as conn:
                return conn.execute(sa.text(statement), params).scalar()
        finally:
            engine.dispose()


def sign_in(client: Any, login: str, password: str | None = None) -> Any:
    """Sign in through /login as a user does; returns the answer to the form."""
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"login": login, "password": password or PASSWORDS[login], "csrf": token},
                       follow_redirects=False)


def build_server(tmp_path_factory: Any) -> Any:
    """Yield a :class:`Server` on a fresh PostgreSQL database (skipped where PostgreSQL is not configured)."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL: задайте {PG_ENV}")
    from click.testing import CliRunner

    from core.app import App
    from core.cli.root import build_cli
    from core.plugins import get_plugin_manager
    from core.testing import _PgDatabases
    from core.web.app import create_app

    databases = _PgDatabases(base)
    url = databases.url(databases.create())
    root = tmp_path_factory.mktemp("district-server") / "server"
    pm = get_plugin_manager(entry_points=False)
    cli = build_cli(pm)
    env = {n: None for n in ("OHS_DATABASE_URL", "OHS_WORKSPACE", "OHS_DISABLE_PLUGINS")}
    env.update({"OHS_USER": "администратор", "OHS_TODAY": fixed_test_today()})

    def run(*args: Any, input: str | None = None) -> Any:
        result = CliRunner().invoke(cli, [str(a) for a in args], env=env, input=input, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    run("--db", url, "init", root, "--org", "district-admin", "--name", "Администрация Кировского района")
    run("--db", url, "init", root / "orgs" / "school-b", "--demo", "--org", "school-b")
    run("-w", root, "org", "add", "school-a", "--name", "Школа А", "--district", DISTRICT)
    run("-w", root, "org", "add", "other", "--name", "Школа другого района", "--district", "Советский район")
    run("-w", root, "org", "district", "school-b", DISTRICT)
    run("-w", root / "orgs" / "school-b", "docs", "make", "order_responsible")  # a document of B for the walk of every route
    school_a = root / "orgs" / "school-a"
    run("-w", school_a, "people", "add", "Андреева Анна Андреевна", "--position", "Директор",
        "--hired-on", "2020-09-01", "--department", "Администрация")
    run("-w", school_a, "org", "set", "head=Андреева Анна Андреевна")
    for login, ((flag, value), role) in ACCOUNTS.items():
        run("-w", root, "user", "add", login, flag, value, "--role", role, "--password-stdin",
            input=PASSWORDS[login] + "\n")
    web = create_app(App(pm, workspace=str(root)))
    try:
        yield Server(root=root, url=url, web=web, run=run, pm=pm)
    finally:
        web.state.desk.app.engine.dispose()
        databases.drop_all()
