"""Saving an openpyxl workbook so that a failure never leaves its archive open.

``Workbook.save`` opens a ZipFile and, when writing fails (a full disk), leaves it open: its finalizer
then writes to the file at some later moment, in the middle of unrelated work. Here the archive is
closed by a ``with`` block whatever happens.
"""

from __future__ import annotations

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
