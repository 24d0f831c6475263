"""An HR export read and checked whole before anything is planned: the file's errors and the import's own date rules.

``ohs people import`` and the desk's upload both call :func:`checked_table`, so a file refused in one is
refused in the other with the same lines («строка 5, столбец «Дата приема»: …»).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from core.registry.people_io import PeopleTable, PersonRow, RowError


def date_errors(row: PersonRow, today: datetime.date) -> Iterator[RowError]:
    """Dates an import refuses although the file reader accepts them (it only checks the file itself).

    A hire date after today or a dismissal more than a year ahead is a typo for an import, not a
    malformed file, so the rule belongs to the import rather than to the reader.
    """
    from core.registry.people_io import RowError

    if row.hired_on and row.hired_on > today:
        yield RowError(row.line, "Дата приема", f"дата {row.hired_on:%d.%m.%Y} ещё не наступила")
    if row.transferred_on and row.transferred_on > today:
        yield RowError(row.line, "Дата перевода", f"дата {row.transferred_on:%d.%m.%Y} ещё не наступила")
    if row.dismissed_on and row.dismissed_on > today + datetime.timedelta(days=366):
        yield RowError(row.line, "Дата увольнения", f"дата {row.dismissed_on:%d.%m.%Y} больше чем через год")


def checked_table(path: Path, today: datetime.date, header_row: int | None = None, mapping: Any = None,
                  name: str | None = None) -> PeopleTable:
    """The file's table, or one Russian sentence listing every error by row and column (``name``: as the user knows it)."""
    from core.registry.people_io import read_people_table

    table = read_people_table(path, today=today, header_row=header_row, mapping=mapping)
    errors = table.errors + [e for r in table.people for e in date_errors(r, today)]
    if errors:
        errors.sort(key=lambda e: e.line)
        raise OhsError(
            f"Файл {name or path.name} не импортирован: ошибок {len(errors)}; исправьте их и повторите.",
            details=[f"строка {e.line}, столбец «{e.column}»: {e.reason}" for e in errors],
        )
    return table
