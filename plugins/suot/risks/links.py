"""Measures of the plan answering a risk assessment (``risk:N``) or a control finding (``finding:N``).

A new measure is added through :func:`plugins.suot.measures.add_measure` with its source and
``source_ref`` (``risk:N``, ``control_act:N``) so the plan shows where it came from; an existing measure
is linked without touching it. Either way the link is a ``suot_measure_link`` row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization
    from plugins.suot.measure_models import SuotMeasure
    from plugins.suot.measures import MeasureState


@dataclass(frozen=True)
class NewMeasure:
    """A measure to add to the plan with a risk or a finding (the fields of п. 12.2)."""

    text: str
    deadline: datetime.date | None
    responsible: str | None
    funding: str | None
    expected: str | None = None
    cost: str | None = None

    def check(self, option: str) -> None:
        """Refuse a measure without its deadline, responsible or funding, naming the options."""
        missing = [name for name, value in (("--deadline", self.deadline), ("--responsible", self.responsible),
                                            ("--funding", self.funding)) if not value]
        if missing:
            raise OhsError(f"Для мероприятия ({option}) укажите также {', '.join(missing)}: "
                           "срок, ответственного и источник финансирования (п. 12.2 Положения о СУОТ).",
                           form="Для мероприятия укажите также срок, ответственного и источник финансирования "
                                "(п. 12.2 Положения о СУОТ).")


def link(session: Session, org: Organization, ref: str, measure_id: int, today: datetime.date) -> SuotMeasure:
    """Link an existing measure of the plan to ``ref``; linking twice is refused."""
    from sqlmodel import select

    from core.audit import audit
    from plugins.suot.measures import get_measure
    from plugins.suot.risks.models import SuotMeasureLink

    measure = get_measure(session, org, measure_id)
    taken = session.exec(select(SuotMeasureLink).where(
        SuotMeasureLink.org_id == org.id, SuotMeasureLink.ref == ref, SuotMeasureLink.measure_id == measure.id)).first()
    if taken is not None:
        raise OhsError(f"Мероприятие №{measure.id} уже связано с {ref}; повторно связывать не нужно.")
    row = SuotMeasureLink(org_id=org.id, ref=ref, measure_id=measure.id, linked_on=today)
    session.add(row)
    session.flush()
    audit(session, org, "suot.measure.link", "suot_measure", measure.id, ref=ref)
    return measure


def add_linked(
    session: Session, org: Organization, ref: str, new: NewMeasure, source: str, source_ref: str, analysis: str,
    today: datetime.date,
) -> SuotMeasure:
    """Add ``new`` to the plan (source and analysis filled from the record) and link it to ``ref``."""
    from plugins.suot.measures import add_measure

    measure = add_measure(session, org, new.text, new.deadline, new.responsible, new.funding, today,
                          expected=new.expected, analysis=analysis, source=source, source_ref=source_ref,
                          cost=new.cost)
    return link(session, org, ref, measure.id, today)


def measure_for(
    session: Session, org: Organization, ref: str, today: datetime.date, new: NewMeasure | None,
    measure_id: int | None, source: str, source_ref: str, analysis: Callable[[], str],
) -> SuotMeasure:
    """Exactly one of a new measure (``new``, with ``analysis()`` of the record) or an existing one, linked to ``ref``."""
    if (new is None) == (measure_id is None):
        raise OhsError('Укажите либо новое мероприятие (--measure "…" --deadline … --responsible … --funding …), '
                       "либо номер существующего (--measure-id N).")
    if measure_id is not None:
        return link(session, org, ref, measure_id, today)
    new.check("--measure")
    return add_linked(session, org, ref, new, source, source_ref, analysis(), today)


def linked_measures(
    session: Session, org: Organization, refs: list[str], on: datetime.date | None = None,
) -> dict[str, list[tuple[SuotMeasure, MeasureState]]]:
    """The measures linked to each of ``refs`` with their status (on ``on``), in one pass over the links."""
    from sqlmodel import select

    from plugins.suot.measure_models import SuotMeasure
    from plugins.suot.measures import _events, _state
    from plugins.suot.risks.models import SuotMeasureLink

    found: dict[str, list[tuple[SuotMeasure, MeasureState]]] = {ref: [] for ref in refs}
    if not refs:
        return found
    rows = session.exec(
        select(SuotMeasureLink, SuotMeasure).join(SuotMeasure, SuotMeasure.id == SuotMeasureLink.measure_id)
        .where(SuotMeasureLink.org_id == org.id).order_by(SuotMeasureLink.id)
    ).all()
    wanted = [(link_row.ref, measure) for link_row, measure in rows if link_row.ref in found]
    events = _events(session, sorted({m.id for _, m in wanted}))
    for ref, measure in wanted:
        found[ref].append((measure, _state(events[measure.id], on)))
    return found


def measure_brief(measure: SuotMeasure, state: MeasureState, today: datetime.date) -> dict[str, Any]:
    """A linked measure as lists and documents show it: number, text, deadline, status, overdue."""
    from plugins.suot.measures import OPEN_STATUSES

    return {"id": measure.id, "measure": measure.measure, "deadline": measure.deadline, "status": state.status,
            "status_on": state.on, "result": state.note if state.status == "done" else None,
            "overdue": state.status in OPEN_STATUSES and measure.deadline < today}
