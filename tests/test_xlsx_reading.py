"""XLSX reading for imports (core/io/tabular.py): python-calamine for speed, openpyxl's values and row numbers.

Every import (people, history, survey) reads its XLSX through ``xlsx_records``; the callers were written
against openpyxl's values, so the fast reader must give the same rows: the same types, the sheet's row numbers
with blank rows kept, and error cells as their text.
"""

from __future__ import annotations

import datetime
import json
import zipfile

from openpyxl import Workbook, load_workbook

from core.io.tabular import _check_sheets, xlsx_records
from tests.suot.test_history_import import HISTORY_HEADER, STAFF, TODAY, ok, write_xlsx

D, DT = datetime.date, datetime.datetime


def openpyxl_rows(path):
    """The rows as openpyxl streams them, each ending at its last non-empty cell."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(cells)
            while cells and cells[-1] is None:
                cells.pop()
            rows.append((number, cells))
        return rows
    finally:
        book.close()


def test_rows_and_values_are_those_openpyxl_gives(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet["B2"] = "Список сотрудников"  # a title away from A1: the first rows and columns are empty
    sheet.append([])
    sheet.append(["Сотрудник", "Табельный номер", "Дата приема", "Ставка", "Работает", "Дата (текст)", "Время",
                  "СНИЛС"])
    sheet.append(["Ёлкин Пётр", 17, D(2015, 9, 1), 1, True, "01.09.2015 0:00:00", DT(2020, 1, 2, 13, 5),
                  11223344595])
    sheet.append([None, None, None, None, None, None, None, None])
    sheet.append(["Иванова Анна", "0042", 42250, 0.5, False, "1 сентября 2015 г.", None, "112-233-445 95"])
    sheet["J9"] = "  "  # whitespace only, after two missing rows
    sheet["A10"] = 2.75
    book.create_sheet("Второй")["A1"] = "не читается"
    path = tmp_path / "book.xlsx"
    book.save(path)
    assert _check_sheets(path) is True  # an ordinary sheet goes to python-calamine
    rows = list(xlsx_records(path))
    assert rows == openpyxl_rows(path)
    by_number = dict(rows)
    assert by_number[5][:5] == ["Ёлкин Пётр", 17, DT(2015, 9, 1), 1, True]
    assert type(by_number[5][1]) is int and type(by_number[5][7]) is int  # whole numbers stay int, as before
    assert type(by_number[5][2]) is DT and type(by_number[7][2]) is int  # a date cell; Excel's day number
    assert by_number[3] == [] and by_number[8] == [] and by_number[9][9] == "  "
    assert [n for n, _ in rows] == list(range(1, 11))


def test_a_sparse_sheet_is_streamed_not_built_as_a_grid(tmp_path):
    # One value at CV60000 would make calamine build 6 million cells; openpyxl streams the empty rows instead.
    base = write_xlsx(tmp_path / "base.xlsx", [("Фамилия",), ("Иванов",)])
    sparse = tmp_path / "sparse.xlsx"
    with zipfile.ZipFile(sparse, "w", zipfile.ZIP_DEFLATED) as archive, zipfile.ZipFile(base) as source:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info, source.read(info.filename))
        archive.writestr("xl/worksheets/sheet1.xml", (
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Фамилия</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>Иванов</t></is></c></row>'
            '<row r="60000"><c r="CV60000"><v>1</v></c></row></sheetData></worksheet>').encode())
    assert _check_sheets(sparse) is False
    rows = list(xlsx_records(sparse))
    assert rows[:2] == [(1, ["Фамилия"]), (2, ["Иванов"])]
    assert rows[-1] == (60000, [None] * 99 + [1]) and len(rows) == 60000


def test_an_error_cell_is_reported_with_its_row_not_read_as_empty(invoke, workspace, tmp_path):
    # calamine reads «#DIV/0!» as an empty cell: a history row would silently lose its date.
    ok(invoke("-w", workspace, "people", "import", write_xlsx(tmp_path / "staff.xlsx", STAFF), *TODAY))
    path = write_xlsx(tmp_path / "history.xlsx", [
        HISTORY_HEADER,
        ("Петров Пётр Петрович", None, None, None, None, D(2026, 9, 10)),
        ("Сидорова Анна Ивановна", None, None, None, None, "#DIV/0!"),
    ])
    with zipfile.ZipFile(path) as archive:
        assert b't="e"' in archive.read("xl/worksheets/sheet1.xml")  # openpyxl wrote a real error cell
    result = invoke("-w", workspace, "history", "import", path, *TODAY)
    assert result.exit_code == 1, result.output
    assert "строка 3, столбец «Повторный инструктаж»" in result.stderr and "#DIV/0!" in result.stderr
    assert json.loads(invoke("-w", workspace, "briefing", "list", "--json").output) == []
