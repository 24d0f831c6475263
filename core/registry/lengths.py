"""Length limits of text columns, read from the models so that no second list of numbers can drift.

SQLite stores a too-long string without a word while PostgreSQL refuses it (``String(n)``): values are
checked against these limits where they enter, so both databases give the same Russian message.
"""

from __future__ import annotations

from typing import Any

from core.errors import OhsError

__all__ = ["check_length", "length_problem", "max_length", "too_long"]


def max_length(model: Any, field: str) -> int | None:
    """The column's declared length (``max_length`` of the SQLModel field), or None for unbounded text."""
    return getattr(model.__table__.c[field].type, "length", None)


def length_problem(model: Any, field: str, value: Any, title: str = "") -> str | None:
    """A Russian sentence when ``value`` is longer than the column holds, else None.

    ``title`` names the field at the start of the sentence; leave it empty when the caller names it already.
    """
    limit = max_length(model, field)
    if limit is None or not isinstance(value, str) or len(value) <= limit:
        return None
    return too_long(title, len(value), limit)


def too_long(title: str, length: int, limit: int) -> str:
    """The one sentence for a value of ``length`` characters where ``limit`` fit (``title`` may be empty)."""
    prefix = f"{title}: " if title else ""
    return f"{prefix}{length} знаков, а помещается не больше {limit}; сократите значение."


def check_length(model: Any, field: str, value: Any, title: str = "") -> None:
    """Raise ``OhsError`` with :func:`length_problem`'s sentence when ``value`` is too long."""
    problem = length_problem(model, field, value, title)
    if problem is not None:
        raise OhsError(problem)
