"""The yearly management review of the СУОТ (section 8 of the school's regulation; 776н, «анализ функционирования»).

п. 8.2 lists the inputs: results of audits and conformity checks (here: the control acts and their
findings), the organization's OSH performance (injury indicators, measures done and overdue, risk
levels) and the degree to which the goals were met. The builder gathers them for the year; the
decisions it proposes come from the data (an overdue measure, a high risk without a measure, a goal
not met), and the head adds his own in the blank lines (п. 8.3–8.4).
"""

from __future__ import annotations

import datetime
import decimal
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.documents.kinds import BuildRequest


def _num(value: Any) -> str | None:
    """A Decimal/int as Russian text («1,25»), None stays None (the template prints a dash)."""
    if value is None:
        return None
    if isinstance(value, decimal.Decimal):
        text = format(value.normalize(), "f") if value == value.to_integral() else format(value.quantize(decimal.Decimal("0.01")), "f")
        return text.replace(".", ",")
    return str(value)


def _indicators(request: BuildRequest, year: int) -> dict[str, Any] | None:
    """The injury indicators through the hook (another part keeps incidents); None when nobody answers."""
    from core.errors import OhsError

    from core.context import Context

    try:
        ctx = Context.of(request.session, request.org, request.pm, today=request.today)
        found = request.pm.hook.injury_indicators(ctx=ctx, year=year, years=3)
    except OhsError as exc:
        # The figures cannot be computed (no headcount for a year…): the review says why instead of failing.
        return {"error": exc.message, "per_year": [], "average": {},
                "reference": None, "injured": None}
    if found is None:
        return None
    rows = [{key: _num(value) if key != "year" else value for key, value in row.items()}
            for row in found.get("per_year", [])]
    average = {key: _num(value) for key, value in (found.get("average") or {}).items()}
    reference = found.get("reference")
    if reference:
        reference = {key: _num(value) if isinstance(value, decimal.Decimal) else value
                     for key, value in reference.items()}
    this_year = next((r for r in found.get("per_year", []) if r.get("year") == year), None)
    return {"error": None, "per_year": rows, "average": average, "reference": reference,
            "injured": this_year.get("injured") if this_year else None}


def _target(text: str | None) -> decimal.Decimal | None:
    found = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*", text or "")
    return decimal.Decimal(found.group(1).replace(",", ".")) if found else None


def _goal_rows(goals: list, injured: Any, high_risks: int) -> list[dict[str, Any]]:
    """Goals with the actual value where the records give it: injuries (from the indicators) and high risks.

    Both indicators are to be kept at or below the target, so «achieved» means actual ≤ target; any other
    indicator is left for the review to judge (``achieved`` None).
    """
    rows = []
    for goal in goals:
        indicator = (goal.indicator or "").lower()
        actual = None
        if "несчастн" in indicator:
            actual = injured
        elif "риск" in indicator and "высок" in indicator:
            actual = high_risks
        target = _target(goal.target)
        achieved = None
        if actual is not None and target is not None:
            achieved = decimal.Decimal(str(actual)) <= target
        rows.append({"text": goal.text, "indicator": goal.indicator, "target": goal.target,
                     "actual": None if actual is None else str(actual), "achieved": achieved})
    return rows


def build_review(request: BuildRequest) -> dict[str, Any]:
    """The year's indicators, measures, control findings, risk levels and goals; the head must be set."""
    from core.documents.context import person_view
    from core.documents.kinds import MissingDataError, MissingField
    from core.storage.models import Person
    from core.registry.org import role_holder
    from core.registry.people import department_names
    from plugins.suot.goals import list_goals
    from plugins.suot.measures import measures_with_state
    from plugins.suot.risks.assessments import risks_json
    from plugins.suot.risks.control import acts_json, list_acts
    from plugins.suot.risks.matrix import load_matrix

    session, org, today = request.session, request.org, request.today
    year = int(request.options.get("year") or today.year)
    if role_holder(session, org, "head", today) is None:
        raise MissingDataError(f"{_title()} за {year} год", [
            MissingField("Руководитель организации (проводит анализ)", "ohs org set head=<работник>")])
    as_of = min(today, datetime.date(year, 12, 31))
    names = department_names(session, org)

    measures = []
    for measure, state in measures_with_state(session, org, year, on=as_of):
        person = session.get(Person, measure.responsible_id)
        measures.append({"measure": measure.measure, "deadline": measure.deadline, "status": state.status,
                         "status_on": state.on, "note": state.note, "responsible": person_view(person, names),
                         "overdue": state.status in ("planned", "in_progress") and measure.deadline < as_of})
    acts = acts_json(session, org, list_acts(session, org, year), today, on=as_of)
    matrix = load_matrix(request.workspace.section("risks"))
    risks = risks_json(session, org, today, on=as_of, workspace=request.workspace)
    top = {level.key for level in matrix.levels[-2:]}  # the two highest bands: «высокий», «недопустимый»
    high = [r for r in risks if r["level"] in top]
    indicators = _indicators(request, year)
    goals = [g for g in list_goals(session, org)
             if (g.year is None or g.year == year) and g.added_on <= as_of
             and (g.withdrawn_on is None or g.withdrawn_on > datetime.date(year, 1, 1))]
    goal_rows = _goal_rows(goals, indicators["injured"] if indicators else None, len(high))

    decisions = [f"Обеспечить выполнение мероприятия «{m['measure']}» (срок истёк {m['deadline']:%d.%m.%Y})."
                 for m in measures if m["overdue"]]
    decisions += [f"Разработать мероприятия по снижению риска «{r['hazard']}» ({r['workplace']}, уровень "
                  f"«{r['level_name']}»)." for r in high if not r["measures"]]
    decisions += [f"Пересмотреть меры по достижению цели «{g['text']}» (показатель {g['actual']} при целевом "
                  f"{g['target']})." for g in goal_rows if g["achieved"] is False]
    findings = [f for a in acts for f in a["findings"]]
    decisions += [f"Включить в план мероприятие по нарушению «{f['text']}»." for f in findings if not f["measures"]]
    return {
        "year": year, "as_of": as_of, "indicators": indicators,
        "measures": measures,
        "measures_done": [m for m in measures if m["status"] == "done"],
        "measures_overdue": [m for m in measures if m["overdue"]],
        "measures_cancelled": [m for m in measures if m["status"] == "cancelled"],
        "acts": acts, "findings_total": len(findings),
        "findings_with_measures": sum(1 for f in findings if f["measures"]),
        "stages": {stage: sum(1 for a in acts if a["stage"] == stage) for stage in (1, 2, 3)},
        "risk_levels": [{"name": level.name, "color": level.color,
                         "count": sum(1 for r in risks if r["level"] == level.key)} for level in matrix.levels],
        "risks_total": len(risks), "high_risks": high, "goals": goal_rows, "decisions": decisions,
    }


def _title() -> str:
    from plugins.suot.risks.documents import REVIEW_TITLE

    return REVIEW_TITLE
