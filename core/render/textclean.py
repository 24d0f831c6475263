"""Cleaning of values before they enter a document.

Values come from people and from other programs: text copied out of Excel or Word carries control
characters (``\\x0b`` is Word's manual line break, ``\\x0c`` its page break, ``\\x00`` ends C strings)
that XML 1.0 forbids, so a single one would make the whole DOCX unreadable. Every value passes
through :func:`clean_text` on its way into the markup (the environment's ``finalize``), and the
writer cleans again anything that reaches it by another road.
"""

from __future__ import annotations

import re

from jinja2.exceptions import TemplateRuntimeError
from markupsafe import Markup, escape

# Characters XML 1.0 cannot hold, plus the line/paragraph separators that Word would show as boxes.
# Tab, LF and CR are legal and handled separately (they become <tab/> and <br/>).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff\u2028\u2029]")
# What needs any work at all: the fast path for the ordinary value is a single failed search.
_NEEDS_WORK = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff\u2028\u2029]")

# Separators between words must not glue the words together when dropped.
_AS_SPACE = {"\x0b": " ", "\x0c": " "}
_AS_NEWLINE = {"\u2028": "\n", "\u2029": "\n"}


def _replace(match: re.Match[str]) -> str:
    char = match.group()
    return _AS_SPACE.get(char) or _AS_NEWLINE.get(char, "")


def clean_text(value: str) -> str:
    """Return ``value`` without characters a DOCX cannot hold, line ends made ``\\n``.

    Control characters \\x00–\\x08, \\x0e–\\x1f, \\x7f, lone surrogates and U+FFFE/U+FFFF are dropped;
    \\x0b and \\x0c (Word's line and page breaks) become a space; U+2028/U+2029 and CR/CRLF become
    ``\\n``. Tabs and ``\\n`` stay: the markup turns them into ``<tab/>`` and ``<br/>``.
    """
    if _NEEDS_WORK.search(value) is None:
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub(_replace, value)


# One search decides whether a value needs any work: control characters or XML specials.
_CLEAN_OR_ESCAPE = re.compile("[\x00-\x1f\x7f&<>\"'\ud800-\udfff\ufffe\uffff\u2028\u2029]")


class Escaped(str):
    """Text already escaped for the markup.

    ``markupsafe.escape`` returns anything with ``__html__`` as it is, so Jinja's autoescape
    passes these through: one cheap ``str`` subclass per value instead of a ``Markup`` object,
    which is most of the render time of a 100,000-cell journal.
    """

    __slots__ = ()

    def __html__(self) -> Escaped:
        return self


class EmptyValueError(TemplateRuntimeError):
    """``{{ value }}`` was ``None``: a blank the template did not say it allows."""


def value_to_markup(value: object) -> object:
    """Prepare one ``{{ value }}`` for the markup: cleaned, escaped, breaks and tabs made elements.

    Text comes back escaped (an :class:`Escaped` string, or the value itself when it has nothing
    to escape) with ``\n`` as ``<br/>`` and ``\t`` as
    ``<tab/>``, so typed breaks survive the markup's folding of template whitespace. Markup made
    by macros is cleaned but not escaped again (its newlines are template layout). Other objects
    (numbers, dates) are formatted with ``str()``, which also makes an undefined value fail.
    ``None`` raises :class:`EmptyValueError`: a document must not silently print a blank.
    """
    if value.__class__ is not str:
        if value is None:
            raise EmptyValueError("None")
        if hasattr(value, "__html__"):
            if _NEEDS_WORK.search(value) is None:  # type: ignore[call-overload]
                return value
            # Template newlines inside macro output are layout, not typed line breaks: keep them.
            return Markup(_FORBIDDEN.sub(_replace, str(value).replace("\r\n", "\n")))
        value = str(value)
    if _CLEAN_OR_ESCAPE.search(value) is None:
        return value  # nothing to escape: correct whether or not escape() runs after us
    text = str(escape(clean_text(value)))
    if "\n" in text or "\t" in text:
        text = text.replace("\n", "<br/>").replace("\t", "<tab/>")
    return Escaped(text)
