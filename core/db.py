"""Engine, sessions and schema upgrades for SQLite (default) and PostgreSQL.

One command is one transaction: ``App.session()`` opens it, the command's services work in it,
and it commits only when the command finished without error.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from core.errors import OhsError

if TYPE_CHECKING:
    import pluggy

#: How long a writer waits for another ``ohs`` process to finish, in seconds
#: (``OHS_SQLITE_BUSY_TIMEOUT`` changes it, for slow shared disks or for tests).
SQLITE_BUSY_TIMEOUT = 30


def busy_timeout() -> float:
    """Seconds a writer waits for a lock held by another process."""
    try:
        return float(os.environ.get("OHS_SQLITE_BUSY_TIMEOUT", SQLITE_BUSY_TIMEOUT))
    except ValueError:
        return SQLITE_BUSY_TIMEOUT


def normalize_url(url: str) -> str:
    """Accept the URLs people paste (``postgresql://``, ``postgres://``) and pick the psycopg 3 driver."""
    url = url.strip()
    if re.match(r"^postgres(ql)?://", url):
        return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)
    return url


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{path}"


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL points to (None for an in-memory database or another backend)."""
    from sqlalchemy.engine import make_url

    if not is_sqlite(url):
        return None
    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


def is_sqlite(url: str) -> bool:
    """True for a SQLite URL."""
    return url.startswith("sqlite")


def make_engine(url: str) -> Engine:
    """An engine configured for safe concurrent use.

    SQLite: WAL so readers never block the writer, foreign keys on, a busy timeout, and write
    transactions started with ``BEGIN IMMEDIATE``. A deferred transaction that reads and then
    writes cannot wait for a concurrent writer in WAL mode (SQLite answers SQLITE_BUSY at once),
    so two ``ohs`` processes writing together would fail; IMMEDIATE makes the second one wait.
    """
    url = normalize_url(url)
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    timeout = busy_timeout()
    engine = create_engine(url, connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from the driver so that "begin" below decides how to begin.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("ohs_readonly"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def readonly(engine: Engine) -> Engine:
    """The same engine, beginning plain read transactions (they do not queue behind writers)."""
    return engine.execution_options(ohs_readonly=True)


def register_all_models(pm: pluggy.PluginManager) -> list[type]:
    """Import every table: core's and each plugin's (``register_models`` hook)."""
    models: list[type] = []
    pm.hook.register_models(register=models.append)
    return models


def describe_url(url: str) -> str:
    """The URL without a password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def database_locked_message() -> str:
    """The Russian message for a database held by another process for too long."""
    return (
        "База данных занята другим процессом дольше "
        f"{busy_timeout():g} с; дождитесь его окончания и повторите команду."
    )


def translate_error(exc: BaseException) -> OhsError | None:
    """A Russian message for a database failure the user can act on, or None."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    if isinstance(exc, OperationalError):
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            return OhsError(database_locked_message())
        return OhsError(f"Не удалось работать с базой данных: {exc.orig}.")
    if isinstance(exc, IntegrityError):
        return OhsError(f"Запись нарушает целостность данных и не сохранена: {exc.orig}.")
    return None


def env_database_url() -> str | None:
    """``OHS_DATABASE_URL`` if set."""
    return os.environ.get("OHS_DATABASE_URL") or None
