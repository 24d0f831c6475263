"""«Риски» (``/risks``): the register of assessed risks with their levels, and the assessment form.

The same service as ``ohs risk assess``: a new assessment of the same hazard at the same workplace
supersedes the earlier one, which stays in the history; a measure typed with it enters the plan.
"""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import FieldError, date_field, form_of, on_form, page, redirect, text, unit_of_work
from plugins.suot.web_forms import choice

FORM_FIELDS = ("hazard", "department", "position", "probability", "severity", "on", "controls",
               "residual_probability", "residual_severity", "note", "measure", "deadline", "responsible", "funding")


def risks_list(request: Any) -> Any:
    """The current assessments, highest score first; ``?all=1`` shows the superseded ones too."""
    from plugins.suot.risks.assessments import risks_json

    history = request.query_params.get("all") == "1"
    with unit_of_work(request) as ctx:
        rows = risks_json(ctx.session, ctx.org, ctx.today, history=history, workspace=ctx.workspace)
        org_name = ctx.org.name or ctx.org.key
    rows.sort(key=lambda r: (not r["current"], -r["score"], r["workplace"], r["hazard"]))
    levels: dict[str, int] = {}
    for r in rows:
        if r["current"]:
            levels[r["level_name"]] = levels.get(r["level_name"], 0) + 1
    return page(request, "risks/list.html", rows=rows, history=history, levels=levels, org_name=org_name)


def _choices(ctx: Any) -> dict[str, Any]:
    from core.registry.people import department_names
    from plugins.suot.risks.hazards import catalogue, groups
    from plugins.suot.risks.matrix import matrix_for

    matrix = matrix_for(ctx.workspace)
    names = groups()
    by_group: dict[str, list[Any]] = {}
    for hazard in catalogue(ctx.session, ctx.org):
        by_group.setdefault(names.get(hazard.group, hazard.group), []).append(hazard)
    return {"hazards": by_group, "departments": sorted(department_names(ctx.session, ctx.org).values()),
            "probability": matrix.probability, "severity": matrix.severity}


def _form(request: Any, values: dict[str, Any], error: OhsError | None = None, status: int = 200) -> Any:
    with unit_of_work(request) as ctx:
        choices = _choices(ctx)
    return page(request, "risks/assess.html", status=status, values=values, error=error, **choices)


def assess_form(request: Any) -> Any:
    """The assessment form (``?risk=N`` fills it from an assessment, to assess that risk again)."""
    from core.clock import today

    values: dict[str, Any] = {"on": today().isoformat()}
    ref = request.query_params.get("risk", "")
    if ref.isdigit() and len(ref) < 10:
        from plugins.suot.risks.assessments import get_assessment

        with unit_of_work(request) as ctx:
            from core.registry.people import department_names

            row = get_assessment(ctx.session, ctx.org, int(ref))
            values.update(hazard=row.hazard_code, position=row.position or "", controls=row.controls or "",
                          department=department_names(ctx.session, ctx.org).get(row.department_id, ""),
                          probability=str(row.probability), severity=str(row.severity))
    return _form(request, values)


def _score(values: dict[str, Any], key: str, title: str, required: bool = True) -> int | None:
    raw = str(values.get(key) or "")
    if not raw and not required:
        return None
    return int(choice(values, key, {str(n): str(n) for n in range(1, 10)}, title))


def assess_create(request: Any) -> Any:
    """Record the assessment (and the measure typed with it), as ``ohs risk assess``."""
    from plugins.suot.risks.assessments import assess
    from plugins.suot.risks.links import NewMeasure

    values = form_of(request)
    try:
        if not values.get("hazard"):
            raise FieldError("hazard", "Выберите опасность.")
        probability = _score(values, "probability", "Вероятность")
        severity = _score(values, "severity", "Тяжесть")
        on = date_field(values, "on", "Дата оценки")
        measure = text(values, "measure", "Мероприятие", required=False)
        new = []
        if measure:
            new = [NewMeasure(measure, date_field(values, "deadline", "Срок мероприятия"),
                              text(values, "responsible", "Ответственный"),
                              text(values, "funding", "Источник финансирования"))]
        with unit_of_work(request, write=True) as ctx:
            row = assess(ctx.session, ctx.org, str(values["hazard"]),
                         text(values, "position", "Должность", required=False),
                         text(values, "department", "Подразделение", required=False), probability, severity,
                         ctx.today, on=on, controls=text(values, "controls", "Меры управления", required=False),
                         residual_probability=_score(values, "residual_probability", "Вероятность после мер", False),
                         residual_severity=_score(values, "residual_severity", "Тяжесть после мер", False),
                         note=text(values, "note", "Примечание", required=False), new_measures=new,
                         workspace=ctx.workspace)
            risk_id, score = row.id, row.probability * row.severity
    except OhsError as exc:
        return _form(request, values, on_form(exc, {"department": "department", "on": "on"}), status=400)
    return redirect(request, "/risks", f"Записана оценка риска № {risk_id}: {probability}×{severity}={score}.")


def routes() -> list[Any]:
    """The risk register pages."""
    from starlette.routing import Route

    return [
        Route("/risks", risks_list, name="risks"),
        Route("/risks/assess", assess_form, methods=["GET"], name="risk_assess"),
        Route("/risks/assess", assess_create, methods=["POST"]),
    ]
