"""What the СИЗ section of the Положение о СУОТ says when the organization keeps its norms here.

Implements the СУОТ plugin's hook ``suot_regulation_ppe`` (declared by the consumer, plugins/suot/hookspecs.py):
the Положение names the approved norms (the order that approved them), the positions they cover and how
issue is recorded, instead of the general paragraph about norms to be approved.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization


def regulation_part(session: Session, org: Organization, today: datetime.date) -> dict[str, Any] | None:
    """The template and context for the Положение's norms paragraph, or None when no norm is kept yet."""
    from sqlmodel import select

    from core.documents.models import Document
    from plugins.ppe.norms import current_norms

    norms = current_norms(session, org, today)
    if not norms:
        return None
    approved = session.exec(select(Document).where(
        Document.org_id == org.id, Document.kind == "ppe_norms", Document.status == "approved",
        Document.approved_on <= today).order_by(Document.approved_on.desc())).first()
    return {"template": "ppe/regulation_norms.xml.j2", "context": {
        "positions": sorted({n.position for n in norms}),
        "approved": {"number": approved.order_number, "date": approved.approved_on} if approved else None,
    }}
