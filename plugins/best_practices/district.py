"""The district's view: every organization of the shared database, who submitted the quarter's report.

Organizations of a district share one database (PostgreSQL, or one SQLite file named by ``--db``);
each workspace keeps its own organization (``[organization] key``). The administration's workspace
(``[best_practices] district = true``) is one more organization of that database and is left out of
its own list. Reports are read as submitted: the practices each organization's current submission
carried, whatever has been added to its register since.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization
    from core.render.russian_dates import Quarter
    from plugins.best_practices.settings import Settings


def district_summary(session: Session, own: Organization | None, quarter: Quarter, settings: Settings,
                     today: datetime.date, district: str | None = None) -> dict[str, Any]:
    """Organizations with their submission of ``quarter`` (or none) and the reported practices by category.

    ``district``: on a server, only the organizations registered in that district (``ohs org add
    --district``); without it every organization of the database but ``own``. Three queries whatever the
    number of organizations: organizations, submissions, practices.
    """
    from sqlmodel import select

    from core.storage.models import Organization
    from plugins.best_practices.models import BestPractice, BestPracticeSubmission
    from plugins.best_practices.practices import CATEGORIES, CATEGORY_SHORT
    from plugins.best_practices.submissions import practice_ids_of

    query = select(Organization).order_by(Organization.name, Organization.key)
    if district is not None:
        query = query.where(Organization.district == district)
    orgs = [o for o in session.exec(query) if not (own is not None and settings.district and o.id == own.id)]
    ids = [o.id for o in orgs]
    latest: dict[int, BestPracticeSubmission] = {}
    for row in session.exec(select(BestPracticeSubmission).where(
            BestPracticeSubmission.year == quarter.year, BestPracticeSubmission.quarter == quarter.number,
            BestPracticeSubmission.org_id.in_(ids))):
        if row.org_id not in latest or row.version > latest[row.org_id].version:
            latest[row.org_id] = row
    wanted = {i for row in latest.values() for i in practice_ids_of(row)}
    practices = {p.id: p for p in session.exec(select(BestPractice).where(BestPractice.id.in_(wanted)))} if wanted else {}
    deadline = settings.deadline(quarter)
    organizations = []
    by_category: dict[str, list[dict[str, Any]]] = {key: [] for key in CATEGORIES}
    for org in orgs:
        name = org.short_name or org.name or org.key
        row = latest.get(org.id)
        entry: dict[str, Any] = {"key": org.key, "name": name, "submitted": row is not None, "submitted_on": None,
                                 "document_id": row.document_id if row is not None else None,
                                 "number": None, "version": None, "late": False, "practices": 0,
                                 "overdue": row is None and deadline < today}
        if row is not None:
            carried = [practices[i] for i in practice_ids_of(row) if i in practices and practices[i].org_id == org.id]
            entry.update(submitted_on=row.submitted_on, number=row.number, version=row.version,
                         late=row.submitted_on > deadline, practices=len(carried))
            for p in sorted(carried, key=lambda p: (p.implemented_on, p.id)):
                by_category[p.category].append({
                    "organization": name, "title": p.title, "description": p.description, "effect": p.effect,
                    "since": p.implemented_on, "where": p.department or name, "spread": p.spread or "",
                })
        organizations.append(entry)
    return {
        "quarter": quarter.key, "deadline": deadline, "organizations": organizations,
        "submitted": sum(1 for o in organizations if o["submitted"]),
        "not_submitted": [o["name"] for o in organizations if not o["submitted"]],
        "categories": [{"key": key, "title": CATEGORIES[key], "short": CATEGORY_SHORT[key], "practices": rows}
                       for key, rows in by_category.items()],
        "practices": sum(len(rows) for rows in by_category.values()),
    }
