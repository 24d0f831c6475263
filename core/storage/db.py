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


#: The databases ohs-toolkit is built and tested for (SQLAlchemy backend names).
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def check_url(url: str) -> str:
    """``url`` if it is a database address ohs can use, else an ``OhsError`` naming it (password hidden)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError as exc:
        raise OhsError(
            f"Адрес базы данных «{describe_url(url)}» не читается; пишите его как sqlite:///путь/к/файлу.db "
            "или postgresql://пользователь@сервер/база."
        ) from exc
    if backend not in SUPPORTED_BACKENDS:
        raise OhsError(
            f"База данных «{backend}» ({describe_url(url)}) не поддерживается: ohs-toolkit работает с SQLite "
            "(sqlite:///путь/к/файлу.db) и PostgreSQL (postgresql://пользователь@сервер/база)."
        )
    if backend == "postgresql":
        import importlib.util

        if importlib.util.find_spec("psycopg") is None:
            raise OhsError(
                "Для PostgreSQL нужен драйвер psycopg: установите его командой «pip install 'ohs-toolkit[postgres]'»."
            )
    return url


#: Connections a server's pool may open beyond its size (see :func:`make_engine`): a margin for a thread that holds
#: two sessions at once, so it is never left waiting for a connection that only it could give back.
POOL_OVERFLOW = 10


def make_engine(url: str, pool_size: int | None = None) -> Engine:
    """An engine configured for safe concurrent use.

    ``pool_size``: the connections a PostgreSQL pool keeps (SQLAlchemy's default 5, plus 10 on demand, when not
    given — plenty for a command, which holds one). ``ohs serve`` passes one per thread that may hold a
    transaction (core.web.server), because a thread that finds every connection taken waits, and after
    SQLAlchemy's 30 s fails the request: with the default 15 and 50 users the pool was always exhausted.

    SQLite: WAL so readers never block the writer, foreign keys on, a busy timeout, and write
    transactions started with ``BEGIN IMMEDIATE``. A deferred transaction that reads and then
    writes cannot wait for a concurrent writer in WAL mode (SQLite answers SQLITE_BUSY at once),
    so two ``ohs`` processes writing together would fail; IMMEDIATE makes the second one wait.
    """
    url = check_url(normalize_url(url))
    # hide_parameters: SQLAlchemy puts a statement's parameters (names, СНИЛС) into its exception
    # text; keep them out of every message and log, the handler's Russian sentence being the first line.
    if not is_sqlite(url):
        sizing = {"pool_size": pool_size, "max_overflow": POOL_OVERFLOW} if pool_size else {}
        return create_engine(url, pool_pre_ping=True, hide_parameters=True, **sizing)
    timeout = busy_timeout()
    engine = create_engine(url, connect_args={"timeout": timeout}, hide_parameters=True)

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
    """The URL for messages, its password masked (SQLAlchemy's own rendering; a SQLite path as typed)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        # Not a URL at all: still never show what may be a password.
        return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
    if parsed.password is None:
        return url
    return parsed.render_as_string(hide_password=True)


def database_locked_message() -> str:
    """The Russian message for a database held by another process for too long."""
    return (
        "База данных занята другим процессом дольше "
        f"{busy_timeout():g} с; дождитесь его окончания и повторите команду."
    )


def translate_error(exc: BaseException, url: str | None = None) -> OhsError | None:
    """A Russian sentence for a database failure, or None when ``exc`` is not SQLAlchemy's.

    SQLAlchemy's exception text carries the statement and its parameters (people's names, СНИЛС),
    so it is never shown: the sentence is built from the kind of failure and, for constraint
    violations, the table and column only. ``--debug`` shows the full report to whoever needs it.
    """
    from core.storage.db_errors import database_error_message

    return database_error_message(exc, url)


def env_database_url() -> str | None:
    """``OHS_DATABASE_URL`` if set."""
    return os.environ.get("OHS_DATABASE_URL") or None
