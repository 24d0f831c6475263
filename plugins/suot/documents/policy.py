"""Политика (стратегия) по охране труда: the policy with the organization's goals (776н, section II).

What the policy must contain (REGULATION.md §3, [S]): aims, fit to the activity, the goals,
commitments to remove hazards and reduce risks, the commitment to improve СУОТ, and account of the
workers' representative body's opinion. All wording is in templates/suot/policy.xml.j2.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.documents.kinds import BuildRequest, DocumentKind
    from core.storage.models import Organization, Person

TITLE = "Политика (стратегия) по охране труда"


def _goal_view(goal: Any) -> dict[str, Any]:
    return {"id": goal.id, "text": goal.text, "indicator": goal.indicator, "target": goal.target,
            "deadline": goal.deadline, "year": goal.year}


def build(request: BuildRequest) -> dict[str, Any]:
    """Goals in force and applicable procedures; a missing head or no goal stops the document."""
    from core.documents.kinds import MissingDataError, MissingField
    from core.registry.org import role_holder
    from plugins.suot.goals import current_goals
    from plugins.suot.procedures import applicable_procedures

    session, org, today = request.session, request.org, request.today
    goals = current_goals(session, org, today)
    missing = []
    if role_holder(session, org, "head", today) is None:
        missing.append(MissingField("Руководитель организации (утверждает политику)", "ohs org set head=<работник>"))
    if not goals:
        missing.append(MissingField(
            "Цели в области охраны труда (хотя бы одна)",
            'ohs suot goal add "Отсутствие несчастных случаев на производстве" --indicator "…" --target "…"'))
    if missing:
        raise MissingDataError(TITLE, missing)
    procedures = [p for p in applicable_procedures(session, org, today) if p.applies]
    return {"goals": [_goal_view(g) for g in goals], "procedures": procedures}


def everyone(session: Session, org: Organization, today: datetime.date) -> list[Person]:
    """All current staff acknowledge the policy (776н: it is available to every worker)."""
    from core.registry.people import list_people

    return list_people(session, org, on=today)


def kinds() -> list[DocumentKind]:
    """The policy kind."""
    from core.documents.kinds import DocumentKind

    return [DocumentKind(
        key="policy", title=TITLE, template="suot/policy.xml.j2", build=build, approval="head",
        grammatical_gender="f", acknowledge=everyone,
        instrumental_title="Политикой (стратегией) по охране труда", plugin="suot",
    )]
