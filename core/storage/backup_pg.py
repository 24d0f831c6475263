"""PostgreSQL for ``ohs backup``/``ohs restore``: ``pg_dump --format=custom`` and ``pg_restore``.

Why the PostgreSQL client tools and not a copy made by the toolkit: they know every object type,
dump one consistent snapshot while others write, and their custom format is what a database
administrator of the district can restore without ohs. A district database holds several
organizations and their rows are tied by foreign keys, so the whole database is dumped (the
manifest and the output say so), and a restore goes into an empty database.

The counts written to the manifest are taken in the very snapshot that ``pg_dump`` copies
(``pg_export_snapshot`` in a REPEATABLE READ transaction, ``pg_dump --snapshot``), so a restore can
compare them exactly even though other users kept writing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from glob import glob
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from core.app import App
    from core.storage.backup import Counts

SYSTEM_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"


def tool_major(path: str) -> int | None:
    """The major version of a PostgreSQL client program (``pg_dump (PostgreSQL) 15.20`` → 15)."""
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\)\s*(\d+)", out) or re.search(r"(\d+)\.\d+", out)
    return int(found.group(1)) if found else None


def find_tool(name: str, server_major: int) -> str:
    """The newest ``name`` (pg_dump, pg_restore) on this machine; its major version must not be older than the server's.

    Looks in ``OHS_PG_BIN``, on PATH and in Debian's ``/usr/lib/postgresql/*/bin``.
    """
    candidates = []
    if os.environ.get("OHS_PG_BIN"):
        candidates.append(str(Path(os.environ["OHS_PG_BIN"]) / name))
    if shutil.which(name):
        candidates.append(str(shutil.which(name)))
    candidates += glob(f"/usr/lib/postgresql/*/bin/{name}")
    versions = [(major, path) for path in dict.fromkeys(candidates)
                if os.access(path, os.X_OK) and (major := tool_major(path)) is not None]
    if not versions:
        raise OhsError(f"Программа {name} не найдена; установите клиент PostgreSQL версии {server_major} или новее "
                       f"(в Debian: apt install postgresql-client-{server_major}) или укажите папку OHS_PG_BIN.")
    major, path = max(versions)
    if major < server_major:
        raise OhsError(f"{name} версии {major} старше сервера PostgreSQL {server_major} и не сделает полную копию; "
                       f"установите клиент PostgreSQL {server_major} или новее (postgresql-client-{server_major}).")
    return path


def libpq_target(url: str) -> tuple[str, dict[str, str]]:
    """A ``postgresql://`` URL for the client tools without the password, and the environment carrying it.

    Why: a password on the command line is visible to every user of the machine in the process list.
    """
    from sqlalchemy.engine import make_url

    from core.storage.db import normalize_url

    parsed = make_url(normalize_url(url))
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return plain, env


def _server_major(conn: Any) -> int:
    from sqlalchemy import text

    return int(conn.execute(text("SHOW server_version_num")).scalar()) // 10000


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        reason = next((line for line in result.stderr.splitlines() if line.strip()), f"код {result.returncode}")
        raise OhsError(f"{what} не удалось: {reason.strip()}.")


def dump_database(app: App, target: Path) -> tuple[dict[str, Any], Counts]:
    """``pg_dump`` the workspace's database into ``target``; the manifest's database part and the counts."""
    from sqlalchemy import text
    from sqlmodel import Session

    from core.storage.backup import PG_MEMBER, workspace_counts
    from core.storage.migrate import database_revisions

    url, env = libpq_target(app.database_url)
    with app.engine.connect() as conn:
        conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            server = _server_major(conn)
            pg_dump = find_tool("pg_dump", server)
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar()
            orgs = [{"key": k, "name": n} for k, n in
                    conn.execute(text("SELECT key, name FROM core_organization ORDER BY key"))]
            with Session(bind=conn) as session:
                org = app.org(session)
                counts = workspace_counts(session, org, app.pm, files=0)
                own = {"key": org.key, "name": org.name}
            revisions = sorted(database_revisions(conn))
            # The exporting transaction must stay open while pg_dump reads its snapshot.
            _run([pg_dump, "--format=custom", f"--file={target}", f"--snapshot={snapshot}", "--no-password",
                  f"--dbname={url}"], env, "Копирование базы PostgreSQL (pg_dump)")
    facts = {"organization": own, "kind": "postgresql", "file": PG_MEMBER, "scope": "database",
             "server_major": server, "organizations": orgs, "revisions": revisions}
    return facts, counts


def restore_database(dump: Path, target_url: str) -> RestoredDatabase:
    """``pg_restore`` ``dump`` into the empty database ``target_url``; returns what undoes it on a later failure."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    from core.storage.db import describe_url, normalize_url

    engine = create_engine(normalize_url(target_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            server = _server_major(conn)
            used = conn.execute(text(f"SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                     f"WHERE {SYSTEM_SCHEMAS}")).scalar()
            schemas_before = set(conn.execute(
                text(f"SELECT n.nspname FROM pg_namespace n WHERE {SYSTEM_SCHEMAS}")).scalars())
    except SQLAlchemyError as exc:
        engine.dispose()
        raise OhsError(f"Не удалось подключиться к базе {describe_url(target_url)}: {getattr(exc, 'orig', exc)}; "
                       "проверьте адрес --db.") from exc
    if used:
        engine.dispose()
        raise OhsError(f"База {describe_url(target_url)} не пуста; восстановление идёт только в пустую базу "
                       "(создайте её: CREATE DATABASE …).")
    pg_restore = find_tool("pg_restore", server)
    url, env = libpq_target(target_url)
    try:
        _ensure_policy_role(engine, pg_restore, dump, env)
        _run([pg_restore, "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges", "--no-password",
              f"--dbname={url}", str(dump)], env, "Восстановление базы PostgreSQL (pg_restore)")
    except BaseException:
        engine.dispose()
        raise

    return RestoredDatabase(engine, schemas_before)


def _ensure_policy_role(engine: Any, pg_restore: str, dump: Path, env: dict[str, str]) -> None:
    """Create the tenant role a district server's dump names in its row-security policies, if this cluster lacks it.

    Why: ``--no-privileges`` leaves out the grants, but a policy is restored as it is, and ``CREATE POLICY … TO
    ohs_tenant`` fails in a cluster without that role (roles are not in a database's dump).
    """
    from sqlalchemy.exc import SQLAlchemyError

    from core.storage.row_security import POLICY, TENANT_ROLE, ensure_tenant_role

    listing = subprocess.run([pg_restore, "--list", str(dump)], env=env, capture_output=True, text=True, check=False)
    if not any(" POLICY " in line and POLICY in line for line in listing.stdout.splitlines()
               if not line.startswith(";")):
        return
    try:
        with engine.connect() as conn:
            ensure_tenant_role(conn)
    except SQLAlchemyError as exc:
        raise OhsError(f"В копии базы есть правила разделения организаций для роли {TENANT_ROLE}, а создать её "
                       f"на этом сервере не удалось ({getattr(exc, 'orig', exc)}); создайте её администратором "
                       f"PostgreSQL: CREATE ROLE {TENANT_ROLE} NOLOGIN.") from exc


class RestoredDatabase:
    """A database just filled by ``pg_restore``: ``undo()`` empties it again, ``close()`` keeps it."""

    def __init__(self, engine: Any, schemas_before: set[str]) -> None:
        self.engine = engine
        self.schemas_before = schemas_before

    def undo(self) -> None:
        """Empty the target again: it was empty before, so everything in it now came from the dump."""
        from sqlalchemy import text

        try:
            with self.engine.connect() as conn:
                schemas = set(conn.execute(text(f"SELECT n.nspname FROM pg_namespace n WHERE {SYSTEM_SCHEMAS}")).scalars())
                for schema in sorted(schemas - self.schemas_before):
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                rows = conn.execute(text(
                    "SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    f"WHERE {SYSTEM_SCHEMAS} AND c.relkind IN ('r', 'p', 'v', 'm', 'f')")).all()
                kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "f": "FOREIGN TABLE"}
                for schema, name, kind in rows:
                    conn.execute(text(f'DROP {kinds[kind]} IF EXISTS "{schema}"."{name}" CASCADE'))
                for schema, name in conn.execute(text(
                        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        f"WHERE {SYSTEM_SCHEMAS} AND c.relkind = 'S'")).all():
                    conn.execute(text(f'DROP SEQUENCE IF EXISTS "{schema}"."{name}" CASCADE'))
        finally:
            self.engine.dispose()

    def close(self) -> None:
        """Keep the restored database; release the connections."""
        self.engine.dispose()
