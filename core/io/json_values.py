"""JSON in one place: the encoder for values JSON lacks, canonical stored JSON, and plain views of records.

Why one module: ``--json`` output, the audit log's details and a journal's stored data each needed «a date as
ISO text»; written three times, they drifted (one knew ``to_json``, one refused anything else). The views
replace hand-written ``*_json`` functions that only copied fields one by one.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any


def json_default(value: Any) -> Any:
    """``json.dumps``' ``default=`` for output: dates as ISO text, objects by their ``to_json()``, else ``str``."""
    if isinstance(value, datetime.date):  # datetime is a date too
        return value.isoformat()
    if hasattr(value, "to_json"):
        return value.to_json()
    return str(value)


def dumps(data: Any, *, indent: int | None = None, sort_keys: bool = False) -> str:
    """``data`` as JSON text with Cyrillic kept readable and :func:`json_default` for dates and objects."""
    return json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=sort_keys, default=json_default)


def _stored_default(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def stored_json(data: Any) -> str:
    """Canonical JSON for data kept in the database (sorted keys, no spaces, ISO dates).

    Stricter than :func:`dumps`: anything but JSON values and dates is refused with ``TypeError``, so an
    object never ends up stored as its ``str()`` (which could change between versions and break a hash).
    """
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_stored_default)


def _field_names(record: Any) -> list[str]:
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return [f.name for f in dataclasses.fields(record)]
    model_fields = getattr(type(record), "model_fields", None)  # SQLModel / pydantic
    if model_fields is not None:
        return list(model_fields)
    raise TypeError(f"{type(record).__name__} is neither a dataclass nor a model")


def record_view(record: Any, fields: str | None = None, /, **values: Any) -> dict[str, Any]:
    """A record (dataclass or SQLModel row) as a plain dict for ``--json``, keys in the order given.

    ``fields`` lists the keys separated by spaces; ``key=attribute`` renames a field; without ``fields``
    every field is taken in declaration order. A key also passed in ``values`` takes that value instead
    (computed ones: a title, a parsed list); keys only in ``values`` follow the listed ones. Values are kept
    as they are (dates stay dates for Python callers); :func:`dumps` writes dates as ISO text.
    """
    names = fields.split() if fields is not None else _field_names(record)
    view: dict[str, Any] = {}
    for name in names:
        key, _, attribute = name.partition("=")
        view[key] = values[key] if key in values else getattr(record, attribute or key)
    for key, value in values.items():
        view.setdefault(key, value)
    return view
