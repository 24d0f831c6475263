"""The DOCX writer, checked by reading the files back as Word and python-docx would."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt
from lxml import etree

from core.errors import OhsError
from core.render.docx_writer import write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def part(path: Path, name: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def close_to(length, millimetres: float) -> bool:
    # Word stores twips (1/1440 in): 30 mm is 1701 twips, 0.004 mm off Mm(30).
    return abs(length - Mm(millimetres)) < Mm(0.1)


# --- the every-element document -------------------------------------------------------------


def test_numbering_reads_like_a_legal_act(every_element_docx):
    lines = texts(every_element_docx)
    expected = [
        "1. Общие положения",
        "1.1. Положение разработано для МБОУ «Школа № 1».",
        "1.2. Положение устанавливает:",
        "а) порядок обучения;",
        "б) порядок инструктажей и проверок;",
        "1.2.1. подпункт третьего уровня;",
        "– перечень с тире.",
        "2. Ответственные лица",
        "2.1. Ответственный: М.А. Ульянова, площадь 25 м2, H2O.",
        "7. Пункт с номером 7 после альбомного раздела.",
    ]
    positions = [lines.index(line) for line in expected]
    assert positions == sorted(positions)


def test_title_headings_and_styles(every_element_docx):
    document = docx.Document(str(every_element_docx))
    by_text = {p.text: p for p in document.paragraphs}
    assert by_text["ПОЛОЖЕНИЕ\nо системе управления охраной труда"].style.name == "Title"
    assert by_text["1. Общие положения"].style.name == "Heading 1"
    assert by_text["Раздел без номера"].style.name == "Heading 2"
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    assert abs(normal.paragraph_format.first_line_indent - Mm(12.5)) < Mm(0.1)


def test_inline_formatting_and_breaks(every_element_docx):
    document = docx.Document(str(every_element_docx))
    by_text = {p.text: p for p in document.paragraphs}
    runs = by_text["1.2. Положение устанавливает:"]  # plain
    assert not any(run.bold for run in runs.runs)
    listed = by_text["б) порядок инструктажей и проверок;"]
    assert [r.text for r in listed.runs if r.bold] == ["инструктажей"]
    assert [r.text for r in listed.runs if r.italic] == ["проверок"]
    responsible = by_text["2.1. Ответственный: М.А. Ульянова, площадь 25 м2, H2O."]
    assert [r.text for r in responsible.runs if r.underline] == ["М.А. Ульянова"]
    assert [r.text for r in responsible.runs if r.font.superscript] == ["2"]
    assert [r.text for r in responsible.runs if r.font.subscript] == ["2"]
    assert "Первая строка\nвторая строка\tпосле табуляции" in by_text
    centred = by_text["Абзац по центру"]
    assert centred.alignment == 1  # WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in centred.runs)
    assert centred.paragraph_format.first_line_indent == 0


def test_margins_page_size_and_page_numbers(every_element_docx):
    document = docx.Document(str(every_element_docx))
    first = document.sections[0]
    assert close_to(first.page_width, 210) and close_to(first.page_height, 297)
    assert close_to(first.left_margin, 30)
    assert close_to(first.right_margin, 10)
    assert close_to(first.top_margin, 20)
    assert close_to(first.bottom_margin, 20)
    # Page numbers from page 2: the first page has its own (empty) header.
    assert first.different_first_page_header_footer
    assert first.first_page_header.paragraphs[0].text == ""
    header = first.header._element
    assert "PAGE" in "".join(t.text for t in header.iter(f"{W}instrText"))
    assert first.header.paragraphs[0].style.paragraph_format.alignment == 1  # centred
    # Later sections number every page, the first included.
    assert not document.sections[1].different_first_page_header_footer


def test_landscape_section_and_back(every_element_docx):
    sections = docx.Document(str(every_element_docx)).sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    assert close_to(sections[1].page_width, 297) and close_to(sections[1].page_height, 210)
    assert close_to(sections[1].left_margin, 30)


def test_page_break_starts_a_new_page(every_element_docx):
    body = part(every_element_docx)
    target = next(p for p in body.iter(f"{W}p") if "".join(p.itertext()) == "После разрыва страницы")
    assert target.find("w:pPr/w:pageBreakBefore", NS) is not None


def test_corner_blocks_are_indented(every_element_docx):
    document = docx.Document(str(every_element_docx))
    by_text = {p.text: p for p in document.paragraphs}
    right = by_text["Блок справа"].paragraph_format
    assert close_to(right.left_indent, 170 - 80) and right.first_line_indent == 0
    left = by_text["Блок слева"].paragraph_format
    assert close_to(left.right_indent, 170 - 70)
    approved = by_text["УТВЕРЖДЕНО"].paragraph_format
    assert close_to(approved.left_indent, 90)
    following = [p.text for p in document.paragraphs]
    start = following.index("УТВЕРЖДЕНО")
    assert following[start + 1 : start + 3] == [
        "приказом директора МБОУ «Школа № 1»",
        "от «25» сентября 2018 г. № 112-о",
    ]


def test_tables_cells_spans_and_repeated_headers(every_element_docx):
    document = docx.Document(str(every_element_docx))
    journal = next(t for t in document.tables if t.cell(0, 1).text == "Фамилия, имя, отчество")
    assert [c.text for c in journal.rows[0].cells] == ["№", "Фамилия, имя, отчество", "Подпись", "Подпись"]
    assert [c.text for c in journal.rows[1].cells] == ["№", "Фамилия, имя, отчество", "инструктирующего", "инструктируемого"]
    assert [c.text for c in journal.rows[2].cells] == ["1", "Иванов Иван Иванович", "", ""]
    assert [c.text for c in journal.rows[4].cells] == ["Итого", "Итого", "абзац 1\nабзац 2", ""]
    rows = journal._tbl.findall("w:tr", NS)
    assert [row.find("w:trPr/w:tblHeader", NS) is not None for row in rows] == [True, True, False, False, False]
    total = rows[-1]
    assert total.find("w:trPr/w:cantSplit", NS) is not None
    assert total.find("w:trPr/w:trHeight", NS).get(f"{W}hRule") == "atLeast"
    assert journal.cell(2, 0).paragraphs[0].alignment == 1
    widths = [int(col.get(f"{W}w")) for col in journal._tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) == round((210 - 30 - 10) / 25.4 * 1440)  # fills the text width
    assert widths[1] == pytest.approx(4 * widths[0], rel=0.01)
    assert journal.cell(2, 1).paragraphs[0].runs[0].font.size in (None, Pt(12))
    assert journal.cell(2, 1).paragraphs[0].style.font.size == Pt(12)


def test_long_tables_continue_with_the_header_repeated(every_element_docx):
    document = docx.Document(str(every_element_docx))
    parts = [t for t in document.tables if t.cell(0, 1).text == "Дата"]
    assert len(parts) == 3  # ten rows, four per table
    body = [row.cells[2].text for table in parts for row in table.rows[1:]]
    assert body == [f"отметка {n}" for n in range(1, 11)]
    for table in parts:
        assert table._tbl.find("w:tr/w:trPr/w:tblHeader", NS) is not None


def test_borderless_table_and_font_size(every_element_docx):
    document = docx.Document(str(every_element_docx))
    plain = next(t for t in document.tables if t.cell(0, 0).text == "без рамок")
    assert plain._tbl.find("w:tblPr/w:tblStyle", NS).get(f"{W}val") != "TableGrid"
    paragraph = plain.cell(0, 1).paragraphs[0]
    # 10 pt comes from the paragraph style (journal rows stay short), or from the run.
    assert (paragraph.runs[0].font.size or paragraph.style.font.size) == Pt(10)
    assert paragraph.style.name == "Table Text Small"


def test_letterhead_grifs_signature_and_acknowledgement(every_element_docx):
    document = docx.Document(str(every_element_docx))
    lines = [p.text for p in document.paragraphs]
    assert lines[0] == "Муниципальное бюджетное общеобразовательное учреждение «Школа № 1»"
    assert "123456, г. Энск, ул. Ленина, д. 1, тел. +7 (495) 123-45-67" in lines
    assert "ИНН 7701234567, КПП 770101001, ОГРН 1027700000000" in lines
    grifs = document.tables[0]
    left, right = grifs.rows[0].cells
    assert left.text.startswith("СОГЛАСОВАНО\nПротокол заседания профсоюзного комитета")
    assert right.text.split("\n") == ["УТВЕРЖДАЮ", "Директор", "________________ М.А. Ульянова", "«25» сентября 2018 г."]
    signature = next(t for t in document.tables if t.cell(0, 0).text == "Директор")
    assert signature.cell(0, 2).text == "М.А. Ульянова"
    assert any(line.startswith("С положением ознакомлен(а): ") for line in lines)
    assert "ЛИСТ ОЗНАКОМЛЕНИЯ" in lines
    assert "с Положением о системе управления охраной труда" in lines
    sheet = document.tables[-1]
    assert [c.text for c in sheet.rows[0].cells] == ["№ п/п", "Фамилия, имя, отчество", "Должность", "Дата", "Подпись"]
    assert [[c.text for c in row.cells][:3] for row in sheet.rows[1:]] == [
        ["1", "Иванов Иван Иванович", "учитель"],
        ["2", "Петрова Анна Сергеевна", "завхоз"],
        ["3", "", ""],
        ["4", "", ""],
    ]
    assert sheet._tbl.find("w:tr/w:trPr/w:tblHeader", NS) is not None


def test_package_is_complete_and_well_formed(every_element_docx):
    with zipfile.ZipFile(every_element_docx) as archive:
        names = set(archive.namelist())
        assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
                "word/_rels/document.xml.rels", "docProps/core.xml"} <= names
        for name in names:
            etree.fromstring(archive.read(name))  # every part parses
        types = archive.read("[Content_Types].xml").decode()
        for name in names - {"[Content_Types].xml"}:
            assert name.endswith(".rels") or f'PartName="/{name}"' in types
    properties = docx.Document(str(every_element_docx)).core_properties
    assert properties.title == "ПОЛОЖЕНИЕ о системе управления охраной труда"


# --- the writer on its own -------------------------------------------------------------------


def test_markup_string_in_docx_out(tmp_path):
    path = write_docx("<document><p>Привет, <b>мир</b></p></document>", tmp_path / "a.docx")
    assert texts(path) == ["Привет, мир"]


def test_template_layout_whitespace_is_not_text(tmp_path):
    markup = """<document>
        <p>
            Текст,   набранный
            на двух строках шаблона
        </p>
        <table><tr><td>
            ячейка
        </td><td> пробел </td></tr></table>
    </document>"""
    path = write_docx(markup, tmp_path / "a.docx")
    assert texts(path)[0] == "Текст,   набранный на двух строках шаблона"
    cells = docx.Document(str(path)).tables[0].rows[0].cells
    assert [c.text for c in cells] == ["ячейка", " пробел "]


def test_letters_skip_those_legal_drafting_avoids(tmp_path):
    markup = "<document>" + '<item style="letter">x</item>' * 10 + "</document>"
    labels = [line.split(")")[0] for line in texts(write_docx(markup, tmp_path / "a.docx"))]
    assert labels == list("абвгдежикл")


def test_split_rows_zero_keeps_one_table(tmp_path):
    rows = "".join(f"<tr><td>{n}</td></tr>" for n in range(30))
    markup = f"<document><table><tr><th>№</th></tr>{rows}</table></document>"
    assert len(docx.Document(str(write_docx(markup, tmp_path / "a.docx", split_rows=0))).tables) == 1
    path = write_docx(markup, tmp_path / "b.docx", split_rows=10)
    split = docx.Document(str(path))
    assert [len(t.rows) for t in split.tables] == [11, 11, 11]
    # LibreOffice glues tables that touch back into one slow table: a paragraph keeps them apart.
    body = part(path).find("w:body", NS)
    assert [etree.QName(child).localname for child in body][:5] == ["tbl", "p", "tbl", "p", "tbl"]


def test_rowspan_is_never_cut_by_a_split(tmp_path):
    rows = '<tr><td rowspan="3">A</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr>' * 2
    markup = f'<document><table split="2"><tr><th>x</th><th>y</th></tr>{rows}</table></document>'
    tables = docx.Document(str(write_docx(markup, tmp_path / "a.docx"))).tables
    merged = [[row.cells[0].text for row in t.rows[1:]] for t in tables]
    assert all(column in (["A", "A", "A"], ["A", "A", "A", "A", "A", "A"]) for column in merged)


def test_two_tables_in_a_row_stay_apart(tmp_path):
    markup = "<document><table><tr><td>1</td></tr></table><table><tr><td>2</td></tr></table></document>"
    body = part(write_docx(markup, tmp_path / "a.docx")).find("w:body", NS)
    tags = [etree.QName(child).localname for child in body]
    assert tags[:3] == ["tbl", "p", "tbl"]


@pytest.mark.parametrize(
    ("markup", "words"),
    [
        ("<document><para>x</para></document>", ["<para>", "строка разметки 1"]),
        ('<document><p colour="red">x</p></document>', ["colour", "<p>"]),
        ("<document>свободный текст</document>", ["свободный текст", "<p>"]),
        ("<document><p><table/></p></document>", ["<table>", "<p>"]),
        ('<document><table widths="a,b"><tr><td/></tr></table></document>', ["widths"]),
        ('<document><item level="9">x</item></document>', ["level"]),
        ('<document><table widths="1"><tr><td>1</td><td>2</td></tr></table></document>', ["больше ячеек"]),
        ("<document><p>x</document>", ["неверную разметку"]),
        ("<doc/>", ["<document>"]),
        ("<document><block><block/></block></document>", ["<block>"]),
        ('<document><section orientation="diagonal"/></document>', ["orientation"]),
    ],
)
def test_markup_mistakes_are_named(tmp_path, markup, words):
    with pytest.raises(OhsError) as caught:
        write_docx(markup, tmp_path / "bad.docx")
    for word in words:
        assert word in caught.value.message
    assert not list(tmp_path.iterdir())  # no half-written file is left behind


def test_existing_file_is_replaced_whole(tmp_path):
    target = tmp_path / "a.docx"
    write_docx("<document><p>первый</p></document>", target)
    write_docx("<document><p>второй</p></document>", target)
    assert texts(target) == ["второй"]
    with pytest.raises(OhsError):
        write_docx("<document><nope/></document>", target)
    assert texts(target) == ["второй"]
