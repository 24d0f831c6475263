"""The document structure format: a small XML vocabulary that templates render.

A template never writes WordprocessingML. It writes ``<document>`` with ``<title>``, ``<h>``,
``<p>``, ``<item>``, ``<table>``… (see ``templates/README.md``), Jinja's autoescape makes every value
plain text inside it, and :mod:`core.render.docx_writer` turns the parsed tree into a DOCX.

This module holds what both sides agree on: the element and attribute names, parsing with errors a
template author can act on, the whitespace rule (template line breaks are layout, typed ones are
``<br/>``) and the automatic numbering of items («1.», «1.1.», «а)», «–»).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from core.errors import OhsError

#: Block elements allowed directly in <document>, <section> and <block>.
BLOCKS = frozenset({"title", "h", "p", "item", "table", "pagebreak", "block"})
#: Inline elements allowed inside paragraphs and cells.
INLINE = frozenset({"b", "i", "u", "sup", "sub", "br", "tab"})
#: Attributes each element accepts; anything else is a template error, not silently ignored.
ATTRIBUTES: dict[str, frozenset[str]] = {
    "document": frozenset({"title"}),
    "section": frozenset({"orientation"}),
    "title": frozenset({"align"}),
    "h": frozenset({"level", "numbered", "align"}),
    "p": frozenset({"align", "indent", "bold", "keep-next", "space-before", "space-after", "size"}),
    "item": frozenset({"level", "style", "start", "align", "keep-next"}),
    "table": frozenset({"widths", "header-rows", "borders", "font-size", "split", "align"}),
    "tr": frozenset({"height", "keep"}),
    "td": frozenset({"colspan", "rowspan", "align", "valign", "bold", "fill"}),
    "th": frozenset({"colspan", "rowspan", "align", "valign", "bold", "fill"}),
    "block": frozenset({"align", "width"}),
    "pagebreak": frozenset(),
    **{name: frozenset() for name in INLINE},
}

# Letters for «а)», «б)»: the Russian alphabet without ё, з, й, ч, ъ, ы, ь, which legal drafting
# avoids because they read as digits or as other letters.
LETTERS = "абвгдежиклмнопрстуфхцшщэюя"
DASH = "–"

# Keyword attributes: English for authors who copy from the README, Russian for those who guess.
ALIGN = {"left": "left", "center": "center", "centre": "center", "right": "right", "both": "both",
         "justify": "both", "слева": "left", "по центру": "center", "справа": "right", "по ширине": "both"}
VALIGN = {"top": "top", "center": "center", "centre": "center", "bottom": "bottom",
          "сверху": "top", "по центру": "center", "снизу": "bottom"}
ORIENTATION = {"portrait": "portrait", "landscape": "landscape", "книжная": "portrait", "альбомная": "landscape"}
ITEM_STYLE = {"number": "number", "decimal": "number", "letter": "letter", "dash": "dash"}
BORDERS = {"all": "all", "none": "none", "все": "all", "нет": "none"}
MAX_LEVEL = 6

# Whitespace that contains a line break or a tab came from the template's own layout: it folds to
# one space. A sentinel marks where it was so block edges can drop it without eating typed spaces.
_LAYOUT_WS = re.compile(r"[ \t\r\n]*[\t\r\n][ \t\r\n]*")
FOLD = "\x00"  # cannot occur in parsed XML text, so it is a safe marker


def fold(text: str) -> str:
    """Fold template layout whitespace in ``text`` to the :data:`FOLD` marker."""
    if "\n" in text or "\t" in text or "\r" in text:
        return _LAYOUT_WS.sub(FOLD, text)
    return text


class MarkupError(OhsError):
    """The markup a template produced does not follow the structure format."""


def where(element: etree._Element) -> str:
    """«строка N» of the rendered markup, for error messages."""
    line = element.sourceline
    return f"строка разметки {line}" if line else "разметка"


def parse_markup(text: str | bytes, source: str = "документ") -> etree._Element:
    """Parse rendered markup into an lxml tree rooted at ``<document>``.

    ``source`` names the template in error messages. Entities and DTDs are refused (no XXE); huge
    trees are allowed because journals of tens of thousands of rows are normal.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True, remove_pis=True
    )
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        lines = data.decode("utf-8", "replace").splitlines()
        snippet = lines[line - 1].strip()[:200] if 0 < line <= len(lines) else ""
        raise MarkupError(
            f"Шаблон {source} дал неверную разметку (строка {line} результата): {exc.msg}. "
            "Проверьте парность тегов; значения подставляйте в текст элементов, а не в атрибуты.",
            [f"строка {line}: {snippet}"] if snippet else None,
        ) from None
    if root.tag != "document":
        raise MarkupError(f"Шаблон {source}: разметка должна начинаться с <document>, а не <{root.tag}>.")
    return root


def check_attributes(element: etree._Element) -> None:
    """Refuse unknown elements and attributes, naming the line of the markup."""
    allowed = ATTRIBUTES.get(element.tag)
    if allowed is None:
        raise MarkupError(f"Неизвестный элемент <{element.tag}> ({where(element)}).")
    for name in element.attrib:
        if name not in allowed:
            raise MarkupError(
                f"Элемент <{element.tag}> не знает атрибута «{name}» ({where(element)}); "
                f"допустимы: {', '.join(sorted(allowed)) or 'никакие'}."
            )


def int_attr(element: etree._Element, name: str, default: int, low: int = 0, high: int = 10**6) -> int:
    """An integer attribute within [low, high], or a MarkupError naming the line."""
    raw = element.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise MarkupError(
            f"Атрибут {name}=\"{raw}\" элемента <{element.tag}> ({where(element)}): "
            f"нужно целое число от {low} до {high}."
        )
    return value


def choice_attr(element: etree._Element, name: str, default: str, options: dict[str, str]) -> str:
    """A keyword attribute mapped through ``options`` (several spellings may map to one value)."""
    raw = element.get(name)
    if raw is None:
        return default
    key = raw.strip().lower()
    if key not in options:
        raise MarkupError(
            f"Атрибут {name}=\"{raw}\" элемента <{element.tag}> ({where(element)}): "
            f"допустимо {', '.join(sorted(set(options)))}."
        )
    return options[key]


_HEX_COLOUR = re.compile(r"#?([0-9A-Fa-f]{6})")


def fill_attr(element: etree._Element) -> str | None:
    """A cell's ``fill`` colour as six upper-case hex digits (``FF0000``; a leading ``#`` is allowed), or None.

    Only RGB hex is accepted: Word and LibreOffice read ``w:shd/@w:fill`` as hex, and a colour
    name would be silently dropped by one of them.
    """
    raw = element.get("fill")
    if raw is None:
        return None
    found = _HEX_COLOUR.fullmatch(raw.strip())
    if found is None:
        raise MarkupError(
            f"Атрибут fill=\"{raw}\" элемента <{element.tag}> ({where(element)}): нужен цвет из шести "
            "шестнадцатеричных цифр, например fill=\"FF0000\" (красный) или fill=\"#00B050\" (зелёный)."
        )
    return found.group(1).upper()


YES_NO = {"yes": "yes", "да": "yes", "true": "yes", "1": "yes", "no": "no", "нет": "no", "false": "no", "0": "no"}


def flag_attr(element: etree._Element, name: str, default: bool) -> bool:
    """A yes/no attribute (``yes``/``no``, ``да``/``нет``, ``true``/``false``, ``1``/``0``)."""
    return choice_attr(element, name, "yes" if default else "no", YES_NO) == "yes"


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of inline content: text with its formatting, or a break/tab (``text`` = "\\n"/"\\t")."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    valign: str = ""  # "", "superscript" or "subscript"


def inline_runs(element: etree._Element, bold: bool = False) -> list[Run]:
    """The inline content of a paragraph-like element as runs, whitespace folded and trimmed.

    Folded layout whitespace at the start and end of the paragraph, and next to ``<br/>``, is
    dropped; inside the text it becomes one space. Typed spaces are kept as typed.
    """
    runs: list[Run] = []
    _collect(element, Run("", bold=bold), runs, top=True)
    return _trim(runs)


def _collect(element: etree._Element, fmt: Run, runs: list[Run], top: bool = False) -> None:
    if element.text:
        runs.append(_with_text(fmt, fold(element.text)))
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):  # comments/PIs are stripped by the parser, but be safe
            continue
        if tag not in INLINE:
            raise MarkupError(
                f"Элемент <{tag}> не может стоять внутри <{element.tag}> ({where(child)}); "
                "внутри текста допустимы только " + ", ".join(f"<{n}>" for n in sorted(INLINE)) + "."
            )
        if child.attrib:
            check_attributes(child)
        if tag == "br":
            runs.append(Run("\n"))
        elif tag == "tab":
            runs.append(Run("\t"))
        else:
            _collect(child, _styled(fmt, tag), runs)
        if child.tail:
            runs.append(_with_text(fmt, fold(child.tail)))


def _with_text(fmt: Run, text: str) -> Run:
    return Run(text, fmt.bold, fmt.italic, fmt.underline, fmt.valign)


def _styled(fmt: Run, tag: str) -> Run:
    if tag == "b":
        return Run("", True, fmt.italic, fmt.underline, fmt.valign)
    if tag == "i":
        return Run("", fmt.bold, True, fmt.underline, fmt.valign)
    if tag == "u":
        return Run("", fmt.bold, fmt.italic, True, fmt.valign)
    return Run("", fmt.bold, fmt.italic, fmt.underline, "superscript" if tag == "sup" else "subscript")


def _trim(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    count = len(runs)
    for index, run in enumerate(runs):
        text = run.text
        if FOLD in text:
            # A break/tab/edge next to folded whitespace means the whitespace was only layout.
            if index == 0 or runs[index - 1].text == "\n" or not _has_text_before(runs, index):
                text = text.lstrip(FOLD)
            if index == count - 1 or runs[index + 1].text == "\n" or not _has_text_after(runs, index):
                text = text.rstrip(FOLD)
            text = text.replace(FOLD, " ")
        if text:
            out.append(run if text is run.text else _with_text(run, text))
    return out


def _has_text_before(runs: list[Run], index: int) -> bool:
    for run in reversed(runs[:index]):
        if run.text == "\n":
            return False
        if run.text.strip(FOLD):
            return True
    return False


def _has_text_after(runs: list[Run], index: int) -> bool:
    for run in runs[index + 1 :]:
        if run.text == "\n":
            return False
        if run.text.strip(FOLD):
            return True
    return False


def plain_text(element: etree._Element) -> str:
    """The text of an inline element as a reader sees it (breaks as newlines, tabs as tabs)."""
    return "".join(run.text for run in inline_runs(element))


def stray_text(element: etree._Element) -> Iterator[str]:
    """Non-blank text sitting directly in a block container (a forgotten ``<p>``)."""
    if element.text and element.text.strip():
        yield element.text.strip()
    for child in element:
        if child.tail and child.tail.strip():
            yield child.tail.strip()


class Numbering:
    """Counters for ``<item>`` and numbered ``<h>``: «1.», «1.1.», «1.1.1.», «а)», «–».

    Levels nest like a legal act: an item of level N continues the last item of level N-1 and
    restarts everything deeper; letter items restart after every numbered item.
    """

    def __init__(self) -> None:
        self.counters = [0] * (MAX_LEVEL + 1)
        self.letters = 0

    def number(self, level: int, start: int | None = None) -> str:
        """Advance level ``level`` (or set it to ``start``) and return its label, e.g. «2.3.»."""
        if start is not None:
            self.counters[level] = start
        else:
            self.counters[level] += 1
        for deeper in range(level + 1, MAX_LEVEL + 1):
            self.counters[deeper] = 0
        self.letters = 0
        # A level 2 item before any level 1 one reads «1.1.», not «0.1.»: the parent is implied.
        parents = [max(count, 1) for count in self.counters[1:level]]
        return "".join(f"{count}." for count in (*parents, self.counters[level]))

    def letter(self, start: int | None = None) -> str:
        """Advance the letter counter and return «а)», «б)»…, «аа)» after «я)»."""
        self.letters = start if start is not None else self.letters + 1
        index = self.letters - 1
        size = len(LETTERS)
        label = LETTERS[index % size] * (index // size + 1)
        return f"{label})"
