"""The fixed parts of every DOCX the toolkit writes: content types, relationships, styles, headers.

Written by hand rather than copied from python-docx's template so that the styles are exactly the
ГОСТ Р 7.0.97 ones (Times New Roman 14 pt, first-line indent 1.25 cm, 12 pt in tables) and nothing
else, and so that writing a document needs neither python-docx nor a template file.
Element order inside every ``*Pr`` follows the ECMA-376 schema: Word refuses files that break it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from core.render.markup import Run

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Sizes in twentieths of a point (twips) unless said otherwise; 1 mm = 56.7 twips.
PAGE_W, PAGE_H = 11906, 16838  # A4
MM = 1440 / 25.4


def mm(value: float) -> int:
    """Millimetres to twips, rounded."""
    return round(value * MM)


@dataclass(frozen=True)
class PageSetup:
    """Margins in millimetres (ГОСТ Р 7.0.97: left 30 for documents kept over 10 years)."""

    left: float = 30
    right: float = 10
    top: float = 20
    bottom: float = 20
    header: float = 12  # distance of the page number from the top edge (≥ 10 mm)

    def text_width(self, landscape: bool) -> int:
        """Width between the margins, in twips."""
        return (PAGE_H if landscape else PAGE_W) - mm(self.left) - mm(self.right)


BODY_SIZE = 28  # half-points: 14 pt
TABLE_SIZE = 24  # 12 pt
SMALL_TABLE_SIZE = 20  # 10 pt: wide journals (eleven columns on a landscape page)
INDENT = 709  # 1.25 cm first-line indent

CONTENT_TYPES = (
    XML_HEAD
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    XML_HEAD
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DOCUMENT_RELS = (
    XML_HEAD
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rIdHeaderPage" Type="{_REL}header" Target="header1.xml"/>'
    f'<Relationship Id="rIdHeaderFirst" Type="{_REL}header" Target="header2.xml"/>'
    "</Relationships>"
)

_FONTS = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>'
_LANG = '<w:lang w:val="ru-RU" w:eastAsia="ru-RU" w:bidi="ar-SA"/>'


def _para_style(style_id: str, name: str, ppr: str, rpr: str = "", extra: str = "") -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>{extra}<w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


_NO_INDENT = '<w:ind w:firstLine="0"/>'
_TIGHT = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'

STYLES = (
    XML_HEAD
    + f'<w:styles xmlns:w="{W_NS}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    f'{_FONTS}<w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/>{_LANG}'
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    f"{_TIGHT}"
    "</w:pPr></w:pPrDefault></w:docDefaults>"
    # Normal: justified body text with the 1.25 cm first-line indent of Russian official papers.
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
    f'<w:pPr><w:widowControl/>{_TIGHT}<w:ind w:firstLine="{INDENT}"/><w:jc w:val="both"/></w:pPr>'
    f'<w:rPr>{_FONTS}<w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/></w:rPr></w:style>'
    + _para_style(
        "Title",
        "Title",
        # Titles and headings are not hyphenated (a heading broken «обучающих-ся» reads as a typo).
        f'<w:keepNext/><w:suppressAutoHyphens/><w:spacing w:before="240" w:after="240"/>{_NO_INDENT}'
        '<w:jc w:val="center"/>',
        "<w:b/><w:bCs/>",
    )
    + _para_style(
        "Heading1",
        "heading 1",
        f'<w:keepNext/><w:keepLines/><w:suppressAutoHyphens/><w:spacing w:before="240" w:after="120"/>'
        f'{_NO_INDENT}<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
        "<w:b/><w:bCs/>",
    )
    + _para_style(
        "Heading2",
        "heading 2",
        '<w:keepNext/><w:keepLines/><w:suppressAutoHyphens/><w:spacing w:before="120" w:after="60"/>'
        '<w:outlineLvl w:val="1"/>',
        "<w:b/><w:bCs/>",
    )
    + _para_style(
        "Plain",
        "Plain",
        f'{_NO_INDENT}<w:jc w:val="left"/>',
    )
    + _para_style(
        "TableText",
        "Table Text",
        f'{_NO_INDENT}<w:jc w:val="left"/>',
        f'<w:sz w:val="{TABLE_SIZE}"/><w:szCs w:val="{TABLE_SIZE}"/>',
    )
    + _para_style(
        "TableSmall",
        "Table Text Small",
        f'{_NO_INDENT}<w:jc w:val="left"/>',
        f'<w:sz w:val="{SMALL_TABLE_SIZE}"/><w:szCs w:val="{SMALL_TABLE_SIZE}"/>',
    )
    + _para_style(
        "TableHeading",
        "Table Heading",
        f'<w:keepNext/>{_NO_INDENT}<w:jc w:val="center"/>',
        f'<w:b/><w:bCs/><w:sz w:val="{TABLE_SIZE}"/><w:szCs w:val="{TABLE_SIZE}"/>',
    )
    + _para_style(
        "Header",
        "header",
        f'{_NO_INDENT}<w:jc w:val="center"/>',
        f'<w:sz w:val="{TABLE_SIZE}"/><w:szCs w:val="{TABLE_SIZE}"/>',
    )
    + '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr></w:style>"
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
    '<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders></w:tblPr></w:style>"
    "</w:styles>"
)

SETTINGS = (
    XML_HEAD
    + f'<w:settings xmlns:w="{W_NS}">'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="709"/>'
    # Automatic hyphenation (ru-RU): long words in narrow cells break by syllable, never at an arbitrary letter.
    '<w:autoHyphenation/><w:doNotHyphenateCaps/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="ru-RU"/>'
    "</w:settings>"
)

FONT_TABLE = (
    XML_HEAD
    + f'<w:fonts xmlns:w="{W_NS}">'
    '<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="CC"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    "</w:fonts>"
)

# The page number: a PAGE field, centred in the top margin. The first page of the document gets
# the empty header2 through <w:titlePg/>, so numbering is visible from page 2 as ГОСТ asks.
HEADER_PAGE = (
    XML_HEAD
    + f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    "<w:r><w:t>2</w:t></w:r>"
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>'
)
HEADER_EMPTY = (
    XML_HEAD
    + f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>'
)

DOCUMENT_OPEN = XML_HEAD + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
DOCUMENT_CLOSE = "</w:body></w:document>"


def section_properties(page: PageSetup, landscape: bool, first: bool) -> str:
    """``<w:sectPr>`` for one section: A4, margins, headers; the first section hides page 1's number."""
    if landscape:
        size = f'<w:pgSz w:w="{PAGE_H}" w:h="{PAGE_W}" w:orient="landscape"/>'
    else:
        size = f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
    headers = '<w:headerReference w:type="default" r:id="rIdHeaderPage"/>'
    if first:
        headers += '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
    return (
        f'<w:sectPr>{headers}<w:type w:val="nextPage"/>{size}'
        f'<w:pgMar w:top="{mm(page.top)}" w:right="{mm(page.right)}" w:bottom="{mm(page.bottom)}" '
        f'w:left="{mm(page.left)}" w:header="{mm(page.header)}" w:footer="{mm(page.header)}" w:gutter="0"/>'
        '<w:cols w:space="708"/>' + ("<w:titlePg/>" if first else "") + "</w:sectPr>"
    )


def core_properties(title: str, now: datetime.datetime | None = None) -> str:
    """docProps/core.xml with the document's title and the time it was made."""
    from core.clock import now as clock_now

    stamp = (now or clock_now()).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        XML_HEAD
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>ohs-toolkit</dc:creator>"
        "<dc:language>ru-RU</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


APP_PROPERTIES = (
    XML_HEAD
    + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>ohs-toolkit</Application></Properties>"
)


def escape_text(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` for element text (quotes need no escaping there)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def runs_xml(runs: list[Run], size: int | None = None) -> str:
    """``<w:r>`` elements for inline runs; ``size`` in half-points overrides the style's size."""
    out = []
    size_xml = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else ""
    for run in runs:
        props = ""
        if run.bold:
            props += "<w:b/><w:bCs/>"
        if run.italic:
            props += "<w:i/><w:iCs/>"
        props += size_xml
        if run.underline:
            props += '<w:u w:val="single"/>'
        if run.valign:
            props += f'<w:vertAlign w:val="{run.valign}"/>'
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        if run.text == "\n":
            out.append(f"<w:r>{rpr}<w:br/></w:r>")
        elif run.text == "\t":
            out.append(f"<w:r>{rpr}<w:tab/></w:r>")
        else:
            out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape_text(run.text)}</w:t></w:r>')
    return "".join(out)


def paragraph_xml(
    runs: list[Run],
    style: str | None = None,
    *,
    align: str | None = None,
    indent: tuple[int, int, int] | None = None,
    keep_next: bool = False,
    page_break: bool = False,
    spacing: tuple[int | None, int | None] = (None, None),
    size: int | None = None,
) -> str:
    """One ``<w:p>``; ``indent`` is (left, right, first line) in twips, ``size`` in half-points."""
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if keep_next:
        ppr += "<w:keepNext/>"
    if page_break:
        ppr += "<w:pageBreakBefore/>"
    before, after = spacing
    if before is not None or after is not None:
        ppr += "<w:spacing" + (f' w:before="{before}"' if before is not None else "")
        ppr += (f' w:after="{after}"' if after is not None else "") + "/>"
    if indent is not None:
        left, right, first = indent
        ppr += f'<w:ind w:left="{left}" w:right="{right}" w:firstLine="{first}"/>'
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    if size:
        ppr += f'<w:rPr><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs_xml(runs, size)}</w:p>" if ppr else f"<w:p>{runs_xml(runs, size)}</w:p>"
