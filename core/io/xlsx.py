"""XLSX out: one table writer for every export, and saving a workbook so that a failure never leaves its archive open.

``Workbook.save`` opens a ZipFile and, when writing fails (a full disk), leaves it open: its finalizer
then writes to the file at some later moment, in the middle of unrelated work. Here the archive is
closed by a ``with`` block whatever happens.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def save_workbook(book: Any, path: Path) -> None:
    """Write ``book`` to ``path`` (a temporary file of core.io.atomic), the archive closed on any outcome."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    from core.clock import now

    if book.write_only and not book.worksheets:
        book.create_sheet()  # as Workbook.save does: an archive needs at least one sheet
    book.properties.modified = now()  # what Workbook.save records, from the toolkit's one clock
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).write_data()


@dataclass(frozen=True)
class SheetSpec:
    """The layout of one table sheet: its title, headers, column widths, frozen header and filter."""

    title: str
    headers: Sequence[str]
    #: Character widths per column; None fits each column to its longest value (at most 50).
    widths: Sequence[float] | None = None
    freeze: str | None = "A2"
    autofilter: bool = False
    wrap_headers: bool = False
    #: A column (0-based) whose non-empty cells are printed bold red (``ohs due``'s «просрочено»).
    alert_column: int | None = None


def write_table(path: Path, spec: SheetSpec, rows: Iterable[Sequence[Any]],
                notes: tuple[SheetSpec, Sequence[str]] | None = None,
                more: Sequence[tuple[SheetSpec, Iterable[Sequence[Any]]]] = ()) -> None:
    """Write one table (bold header, dates as ДД.ММ.ГГГГ, text never a formula) to ``path`` as XLSX.

    The one writer of the toolkit's XLSX exports (people, deadlines, the register of the trained, the history
    template, the district summary); ``more`` adds further tables as sheets of their own, ``notes`` a last
    sheet of plain lines. ``path`` is a temporary file of core.io.atomic.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    # A regular (not write-only) book gets shared strings and a <dimension> as Excel writes them;
    # such a file reads back about a fifth faster than a write-only one.
    book = Workbook()
    sheet: Any = book.active  # a fresh workbook always has its one worksheet
    _fill_sheet(sheet, spec, rows)
    for more_spec, more_rows in more:
        _fill_sheet(book.create_sheet(), more_spec, more_rows)
    if notes is not None:
        note_spec, lines = notes
        extra = book.create_sheet(note_spec.title)
        for line in lines:
            extra.append([line])
        for index, width in enumerate(note_spec.widths or (), start=1):
            extra.column_dimensions[get_column_letter(index)].width = width
    save_workbook(book, path)  # closes the archive even on a full disk


def _fill_sheet(sheet: Any, spec: SheetSpec, rows: Iterable[Sequence[Any]]) -> None:
    """One table on ``sheet``: bold header, dates as ДД.ММ.ГГГГ, widths, frozen header, filter."""
    import datetime

    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from core.io.cells import xlsx_row

    table = [list(row) for row in rows]
    sheet.title = spec.title
    sheet.append(list(spec.headers))
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        if spec.wrap_headers:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    alert = Font(color="C00000", bold=True)
    for values in table:
        cells = xlsx_row(sheet, [None if value == "" else value for value in values])
        for index, cell in enumerate(cells):
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD.MM.YYYY"
            if index == spec.alert_column and cell.value:
                cell.font = alert
        sheet.append(cells)
    for index, title in enumerate(spec.headers):
        if spec.widths is not None:
            width = spec.widths[index]
        else:
            longest = max([len(title)] + [10 if isinstance(r[index], datetime.date) else len(str(r[index] or ""))
                                          for r in table])
            width = min(longest + 2, 50)
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    if spec.freeze:
        sheet.freeze_panes = spec.freeze
    if spec.autofilter:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.headers))}{len(table) + 1}"
