"""References that are not foreign keys, declared on the tables themselves so tools can follow them.

Why: most links between rows are foreign keys, which SQLAlchemy's metadata already describes. A few are
kept in other forms — a JSON list of practice ids (``best_practices_submission.practice_ids``), people
and measures inside an incident entry's JSON data, a ``measure:12`` written into a text column. Moving an
organization into another database gives every row a new id (core/storage/transfer.py), and such a
reference would silently point at the wrong row. So the column says what it holds, in ``Column.info``
(not part of the schema: no migration, and Alembic ignores it), and the table a ``kind:N`` names says
its kind in ``Table.info``. Everything is plain data, readable without importing any plugin.

Declaring, in a model::

    practice_ids: str = Field(sa_column=Column(Text, nullable=False,
                                               info=refers({"$[]": "best_practices_practice"})))
    ref: str = Field(max_length=60, sa_column_kwargs={"info": kind_refs()})
    __table_args__ = (..., {"info": ref_kind("measure")})

Paths (JSON columns): ``$`` is the value itself, ``.name`` a key of an object, ``[]`` every element of
a list: ``$[]`` a list of ids, ``$.injured[].person_id`` the ``person_id`` of every injured person.
A plain integer column that holds an id of another table without a foreign key is ``refers({"$": table})``.
A ``kind:N`` text (``kind_refs``) is rewritten only when it is exactly a known kind and a number; a kind
no table declares (``incident:3`` names a case number, stable everywhere) and free text stay as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

#: ``Column.info`` key: the paths of a column's value that hold ids of other tables, or ``KIND_REFS``.
REFERS = "ohs_refers"
#: ``REFERS`` value of a text column holding ``kind:N`` (``measure:12``, ``practice:3``).
KIND_REFS = "kind:id"
#: ``Table.info`` key: the word with which other records name a row of this table (``measure`` → ``measure:12``).
REF_KIND = "ohs_ref_kind"

_KIND_REF = re.compile(r"([a-z_]+):(\d+)")


def refers(paths: Mapping[str, str]) -> dict[str, Any]:
    """``Column.info`` of a column whose value (or parts of its JSON) holds ids of other tables: path → table."""
    return {REFERS: dict(paths)}


def kind_refs() -> dict[str, Any]:
    """``Column.info`` of a text column that may hold ``kind:N`` naming a row of the table of that kind."""
    return {REFERS: KIND_REFS}


def ref_kind(kind: str) -> dict[str, Any]:
    """``Table.info`` of a table whose rows others name ``kind:N`` (N being the row's id)."""
    return {REF_KIND: kind}


#: ``remap(table, old_id)`` → the new id, or None when the row is not known.
Remap = Callable[[str, int], int | None]


def remap_kind_ref(value: Any, kinds: Mapping[str, str], remap: Remap) -> Any:
    """``measure:12`` → ``measure:<new id>``; anything else (free text, a kind no table declares) unchanged."""
    if not isinstance(value, str):
        return value
    match = _KIND_REF.fullmatch(value.strip())
    if match is None or match[1] not in kinds:
        return value
    new = remap(kinds[match[1]], int(match[2]))
    return value if new is None else f"{match[1]}:{new}"


def _parse(path: str) -> list[str]:
    """``$.injured[].person_id`` → ``[".injured", "[]", ".person_id"]``."""
    if not path.startswith("$"):
        raise ValueError(f"a reference path starts with $: {path!r}")
    steps = re.findall(r"\.[A-Za-z_][A-Za-z0-9_]*|\[\]", path[1:])
    if "".join(steps) != path[1:]:
        raise ValueError(f"cannot read the reference path {path!r}")
    return steps


def _walk(value: Any, steps: list[str], change: Callable[[Any], Any]) -> Any:
    """``value`` with ``change`` applied at the end of ``steps``; parts that do not fit the path are kept."""
    if not steps:
        return change(value)
    step, rest = steps[0], steps[1:]
    if step == "[]":
        return [_walk(item, rest, change) for item in value] if isinstance(value, list) else value
    key = step[1:]
    if isinstance(value, dict) and key in value:
        return {**value, key: _walk(value[key], rest, change)}
    return value


def _as_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def remap_value(value: Any, paths: Mapping[str, str], remap: Remap) -> Any:
    """A column's value with every id at ``paths`` replaced by ``remap(table, id)``.

    A JSON text is parsed, rewritten and written back in the form it was stored in (compact and sorted as
    ``stored_json`` writes it, or ``json.dumps``' default spacing), so readers see the same kind of text.
    An id the map does not know is kept (the caller checks that every reference was found).
    """
    if value is None:
        return None

    def one(table: str) -> Callable[[Any], Any]:
        def change(item: Any) -> Any:
            old = _as_id(item)
            if old is None:
                return item
            new = remap(table, old)
            if new is None:
                return item
            return str(new) if isinstance(item, str) else new
        return change

    if set(paths) == {"$"}:
        return one(paths["$"])(value)
    if not isinstance(value, str):
        return value
    try:
        data = json.loads(value)
    except ValueError:
        return value
    dump = _form_of(value, data)
    for path, table in paths.items():
        data = _walk(data, _parse(path), one(table))
    return dump(data)


def _form_of(text: str, data: Any) -> Callable[[Any], str]:
    """How ``text`` was written from ``data``: ``stored_json``'s compact sorted form, or ``json.dumps``' default."""
    def compact(d: Any) -> str:
        return json.dumps(d, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def spaced(d: Any) -> str:
        return json.dumps(d)

    def spaced_text(d: Any) -> str:
        return json.dumps(d, ensure_ascii=False)

    for form in (compact, spaced, spaced_text):
        if form(data) == text:
            return form
    return compact


def referenced_ids(value: Any, paths: Mapping[str, str]) -> list[tuple[str, int]]:
    """Every (table, id) a column's value refers to at ``paths`` (for checking that each is being copied)."""
    found: list[tuple[str, int]] = []

    def collect(table: str) -> Callable[[Any], Any]:
        def change(item: Any) -> Any:
            old = _as_id(item)
            if old is not None:
                found.append((table, old))
            return item
        return change

    if value is None:
        return found
    if set(paths) == {"$"}:
        collect(paths["$"])(value)
        return found
    try:
        data = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return found
    for path, table in paths.items():
        _walk(data, _parse(path), collect(table))
    return found
