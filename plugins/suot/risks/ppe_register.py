"""The risk register as the ppe plugin's hook ``ppe_risk_register`` asks for it (hazards, current risks, measures)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization


def ppe_register(session: Session, org: Organization, today: datetime.date) -> dict[str, Any]:
    """The hazard catalogue and the assessments current on ``today`` with their controls and live measures."""
    from plugins.suot.risks.assessments import risks_json
    from plugins.suot.risks.hazards import catalogue

    return {
        "hazards": [{"code": h.code, "text": h.text} for h in catalogue(session, org)],
        "risks": [{"ref": r["ref"], "hazard_code": r["hazard_code"], "hazard": r["hazard"], "position": r["position"],
                   "department": r["department"], "controls": r["controls"],
                   "measures": [m["measure"] for m in r["measures"] if m["status"] != "cancelled"]}
                  for r in risks_json(session, org, today, on=today)],
    }
