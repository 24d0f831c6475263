"""pytest fixtures for ohs-toolkit and its plugins: a fresh plugin manager, a CLI runner, workspaces.

Third-party plugins use them with ``pytest_plugins = ["core.testing"]`` in their conftest.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from core.cli import build_cli
from core.plugins import get_plugin_manager

#: Where the storage tests also run when set (``postgresql://user@host:port/db``).
PG_ENV = "OHS_TEST_DATABASE_URL"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's workspace, database or plugin settings."""
    for name in ("OHS_DATABASE_URL", "OHS_WORKSPACE", "OHS_DISABLE_PLUGINS", "OHS_TRACE_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OHS_USER", "тестировщик")
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

    from core.db import normalize_url

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


@pytest.fixture
def demo(make_workspace) -> Path:
    """A workspace with the demo school."""
    return make_workspace("demo", "--demo")


def docx_text(path: str | Path) -> str:
    """A DOCX's text as a reader sees it: paragraphs, then every table cell, one per line."""
    import docx

    document = docx.Document(str(path))
    return "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for row in t.rows for c in row.cells])
