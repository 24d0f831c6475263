"""Tables as users hand them in: CSV (UTF-8, Windows-1251 or UTF-16, «;», «,» or tab) and XLSX.

The people import and the survey import read their files through here, so both get the same
decoding, the same limits (archive size, number of columns) and the same messages.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Container, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from core.errors import OhsError
from core.io.archive import MAX_UNPACKED_BYTES, check_archive
from core.io.cells import csv_uncell

__all__ = ["MAX_COLUMNS", "MAX_TEXT_BYTES", "Record", "TableFileError", "blank", "clean", "csv_records", "decode",
           "has_line_break", "key", "not_like", "sniff_delimiter", "xlsx_records"]

#: Columns read from a row. Real HR and form exports have tens; a file with thousands is a mistake or an attack,
#: and reading it would cost memory for nothing. Cells beyond this are not read at all.
MAX_COLUMNS = 200
#: Cells in one row of an XLSX sheet as stored (empty styled ones included): Excel's own maximum, column XFD.
MAX_CELLS_PER_ROW = 16_384
#: Different texts in one XLSX book (openpyxl keeps them all in memory); a 10,000-person list has a few tens of
#: thousands.
MAX_SHARED_STRINGS = 1_000_000
#: A CSV file is read whole; the same bound as the unpacked size of an XLSX.
MAX_TEXT_BYTES = MAX_UNPACKED_BYTES

Record = tuple[int, list[Any]]
#: Lines looked at to guess a CSV's delimiter: a report's title rows come before the header.
_SNIFF_LINES = 30  # (line number in the file, cells)

_SPACES = re.compile(r"\s+")
_SPACES_AND_CONTROLS = re.compile(r"[\s\x00-\x1f\x7f]+")
_LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x85\u2028\u2029]")


class TableFileError(OhsError):
    """The file as a whole cannot be read: wrong format, too big, too wide, broken."""


def key(text: str) -> str:
    """Comparison form of a header or a value: trimmed, single spaces, lower case, ё as е."""
    return _SPACES.sub(" ", text.replace("\ufeff", "")).strip().lower().replace("ё", "е")


def clean(value: Any) -> str:
    """Cell text with control characters and runs of whitespace turned into single spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES_AND_CONTROLS.sub(" ", str(value)).strip()


def blank(value: Any) -> bool:
    """True for an empty cell (nothing, or only whitespace)."""
    return value is None or (isinstance(value, str) and not value.strip())


def has_line_break(value: Any) -> bool:
    """True when a text cell holds a line break inside it (trailing ones, as editors leave them, do not count)."""
    return isinstance(value, str) and bool(_LINE_BREAK.search(value.strip()))


def not_like(path: Path, why: str) -> TableFileError:
    """The error for a file that is not a readable CSV or XLSX, with the reason."""
    return TableFileError(f"Файл {path} не похож на CSV или XLSX: {why}.")


def decode(path: Path, data: bytes) -> str:
    """The text of a CSV file: UTF-16 with a BOM, UTF-8 (with or without a BOM) or Windows-1251."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's «Текст Юникод» is UTF-16 with tabs
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise not_like(path, "текст в кодировке UTF-16 поврежден") from None
    if data.startswith(b"PK\x03\x04"):
        raise not_like(path, "это архив, похоже, книга Excel — дайте файлу расширение .xlsx")
    if b"\x00" in data:
        raise not_like(path, "в нем есть двоичные данные")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # 1С and Russian Excel save CSV in Windows-1251
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            raise not_like(path, "текст не в кодировке UTF-8 и не в Windows-1251") from None
    if re.search(r"[\x00-\x08\x0e-\x1f]", text):
        raise not_like(path, "в нем есть двоичные данные")
    return text


def sniff_delimiter(text: str, headers: Container[str], delimiters: Sequence[str] = (";", ",", "\t")) -> str:
    """The delimiter under which the header line has the most known column names (``headers`` hold :func:`key` forms).

    On a tie the first of ``delimiters`` with the most cells wins. The first few non-empty lines are scored,
    each on its own and the best line counting, since HR reports put a title and the organization above the header.
    """
    lines = [line for line in text.splitlines()[:_SNIFF_LINES] if line.strip()] or [""]

    def line_score(line: str, delimiter: str) -> tuple[int, int]:
        try:
            cells = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:  # e.g. the whole line as one field over csv's field limit: not this delimiter
            return 0, 0
        return sum(key(c) in headers for c in cells), len(cells)

    def score(delimiter: str) -> tuple[int, int]:
        known = max(line_score(line, delimiter)[0] for line in lines)
        return known, line_score(lines[0], delimiter)[1]

    return max(delimiters, key=score)


def _too_wide(path: Path, line: int) -> TableFileError:
    return TableFileError(f"В файле {path} в строке {line} больше {MAX_COLUMNS} колонок — столько программа не "
                          f"читает; оставьте в файле только нужные колонки (не больше {MAX_COLUMNS}).")


def _capped(path: Path, line: int, cells: list[Any]) -> list[Any]:
    if len(cells) > MAX_COLUMNS:
        if not all(map(blank, cells[MAX_COLUMNS:])):
            raise _too_wide(path, line)
        del cells[MAX_COLUMNS:]
    return cells


def csv_records(path: Path, headers: Container[str], delimiters: Sequence[str] = (";", ",", "\t")) -> Iterator[Record]:
    """The file's records with their line numbers; a value spanning lines counts from the line it starts on.

    The apostrophe the toolkit puts before a formula-like value on export is taken off (core.io.cells).
    """
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise TableFileError(f"Файл {path} больше {MAX_TEXT_BYTES // (1024 * 1024)} МБ — столько программа не "
                                 "читает; разделите его на части.")
        data = path.read_bytes()
    except OSError as exc:
        raise TableFileError(f"Не удалось прочитать файл {path}: {exc.strerror or exc}.") from None
    text = decode(path, data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text, headers, delimiters))
    last_line = 0
    try:
        for cells in reader:
            # A quoted value may span lines: a record starts right after the previous one ended.
            yield last_line + 1, _capped(path, last_line + 1, [csv_uncell(cell) for cell in cells])
            last_line = reader.line_num
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            limit = csv.field_size_limit()
            why = f"в строке {last_line + 1} значение длиннее {limit} знаков (нет закрывающей кавычки?)"
        else:
            why = f"ошибка разбора CSV в строке {reader.line_num} ({exc})"
        raise not_like(path, why) from None


#: Cells of the first sheet's grid (rows × columns, from A1) that python-calamine may build at once. It keeps a
#: sheet as a dense grid, so a single cell at XFD1048576 would ask for 17 billion cells; a sheet over this bound
#: (or one holding error cells, which calamine reads as empty) is streamed by openpyxl instead, as before.
MAX_GRID_CELLS = 5_000_000


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (ord(letter.upper()) - 64)
    return number


def _check_sheets(path: Path) -> bool:
    """Stream every sheet's XML once and refuse a row with more cells than a spreadsheet can have.

    openpyxl's read-only mode streams rows, but builds each row whole, cells beyond ``max_col`` included:
    a single row of two million cells (50 MB of XML, packed to 8 MB) took 1.5 GB. expat holds one element at a time.
    The shared strings are counted too, since openpyxl keeps them all in a list.

    Returns True when every sheet can be read as a dense grid by python-calamine (see :data:`MAX_GRID_CELLS`;
    no error cells), False when it must be streamed by openpyxl, and also False when the file is no ZIP at all.
    """
    import zipfile
    from xml.parsers import expat

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False  # not a ZIP at all: the reader reports the file in its own words
    gridded = True
    with archive:
        for member in archive.infolist():
            name = member.filename
            is_sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
            if not (is_sheet or name == "xl/sharedStrings.xml"):
                continue
            # "wide": the widest column letters seen (compared as (length, text)); "most": the most cells in a row.
            counts: dict[str, Any] = {"row": 0, "top": 0, "c": 0, "most": 0, "si": 0, "wide": "", "errors": 0}

            def start(tag: str, attrs: dict[str, str], counts: dict[str, Any] = counts) -> None:
                local = tag.rpartition(":")[2]
                if local == "c":
                    counts["c"] += 1
                    if counts["c"] > MAX_CELLS_PER_ROW:
                        raise _too_wide(path, counts["row"])
                    ref = attrs.get("r")
                    if ref:
                        letters = ref.rstrip("0123456789")
                        wide = counts["wide"]
                        if len(letters) > len(wide) or (len(letters) == len(wide) and letters > wide):
                            counts["wide"] = letters
                    if attrs.get("t") == "e":
                        counts["errors"] += 1
                elif local == "row":
                    number = attrs.get("r", "")
                    counts["row"] = int(number) if number.isdigit() else counts["row"] + 1
                    counts["top"] = max(counts["top"], counts["row"])
                    counts["most"] = max(counts["most"], counts["c"])
                    counts["c"] = 0
                elif local == "si":
                    counts["si"] += 1
                    if counts["si"] > MAX_SHARED_STRINGS:
                        raise TableFileError(f"В файле {path} больше {MAX_SHARED_STRINGS} разных строк текста — "
                                             "столько программа не читает; разделите файл на части.")

            parser = expat.ParserCreate()
            parser.StartElementHandler = start
            try:
                with archive.open(member) as stream:
                    while chunk := stream.read(1 << 20):
                        parser.Parse(chunk, False)
                    parser.Parse(b"", True)
            except (expat.ExpatError, zipfile.BadZipFile, EOFError, OSError, ValueError):
                # A broken part: the reader reports it if it reads it. Go on with the others, so that a broken
                # part placed first cannot spare the next one from the check.
                gridded = False
                continue
            if is_sheet:
                # Cells without a reference follow the previous one: the widest reference plus the most cells
                # in a row bounds the grid's width from above.
                wide = counts["wide"]
                columns = _column_number(wide) + max(counts["most"], counts["c"])
                malformed = bool(wide) and not (wide.isascii() and wide.isalpha())  # a reference not like «AB12»
                if malformed or counts["errors"] or counts["top"] * columns > MAX_GRID_CELLS:
                    gridded = False
    return gridded


def xlsx_records(path: Path) -> Iterator[Record]:
    """The first sheet's rows with their sheet row numbers (blank rows included, as empty lists).

    The archive's sizes and the sheets' row widths are checked before anything is unpacked (core.io.archive,
    :func:`_check_sheets`). The values are what openpyxl gives: text, int (a whole number), float, bool,
    datetime.datetime for a date cell, None for an empty cell. python-calamine reads the sheet, ten times faster
    than openpyxl; a sheet it would have to build as a huge sparse grid, or one with error cells («#ДЕЛ/0!», which
    calamine reads as empty), is streamed by openpyxl's read-only mode instead.
    """
    check_archive(path, "файл")
    # A generator, as before: the checks and the reading happen on the first row asked for.
    yield from (_calamine_records(path) if _check_sheets(path) else _openpyxl_records(path))


#: Floats up to this size are exact integers; openpyxl gives int for a number Excel wrote without a point.
_EXACT = float(2**53)


def _as_openpyxl(value: Any) -> Any:
    """A calamine cell value in openpyxl's type: whole numbers as int, dates as midnight datetimes, "" as None."""
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        return int(value) if value.is_integer() and -_EXACT < value < _EXACT else value
    if kind is date:
        return datetime(value.year, value.month, value.day)
    return value


def _calamine_records(path: Path) -> Iterator[Record]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 — a broken package surfaces as any of several error types
        raise not_like(path, f"не удалось открыть его как книгу Excel ({exc.__class__.__name__})") from None
    try:
        try:
            names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
            if not names:
                raise not_like(path, "не удалось открыть его как книгу Excel (нет ни одного листа)")
            # From A1, so that the list index is the sheet's row number less one, as openpyxl numbers rows.
            rows = book.get_sheet_by_name(names[0]).to_python(skip_empty_area=False)
        except TableFileError:
            raise
        except BaseException as exc:
            # A Rust panic inside calamine arrives as pyo3's PanicException, a BaseException.
            if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
                raise
            raise not_like(path, f"лист книги поврежден ({exc.__class__.__name__})") from None
    finally:
        book.close()
    return _normalized(path, rows)


def _normalized(path: Path, rows: list[list[Any]]) -> Iterator[Record]:
    convert = _as_openpyxl
    for number, row in enumerate(rows, start=1):
        cells = [convert(value) for value in row]
        while cells and cells[-1] is None:  # openpyxl's rows end at their last cell
            cells.pop()
        yield number, _capped(path, number, cells)


def _openpyxl_records(path: Path) -> Iterator[Record]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a broken package surfaces as any of a dozen unrelated exception types
        raise not_like(path, f"не удалось открыть его как книгу Excel ({exc.__class__.__name__})") from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # other programs often declare a wrong sheet size; read whatever is there
        # In read-only mode openpyxl yields an empty row for every missing one, so counting gives row numbers.
        # No max_col: openpyxl parses whole rows anyway (their width is bounded by _check_sheets), and with it
        # every missing row would come back as a tuple of max_col empty cells instead of an empty one.
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, _capped(path, number, list(cells))
    except (IndexError, KeyError, ValueError, SyntaxError) as exc:
        raise not_like(path, f"лист книги поврежден ({exc.__class__.__name__})") from None
    finally:
        book.close()
