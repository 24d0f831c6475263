"""Alembic migrations: one branch per plugin, applied automatically before a database is used.

``ensure_schema`` is cheap when the database is current (it compares revision ids) and, when it
is not, upgrades inside one write transaction, so two processes starting together do not both
try to create the same tables.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from core.errors import SchemaError

if TYPE_CHECKING:
    import pluggy
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version"


def migration_locations(pm: pluggy.PluginManager) -> list[Path]:
    """Every plugin's revision folder (core's own comes through ``core.builtin_hooks``)."""
    dirs = [Path(d) for batch in pm.hook.migration_dirs() for d in batch or ()]
    return sorted(set(dirs), key=str)


def alembic_config(pm: pluggy.PluginManager, connection: Connection | None = None) -> Config:
    """An Alembic configuration built in code: no alembic.ini to ship or to find."""
    from alembic.config import Config
    from sqlmodel import SQLModel

    from core.db import register_all_models

    register_all_models(pm)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(str(d) for d in migration_locations(pm)))
    cfg.attributes["connection"] = connection
    cfg.attributes["target_metadata"] = SQLModel.metadata
    return cfg


def script_heads(pm: pluggy.PluginManager) -> set[str]:
    """The newest revision of every branch known to this installation."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config(pm)).get_heads())


def database_revisions(connection: Connection) -> set[str]:
    """The revisions recorded in the database (empty for a new database)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return set()
    return {row[0] for row in connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))}


def _check_known(pm: pluggy.PluginManager, revisions: set[str]) -> None:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(alembic_config(pm))
    for rev in revisions:
        try:
            script.get_revision(rev)
        except (CommandError, KeyError) as exc:
            raise SchemaError(
                f"База данных записана более новой версией ohs-toolkit (ревизия схемы {rev} "
                "здесь неизвестна); обновите программу или подключите её плагины."
            ) from exc


def upgrade(connection: Connection, pm: pluggy.PluginManager, target: str = "heads") -> None:
    """Upgrade the database on ``connection`` (inside the caller's transaction) to ``target``."""
    from alembic import command

    command.upgrade(alembic_config(pm, connection), target)


def ensure_schema(engine: Engine, pm: pluggy.PluginManager) -> None:
    """Bring the database to the newest schema of every installed plugin, never losing a row."""
    from core.db import readonly

    heads = script_heads(pm)
    with readonly(engine).connect() as conn:
        current = database_revisions(conn)
        conn.rollback()
    if current == heads:
        return
    _check_known(pm, current - heads)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Serialize concurrent upgrades of a shared district database.
            conn.execute(text("SELECT pg_advisory_xact_lock(7243001)"))
        if database_revisions(conn) != heads:
            upgrade(conn, pm)
