"""``risk:N`` and ``control_act:N`` named for links from other plugins (``describe_record`` hook)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization


def _number(ref: str, prefix: str) -> int | None:
    if not ref.startswith(prefix):
        return None
    try:
        return int(ref[len(prefix):])
    except ValueError:
        return None


def describe(session: Session, org: Organization, ref: str) -> dict[str, Any] | None:
    """``{"ref", "title", "date"}`` of an assessment or a control act of ``org``, or None."""
    from core.registry.people import department_names
    from plugins.suot.risks.assessments import workplace_label
    from plugins.suot.risks.control import stages
    from plugins.suot.risks.models import SuotControlAct, SuotRiskAssessment

    risk_id = _number(ref, "risk:")
    if risk_id is not None:
        row = session.get(SuotRiskAssessment, risk_id)
        if row is None or row.org_id != org.id:
            return None
        department = department_names(session, org).get(row.department_id) if row.department_id else None
        return {"ref": f"risk:{row.id}", "date": row.assessed_on,
                "title": f"Риск: {row.hazard_text} — {workplace_label(row.position, department)} "
                         f"({row.probability}×{row.severity}={row.probability * row.severity})"}
    act_id = _number(ref, "control_act:")
    if act_id is not None:
        act = session.get(SuotControlAct, act_id)
        if act is None or act.org_id != org.id:
            return None
        return {"ref": f"control_act:{act.id}", "date": act.held_on,
                "title": f"Акт контроля функционирования СУОТ № {act.number} от {act.held_on:%d.%m.%Y} "
                         f"({stages()[act.stage]['name']})"}
    return None
