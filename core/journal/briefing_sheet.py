"""«Провести инструктаж»: who is to be briefed, checked before the session, then recorded in one step.

The web desk prints a sign sheet with the journal's columns and the names filled in (the people
present sign it), then records the same briefing for those present with :func:`add_briefings` — the
function ``ohs briefing add`` calls, so the same checks refuse the same mistakes. The journal page reads
the entries in date order, a page at a time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from core.context import Context
    from core.journal.briefing_models import Briefing
    from core.journal.briefings import BriefingData
    from core.storage.models import Person


@dataclass(frozen=True)
class BriefingRequest:
    """What the form asks: kind, date, instructor, and a department or named workers (register numbers or names)."""

    kind: str
    on: datetime.date
    instructor: str
    department: str | None = None
    people: tuple[str, ...] = ()
    reason: str | None = None
    act: str | None = None


@dataclass(frozen=True)
class BriefingPlan:
    """The briefing as it will be recorded, and the workers on its sign sheet (every check passed)."""

    data: BriefingData
    people: list[Person]
    department: str | None


def plan_briefing(ctx: Context, request: BriefingRequest) -> BriefingPlan:
    """Resolve and check everyone on the sheet as ``ohs briefing add`` would; nothing is written."""
    from core.journal.briefings import BriefingData, check_briefing, instructor_appointments
    from core.registry.people import list_people, resolve_person

    session, org = ctx.session, ctx.org
    instructor = resolve_person(session, org, request.instructor)
    people = [resolve_person(session, org, ref) for ref in request.people]
    if request.department:
        people += [p for p in list_people(session, org, on=request.on, department=request.department)
                   if p.id != instructor.id]
    seen: set[int] = set()
    people = [p for p in people if not (p.id in seen or seen.add(p.id))]
    if not people:
        raise OhsError("Некого инструктировать: в подразделении на эту дату никто не работает, а работники не указаны.")
    data = BriefingData(kind=request.kind, on=request.on, instructor=instructor, reason=request.reason, act=request.act)
    held = instructor_appointments(session, org, data)
    for person in people:
        check_briefing(session, org, person, data, ctx.today, held)
    return BriefingPlan(data=data, people=people, department=request.department)


def record_briefing(ctx: Context, request: BriefingRequest, present: list[int]) -> list[Briefing]:
    """Record the planned briefing for the workers present (register numbers from the sign sheet)."""
    from core.journal.briefings import add_briefings

    plan = plan_briefing(ctx, request)
    chosen = set(present)
    people = [p for p in plan.people if p.id in chosen]
    if not people:
        raise OhsError("Не отмечен ни один присутствовавший: отметьте тех, кто прошёл инструктаж и расписался.")
    return add_briefings(ctx.session, ctx.org, people, plan.data, ctx.today)


@dataclass(frozen=True)
class JournalPage:
    """Entries of one page of the journal, in date order, with the people they name."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the entries fill."""
        return max(1, -(-self.total // self.per_page))


def journal_page(ctx: Context, *, since: datetime.date | None = None, until: datetime.date | None = None,
                 kind: str | None = None, department_id: int | None = None, page: int = 1,
                 per_page: int = 200, newest_first: bool = False) -> JournalPage:
    """Entries between two dates (by date, then number; or the newest first), of one kind or department, one page."""
    from sqlalchemy import func
    from sqlalchemy.orm import aliased
    from sqlmodel import select

    from core.journal.briefing_models import BRIEFING_KINDS, Briefing
    from core.storage.models import Person

    conditions: list[Any] = [Briefing.org_id == ctx.org.id]
    if since:
        conditions.append(Briefing.on >= since)
    if until:
        conditions.append(Briefing.on <= until)
    if kind:
        conditions.append(Briefing.kind == kind)
    if department_id is not None:
        conditions.append(Briefing.person_id.in_(select(Person.id).where(Person.department_id == department_id)))
    total = ctx.session.exec(select(func.count()).select_from(Briefing).where(*conditions)).one()
    page = max(1, min(page, max(1, -(-total // per_page))))
    briefed, instructor = aliased(Person), aliased(Person)
    corrected = aliased(Briefing)
    query = (select(Briefing, briefed, instructor, corrected.seq)
             .join(briefed, briefed.id == Briefing.person_id)
             .join(instructor, instructor.id == Briefing.instructor_id)
             .outerjoin(corrected, corrected.id == Briefing.corrects_id)
             .where(*conditions)
             .order_by(*((Briefing.on.desc(), Briefing.seq.desc()) if newest_first else (Briefing.on, Briefing.seq)))
             .offset((page - 1) * per_page).limit(per_page))
    rows = [{"seq": e.seq, "on": e.on, "kind": e.kind, "kind_title": BRIEFING_KINDS.get(e.kind, e.kind),
             "person": p, "instructor": i, "reason": e.reason, "act": e.act, "signature": e.signature,
             "corrects": corrects}
            for e, p, i, corrects in ctx.session.exec(query).all()]
    return JournalPage(rows=rows, total=total, page=page, per_page=per_page)
