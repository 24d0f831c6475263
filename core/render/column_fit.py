"""Column widths that fit the longest word of each column, so nothing breaks mid-word in a narrow cell.

Why: a template gives proportions (``widths="5,30,20"``) chosen for typical content, and real content
differs — «проводившего» in a 12 mm column, «27.03.2024» wrapping its last digit, «VIII» over two lines.
A specialist does not sign a journal that reads «проводивш / его». Each column gets at least the width
of its longest word at its font size (dates and numerals are words); the extra is taken from columns
that have room, in proportion to their room, so the template's proportions still shape the table.
Where even the minimums do not fit the line, the columns are scaled down together and automatic
hyphenation (on in every document) breaks the long words properly.
"""

from __future__ import annotations

from lxml import etree

from core.render.font_metrics import BOLD, DEFAULT, REGULAR

#: Left and right cell margins of the table styles (57 twips each) and the border, in twips.
CELL_PADDING = 57 * 2 + 10
#: Rows looked at for the widths: a journal's rows are alike, and reading 50,000 rows for this would
#: cost more than writing them. The header rows are always read.
SAMPLE_ROWS = 400


def word_width(word: str, size_half_points: int, bold: bool = False) -> int:
    """The word's width in twips at the font size (half-points, as WordprocessingML counts them)."""
    table = BOLD if bold else REGULAR
    thousandths = sum(table.get(ch, DEFAULT) for ch in word)
    # twips = em-thousandths × size in points × 20 / 1000; size in points = half-points / 2.
    return (thousandths * size_half_points + 99) // 100


def _words(text: str) -> list[str]:
    """The unbreakable pieces of a cell's text: words, and the parts of a hyphenated word (a line may end after «-»)."""
    pieces: list[str] = []
    for word in text.split():
        if "-" in word.strip("-"):
            parts = word.split("-")
            pieces.extend(part + "-" for part in parts[:-1])
            pieces.append(parts[-1])
        else:
            pieces.append(word)
    return pieces


#: Letters of a word's piece that hyphenation keeps together at the least («нетрудо-» «способности»).
SYLLABLE_PIECE = 6


def _piece_width(word: str, size: int, bold: bool) -> int:
    """The widest piece a word keeps on one line once hyphenation may break it: short words, numbers and
    dates whole; a long alphabetic word as its first :data:`SYLLABLE_PIECE` letters and a hyphen."""
    if len(word) > SYLLABLE_PIECE + 2 and word.isalpha():
        return word_width(word[:SYLLABLE_PIECE] + "-", size, bold)
    return word_width(word, size, bold)


def minimum_widths(rows: list[etree._Element], columns: int, body_size: int, head_rows: int,
                   head_size: int | None = None, hyphenated: bool = False) -> list[int]:
    """Per column, the width (twips) its longest word needs; cells spanning columns are left out.

    ``hyphenated``: the width of the longest piece hyphenation cannot break instead (short words,
    numbers, dates and numerals stay whole).
    """
    measure = _piece_width if hyphenated else word_width
    seen: dict[tuple[str, int, bool], int] = {}
    need = [0] * columns
    below = [0] * columns  # rows still covered by a cell above (rowspan)
    sample = rows[: head_rows + SAMPLE_ROWS]
    for index, row in enumerate(sample):
        col = 0
        for cell in row:
            while col < columns and below[col]:
                col += 1
            span = int(cell.get("colspan", "1") or 1)
            down = int(cell.get("rowspan", "1") or 1)
            for covered in range(col, min(col + span, columns)):
                below[covered] = max(below[covered], down)
            if span == 1 and col < columns:
                text = cell.text if not len(cell) else "".join(cell.itertext())
                if text and not text.isspace():
                    bold = cell.tag == "th" or cell.get("bold") == "yes"
                    size = (head_size or body_size) if index < head_rows else body_size
                    key = (text, size, bold)
                    widest = seen.get(key)
                    if widest is None:  # journal cells repeat (dates, names, positions): measure each text once
                        widest = seen[key] = max(measure(w, size, bold) for w in _words(text))
                    if widest + CELL_PADDING > need[col]:
                        need[col] = widest + CELL_PADDING
            col += span
        below = [b - 1 if b else 0 for b in below]
    return need


def fit_table(grid: list[int], rows: list[etree._Element], body_size: int, head_rows: int) -> list[int]:
    """The grid fitted to whole words where they fit the line, else to the pieces hyphenation leaves whole."""
    need = minimum_widths(rows, len(grid), body_size, head_rows)
    if sum(need) > sum(grid):
        need = minimum_widths(rows, len(grid), body_size, head_rows, hyphenated=True)
    return fit(grid, need)


def fit(grid: list[int], need: list[int]) -> list[int]:
    """``grid`` widened where a column is narrower than ``need``, the extra taken from the columns with room.

    The total width stays the same. If the needs alone exceed it, every column is scaled from its need.
    """
    total = sum(grid)
    if len(need) != len(grid) or all(g >= n for g, n in zip(grid, need, strict=True)):
        return grid
    floor = [max(n, 1) for n in need]
    if sum(floor) >= total:
        scaled = [max(1, n * total // sum(floor)) for n in floor]
        scaled[-1] += total - sum(scaled)
        return scaled
    widened = [max(g, f) for g, f in zip(grid, floor, strict=True)]
    excess = sum(widened) - total
    room = [max(0, w - f) for w, f in zip(widened, floor, strict=True)]
    spare = sum(room)
    result = [w - (excess * r // spare if spare else 0) for w, r in zip(widened, room, strict=True)]
    result[-1] += total - sum(result)  # rounding goes to the last column so the table fills the line
    return result
