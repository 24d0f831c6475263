"""``ohs check`` findings for СУОТ documents: missing, never approved, or past their review date.

Review periods are the organization's own (``[documents.review_years]`` in ``ohs.toml``): no act
read for this project sets one for these documents, so none is assumed.
"""

from __future__ import annotations

import datetime
from typing import Any


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def review_years(settings: dict[str, Any]) -> dict[str, int]:
    """``[documents.review_years]`` from ohs.toml: kind → years (positive integers only)."""
    table = (settings or {}).get("review_years", {}) or {}
    return {k: v for k, v in table.items() if isinstance(v, int) and not isinstance(v, bool) and v > 0}


def required_document_findings(session: Any, org: Any, today: datetime.date, settings: dict[str, Any]) -> list[Any]:
    """One finding per СУОТ kind that is missing, only drafted, or due for review."""
    from sqlmodel import select

    from core.obligations.checks import Finding
    from core.documents.models import Document
    from plugins.suot.documents import all_kinds

    docs: dict[str, list[Document]] = {}
    for doc in session.exec(select(Document).where(Document.org_id == org.id).order_by(Document.id)):
        docs.setdefault(doc.kind, []).append(doc)
    periods = review_years(settings)
    findings = []
    for kind in all_kinds():
        versions = docs.get(kind.key, [])
        approved = [d for d in versions if d.status == "approved"]
        if not versions:
            findings.append(Finding(
                severity="warning", title=f"Нет документа: {kind.title}", source="suot", subject=kind.key,
                detail="Документ СУОТ ещё не сделан.", fix=f"ohs docs make {kind.key} (или все сразу: ohs suot pack)",
            ))
        elif not approved:
            last = versions[-1]
            findings.append(Finding(
                severity="warning", title=f"Не утверждён: {kind.title}", source="suot", subject=kind.key,
                detail=f"Есть только проект (№{last.id}, ред. {last.version} от {last.made_on:%d.%m.%Y}).",
                fix=f"ohs docs approve {last.id} --by <руководитель> --on <дата>"
                    + (" --order-number <номер приказа>" if kind.approval == "order" else ""),
            ))
        elif kind.key in periods:
            current = approved[-1]
            due = _add_years(current.approved_on or current.made_on, periods[kind.key])
            if due <= today:
                findings.append(Finding(
                    severity="warning", title=f"Пора пересмотреть: {kind.title}", source="suot", subject=kind.key,
                    detail=(f"Утверждён {current.approved_on:%d.%m.%Y}; срок пересмотра организации — "
                            f"{periods[kind.key]} г., истёк {due:%d.%m.%Y}."),
                    fix=f"ohs docs make {kind.key}, затем ohs docs approve",
                ))
    return findings
