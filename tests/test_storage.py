"""Workspace and storage: init, migrations that keep every row, audit, transactions, concurrency."""

import datetime
import json
import sqlite3
import subprocess
import sys
import time

import pytest
import sqlalchemy.exc
from sqlalchemy import inspect, text

from core.storage.db import make_engine, normalize_url, sqlite_url
from core.hookspecs import hookimpl
from core.storage.migrate import database_revisions, ensure_schema, quick_heads, script_heads, upgrade


def ohs(*args, env=None, cwd=None):
    """Run ohs as a user would, in a separate process."""
    return subprocess.run([sys.executable, "-m", "core", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=cwd)


def test_init_creates_the_workspace(invoke, tmp_path):
    result = invoke("init", tmp_path / "ws")
    assert result.exit_code == 0, result.output
    for name in ("ohs.toml", "ohs.db", "templates", "out", "files"):
        assert (tmp_path / "ws" / name).exists(), name
    assert "[organization]" in (tmp_path / "ws" / "ohs.toml").read_text(encoding="utf-8")


def test_init_refuses_an_existing_workspace(invoke, workspace):
    before = (workspace / "ohs.toml").read_bytes()
    result = invoke("init", workspace)
    assert result.exit_code == 1
    assert "не будет перезаписана" in result.stderr
    assert (workspace / "ohs.toml").read_bytes() == before


def test_failed_init_leaves_nothing_behind(invoke, tmp_path):
    target = tmp_path / "broken"
    result = invoke("--db", "postgresql://nobody@127.0.0.1:1/none", "init", target)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not target.exists()


def test_missing_workspace_is_a_clear_error(invoke, tmp_path):
    result = invoke("-w", tmp_path / "nowhere", "people", "list")
    assert result.exit_code == 1
    assert "Рабочей папки" in result.stderr and "ohs init" in result.stderr


def test_workspaces_can_share_one_sqlite_file(invoke, tmp_path):
    """A second organization kept in the first workspace's file: the URL in ohs.toml is the database."""
    first, second = tmp_path / "first", tmp_path / "second"
    assert invoke("init", first).exit_code == 0
    shared = f"sqlite:///{first / 'ohs.db'}"
    assert invoke("--db", shared, "init", second, "--org", "second").exit_code == 0
    assert invoke("-w", second, "org", "set", "name=Вторая организация").exit_code == 0
    assert "Вторая организация" in invoke("-w", second, "org", "show").output
    assert not (second / "ohs.db").exists()
    for name in ("ohs.db", "ohs.db-wal", "ohs.db-shm"):
        (first / name).unlink(missing_ok=True)
    gone = invoke("-w", second, "org", "show")
    assert gone.exit_code == 1 and str(first / "ohs.db") in gone.output and not (first / "ohs.db").exists()


def test_workspace_is_found_from_a_subfolder_and_from_the_environment(workspace, monkeypatch, invoke):
    sub = workspace / "out" / "deep"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert invoke("people", "list", "--json").output.strip() == "[]"
    monkeypatch.chdir(workspace.parent.parent)
    assert invoke("people", "list", "--json", env={"OHS_WORKSPACE": str(workspace)}).output.strip() == "[]"


def _first_revision_db(url, pm):
    """A database at the first core revision, as an early release left it, with rows in it."""
    engine = make_engine(url)
    with engine.begin() as conn:
        upgrade(conn, pm, target="core_0001")
        conn.execute(text(
            "INSERT INTO core_organization (id, key, name, short_name, legal_address, municipality, phone, email,"
            " website, created_at) VALUES (1, 'old', 'Старая организация', '', '', '', '', '', '', :now)"),
            {"now": datetime.datetime(2025, 1, 1)})
        conn.execute(text("INSERT INTO core_department (id, org_id, name) VALUES (1, 1, 'Цех')"))
        for i in range(1, 51):
            conn.execute(text(
                "INSERT INTO core_person (org_id, surname, name, position, department_id, hired_on, snils,"
                " osh_role, created_at) VALUES (1, :s, 'Иван', 'Слесарь', 1, :h, NULL, 'none', :now)"),
                {"s": f"Работник{i}", "h": datetime.date(2020, 1, 1), "now": datetime.datetime(2025, 1, 1)})
        conn.execute(text(
            "INSERT INTO core_audit (org_id, at, actor, action, entity, details) VALUES (1, :now, 'x', 'a', 'b', '{}')"),
            {"now": datetime.datetime(2025, 1, 1)})
    return engine


def _url(backend, tmp_path):
    return normalize_url(backend.url) if backend.url else sqlite_url(tmp_path / "old.db")


def test_upgrade_from_the_first_revision_keeps_every_row(backend, tmp_path, pm):
    url = _url(backend, tmp_path)
    engine = _first_revision_db(url, pm)
    with engine.connect() as conn:
        assert database_revisions(conn) == {"core_0001"}
    ensure_schema(engine, pm)
    with engine.connect() as conn:
        assert database_revisions(conn) == script_heads(pm)
        people = conn.execute(text("SELECT surname, gender, email FROM core_person ORDER BY id")).all()
        assert [p[0] for p in people] == [f"Работник{i}" for i in range(1, 51)]
        assert all(p[1] is None and p[2] is None for p in people)  # the new columns, empty
        assert conn.execute(text("SELECT name FROM core_organization")).scalar() == "Старая организация"
        assert conn.execute(text("SELECT count(*) FROM core_audit")).scalar() == 1
        assert inspect(conn).has_table("core_org_role")


def test_migrations_match_the_models(backend, tmp_path, pm):
    """After upgrading, the schema is exactly what the models describe (no forgotten migration)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from core.storage.db import register_all_models

    engine = make_engine(_url(backend, tmp_path))
    ensure_schema(engine, pm)
    ours = {m.__table__.name for m in register_all_models(pm)}
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "include_object": lambda obj, name, kind, reflected, compare_to: (
                kind != "table" or name in ours) and getattr(obj, "table", obj).name in ours | {"alembic_version"},
        })
        diff = [d for d in compare_metadata(ctx, SQLModel.metadata) if not (d[0] == "remove_table" and d[1].name == "alembic_version")]
    assert diff == []


def _workspace_engine(workspace, backend):
    return make_engine(normalize_url(backend.url) if backend.url else sqlite_url(workspace / "ohs.db"))


def test_quick_heads_agree_with_alembic(pm, register, tmp_path):
    """The fast schema check reads the same heads Alembic computes, also for annotated and merge revisions."""
    assert quick_heads(pm) == script_heads(pm)
    folder = tmp_path / "third_party"
    folder.mkdir()
    (folder / "tp_0001.py").write_text('revision: str = "tp_0001"\ndown_revision: str | None = None\n'
                                       'branch_labels = ("tp",)\ndepends_on = "core_0001"\n', encoding="utf-8")
    (folder / "tp_0002.py").write_text("revision = 'tp_0002'\ndown_revision = 'tp_0001'\n", encoding="utf-8")
    (folder / "tp_0003.py").write_text("revision = 'tp_0003'\ndown_revision = 'tp_0001'\n", encoding="utf-8")
    (folder / "tp_0004.py").write_text("revision = 'tp_0004'\ndown_revision = ('tp_0002', 'tp_0003')\n",
                                       encoding="utf-8")

    class ThirdParty:
        @hookimpl
        def migration_dirs(self):
            return [folder]

    register(ThirdParty())
    assert "tp_0004" in quick_heads(pm) and quick_heads(pm) == script_heads(pm)
    (folder / "tp_0005.py").write_text("revision = make_id()\n", encoding="utf-8")
    assert quick_heads(pm) is None  # not a literal: the caller falls back to Alembic


def test_a_newer_schema_is_refused(invoke, workspace, backend):
    with _workspace_engine(workspace, backend).begin() as conn:
        conn.execute(text("INSERT INTO alembic_version VALUES ('core_9999')"))
    result = invoke("-w", workspace, "people", "list")
    assert result.exit_code == 1
    assert "более новой версией" in result.stderr


def test_every_change_is_audited(invoke, workspace):
    from core.audit import entries
    from core.app import App
    from core.plugins import get_plugin_manager

    invoke("-w", workspace, "people", "add", "Петров Пётр Петрович", "--position", "Сторож", "--hired-on", "2024-01-10")
    invoke("-w", workspace, "org", "set", "short_name=ООО «Ромашка»")
    app = App(get_plugin_manager(entry_points=False), workspace=str(workspace))
    with app.session(write=False) as session:
        log = entries(session, app.org(session))
    actions = [e.action for e in log]
    assert actions[:3] == ["org.set", "people.add", "org.create"]
    assert all(e.actor == "тестировщик" for e in log)
    assert json.loads(log[1].details)["full_name"] == "Петров Пётр Петрович"


def test_a_command_that_fails_midway_writes_nothing(invoke, workspace, monkeypatch, tmp_path):
    csv = tmp_path / "staff.csv"
    csv.write_text("ФИО;Должность;Дата приема\nИванов Иван Иванович;Сторож;01.02.2020\n"
                   "Сидорова Анна Петровна;Бухгалтер;03.03.2021\n", encoding="utf-8")

    def boom(*args, **kwargs):
        raise RuntimeError("сбой после вставки")

    monkeypatch.setattr("core.audit.audit", boom)
    result = invoke("-w", workspace, "people", "import", csv)
    assert result.exit_code == 1 and "непредвиденный сбой" in result.stderr and "Traceback" not in result.output
    monkeypatch.undo()
    assert invoke("-w", workspace, "people", "list", "--json", "--all").output.strip() == "[]"


def test_two_processes_writing_at_once_both_succeed(tmp_path):
    assert ohs("init", tmp_path / "ws").returncode == 0
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "core", "-w", str(tmp_path / "ws"), "people", "add", f"Работник{i} Иван",
             "--position", "Сторож", "--hired-on", "2024-01-10"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(6)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, results
    listing = json.loads(ohs("-w", tmp_path / "ws", "people", "list", "--json").stdout)
    assert sorted(p["surname"] for p in listing) == sorted(f"Работник{i}" for i in range(6))


def test_a_locked_database_is_reported_and_nothing_changes(tmp_path):
    import os

    assert ohs("init", tmp_path / "ws").returncode == 0
    holder = sqlite3.connect(tmp_path / "ws" / "ohs.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        env = {**os.environ, "OHS_SQLITE_BUSY_TIMEOUT": "0.5"}
        started = time.monotonic()
        result = ohs("-w", tmp_path / "ws", "people", "add", "Иванов Иван", "--position", "Сторож",
                     "--hired-on", "2024-01-10", env=env)
        assert result.returncode == 1
        assert "База данных занята" in result.stderr and "Traceback" not in result.stderr
        assert time.monotonic() - started < 20
    finally:
        holder.rollback()
        holder.close()
    assert json.loads(ohs("-w", tmp_path / "ws", "people", "list", "--json").stdout) == []


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_sqlite_runs_in_wal_mode_with_foreign_keys(workspace, pm):
    engine = make_engine(sqlite_url(workspace / "ohs.db"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with pytest.raises(sqlalchemy.exc.IntegrityError):
            conn.exec_driver_sql("INSERT INTO core_department (org_id, name) VALUES (999, 'x')")


def test_postgresql_urls_are_accepted_as_people_paste_them():
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgresql://u:p@h:5432/db") == "postgresql+psycopg://u:p@h:5432/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_db_status_names_the_database(invoke, workspace, backend):
    data = json.loads(invoke("-w", workspace, "db", "status", "--json").output)
    assert data["url"].endswith("ohs.db") if backend.name == "sqlite" else data["url"].startswith("postgresql")
    assert data["revisions"] == data["heads"] and any(r.startswith("core_") for r in data["revisions"])


def test_every_table_belongs_to_an_organization(pm):
    """One database may hold a district: every table but the organization's own and the server's accounts
    (core.accounts.models.SERVER_TABLES: a district officer's account has no organization) carries org_id."""
    from core.accounts.models import SERVER_TABLES
    from core.storage.db import register_all_models

    tables = {m.__table__.name: m.__table__ for m in register_all_models(pm)}
    assert len(tables) > 10
    assert SERVER_TABLES == {"core_account", "core_login_session", "core_login_failure", "core_account_event"}
    for name, table in tables.items():
        if name == "core_organization" or name in SERVER_TABLES:
            continue
        assert "org_id" in table.c, f"{name} has no org_id"
        assert any(fk.column.table.name == "core_organization" for fk in table.c.org_id.foreign_keys), name
