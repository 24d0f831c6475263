"""Cell values for the CSV and XLSX files the toolkit writes: text a user typed never becomes a formula.

A name such as ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` must reach the spreadsheet as the text it is.

- XLSX keeps types: a cell written as a string is never evaluated, whatever it starts with. openpyxl,
  however, turns any string that starts with «=» into a formula cell, so every user value goes through
  :func:`xlsx_cell`, which keeps such a value a string cell.
- CSV has no types: Excel and LibreOffice evaluate a cell that starts with ``= + - @``, a tab or a carriage
  return. OWASP's advice (CSV Injection) is to prefix such a cell with an apostrophe, which the programs
  show as text; :func:`csv_cell` does that and :func:`csv_uncell` undoes exactly that prefix when the
  toolkit reads its own file back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["CSV_TRIGGERS", "csv_cell", "csv_row", "csv_uncell", "xlsx_cell", "xlsx_row"]

#: First characters that make a spreadsheet program treat a CSV cell as a formula (OWASP, «CSV Injection»).
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PREFIX = "'"


def _needs_prefix(text: str) -> bool:
    # Leading apostrophes are looked through, so that a value that itself starts with «'=» also gets
    # one more apostrophe and reading it back (which removes exactly one) gives the value as it was.
    return text.lstrip(_PREFIX).startswith(CSV_TRIGGERS)


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell: text that a spreadsheet would evaluate gets a leading apostrophe."""
    if isinstance(value, str) and _needs_prefix(value):
        return _PREFIX + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """Every value of a row through :func:`csv_cell`."""
    return [csv_cell(value) for value in values]


def csv_uncell(text: str) -> str:
    """A CSV cell as the user typed it: removes the apostrophe :func:`csv_cell` added, and nothing else."""
    if text.startswith(_PREFIX) and _needs_prefix(text[1:]):
        return text[1:]
    return text


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """An openpyxl cell for ``sheet`` holding ``value``; text stays a string cell even when it starts with «=».

    Works for ordinary and write-only sheets (``sheet.append`` takes such cells in both); the caller may
    still set the cell's font, alignment or number format.
    """
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if cell.data_type == "f":  # openpyxl's guess for a string starting with «=»
        cell.data_type = "s"
    return cell


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row of :func:`xlsx_cell` cells, ready for ``sheet.append``."""
    return [xlsx_cell(sheet, value) for value in values]
