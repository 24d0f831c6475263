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

MIGRATIONS_DIR = Path(__file__).parent.parent / "migrations"
VERSION_TABLE = "alembic_version"
#: The PostgreSQL advisory lock that serializes upgrades of a shared database (and setting up its row security).
MIGRATION_LOCK = 7243001


def migration_locations(pm: pluggy.PluginManager) -> list[Path]:
    """Every plugin's revision folder (core's own comes through ``core.builtin_hooks``)."""
    dirs = [Path(d) for batch in pm.hook.migration_dirs() for d in batch or ()]
    return sorted(set(dirs), key=str)


def alembic_config(pm: pluggy.PluginManager, connection: Connection | None = None) -> Config:
    """An Alembic configuration built in code: no alembic.ini to ship or to find."""
    from alembic.config import Config
    from sqlmodel import SQLModel

    from core.storage.db import register_all_models

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


def _literal_assignments(path: Path) -> dict[str, object]:
    """Module-level ``revision``/``down_revision`` literals of one revision file (no import)."""
    import ast

    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target = value = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            target, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            target, value = node.target.id, node.value
        if target in ("revision", "down_revision"):
            found[target] = ast.literal_eval(value)
    return found


def quick_heads(pm: pluggy.PluginManager) -> set[str] | None:
    """The heads read from the revision files' literals, without importing Alembic or the models.

    Why: every command checks the schema first, and Alembic's script directory imports every
    revision and every model (about a second on a loaded machine). When this quick answer equals the
    database's revisions nothing needs doing; any file it cannot read makes it return None and the
    caller asks Alembic.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        for folder in migration_locations(pm):
            for path in folder.glob("*.py"):
                found = _literal_assignments(path)
                if "revision" not in found:
                    return None
                revisions.add(str(found["revision"]))
                down = found.get("down_revision")
                parents.update([down] if isinstance(down, str) else list(down or ()))
    except (OSError, SyntaxError, ValueError):
        return None
    return revisions - parents


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


def disabled_revisions(revisions: set[str]) -> set[str]:
    """The revisions among ``revisions`` that belong to a plugin switched off by ``OHS_DISABLE_PLUGINS``.

    Why: a plugin's branch is named after it (``ppe_0002`` is on the ``ppe`` branch, DESIGN.md), and a
    database keeps the revisions of a plugin that was on when the database was last upgraded. With the
    plugin switched off its revision files are not loaded, so those revisions would look like the work
    of a newer ohs-toolkit and every command would be refused; its tables simply stay unused instead.
    """
    from core.plugins import disabled_plugins

    names = {name.rsplit(".", 1)[-1] for name in disabled_plugins()}
    return {rev for rev in revisions if rev.rpartition("_")[0] in names}


def upgrade(connection: Connection, pm: pluggy.PluginManager, target: str = "heads") -> None:
    """Upgrade the database on ``connection`` (inside the caller's transaction) to ``target``."""
    from alembic import command

    command.upgrade(alembic_config(pm, connection), target)


def ensure_schema(engine: Engine, pm: pluggy.PluginManager) -> None:
    """Bring the database to the newest schema of every installed plugin, never losing a row."""
    from core.storage.db import readonly

    with readonly(engine).connect() as conn:
        current = database_revisions(conn)
        conn.rollback()
    # Revisions of a switched-off plugin: its tables stay as they are, unused, until it is switched on again.
    dormant = disabled_revisions(current)
    current -= dormant
    if current and current == quick_heads(pm):
        return
    heads = script_heads(pm)
    if current == heads:
        return
    _check_known(pm, current - heads)
    if dormant:
        plugins = ", ".join(sorted({rev.rpartition("_")[0] for rev in dormant}))
        raise SchemaError(f"Схему базы данных нужно обновить, а в ней есть таблицы отключённых плагинов ({plugins}); "
                          "включите их на время обновления (уберите из OHS_DISABLE_PLUGINS) и повторите команду.")
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Serialize concurrent upgrades of a shared district database.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        if database_revisions(conn) != heads:
            _upgrade_keeping_row_security(conn, pm)


def _upgrade_keeping_row_security(conn: Connection, pm: pluggy.PluginManager) -> None:
    """Upgrade; on a server's database lift the org_id policies for it and set them again, in the same transaction.

    Why: PostgreSQL refuses to change the type of a column a policy uses, and new tables need the policy
    at once; row security stays enabled in between, so nothing is ever open (core.storage.row_security).
    """
    from core.storage import row_security

    secured = conn.dialect.name == "postgresql" and row_security.row_security_installed(conn)
    if secured:
        row_security.drop_policies(conn)
    upgrade(conn, pm)
    if secured:
        row_security.secure_tables(conn)
