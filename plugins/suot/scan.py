"""Scanning a regulation's text: citations of acts not in force, and contradicting periodicities.

Old school СУОТ regulations cite repealed acts (438н, 302н, 1/29) and often state the repeat
briefing period twice, differently (п. 10.1.4 «не реже одного раза в шесть месяцев», Приложение А
«1 раз в 3 месяца»). Both are reported with line numbers so a specialist can fix the text.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import OhsError
from core.obligations.rules.acts import UNVERIFIED, Act, act_status_on, excerpt, find_citations, load_acts, normalise, replacements, status_reason

TEXT_SUFFIXES = (".txt", ".md")
DOCX_SUFFIX = ".docx"
#: Paragraphs and table cells read from one .docx. A 300-page regulation has about 10,000; python-docx takes
#: some 40 µs for each, so a small file of two million empty paragraphs would otherwise run for over a minute.
MAX_DOCX_BLOCKS = 100_000

#: Things whose periodicity a regulation states; the pattern finds where a statement about it starts.
TOPICS: dict[str, tuple[str, re.Pattern[str]]] = {
    "repeat_briefing": ("повторный инструктаж", re.compile(r"повторн\w*\s+(?:\w+\s+){0,3}?инструктаж\w*", re.I)),
    "knowledge_check": ("проверка знаний требований охраны труда", re.compile(r"проверк\w*\s+знани\w*", re.I)),
}
# A period further than this after its topic is more likely about something else.
_MAX_DISTANCE = 250

_NUMBER_WORDS = {
    "один": 1, "одного": 1, "два": 2, "двух": 2, "три": 3, "трех": 3, "четыре": 4, "четырех": 4,
    "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "двенадцать": 12, "двенадцати": 12,
}
_NUM = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_ONCE = r"(?:не\s+реже\s*,?\s*(?:чем\s+)?)?(?:1|один|одного)\s+раза?"
_UNIT = r"(месяц\w*|мес\b\.?|год\w*|лет)"


def _months(number: str, unit: str) -> int:
    n = int(number) if number.isdigit() else _NUMBER_WORDS[number.lower()]
    return n if unit.lower().startswith("мес") else n * 12


#: Ways of stating a period, each with a function giving it in months.
PERIODS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], int]]] = [
    (re.compile(rf"{_ONCE}\s+в\s+{_NUM}\s+{_UNIT}", re.I), lambda m: _months(m.group(1), m.group(2))),
    (re.compile(rf"кажды[ей]\s+{_NUM}\s+{_UNIT}", re.I), lambda m: _months(m.group(1), m.group(2))),
    (re.compile(r"(?:(?:1|один|одного)\s+раза?\s+в\s+|кажд\w+\s+)(?:полгода|полугодие)", re.I), lambda m: 6),
    (re.compile(r"раз\s+в\s+(?:полгода|полугодие)|полугодично", re.I), lambda m: 6),
    (re.compile(r"ежеквартально|(?:раз\s+в|кажд\w+)\s+квартал", re.I), lambda m: 3),
    (re.compile(r"ежемесячно|(?:1|один|одного)\s+раза?\s+в\s+месяц(?!\w)", re.I), lambda m: 1),
    (re.compile(r"ежегодно|(?:1|один|одного)\s+раза?\s+в\s+год(?!\w)", re.I), lambda m: 12),
]


@dataclass(frozen=True)
class OutdatedCitation:
    """A citation of an act not in force on the scan date, why, and what replaced it."""

    act: Act
    line_no: int
    excerpt: str
    status: str
    reason: str
    replaced_by: tuple[Act, ...]

    def describe(self) -> str:
        """One Russian line: «строка 12: цитирует … — утратил силу …; вместо него: …»."""
        text = f"строка {self.line_no}: цитирует {self.act.name} — {self.reason}"
        if self.replaced_by:
            return text + "; вместо него: " + "; ".join(a.name for a in self.replaced_by)
        if self.status == UNVERIFIED:
            return text
        if self.status == "expired":
            # A sunset without a known successor (2464 after 01.09.2026) needs checking, not deleting.
            return text + "; замена в реестре не указана — проверьте действующий акт на publication.pravo.gov.ru"
        return text + "; замены нет — уберите ссылку"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "line": self.line_no, "excerpt": self.excerpt, "act": self.act.key, "name": self.act.name,
            "status": self.status, "reason": self.reason, "until": self.act.in_force_until,
            "replaced_by": [{"act": a.key, "name": a.name} for a in self.replaced_by],
            "source": self.act.source, "confidence": self.act.confidence,
        }


@dataclass(frozen=True)
class PeriodStatement:
    """A statement of how often something happens, found on one line."""

    topic: str
    line_no: int
    excerpt: str
    phrase: str
    months: int

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        from core.io.json_values import record_view

        return record_view(self, "line=line_no excerpt phrase months")


@dataclass(frozen=True)
class Contradiction:
    """One topic stated with different periods in the same text."""

    topic: str
    statements: tuple[PeriodStatement, ...]

    @property
    def title(self) -> str:
        """The topic in Russian."""
        return TOPICS[self.topic][0]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"topic": self.topic, "title": self.title, "statements": [s.to_json() for s in self.statements]}


@dataclass
class ScanReport:
    """What a scan found: outdated citations, contradictions, and every period statement seen."""

    on: datetime.date
    outdated: list[OutdatedCitation] = field(default_factory=list)
    #: Citations of an act past a sunset nobody has confirmed: still citable, to be verified.
    unverified: list[OutdatedCitation] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    periods: list[PeriodStatement] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the command adds the file name)."""
        return {
            "on": self.on,
            "outdated": [c.to_json() for c in self.outdated],
            "unverified": [c.to_json() for c in self.unverified],
            "contradictions": [c.to_json() for c in self.contradictions],
        }


def scan_text(text: str, on_date: datetime.date) -> ScanReport:
    """Citations of acts not in force on ``on_date`` and contradicting periodicities in the text."""
    acts = load_acts()
    report = ScanReport(on=on_date)
    for citation in find_citations(text, acts):
        status = act_status_on(citation.act, on_date)
        if status == "in_force":
            continue
        found = report.unverified if status == UNVERIFIED else report.outdated
        found.append(OutdatedCitation(
            act=citation.act, line_no=citation.line_no, excerpt=citation.excerpt, status=status,
            reason=status_reason(citation.act, on_date), replaced_by=tuple(replacements(citation.act, acts)),
        ))
    report.periods = find_periods(text)
    report.contradictions = find_contradictions(report.periods)
    return report


def find_periods(text: str) -> list[PeriodStatement]:
    """Every period stated for a known topic; a period belongs to the nearest topic before it on its line."""
    found = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        plain = normalise(line)
        topics = sorted((m.start(), m.end(), key) for key, (_, rx) in TOPICS.items() for m in rx.finditer(plain))
        if not topics:
            continue
        taken: list[tuple[int, int]] = []  # «1 раз в полгода» matches two ways: count it once
        for rx, months in PERIODS:
            for m in rx.finditer(plain):
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue
                taken.append(m.span())
                before = [t for t in topics if t[1] <= m.start() and m.start() - t[1] <= _MAX_DISTANCE]
                if before:
                    start, _, key = before[-1]
                    found.append(PeriodStatement(
                        topic=key, line_no=line_no, excerpt=excerpt(line, start, m.end(), width=40),
                        phrase=line[m.start():m.end()], months=months(m),
                    ))
    return sorted(found, key=lambda s: (s.line_no, s.topic))


def find_contradictions(periods: list[PeriodStatement]) -> list[Contradiction]:
    """Topics stated with more than one period, with every statement of each."""
    result = []
    for key in TOPICS:
        statements = [s for s in periods if s.topic == key]
        if len({s.months for s in statements}) > 1:
            result.append(Contradiction(topic=key, statements=tuple(statements)))
    return result


def format_months(months: int) -> str:
    """A period in Russian words: «6 месяцев», «3 года»."""
    if months % 12 == 0:
        n, forms = months // 12, ("год", "года", "лет")
    else:
        n, forms = months, ("месяц", "месяца", "месяцев")
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} {forms[0]}"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} {forms[1]}"
    return f"{n} {forms[2]}"


def read_document_text(path: Path | str) -> str:
    """Plain text of a .txt/.md (UTF-8 or cp1251) or .docx file; anything else is an ``OhsError``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (*TEXT_SUFFIXES, DOCX_SUFFIX):
        raise OhsError(
            f"Формат файла «{path.name}» не поддерживается; сохраните документ как .docx, .txt или .md и повторите."
        )
    if not path.is_file():
        raise OhsError(f"Файл «{path}» не найден; проверьте путь.")
    text = _read_docx(path) if suffix == DOCX_SUFFIX else _read_plain(path)
    if not text.strip():
        raise OhsError(f"В файле «{path.name}» нет текста; проверьте, что выбран нужный документ.")
    return text


def _read_plain(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OhsError(f"Файл «{path.name}» не читается ({exc.strerror}); проверьте права доступа.") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Windows-made regulations are in cp1251; every byte decodes, so check it looks Cyrillic.
        text = data.decode("cp1251", errors="replace")
        if b"\x00" in data or text.count("\ufffd") > len(text) // 100:
            raise OhsError(
                f"Файл «{path.name}» не похож на текст в UTF-8 или cp1251; сохраните его как текст UTF-8 или .docx."
            ) from None
        return text


def _too_many_blocks(path: Path) -> None:
    limit = f"{MAX_DOCX_BLOCKS:,}".replace(",", " ")
    raise OhsError(f"В документе «{path.name}» больше {limit} абзацев и ячеек таблиц — для положения это слишком "
                   "много; проверьте, тот ли файл выбран, или разделите его.")


def _read_docx(path: Path) -> str:
    import zipfile

    import docx  # heavy: imported only when a .docx is read
    from docx.table import Table

    from core.io.archive import DOCX_MAX_XML_BYTES, check_archive, too_many_elements

    # python-docx builds a tree of every XML part in memory (about ten times its size): refuse a bomb first,
    # then a body of millions of tiny paragraphs, counted by streaming before any tree is built.
    check_archive(path, "документ", max_xml_bytes=DOCX_MAX_XML_BYTES)
    if too_many_elements(path, "word/document.xml", ("p", "tc"), MAX_DOCX_BLOCKS):
        _too_many_blocks(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise OhsError(f"Файл «{path.name}» не открывается как .docx ({exc}); пересохраните его в Word или LibreOffice.") from exc
    except Exception as exc:  # noqa: BLE001 - python-docx raises its own PackageNotFoundError and others
        raise OhsError(f"Файл «{path.name}» не открывается как .docx ({exc}); пересохраните его в Word или LibreOffice.") from exc
    lines: list[str] = []
    budget = MAX_DOCX_BLOCKS

    def spend() -> None:  # the streamed count reads word/document.xml only; this also holds for its parts
        nonlocal budget
        budget -= 1
        if budget < 0:
            _too_many_blocks(path)

    # Body order matters: a table of periodicities after п. 10 must keep its place for line numbers.
    for block in document.iter_inner_content():
        spend()
        if isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    spend()
                    if not cells or cell.text != cells[-1]:  # merged cells repeat their text
                        cells.append(cell.text.replace("\n", " "))
                lines.append("\t".join(cells))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def document_findings(session: Any, org: Any, today: datetime.date) -> list[Any]:
    """``ohs check`` findings: a registered draft or approved document citing an act not in force today."""
    from sqlmodel import select

    from core.obligations.checks import Finding
    from core.documents.models import Document

    rows = session.exec(
        select(Document).where(Document.org_id == org.id, Document.status.in_(("draft", "approved")))
        .order_by(Document.kind, Document.version)
    ).all()
    findings = []
    unverified: dict[str, tuple[OutdatedCitation, list[Any]]] = {}
    for doc in rows:
        report = scan_text(doc.text or "", today)
        by_act: dict[str, list[OutdatedCitation]] = {}
        for citation in report.outdated:
            by_act.setdefault(citation.act.key, []).append(citation)
        for citations in by_act.values():
            act, first = citations[0].act, citations[0]
            lines = ", ".join(str(c.line_no) for c in citations)
            if first.replaced_by:
                fix = ("замените ссылку на " + "; ".join(a.name for a in first.replaced_by)
                       + " в шаблоне или его переопределении и сделайте документ заново.")
            elif first.status == "expired":
                fix = "проверьте на publication.pravo.gov.ru, какой акт действует вместо него, и исправьте ссылку в шаблоне."
            else:
                fix = "уберите ссылку из шаблона или его переопределения (замены у акта нет) и сделайте документ заново."
            findings.append(Finding(
                severity="error",
                title=f"Документ ссылается на недействующий акт: {act.name}",
                source="suot",
                detail=f"{act.name} — {first.reason} (строки {lines}: «{first.excerpt}»).",
                fix=fix[:1].upper() + fix[1:],
                subject=f"{doc.title}, редакция {doc.version} ({doc.kind})",
            ))
        for citation in report.unverified:
            unverified.setdefault(citation.act.key, (citation, []))[1].append(doc)
    for citation, docs in unverified.values():
        # One warning per act, naming every document that rests on it: the fix is the same for all.
        names = "; ".join(dict.fromkeys(f"{d.title}, ред. {d.version}" for d in docs))
        findings.append(Finding(
            severity="warning",
            title=f"Срок действия акта не подтверждён: {citation.act.name}",
            source="suot",
            detail=f"{citation.act.name} — {citation.reason}. На него ссылаются: {names}.",
            fix="Если акт продлён или заменён, обновите ohs-toolkit (реестр актов) и сделайте документы заново.",
            subject=f"документов: {len(dict.fromkeys(d.id for d in docs))}",
        ))
    return findings
