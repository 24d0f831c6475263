"""core.io.cells: CSV neutralisation is reversible exactly, XLSX text never becomes a formula."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.io.cells import CSV_TRIGGERS, csv_cell, csv_uncell, xlsx_cell


@given(st.text(alphabet=st.sampled_from(list("=+-@\t\r'a Я1")), max_size=8))
def test_csv_round_trip_is_exact_and_never_starts_with_a_trigger(text):
    cell = csv_cell(text)
    assert not cell.startswith(CSV_TRIGGERS)
    assert csv_uncell(cell) == text


def test_csv_examples_follow_owasp():
    assert csv_cell("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert csv_cell("-5") == "'-5" and csv_cell("@SUM(A1)") == "'@SUM(A1)" and csv_cell("\t=1") == "'\t=1"
    assert csv_cell("Иванов") == "Иванов" and csv_cell("O'Brien") == "O'Brien" and csv_cell(5) == 5
    assert csv_uncell("'Иванов") == "'Иванов"  # an apostrophe the toolkit did not add stays


def test_xlsx_cell_keeps_text_starting_with_equals_a_string():
    from openpyxl import Workbook

    sheet = Workbook().active
    assert xlsx_cell(sheet, "=1+2").data_type == "s"
    assert xlsx_cell(sheet, 3).data_type == "n"
