"""Repair revisions: create what an earlier revision should have created, only where it is missing.

Why this exists: some released revisions were edited after databases had already run them (empty
placeholder revisions filled in later, a column added to a revision in place). Such databases carry
the right revision ids but lack tables or columns. A repair revision states the schema the edited
revisions produce today and, reading the live schema, creates only what is absent, so it is safe on
every database: old, repaired, or created fresh.

Used from inside a migration (``op`` is Alembic's operations proxy of the running revision). Released
revisions import it, so its behaviour must stay as it is: extend it, never change what it does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from core.errors import SchemaError


@dataclass(frozen=True)
class TableSpec:
    """A table as a revision creates it.

    ``columns`` builds fresh ``Column``/constraint objects each call (a column belongs to one table);
    ``indexes`` are (name, columns) pairs; ``fills`` gives, for a NOT NULL column that may have to be
    added to a table with rows, the SQL ``UPDATE`` that sets it from the data the rows already hold.
    """

    name: str
    columns: Callable[[], Sequence[Any]]
    indexes: Sequence[tuple[str, Sequence[str]]] = ()
    fills: dict[str, str] = field(default_factory=dict)


def ensure_tables(op: Any, specs: Sequence[TableSpec]) -> list[str]:
    """Create each missing table, column and index of ``specs``; returns what was done (for logs and tests)."""
    done: list[str] = []
    for spec in specs:
        done.extend(_ensure_table(op, spec))
    return done


def _inspector(op: Any) -> sa.Inspector:
    # A fresh inspector each time: an inspector caches what it has read, and the schema changes here.
    inspector: sa.Inspector = sa.inspect(op.get_bind())
    return inspector


def _ensure_table(op: Any, spec: TableSpec) -> list[str]:
    inspector = _inspector(op)
    if not inspector.has_table(spec.name):
        op.create_table(spec.name, *spec.columns())
        for name, columns in spec.indexes:
            op.create_index(name, spec.name, list(columns))
        return [f"table {spec.name}"]
    done: list[str] = []
    live = {col["name"] for col in inspector.get_columns(spec.name)}
    for column in spec.columns():
        if isinstance(column, sa.Column) and column.name not in live:
            _add_column(op, spec, column)
            done.append(f"column {spec.name}.{column.name}")
    existing = {ix["name"] for ix in _inspector(op).get_indexes(spec.name)}
    for name, columns in spec.indexes:
        if name not in existing:
            op.create_index(name, spec.name, list(columns))
            done.append(f"index {name}")
    return done


def _add_column(op: Any, spec: TableSpec, column: sa.Column[Any]) -> None:
    """Add ``column``: empty first, then filled from the rows' own data, then NOT NULL and its foreign keys.

    The column is added bare because SQLite cannot add a constraint with ALTER TABLE; the constraints
    come in one batch step, which on SQLite copies the table and on PostgreSQL is plain ALTER TABLE.
    """
    op.add_column(spec.name, sa.Column(column.name, column.type, nullable=True))
    fill = spec.fills.get(column.name)
    if fill is not None:
        op.execute(sa.text(fill))
    if not column.nullable:
        empty = op.get_bind().execute(
            sa.text(f'SELECT COUNT(*) FROM "{spec.name}" WHERE "{column.name}" IS NULL')
        ).scalar_one()
        if empty:
            raise SchemaError(
                f"Не удалось восстановить схему: в таблице {spec.name} {empty} строк без значения {column.name}, "
                "и его неоткуда взять; сообщите разработчикам ohs-toolkit, ничего не изменено."
            )
    if column.nullable and not column.foreign_keys:
        return
    with op.batch_alter_table(spec.name, recreate="auto") as batch:
        if not column.nullable:
            batch.alter_column(column.name, existing_type=column.type, nullable=False)
        for fk in column.foreign_keys:
            table, _, target = fk.target_fullname.rpartition(".")
            # PostgreSQL's own name for an inline REFERENCES, so the repaired table matches a fresh one.
            batch.create_foreign_key(f"{spec.name}_{column.name}_fkey", table, [column.name], [target])
