"""Tables of the structure markup as WordprocessingML strings: the hot path of long journals.

Every body cell of a plain journal is one string concatenation from prebuilt pieces; only cells
with attributes, inline formatting or paragraphs take the general path. Time is linear in rows:
nothing looks back at earlier rows except the open vertical merges of ``rowspan``.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from core.render import ooxml
from core.render.column_fit import fit_table
from core.render.markup import (
    ALIGN,
    BORDERS,
    FOLD,
    VALIGN,
    MarkupError,
    check_attributes,
    choice_attr,
    fill_attr,
    flag_attr,
    fold,
    inline_runs,
    int_attr,
    stray_text,
    where,
)
from core.render.ooxml import escape_text, paragraph_xml

_PAGE_BREAK = (
    '<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:after="0" w:line="20" w:lineRule="exact"/>'
    '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
)
# Two tables with nothing between them are one table to Word; a hair-thin paragraph keeps them apart.
_SEPARATOR = (
    '<w:p><w:pPr><w:spacing w:after="0" w:line="20" w:lineRule="exact"/>'
    '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
)
# Parts of a split table need the same hair-thin paragraph between them: LibreOffice glues
# adjacent tables back into one on import (2,000 rows: 22 s glued, 7.5 s apart).
_CHUNK_END = "</w:tbl>" + _SEPARATOR


def _widths(element: etree._Element, columns: int, text_width: int) -> list[int]:
    """Column widths in twips: the ``widths`` proportions spread over the text width."""
    raw = element.get("widths")
    if not raw:
        weights = [1.0] * columns
    else:
        try:
            weights = [float(part) for part in raw.replace(";", ",").replace(" ", ",").split(",") if part]
        except ValueError:
            weights = []
        if not weights or min(weights) <= 0:
            raise MarkupError(
                f"Атрибут widths=\"{raw}\" ({where(element)}): нужны положительные числа через запятую, "
                "например widths=\"5,40,25,30\" (доли ширины)."
            )
    total = sum(weights)
    grid = [max(1, int(text_width * weight / total)) for weight in weights]
    grid[-1] += text_width - sum(grid)  # rounding goes to the last column so the table fills the line
    return grid


def _columns(row: etree._Element) -> int:
    return sum(int_attr(cell, "colspan", 1, 1, 63) for cell in row)


class TableWriter:
    """Writes ``<table>`` elements; ``split_rows`` body rows per Word table (0: never split)."""

    def __init__(self, write: Callable[[str], None], split_rows: int) -> None:
        self.write = write
        self.split_rows = split_rows

    def write_table(
        self, element: etree._Element, text_width: int, page_break: bool, after_table: bool
    ) -> None:
        """Write one ``<table>``, continued in new tables every ``split`` rows.

        ``page_break`` starts it on a new page; ``after_table`` says the previous block was a table,
        which must be kept apart from this one.
        """
        for text in stray_text(element):
            raise MarkupError(f"Текст «{text[:40]}» в <table> должен стоять в <td> ({where(element)}).")
        rows = list(element)
        for row in rows:
            if row.tag != "tr":
                raise MarkupError(f"В <table> допустимы только <tr>, а не <{row.tag}> ({where(row)}).")
        if not rows:
            raise MarkupError(f"Таблица без строк ({where(element)}).")
        grid = _widths(element, 0 if element.get("widths") else _columns(rows[0]), text_width)
        borders = choice_attr(element, "borders", "all", BORDERS)
        size = int_attr(element, "font-size", 12 if borders == "all" else 14, 6, 28)
        heads = int_attr(element, "header-rows", _leading_header_rows(rows), 0, len(rows))
        split = int_attr(element, "split", self.split_rows, 0, 10**7)
        grid = fit_table(grid, rows, size * 2, heads)
        table = _Table(grid, borders, size, element.get("align"), element)

        if page_break:
            self.write(_PAGE_BREAK)
        elif after_table:
            self.write(_SEPARATOR)
        header = "".join(table.row(row, True) for row in rows[:heads])
        if table.active:
            raise MarkupError(f"Объединение строк (rowspan) выходит из заголовка таблицы ({where(element)}).")
        self.write(table.open + header)
        written = 0
        for row in rows[heads:]:
            if split and written >= split and not table.active:
                # A new table with the same header: LibreOffice lays out short tables far faster
                # (one 10,000-row table: 817 s; 500-row tables: about a minute).
                self.write(_CHUNK_END + table.open + header)
                written = 0
            self.write(table.row(row, False))
            written += 1
        self.write("</w:tbl>")


def _leading_header_rows(rows: list[etree._Element]) -> int:
    """Rows made only of ``<th>`` at the top of a table are its header unless told otherwise."""
    count = 0
    for row in rows:
        if len(row) and all(cell.tag == "th" for cell in row):
            count += 1
        else:
            break
    return count


_COMPLEX = object()


def _shading(fill: str | None) -> str:
    """The ``w:shd`` of a cell filled with ``fill`` (RRGGBB), or nothing: a solid background, no pattern."""
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""


def _cell_text(text: str) -> str:
    """Text of a plain cell: template layout whitespace folded away, XML specials escaped."""
    if "\n" in text or "\t" in text or "\r" in text:
        text = fold(text).strip(FOLD).replace(FOLD, " ")
    if "&" in text or "<" in text or ">" in text:
        text = escape_text(text)
    return text


class _Table:
    """Prebuilt pieces and the open vertical merges of one table."""

    def __init__(self, grid: list[int], borders: str, size: int, align: str | None, element) -> None:
        self.grid = grid
        self.ncols = len(grid)
        self.element = element
        half_points = size * 2
        # Body cells: the style carries font and size where it can, so cells stay short strings.
        if half_points == ooxml.TABLE_SIZE:
            self.body_style, self.size = "TableText", None
        elif half_points == ooxml.BODY_SIZE:
            self.body_style, self.size = "Plain", None
        elif half_points == ooxml.SMALL_TABLE_SIZE:
            # A style too: journal rows stay the short fast-path strings.
            self.body_style, self.size = "TableSmall", None
        else:
            self.body_style, self.size = "TableText", half_points
        self.head_size = None if half_points == ooxml.TABLE_SIZE else half_points
        size_rpr = f'<w:rPr><w:sz w:val="{self.size}"/><w:szCs w:val="{self.size}"/></w:rPr>' if self.size else ""
        self.cell_open = [
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{self.body_style}"/>{size_rpr}</w:pPr>'
            for width in grid
        ]
        self.run_open = f'<w:r>{size_rpr}<w:t xml:space="preserve">'
        self.run_close = "</w:t></w:r></w:p></w:tc>"
        # A whole plain row as one %-format: the common journal row costs one C-level call.
        self.row_format = "<w:tr>" + "".join(
            (opening + self.run_open).replace("%", "%%") + "%s" + self.run_close for opening in self.cell_open
        ) + "</w:tr>"
        style = "TableGrid" if borders == "all" else "TableNormal"
        jc = choice_attr(element, "align", "", ALIGN) if align else ""
        self.open = (
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{sum(grid)}" w:type="dxa"/>'
            + (f'<w:jc w:val="{jc}"/>' if jc else "")
            + '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{width}"/>' for width in grid)
            + "</w:tblGrid>"
        )
        # column -> [rows still merged, colspan, fill]: a merged cell's continuations repeat its shading
        # (Word paints each grid cell from its own tcPr).
        self.active: dict[int, list] = {}

    def row(self, tr: etree._Element, header: bool) -> str:
        """One ``<w:tr>``; a row of plain ``<td>text</td>`` cells is one string format."""
        if not header and not self.active and len(tr) == self.ncols and not tr.keys():
            # _COMPLEX marks a cell that needs the general path (attributes, inline markup, <th>).
            texts = [
                (td.text or "") if td.tag == "td" and not len(td) and not td.keys() else _COMPLEX
                for td in tr
            ]
            if _COMPLEX not in texts:
                joined = "".join(texts)
                if "&" in joined or "<" in joined or ">" in joined or "\n" in joined or "\t" in joined or "\r" in joined:
                    texts = [_cell_text(text) for text in texts]
                return self.row_format % tuple(texts)
        return self._general_row(tr, header)

    def _general_row(self, tr: etree._Element, header: bool) -> str:
        if tr.tag != "tr":
            raise MarkupError(f"В <table> допустимы только <tr>, а не <{tr.tag}> ({where(tr)}).")
        parts = ["<w:tr>", self._row_properties(tr, header) if (header or tr.keys()) else ""]
        active = self.active
        started: dict[int, list[int]] = {}
        col = 0
        for td in tr:
            while col in active:
                col = self._continuation(parts, col)
            if col >= self.ncols:
                raise MarkupError(f"В строке больше ячеек, чем столбцов в таблице ({where(td)}).")
            if not header and td.tag == "td" and not len(td) and not td.keys():
                text = _cell_text(td.text or "")
                parts.append(self.cell_open[col] + self.run_open + text + self.run_close)
                col += 1
            else:
                col = self._cell(parts, td, col, header, started)
        while col < self.ncols:
            if col in active:
                col = self._continuation(parts, col)
            else:
                parts.append(self.cell_open[col] + self.run_open + self.run_close)  # a short row is padded
                col += 1
        for key in list(active):
            active[key][0] -= 1
            if active[key][0] <= 0:
                del active[key]
        active.update(started)
        parts.append("</w:tr>")
        return "".join(parts)

    def _row_properties(self, tr: etree._Element, header: bool) -> str:
        check_attributes(tr)
        props = "<w:cantSplit/>" if header or flag_attr(tr, "keep", False) else ""
        height = int_attr(tr, "height", 0, 0, 500)
        if height:
            props += f'<w:trHeight w:val="{ooxml.mm(height)}" w:hRule="atLeast"/>'
        if header:
            props += "<w:tblHeader/>"  # repeated at the top of every page
        return f"<w:trPr>{props}</w:trPr>" if props else ""

    def _continuation(self, parts: list[str], col: int) -> int:
        _, span, fill = self.active[col]
        width = sum(self.grid[col : col + span])
        grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        parts.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}<w:vMerge/>{_shading(fill)}</w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{self.body_style}"/></w:pPr></w:p></w:tc>'
        )
        return col + span

    def _cell(self, parts: list[str], td: etree._Element, col: int, header: bool, started: dict) -> int:
        if td.tag not in ("td", "th"):
            raise MarkupError(f"В <tr> допустимы только <td> и <th>, а не <{td.tag}> ({where(td)}).")
        check_attributes(td)
        span = int_attr(td, "colspan", 1, 1, self.ncols)
        if col + span > self.ncols:
            raise MarkupError(f"Ячейка с colspan={span} не помещается в строку таблицы ({where(td)}).")
        rows = int_attr(td, "rowspan", 1, 1, 10**7)
        head = header or td.tag == "th"
        align = choice_attr(td, "align", "", ALIGN) or None
        valign = choice_attr(td, "valign", "center" if head else "", VALIGN)
        bold = flag_attr(td, "bold", False)
        fill = fill_attr(td) if td.get("fill") is not None else None  # most cells have none: skip the call
        props = f'<w:tcW w:w="{sum(self.grid[col : col + span])}" w:type="dxa"/>'
        if span > 1:
            props += f'<w:gridSpan w:val="{span}"/>'
        if rows > 1:
            props += '<w:vMerge w:val="restart"/>'
            started[col] = [rows - 1, span, fill]
        if fill:
            # CT_TcPr order: tcW, gridSpan, vMerge, tcBorders, shd, …, vAlign — Word rejects another order.
            props += _shading(fill)
        if valign and valign != "top":
            props += f'<w:vAlign w:val="{valign}"/>'
        style = "TableHeading" if head else self.body_style
        size = self.head_size if head else self.size
        children = [child for child in td if child.tag == "p"]
        if children:
            for text in stray_text(td):
                raise MarkupError(f"Текст «{text[:40]}» рядом с <p> в ячейке тоже должен быть в <p> ({where(td)}).")
            if len(children) != len(td):
                raise MarkupError(f"В ячейке либо текст, либо только абзацы <p> ({where(td)}).")
            paragraphs = []
            for child in children:
                check_attributes(child)
                own = choice_attr(child, "align", "", ALIGN) or align
                runs = inline_runs(child, bold=bold or flag_attr(child, "bold", False))
                paragraphs.append(paragraph_xml(runs, style, align=own, size=size))
            body = "".join(paragraphs)
        else:
            body = paragraph_xml(inline_runs(td, bold=bold), style, align=align, size=size)
        parts.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>")
        return col + span
