"""Findings for ``ohs check``: risks of the two highest levels with no measure in the plan (п. 6.1, 14.4 «в»)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.checks import Finding
    from core.models import Organization


def risk_findings(session: Session, org: Organization, today: datetime.date) -> list[Finding]:
    """A warning per current high (or unacceptable) risk whose measures are none or all cancelled."""
    from core.checks import Finding
    from plugins.suot.risks.assessments import risks_json
    from plugins.suot.risks.matrix import matrix_for

    top = {level.key for level in matrix_for(session).levels[-2:]}
    findings = []
    for risk in risks_json(session, org, today, on=today):
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
