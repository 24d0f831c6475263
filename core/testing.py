"""pytest fixtures for ohs-toolkit and its plugins: a fresh plugin manager, a CLI runner, workspaces.

Third-party plugins use them with ``pytest_plugins = ["core.testing"]`` in their conftest.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from core.cli.root import build_cli
from core.plugins import get_plugin_manager

#: Where the storage tests also run when set (``postgresql://user@host:port/db``).
PG_ENV = "OHS_TEST_DATABASE_URL"

#: The toolkit's clock in tests: a fixed day far from every date the tests write, so a result that
#: silently depends on «today» differs from the expected one at once, on every machine and every date.
#: ``OHS_TEST_TODAY`` picks another (the suite also runs itself under :data:`SECOND_TEST_TODAY`).
DEFAULT_TEST_TODAY = "2031-03-17"
SECOND_TEST_TODAY = "2028-08-31"
TEST_TODAY_ENV = "OHS_TEST_TODAY"


def fixed_test_today() -> str:
    """The fixed «today» of this test run (ISO)."""
    return os.environ.get(TEST_TODAY_ENV) or DEFAULT_TEST_TODAY


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's workspace, database or plugin settings."""
    for name in ("OHS_DATABASE_URL", "OHS_WORKSPACE", "OHS_DISABLE_PLUGINS", "OHS_TRACE_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OHS_USER", "тестировщик")
    monkeypatch.setenv("OHS_TODAY", fixed_test_today())
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def pm():
    """A fresh plugin manager with the built-ins only: installed plugins never leak in."""
    return get_plugin_manager(entry_points=False)


@pytest.fixture
def register(pm) -> Iterator[Callable[[Any], Any]]:
    """Register ad-hoc plugin objects for one test; they are removed afterwards."""
    names: list[str] = []

    def _register(plugin: Any) -> Any:
        names.append(pm.register(plugin, name=f"test-{type(plugin).__name__}-{len(names)}"))
        return plugin

    yield _register
    for name in names:
        pm.unregister(name=name)


@pytest.fixture
def invoke(pm) -> Callable[..., Result]:
    """Run ``ohs`` with the given arguments through a CLI built from ``pm``."""

    def _invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(build_cli(pm), [str(a) for a in args], input=input, env=env, catch_exceptions=False)

    return _invoke


@dataclass
class Backend:
    """A database for one test: ``url`` is None for the workspace's own SQLite file."""

    name: str
    url: str | None


def _pg_schema_url(base: str) -> tuple[str, str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    sep = "&" if "?" in base else "?"
    return schema, f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    """Each storage test runs on SQLite, and on PostgreSQL when ``OHS_TEST_DATABASE_URL`` is set.

    On PostgreSQL every test gets its own schema, dropped afterwards.
    """
    if request.param == "sqlite":
        yield Backend("sqlite", None)
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL: задайте {PG_ENV}")
    from sqlalchemy import create_engine, text

    from core.storage.db import normalize_url

    schema, url = _pg_schema_url(base)
    admin = create_engine(normalize_url(base))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield Backend("postgresql", url)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def make_workspace(invoke, tmp_path: Path, backend: Backend) -> Callable[..., Path]:
    """Create a workspace with ``ohs init`` on the test's backend; returns its folder."""

    def _make(name: str = "ws", *extra: str) -> Path:
        folder = tmp_path / name
        db = ["--db", backend.url] if backend.url else []
        result = invoke(*db, "init", str(folder), *extra)
        assert result.exit_code == 0, result.output
        return folder

    return _make


@pytest.fixture
def workspace(make_workspace) -> Path:
    """An empty workspace (an organization with no profile and no people)."""
    return make_workspace("ws")


@pytest.fixture(scope="session")
def _sqlite_demo_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo school built once per test session on SQLite, never handed to a test directly."""
    folder = tmp_path_factory.mktemp("demo-original") / "demo"
    cli = build_cli(get_plugin_manager(entry_points=False))
    env = {name: None for name in ("OHS_DATABASE_URL", "OHS_WORKSPACE", "OHS_DISABLE_PLUGINS")}
    env.update({"OHS_USER": "тестировщик", "OHS_TODAY": fixed_test_today()})
    result = CliRunner().invoke(cli, ["init", str(folder), "--demo"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def demo(make_workspace, backend: Backend, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A workspace with the demo school.

    On SQLite it is a copy of one demo built per session (the folder holds the whole database), so
    tests stay independent without rebuilding 45 people's five years of records each time.
    """
    import shutil

    folder = tmp_path / "demo"
    if backend.url is None:
        shutil.copytree(request.getfixturevalue("_sqlite_demo_original"), folder)
        return folder
    # PostgreSQL: a new database copied from the session's demo database (CREATE DATABASE … TEMPLATE).
    original, template = request.getfixturevalue("_pg_demo_original")
    url = request.getfixturevalue("_pg_admin").clone(template)
    shutil.copytree(original, folder)
    toml = folder / "ohs.toml"
    from core.workspace import toml_line

    toml.write_text(re.sub(r'(?m)^url = ".*"$', lambda _: toml_line("url", url), toml.read_text(encoding="utf-8")),
                    encoding="utf-8")
    return folder


class _PgDatabases:
    """Whole databases for the demo on PostgreSQL: one built per session, a copy per test, all dropped at the end."""

    def __init__(self, base: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        from core.storage.db import normalize_url

        self.base = make_url(normalize_url(base))
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def url(self, name: str) -> str:
        """A plain ``postgresql://`` URL of database ``name`` on the same server."""
        return self.base.set(drivername="postgresql", database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); returns its name."""
        import gc

        from sqlalchemy import text

        name = f"ohs_t_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            if template:
                gc.collect()  # engines of finished commands release their pooled connections
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = :db AND pid <> pg_backend_pid()"), {"db": template})
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
            else:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return name

    def clone(self, template: str) -> str:
        """The URL of a fresh copy of ``template``."""
        return self.url(self.create(template))

    def drop_all(self) -> None:
        """Drop every database made here, whoever is still connected."""
        from sqlalchemy import text

        with self.admin.connect() as conn:
            for name in reversed(self.created):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def _pg_admin() -> Iterator[_PgDatabases]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL: задайте {PG_ENV}")
    databases = _PgDatabases(base)
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def _pg_demo_original(_pg_admin: _PgDatabases, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo school built once per session in its own PostgreSQL database (the template of every copy)."""
    name = _pg_admin.create()
    folder = tmp_path_factory.mktemp("pg-demo-original") / "demo"
    cli = build_cli(get_plugin_manager(entry_points=False))
    env = {n: None for n in ("OHS_DATABASE_URL", "OHS_WORKSPACE", "OHS_DISABLE_PLUGINS")}
    result = CliRunner().invoke(cli, ["--db", _pg_admin.url(name), "init", str(folder), "--demo"],
                                env={**env, "OHS_USER": "тестировщик", "OHS_TODAY": fixed_test_today()}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder, name


def docx_text(path: str | Path) -> str:
    """A DOCX's text as a reader sees it: paragraphs, then every table cell, one per line."""
    import docx

    document = docx.Document(str(path))
    return "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for row in t.rows for c in row.cells])


def workspace_db_url(folder: str | Path) -> str:
    """The database URL a workspace uses (its ohs.toml's ``url``, else its own ohs.db), for tests that tamper with rows."""
    from core.storage.db import normalize_url, sqlite_url
    from core.workspace import load_workspace

    url = load_workspace(Path(folder)).database_url
    return normalize_url(url) if url else sqlite_url(Path(folder) / "ohs.db")


@pytest.fixture
def desk_client(pm) -> Callable[..., Any]:
    """``desk_client(folder)``: a Starlette TestClient on ``ohs serve``'s application for that workspace.

    Plugin authors test their ``web_pages`` with it; the form token is in every page (:func:`csrf_of`).
    Server errors are answered as the user would see them (the Russian 500 page), not raised.
    """
    from starlette.testclient import TestClient

    from core.app import App
    from core.web.app import create_app

    clients: list[Any] = []

    def _client(folder: Path, db: str | None = None) -> Any:
        client = TestClient(create_app(App(pm, workspace=str(folder), db=db)), raise_server_exceptions=False)
        clients.append(client)
        return client

    yield _client
    for client in clients:
        client.close()


def csrf_of(html: str) -> str:
    """The form token a desk page carries (the hidden ``csrf`` field)."""
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the page has no form token"
    return match.group(1)


def finished_job(client: Any, response: Any, timeout: float = 120) -> Any:
    """The page of the job a POST started (its 303 to ``/jobs/{id}``), fetched once the job has finished.

    Long work on the desk runs in a thread (:mod:`core.web.jobs`); a test waits for it here instead of
    reloading the page as the browser does.
    """
    location = response.headers.get("location", "")
    assert response.status_code == 303 and location.startswith("/jobs/"), (response.status_code, location)
    client.app.state.desk.job_runner().wait(location.rsplit("/", 1)[1], timeout)
    return client.get(location)


@pytest.fixture
def cheap_hashes() -> Iterator[None]:
    """Argon2 with the smallest parameters for a test that hashes many times (the defaults take 0.15 s a hash)."""
    from argon2 import PasswordHasher

    from core.accounts.passwords import use_hasher

    use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(None)
