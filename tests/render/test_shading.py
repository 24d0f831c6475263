"""Cell shading: ``<td fill="RRGGBB">`` becomes ``w:shd`` in the cell's properties, read back with python-docx."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from core.render.docx_writer import write_docx
from core.render.markup import MarkupError

SHD = qn("w:shd")


def write(tmp_path, rows: str, name: str = "t.docx"):
    path = tmp_path / name
    write_docx(f"<document><table>{rows}</table></document>", path)
    return docx.Document(str(path)).tables[0]


def shading(cell) -> dict | None:
    """The cell's ``w:shd`` attributes (val, color, fill), or None when it has none."""
    found = cell._tc.tcPr.find(SHD)
    if found is None:
        return None
    return {key: found.get(qn(f"w:{key}")) for key in ("val", "color", "fill")}


def test_fill_becomes_solid_shading_in_cell_properties(tmp_path):
    table = write(tmp_path, '<tr><th fill="#ffc000">Заголовок</th><td>без заливки</td></tr>'
                            '<tr><td fill="FF0000" align="center" valign="center">20</td><td fill="00b050">1</td></tr>')
    assert shading(table.cell(0, 0)) == {"val": "clear", "color": "auto", "fill": "FFC000"}
    assert shading(table.cell(0, 1)) is None
    assert shading(table.cell(1, 0))["fill"] == "FF0000"
    assert shading(table.cell(1, 1))["fill"] == "00B050"
    assert table.cell(1, 0).text == "20"


def test_shading_sits_where_the_schema_puts_it(tmp_path):
    """CT_TcPr is a sequence: tcW, gridSpan, vMerge, …, shd, …, vAlign; Word refuses the file otherwise."""
    table = write(tmp_path, '<tr><td colspan="2" rowspan="2" fill="FFFF00" valign="bottom">x</td><td>1</td></tr>'
                            '<tr><td>2</td></tr><tr><td>a</td><td>b</td><td>c</td></tr>')
    names = [child.tag.split("}")[1] for child in table.rows[0].cells[0]._tc.tcPr]
    assert names == ["tcW", "gridSpan", "vMerge", "shd", "vAlign"]


def test_merged_cell_continuation_keeps_the_fill(tmp_path):
    table = write(tmp_path, '<tr><td rowspan="3" fill="FF0000">x</td><td>1</td></tr><tr><td>2</td></tr>'
                            '<tr><td>3</td></tr><tr><td>4</td><td>5</td></tr>')
    tcs = [row._tr.tc_lst[0] for row in table.rows]
    fills = [None if tc.tcPr.find(SHD) is None else tc.tcPr.find(SHD).get(qn("w:fill")) for tc in tcs]
    assert fills == ["FF0000", "FF0000", "FF0000", None]


def test_plain_rows_stay_on_the_fast_path_without_shading(tmp_path):
    table = write(tmp_path, "".join(f"<tr><td>{n}</td><td>т</td></tr>" for n in range(50)))
    assert all(shading(cell) is None for row in table.rows for cell in row.cells)


@pytest.mark.parametrize("value", ["red", "FF00", "FF00000", "GG0000", "#", "", "FF 000"])
def test_bad_fill_is_refused_with_an_example(tmp_path, value):
    with pytest.raises(MarkupError) as error:
        write_docx(f'<document><table><tr><td fill="{value}">x</td></tr></table></document>', tmp_path / "bad.docx")
    assert "fill=" in str(error.value) and "FF0000" in str(error.value)
    assert not (tmp_path / "bad.docx").exists()


def test_fill_on_other_elements_is_unknown(tmp_path):
    with pytest.raises(MarkupError, match="не знает атрибута «fill»"):
        write_docx('<document><p fill="FF0000">x</p></document>', tmp_path / "p.docx")
