"""Document kinds of the risk part: the risk map, the control act, the management review.

Builders gather data; all wording is in the templates (templates/suot/risk_map.xml.j2,
control_act.xml.j2, management_review.xml.j2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.documents.kinds import BuildRequest, DocumentKind
    from plugins.suot.risks.matrix import Matrix

RISK_MAP_TITLE = "Карта оценки профессиональных рисков"
CONTROL_ACT_TITLE = "Акт контроля функционирования системы управления охраной труда"
REVIEW_TITLE = "Анализ функционирования системы управления охраной труда"


def matrix_picture(matrix: Matrix, risks: list[dict[str, Any]]) -> dict[str, Any]:
    """The 5×5 matrix as rows (probability 5 → 1) of cells with score, colour and how many risks sit there."""
    counts: dict[tuple[int, int], int] = {}
    for risk in risks:
        key = (risk["probability"], risk["severity"])
        counts[key] = counts.get(key, 0) + 1
    rows = []
    for p in sorted(matrix.probability, reverse=True):
        cells = []
        for s in sorted(matrix.severity):
            level = matrix.level(p, s)
            cells.append({"score": p * s, "color": level.color, "level": level.name, "count": counts.get((p, s), 0)})
        rows.append({"probability": p, "name": matrix.probability[p], "cells": cells})
    return {"rows": rows, "severity": [{"value": s, "name": n} for s, n in sorted(matrix.severity.items())],
            "levels": [level.to_json() for level in matrix.levels], "source": matrix.source}


def build_risk_map(request: BuildRequest) -> dict[str, Any]:
    """Current assessments grouped by workplace, with the matrix picture; no assessment or no head stops it."""
    from core.documents.kinds import MissingDataError, MissingField
    from core.registry.org import role_holder
    from plugins.suot.risks.assessments import risks_json
    from plugins.suot.risks.matrix import load_matrix

    session, org, today = request.session, request.org, request.today
    matrix = load_matrix(request.workspace.section("risks"))
    risks = risks_json(session, org, today, on=today, workspace=request.workspace)
    missing = []
    if role_holder(session, org, "head", today) is None:
        missing.append(MissingField("Руководитель организации (утверждает карту)", "ohs org set head=<работник>"))
    if not risks:
        missing.append(MissingField(
            "Оценка хотя бы одного риска",
            'ohs risk assess --hazard mechanical.fall --position "<должность>" --probability 3 --severity 2'))
    if missing:
        raise MissingDataError(RISK_MAP_TITLE, missing)
    workplaces: dict[str, list[dict[str, Any]]] = {}
    for risk in risks:
        workplaces.setdefault(risk["workplace"], []).append(risk)
    return {
        "matrix": matrix_picture(matrix, risks),
        "workplaces": [{"title": title, "risks": rows} for title, rows in workplaces.items()],
        "total": len(risks),
    }


def build_control_act(request: BuildRequest) -> dict[str, Any]:
    """The act named by ``options["act"]``, else the latest act (of ``--year`` when given)."""
    from core.documents.context import person_view
    from core.documents.kinds import MissingDataError, MissingField
    from core.storage.models import Person
    from core.registry.people import department_names
    from plugins.suot.measure_models import SuotMeasure
    from plugins.suot.risks.control import acts_json, get_act, list_acts

    session, org, today = request.session, request.org, request.today
    act_id = request.options.get("act")
    if act_id is not None:
        act = get_act(session, org, int(act_id))
    else:
        acts = [a for a in list_acts(session, org, request.options.get("year")) if a.held_on <= today]
        if not acts:
            raise MissingDataError(CONTROL_ACT_TITLE, [MissingField(
                "Акт контроля (хотя бы один)",
                'ohs control add --stage 1 --on <дата> --by "<работник>" --department "<подразделение>" '
                '--finding "…"')])
        act = acts[-1]
    data = acts_json(session, org, [act], today, on=today)[0]
    names = department_names(session, org)
    responsible: dict[int, Any] = {}
    for finding in data["findings"]:
        for measure in finding["measures"]:
            row = session.get(SuotMeasure, measure["id"])
            if row.responsible_id not in responsible:
                responsible[row.responsible_id] = person_view(session.get(Person, row.responsible_id), names)
            measure["responsible"] = responsible[row.responsible_id]
    data["conducted_by_person"] = person_view(session.get(Person, act.conducted_by_id), names)
    return {"act": data}


def kinds() -> list[DocumentKind]:
    """The risk map, the control act and the management review."""
    from core.documents.kinds import DocumentKind
    from plugins.suot.risks.review import build_review

    return [
        DocumentKind(key="risk_map", title=RISK_MAP_TITLE, template="suot/risk_map.xml.j2", build=build_risk_map,
                     approval="head", grammatical_gender="f",
                     instrumental_title="Картой оценки профессиональных рисков", plugin="suot"),
        DocumentKind(key="control_act", title=CONTROL_ACT_TITLE, template="suot/control_act.xml.j2",
                     build=build_control_act, approval="none", grammatical_gender="m", plugin="suot"),
        DocumentKind(key="management_review", title=REVIEW_TITLE, template="suot/management_review.xml.j2",
                     build=build_review, approval="none", grammatical_gender="m", plugin="suot"),
    ]
