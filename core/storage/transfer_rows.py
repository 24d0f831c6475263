"""Copying one organization's rows into another database, every row under a new id, every reference remapped.

Used by :mod:`core.storage.transfer`. Nothing here knows a table by name except the core's own organization
and audit tables: the tables, their order and their foreign keys come from SQLAlchemy's metadata of every
registered model (``register_all_models``), and the references that are not foreign keys (a JSON list of
ids, ``measure:12`` in a text) from the declarations of :mod:`core.storage.refs`. A plugin's new table is
therefore copied without this module changing.

Ids: the target already holds other organizations, so a copied row cannot keep its id. New ids are taken
from the target's own sequences (PostgreSQL) or above its largest id (SQLite, under the write lock), all
of them before the first insert, in the order of the old ids — so every reference, including one to a row
inserted later (a self-reference pointing forward), is known when a row is written, and lists of ids keep
their order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from core.storage.refs import KIND_REFS, REF_KIND, REFERS, referenced_ids, remap_kind_ref, remap_value

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.engine import Connection

ORG_TABLE = "core_organization"
AUDIT_TABLE = "core_audit"
#: Rows inserted per statement (keeps memory and statement size bounded on a large organization).
CHUNK = 1000


@dataclass
class TableCopy:
    """One table's rows of the organization, as read from the source, and their new ids."""

    table: sa.Table
    rows: list[dict[str, Any]]
    #: The single integer primary key column that gets new ids, or None (a composite or text key is kept).
    pk: str | None
    new_ids: dict[int, int] = field(default_factory=dict)


@dataclass
class RowPlan:
    """Every table of the organization in dependency order, with the tables left out and why."""

    tables: list[TableCopy]
    #: Tables with neither ``org_id`` nor a foreign key into the organization's rows (shared catalogues).
    skipped: list[str] = field(default_factory=list)
    #: References that point at no copied row: ``table.column`` → how many (kept as they were).
    unresolved: dict[str, int] = field(default_factory=dict)
    _names: dict[str, TableCopy] = field(default_factory=dict, repr=False)

    def by_name(self) -> dict[str, TableCopy]:
        """The copies by table name."""
        if len(self._names) != len(self.tables):
            self._names = {copy.table.name: copy for copy in self.tables}
        return self._names

    def remap(self, table: str, old: int) -> int | None:
        """The new id of row ``old`` of ``table``, or None when that row is not copied."""
        copy = self.by_name().get(table)
        return None if copy is None else copy.new_ids.get(old)


def table_of(model: Any) -> sa.Table:
    """A model's table (SQLModel's classes do not declare ``__table__`` to the type checker)."""
    from typing import cast

    return cast("sa.Table", model.__table__)


def org_tables(pm: Any) -> list[sa.Table]:
    """Every registered model's table, parents before children."""
    from sqlalchemy.schema import sort_tables

    from core.storage.db import register_all_models

    return list(sort_tables({table_of(model) for model in register_all_models(pm)}))


def _single_int_pk(table: sa.Table) -> str | None:
    import sqlalchemy as sa

    columns = list(table.primary_key.columns)
    if len(columns) == 1 and isinstance(columns[0].type, sa.Integer):
        return columns[0].name
    return None


def read_rows(conn: Connection, tables: list[sa.Table], org_id: int) -> RowPlan:
    """The organization's rows of every table, read in one transaction of the source database."""
    import sqlalchemy as sa

    plan = RowPlan(tables=[])
    selected: dict[str, set[Any]] = {}
    for table in tables:
        pk = _single_int_pk(table)
        order = [table.c[pk]] if pk else list(table.primary_key.columns)
        if table.name == ORG_TABLE:
            query = sa.select(table).where(table.c.id == org_id)
        elif "org_id" in table.c:
            query = sa.select(table).where(table.c.org_id == org_id)
        else:
            # A child table without org_id belongs to the organization through its parent rows.
            owners = [c for c in table.c if any(fk.column.table.name in selected for fk in c.foreign_keys)]
            if not owners:
                plan.skipped.append(table.name)
                continue
            query = sa.select(table)
        rows = [dict(r) for r in conn.execute(query.order_by(*order)).mappings()]
        if table.name != ORG_TABLE and "org_id" not in table.c:
            rows = [r for r in rows if any(r[c.name] is not None and r[c.name] in selected[fk.column.table.name]
                                           for c in owners for fk in c.foreign_keys)]
        plan.tables.append(TableCopy(table, rows, pk))
        selected[table.name] = {r[pk] for r in rows} if pk else set()
    return plan


def allocate_ids(conn: Connection, plan: RowPlan) -> None:
    """Reserve a new id in the target for every copied row, in the order of the old ids."""
    for copy in plan.tables:
        if copy.pk is None or not copy.rows:
            continue
        fresh = _reserve(conn, copy.table, copy.pk, len(copy.rows))
        old = sorted(r[copy.pk] for r in copy.rows)
        copy.new_ids = dict(zip(old, fresh, strict=True))


def _reserve(conn: Connection, table: sa.Table, pk: str, count: int) -> list[int]:
    """``count`` ids nobody else will use: from the column's sequence, else above the largest (table locked)."""
    import sqlalchemy as sa

    if conn.dialect.name == "postgresql":
        sequence = conn.execute(sa.text("SELECT pg_get_serial_sequence(:t, :c)"),
                                {"t": table.name, "c": pk}).scalar()
        if sequence:
            ids = conn.execute(sa.text("SELECT nextval(:s) FROM generate_series(1, :n)"),
                               {"s": sequence, "n": count}).scalars().all()
            return sorted(int(i) for i in ids)
        conn.execute(sa.text(f'LOCK TABLE "{table.name}" IN EXCLUSIVE MODE'))
    # SQLite: the write transaction (BEGIN IMMEDIATE) already keeps every other writer out.
    top = conn.execute(sa.select(sa.func.max(table.c[pk]))).scalar() or 0
    return list(range(top + 1, top + 1 + count))


@dataclass(frozen=True)
class Overrides:
    """What the copy changes besides ids: the organization row's values, moved documents' paths."""

    #: Column → value for the organization's own row (the new key, a name, a district).
    organization: Mapping[str, Any]
    #: ``core_document.path`` as stored in the source → the path in the new folder (files moved in).
    document_paths: Mapping[str, str]


#: A reference written after every row is in: (table copy, the row's new id, column, new value).
Deferred = tuple[TableCopy, int, str, int]


def kinds_of(tables: Iterable[sa.Table]) -> dict[str, str]:
    """``kind`` → table, from the tables' ``ref_kind`` declarations."""
    return {t.info[REF_KIND]: t.name for t in tables if t.info.get(REF_KIND)}


def entity_tables(tables: Iterable[sa.Table], journal_entities: set[str]) -> Callable[[str], str | None]:
    """``entity → table`` for audit rows whose ``entity_id`` is a row id (None for the others).

    ``ctx.audit(action, entity, entity_id)`` names the entity by its table (``suot_measure``) or by the
    table's last words (``person`` → ``core_person``, ``sout_event`` → ``suot_sout_event``), and the table
    must be the only one that fits; a journal's entity names its entry by number, which does not change.
    """
    names = [t.name for t in tables if _single_int_pk(t)]

    def table_of(entity: str) -> str | None:
        if not entity or entity in journal_entities:
            return None
        if entity in names:
            return entity
        fits = [n for n in names if n.endswith("_" + entity)]
        return fits[0] if len(fits) == 1 else None

    return table_of


def new_rows(plan: RowPlan, copy: TableCopy, overrides: Overrides, entity_of: Callable[[str], str | None],
             order: Mapping[str, int], deferred: list[Deferred]) -> list[dict[str, Any]]:
    """The table's rows as they go into the target, every id and reference remapped.

    A reference to a row not inserted yet (a table later in the order, a later row of the same table) is
    written empty and added to ``deferred``; a reference to a row outside the organization is refused: in
    the target it would point at another organization's row.
    """
    table = copy.table
    kinds = kinds_of(t.table for t in plan.tables)
    here = order[table.name]
    rows = []
    for source in copy.rows:
        row = dict(source)
        own = copy.new_ids[source[copy.pk]] if copy.pk else None
        if copy.pk:
            row[copy.pk] = own
        for column in table.c:
            value = source[column.name]
            if column.foreign_keys:
                if value is None or column.name == copy.pk:
                    continue
                target = next(iter(column.foreign_keys)).column
                if target.table.name not in order or target.name != plan.by_name()[target.table.name].pk:
                    continue  # a shared table outside the copy, or a key that is not a row id: the same in both
                new = plan.remap(target.table.name, value)
                if new is None:
                    raise OhsError(f"В исходной базе строка таблицы {table.name} ссылается ({column.name} = {value}) "
                                   f"на запись {target.table.name}, которой у этой организации нет; перенос не "
                                   "выполнен — проверьте исходную базу (ohs verify).")
                row[column.name] = new
                waits = order[target.table.name] > here or (target.table.name == table.name and own is not None
                                                            and new >= own)
                if waits:
                    if not column.nullable or own is None:
                        raise OhsError(f"Таблицу {table.name} нельзя перенести: {column.name} ссылается на строку, "
                                       "которая вставляется позже, и не может быть пустым.")
                    row[column.name] = None
                    deferred.append((copy, own, column.name, new))
            elif column.info.get(REFERS) == KIND_REFS:
                row[column.name] = remap_kind_ref(value, kinds, plan.remap)
                if _unresolved_kind(value, row[column.name], kinds):
                    _note(plan, table, column, 1)
            elif isinstance(column.info.get(REFERS), dict):
                paths = column.info[REFERS]
                row[column.name] = remap_value(value, paths, plan.remap)
                _note(plan, table, column,
                      sum(1 for t, old in referenced_ids(value, paths) if plan.remap(t, old) is None))
        _special(table.name, row, source, overrides, entity_of, plan)
        rows.append(row)
    return rows


def _unresolved_kind(old: Any, new: Any, kinds: Mapping[str, str]) -> bool:
    """A ``kind:N`` of a known kind that no copied row answers (kept as it was)."""
    import re

    if not isinstance(old, str) or new != old:
        return False
    match = re.fullmatch(r"([a-z_]+):(\d+)", old.strip())
    return bool(match and match[1] in kinds)


def _note(plan: RowPlan, table: sa.Table, column: sa.Column[Any], missing: int) -> None:
    if missing:
        key = f"{table.name}.{column.name}"
        plan.unresolved[key] = plan.unresolved.get(key, 0) + missing


def _special(name: str, row: dict[str, Any], source: dict[str, Any], overrides: Overrides,
             entity_of: Callable[[str], str | None], plan: RowPlan) -> None:
    """The core's own rows: the organization's new key and name, moved document files, audit entity ids."""
    if name == ORG_TABLE:
        row.update(overrides.organization)
    elif name == "core_document" and source.get("path") in overrides.document_paths:
        row["path"] = overrides.document_paths[source["path"]]
    elif name == AUDIT_TABLE and source.get("entity_id") and str(source["entity_id"]).isdigit():
        # The entity's id lets later commands find their history (``docs.make`` keeps the options a draft
        # was made with); a journal's entity names an entry number and is left as it is.
        target = entity_of(str(source.get("entity") or ""))
        new = plan.remap(target, int(source["entity_id"])) if target else None
        if new is not None:
            row["entity_id"] = str(new)


def insert_rows(conn: Connection, copy: TableCopy, rows: list[dict[str, Any]]) -> None:
    """Insert the rows, a chunk per statement."""
    for start in range(0, len(rows), CHUNK):
        conn.execute(copy.table.insert(), rows[start:start + CHUNK])


def set_deferred(conn: Connection, deferred: list[Deferred]) -> None:
    """Set the references that had to wait until their rows were in."""
    import sqlalchemy as sa

    for copy, own, column, value in deferred:
        table = copy.table
        assert copy.pk is not None  # new_rows defers only rows with an id
        conn.execute(sa.update(table).where(table.c[copy.pk] == own).values({column: value}))


def count_rows(conn: Connection, copy: TableCopy, org_id: int) -> int:
    """How many rows of the organization the table holds (in the connection's database)."""
    import sqlalchemy as sa

    table = copy.table
    if table.name == ORG_TABLE:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(table.c.id == org_id)).scalar_one())
    if "org_id" in table.c:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)
                                .where(table.c.org_id == org_id)).scalar_one())
    if not copy.pk:
        return len(copy.rows)
    ids = list(copy.new_ids.values())
    return sum(int(conn.execute(sa.select(sa.func.count()).select_from(table)
                                .where(table.c[copy.pk].in_(ids[i:i + CHUNK]))).scalar_one())
               for i in range(0, len(ids), CHUNK))
