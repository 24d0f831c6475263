"""Findings for ``ohs check``: risks of the two highest levels with no measure in the plan (п. 6.1, 14.4 «в»),
and control findings recorded without the requirement they violate."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.obligations.checks import Finding
    from core.storage.models import Organization
    from core.workspace import Workspace


def risk_findings(session: Session, org: Organization, today: datetime.date,
                  workspace: Workspace | None = None) -> list[Finding]:
    """A warning per current high (or unacceptable) risk whose measures are none or all cancelled."""
    from core.obligations.checks import Finding
    from plugins.suot.risks.assessments import risks_json
    from plugins.suot.risks.matrix import matrix_for

    top = {level.key for level in matrix_for(workspace).levels[-2:]}
    findings = []
    for risk in risks_json(session, org, today, on=today, workspace=workspace):
        if risk["level"] not in top or any(m["status"] != "cancelled" for m in risk["measures"]):
            continue
        findings.append(Finding(
            severity="warning", source="suot", subject=risk["ref"],
            title=f"Нет мероприятий по риску уровня «{risk['level_name']}»: {risk['workplace']}",
            detail=f"{risk['hazard']} ({risk['probability']}×{risk['severity']}={risk['score']}, "
                   f"оценка от {risk['assessed_on']:%d.%m.%Y}).",
            fix=f'ohs risk measure {risk["id"]} --measure "…" --deadline … --responsible … --funding …',
        ))
    return findings


def requirement_findings(session: Session, org: Organization, today: datetime.date) -> list[Finding]:
    """A notice per control finding without the requirement violated: the act prints that column empty."""
    from sqlmodel import select

    from core.obligations.checks import Finding
    from plugins.suot.risks.models import SuotControlAct, SuotControlFinding

    rows = session.exec(select(SuotControlFinding, SuotControlAct).join(
        SuotControlAct, SuotControlAct.id == SuotControlFinding.act_id).where(
        SuotControlFinding.org_id == org.id, SuotControlFinding.requirement.is_(None),
        SuotControlAct.held_on <= today).order_by(SuotControlAct.held_on, SuotControlFinding.id))
    return [Finding(
        severity="warning", source="suot", subject=f"finding:{finding.id}",
        title=f"В акте контроля № {act.number} от {act.held_on:%d.%m.%Y} не указано нарушенное требование",
        detail=f"Нарушение №{finding.id}: {finding.text}. Графа «Нарушенное требование» акта останется пустой.",
        fix=f'ohs control finding requirement {finding.id} --requirement "документ, пункт"',
    ) for finding, act in rows]
