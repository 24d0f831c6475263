"""Series of document versions: one per kind, or one per year for yearly documents.

A yearly document (the plan of measures, the schedule of training and medical exams) is made for a
year: next year's plan is a new document with its own редакция 1, not a revision that supersedes the
approved plan of the current year. In December the year being planned is the next one, so a yearly
kind made without ``--year`` in December is made for the next year (and the commands say so).

A re-made document whose text equals the latest version of its series is «без изменений»: ``ohs suot
pack`` then makes no new draft (:func:`unchanged_version`).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.documents.kinds import DocumentKind
    from core.documents.models import Document
    from core.storage.models import Organization, Person
    from core.workspace import Workspace

#: The month from which yearly documents are made for the next year by default: plans are drawn up and
#: approved before the year they cover begins.
PLANNING_MONTH = 12


def planning_year(today: datetime.date) -> int:
    """The year a yearly document made on ``today`` is for by default: the next one in December."""
    return today.year + 1 if today.month >= PLANNING_MONTH else today.year


def resolve_period(kind: DocumentKind, options: dict[str, Any] | None,
                   today: datetime.date) -> tuple[str, dict[str, Any]]:
    """The series a new version belongs to, and the options with the year filled in for a yearly kind.

    The year is written into the options so that the builder, the audit entry and the approved
    rendering (which re-renders from the options) all see the same year.
    """
    options = dict(options or {})
    if kind.period != "year":
        return "", options
    raw = options.get("year")
    try:
        year = int(raw) if raw not in (None, "") else planning_year(today)
    except (TypeError, ValueError):
        raise OhsError(f"Год «{raw}» должен быть числом, например --year {today.year}.") from None
    if not 2000 <= year <= 2100:
        raise OhsError(f"Год {year} вне допустимого диапазона; укажите --year, например {today.year}.")
    options["year"] = year
    return str(year), options


def next_year_note(kinds: list[DocumentKind], year_given: bool, today: datetime.date) -> str | None:
    """The line commands print when December made their yearly documents for the next year."""
    if year_given or planning_year(today) == today.year or not any(k.period == "year" for k in kinds):
        return None
    year = planning_year(today)
    return (f"Годовые документы (план мероприятий, график) — на {year} год: в декабре они составляются "
            f"на следующий год; другой год — параметром --year {today.year}.")


def latest_in_series(session: Session, org: Organization, kind: str, period: str) -> Document | None:
    """The newest version of the series (the highest version number), or None."""
    from sqlmodel import select

    from core.documents.models import Document

    return session.exec(select(Document).where(
        Document.org_id == org.id, Document.kind == kind, Document.period == period,
    ).order_by(Document.version.desc())).first()


def period_label(doc: Document) -> str:
    """« на 2027 год» for a yearly version, empty otherwise (for titles in listings)."""
    return f" на {doc.period} год" if doc.period.isdigit() else ""


def unchanged_version(
    session: Session, org: Organization, pm: pluggy.PluginManager, workspace: Workspace, kind: DocumentKind,
    today: datetime.date, authors: list[Person] | None = None, number: str | None = None,
    options: dict[str, Any] | None = None,
) -> Document | None:
    """The latest version of the series when a new one would read exactly the same, else None.

    The candidate is rendered as the latest version (same number) on ``today`` and compared by text,
    the same text ``ohs docs diff`` compares; nothing is written. A kind that cannot be made now raises
    ``MissingDataError`` as making it would.
    """
    from core.documents.registry import default_authors, document_text
    from core.documents.rendering import render_version

    period, options = resolve_period(kind, options, today)
    latest = latest_in_series(session, org, kind.key, period)
    if latest is None or latest.status == "superseded":
        return None
    authors = default_authors(session, org, kind, today, authors)
    root = render_version(session, org, pm, workspace, kind, latest.version, today, number, options, authors)
    return latest if document_text(root) == latest.text else None
