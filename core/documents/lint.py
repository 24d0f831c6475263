"""A document lint: what a specialist would strike out before signing a generated document.

Why in core and not only in the tests: the rules are the house style of every document kind, a
plugin's included, and a template copied into a workspace can break them too; the tests run the lint
on every kind of two differently shaped organizations, and a plugin's tests can do the same.

The lint reads the document's text (paragraphs and table cells) and reports each finding once per
rule and text. It knows nothing about a particular kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: An internal key of a record (``risk:12``, ``control_act:5``) — the toolkit's, never the organization's.
INTERNAL_ID = re.compile(r"\b[a-z_]+:\d+\b")
#: A square-bracket placeholder left for the user («[нужно описание…]»).
PLACEHOLDER = re.compile(r"\[[^\]\n]{0,200}\]")
#: The neutral written form of a gendered word («ознакомлен(а)», «Проводил(а)»), wrong where the sex is known.
NEUTRAL_FORM = re.compile(r"[а-яё]\((?:а|ы|ла|на|ен|ая)\)", re.IGNORECASE)
#: A filled date in «ёлочки» («12» января 2026): ГОСТ Р 7.0.97 writes 12.01.2026 or 12 января 2026 г.
QUOTED_DATE = re.compile(r"«\d{1,2}»\s+[а-яё]+\s+\d{4}")
#: Remarks and hints meant for the user, not for the signed paper.
TOOLKIT_NOTES = re.compile(
    r"исправлено записью|нужно описание|утверждённой формы журнала нет|последних известных требований"
    r"|не назван\b|\bohs [a-z]|--[a-z]{3,}",
    re.IGNORECASE,
)
#: Addresses and codes that may be Latin: URLs, e-mails, file names.
_ADDRESSES = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)+\b")
_LATIN_WORD = re.compile(r"\b[A-Za-z][A-Za-z-]*[A-Za-z]\b")
_ROMAN = re.compile(r"[IVXLCDM]+")
#: Latin words a Russian official document does use: formats and proper names of programmes and contests.
LATIN_ALLOWED = frozenset({
    "DOCX", "XLSX", "PDF", "CSV", "ZIP", "XML", "HTML", "ИНН", "WorldSkills", "Russia", "ohs-toolkit",
    "SQLite", "PostgreSQL", "Windows", "Linux", "iCalendar",
    "UI", "UX",  # criterion 3 of the digital contest is printed so in order 836
})


@dataclass(frozen=True)
class LintFinding:
    """One rule broken: which, and the text that breaks it (with a little context)."""

    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.text}"


def _context(text: str, match: re.Match[str], width: int = 40) -> str:
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    return " ".join(text[start:end].split())


def _capitalised_position_after_comma(positions: Iterable[str]) -> re.Pattern[str] | None:
    titles = sorted({p.strip() for p in positions if p and p.strip() and p.strip()[0].isupper()}, key=len,
                    reverse=True)
    if not titles:
        return None
    return re.compile(r",\s+(?:" + "|".join(re.escape(t) for t in titles) + r")\b")


def lint_text(text: str, positions: Iterable[str] = ()) -> list[LintFinding]:
    """Every finding in a document's text; ``positions`` are the organization's position titles as stored."""
    findings: dict[tuple[str, str], LintFinding] = {}

    def add(rule: str, pattern: re.Pattern[str] | None, source: str = text) -> None:
        if pattern is None:
            return
        for match in pattern.finditer(source):
            finding = LintFinding(rule, _context(source, match))
            findings.setdefault((rule, match.group(0)), finding)

    add("внутренний идентификатор", INTERNAL_ID)
    add("заполнитель в квадратных скобках", PLACEHOLDER)
    add("форма «(а)» вместо рода", NEUTRAL_FORM)
    add("дата в кавычках", QUOTED_DATE)
    add("служебное замечание", TOOLKIT_NOTES)
    add("должность с прописной после запятой", _capitalised_position_after_comma(positions))
    # Keys and command lines are reported above; their Latin words are not reported twice.
    plain = TOOLKIT_NOTES.sub(" ", INTERNAL_ID.sub(" ", _ADDRESSES.sub(" ", text)))
    for match in _LATIN_WORD.finditer(plain):
        word = match.group(0)
        if word not in LATIN_ALLOWED and not _ROMAN.fullmatch(word):
            findings.setdefault(("латиница", word), LintFinding("латиница", _context(plain, match)))
    return list(findings.values())


def docx_plain_text(path: str) -> str:
    """A DOCX's text for the lint: paragraphs, then every table cell (python-docx reads it back)."""
    import docx

    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)
