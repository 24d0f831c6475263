"""The organization's OSH goals (цели в области охраны труда) stated in the policy.

776н asks for goals that can be assessed, by measurable indicators where possible (REGULATION.md
§3; the school's 2018 regulation п. 2.6.3 says the same), so a goal may carry an indicator and a
target. A goal is never deleted: withdrawing it records the date and the reason.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization
    from plugins.suot.models import SuotGoal


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def add_goal(
    session: Session, org: Organization, text: str, today: datetime.date, indicator: str | None = None,
    target: str | None = None, deadline: datetime.date | None = None, year: int | None = None,
) -> SuotGoal:
    """Add a goal; a target without an indicator is refused (it could not be measured)."""
    from core.audit import audit
    from plugins.suot.models import SuotGoal

    text = _clean(text)
    if not text:
        raise OhsError("Текст цели пуст; напишите его: ohs suot goal add \"Отсутствие несчастных случаев\".")
    indicator, target = _clean(indicator), _clean(target)
    if target and not indicator:
        raise OhsError("Целевое значение без показателя не измерить; добавьте --indicator \"…\".")
    if year is not None and not 2000 <= year <= 2100:
        raise OhsError(f"Год {year} вне допустимого диапазона; укажите год цели, например --year {today.year}.")
    goal = SuotGoal(org_id=org.id, text=text, indicator=indicator, target=target, deadline=deadline, year=year,
                    added_on=today)
    session.add(goal)
    session.flush()
    audit(session, org, "suot.goal.add", "suot_goal", goal.id, text=text, indicator=indicator, target=target,
          deadline=deadline, year=year)
    return goal


def withdraw_goal(
    session: Session, org: Organization, goal_id: int, on: datetime.date, reason: str, today: datetime.date,
) -> SuotGoal:
    """Record that a goal no longer applies from ``on`` (the row stays, with the reason)."""
    from core.audit import audit
    from plugins.suot.models import SuotGoal

    goal = session.get(SuotGoal, goal_id)
    if goal is None or goal.org_id != org.id:
        raise NotFoundError(f"Цели №{goal_id} нет; посмотрите номера: ohs suot goal list.")
    if goal.withdrawn_on is not None:
        raise OhsError(f"Цель №{goal_id} уже отозвана {goal.withdrawn_on:%d.%m.%Y}; повторно отзывать не нужно.")
    reason = _clean(reason)
    if not reason:
        raise OhsError("Не указана причина отзыва цели; добавьте --reason \"…\".")
    if on > today:
        raise OhsError(f"Дата отзыва {on:%d.%m.%Y} ещё не наступила; укажите сегодняшнюю или прошедшую дату.")
    if on < goal.added_on:
        raise OhsError(f"Дата отзыва {on:%d.%m.%Y} раньше добавления цели {goal.added_on:%d.%m.%Y}; исправьте --on.")
    goal.withdrawn_on, goal.withdraw_reason = on, reason
    session.add(goal)
    audit(session, org, "suot.goal.withdraw", "suot_goal", goal.id, on=on, reason=reason)
    return goal


def goal_status(goal: SuotGoal, on: datetime.date) -> str:
    """``active``, ``withdrawn`` (on or before ``on``) or ``past`` (its year is over)."""
    if goal.withdrawn_on is not None and goal.withdrawn_on <= on:
        return "withdrawn"
    if goal.year is not None and goal.year < on.year:
        return "past"
    return "active"


STATUS_WORDS = {"active": "действует", "withdrawn": "отозвана", "past": "год прошёл"}


def list_goals(session: Session, org: Organization) -> list[SuotGoal]:
    """Every goal ever added, in the order added."""
    from sqlmodel import select

    from plugins.suot.models import SuotGoal

    return list(session.exec(select(SuotGoal).where(SuotGoal.org_id == org.id).order_by(SuotGoal.id)))


def current_goals(session: Session, org: Organization, on: datetime.date) -> list[SuotGoal]:
    """Goals in force on ``on``: not withdrawn and not for a past year."""
    return [g for g in list_goals(session, org) if goal_status(g, on) == "active"]


def goal_json(goal: SuotGoal, on: datetime.date) -> dict[str, Any]:
    """A goal for ``--json`` output."""
    return {"id": goal.id, "text": goal.text, "indicator": goal.indicator, "target": goal.target,
            "deadline": goal.deadline, "year": goal.year, "added_on": goal.added_on,
            "withdrawn_on": goal.withdrawn_on, "withdraw_reason": goal.withdraw_reason,
            "status": goal_status(goal, on)}
