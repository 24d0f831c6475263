"""План мероприятий по улучшению условий и охраны труда и снижению уровней профессиональных рисков.

The plan of п. 12.2 of the school's СУОТ regulation (776н, section III): the analysis result, the
measure, the expected result, the deadline, the responsible person and the funding source, with
the status as of the document date. All wording is in templates/suot/measures_plan.xml.j2.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.documents.kinds import BuildRequest, DocumentKind

TITLE = "План мероприятий по улучшению условий и охраны труда и снижению уровней профессиональных рисков"


def _money(cost: str | None) -> str | None:
    """«186000.00» → «186 000,00» (Russian digit grouping)."""
    if not cost:
        return None
    whole, _, cents = cost.partition(".")
    return f"{int(whole):,}".replace(",", "\u00a0") + f",{(cents or '00')[:2]:0<2}"


def build(request: BuildRequest) -> dict[str, Any]:
    """The year's measures with their status on the document date; no head or no measure stops the plan."""
    from core.documents.context import person_view
    from core.documents.kinds import MissingDataError, MissingField
    from core.storage.models import Person
    from core.registry.org import role_holder
    from core.registry.people import department_names
    from plugins.suot.measures import measures_with_state

    session, org, today = request.session, request.org, request.today
    year = int(request.options.get("year") or today.year)
    rows = measures_with_state(session, org, year, on=today)
    missing = []
    if role_holder(session, org, "head", today) is None:
        missing.append(MissingField("Руководитель организации (утверждает план)", "ohs org set head=<работник>"))
    if not rows:
        missing.append(MissingField(
            f"Мероприятия плана на {year} год (хотя бы одно)",
            f'ohs suot measure add --measure "…" --deadline {year}-12-31 --responsible "<работник>" '
            '--funding "бюджет учреждения" --expected "…"'))
    if missing:
        raise MissingDataError(f"{TITLE} на {year} год", missing)
    names = department_names(session, org)
    measures = []
    for measure, state in rows:
        person = session.get(Person, measure.responsible_id)
        measures.append({
            "analysis": measure.analysis, "source": measure.source, "source_ref": _printable_ref(measure.source_ref),
            "measure": measure.measure, "expected": measure.expected, "deadline": measure.deadline,
            "responsible": person_view(person, names), "funding": measure.funding, "cost": _money(measure.cost),
            "status": state.status, "status_on": state.on, "note": state.note,
            "overdue": state.status in ("planned", "in_progress") and measure.deadline < today,
        })
    return {"year": year, "measures": measures}


#: A reference the toolkit keeps for itself (``risk:12``, ``control_act:5``): the record is already named in the
#: measure's analysis («Акт контроля № 2 от 17.04.2026: …»), so the plan prints the user's own references only.
INTERNAL_REF = re.compile(r"[a-z_]+:\d+")


def _printable_ref(ref: str | None) -> str | None:
    """The measure's source reference as the plan prints it: the user's text, never an internal key."""
    return None if ref is None or INTERNAL_REF.fullmatch(ref.strip()) else ref


def kinds() -> list[DocumentKind]:
    """The plan of measures kind."""
    from core.documents.kinds import DocumentKind

    return [DocumentKind(
        key="measures_plan", title=TITLE, template="suot/measures_plan.xml.j2", build=build, approval="head",
        grammatical_gender="m", instrumental_title="Планом мероприятий по улучшению условий и охраны труда",
        plugin="suot", period="year",
    )]
