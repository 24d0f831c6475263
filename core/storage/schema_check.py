"""Compare the live database schema with the tables the installed models need.

The revision ids in ``alembic_version`` say which migrations ran, not what they created: a released
migration edited in place leaves databases "current" yet without tables. ``ohs db status`` therefore
reads the schema itself (SQLAlchemy's inspector) and names every table and column the models need
that the database lacks. Types are compared by family only (integer, text, date…): the exact
spelling of a type differs between SQLite and PostgreSQL and would give false alarms.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    import pluggy
    from sqlalchemy.engine import Connection

#: Type families in the order they are tried (DateTime before Date: neither subclasses the other,
#: but keep the order explicit). A type outside every family is not compared.
_FAMILIES: tuple[tuple[str, type], ...] = (
    ("логический", sa.Boolean),
    ("целое число", sa.Integer),
    ("число", sa.Numeric),
    ("дата и время", sa.DateTime),
    ("дата", sa.Date),
    ("время", sa.Time),
    ("текст", sa.String),
    ("двоичные данные", sa.LargeBinary),
)


@dataclass(frozen=True)
class SchemaDifference:
    """One way the database differs from the models: ``kind`` is a stable key, ``text`` is Russian."""

    kind: str
    table: str
    column: str | None
    text: str

    def to_json(self) -> dict[str, str | None]:
        """A JSON-ready dict."""
        return asdict(self)


def _family(type_: sa.types.TypeEngine[Any]) -> str | None:
    for name, cls in _FAMILIES:
        if isinstance(type_, cls):
            return name
    return None


def _model_type(column: sa.Column[Any]) -> sa.types.TypeEngine[Any]:
    # TypeDecorators (sqlmodel's AutoString) stand for the type they store.
    type_ = column.type
    return type_.impl_instance if isinstance(type_, sa.types.TypeDecorator) else type_


def compare_schema(connection: Connection, metadata: sa.MetaData) -> list[SchemaDifference]:
    """Every table, column, nullability and type-family difference between ``metadata`` and the database."""
    inspector = sa.inspect(connection)
    existing = set(inspector.get_table_names())
    found: list[SchemaDifference] = []
    for table in sorted(metadata.sorted_tables, key=lambda t: t.name):
        if table.name not in existing:
            found.append(SchemaDifference("missing_table", table.name, None,
                                          f"нет таблицы {table.name}"))
            continue
        live = {col["name"]: col for col in inspector.get_columns(table.name)}
        for column in table.columns:
            col = live.get(column.name)
            if col is None:
                found.append(SchemaDifference("missing_column", table.name, column.name,
                                              f"в таблице {table.name} нет столбца {column.name}"))
                continue
            if not column.primary_key and not column.nullable and col["nullable"]:
                found.append(SchemaDifference(
                    "nullable", table.name, column.name,
                    f"столбец {table.name}.{column.name} допускает пустые значения, а должен быть обязательным"))
            want, have = _family(_model_type(column)), _family(col["type"])
            if want and have and want != have:
                found.append(SchemaDifference(
                    "type", table.name, column.name,
                    f"столбец {table.name}.{column.name} имеет тип «{have}», а должен — «{want}»"))
    return found


def model_metadata(pm: pluggy.PluginManager) -> sa.MetaData:
    """The metadata of every installed model (core's and each plugin's)."""
    from sqlmodel import SQLModel

    from core.storage.db import register_all_models

    register_all_models(pm)
    return SQLModel.metadata
