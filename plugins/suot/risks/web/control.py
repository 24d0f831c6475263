"""«Контроль» (``/control``): the acts of the staged control of the СУОТ, and the form of a new act.

The same service as ``ohs control add``: the act is numbered within its year and written with its
findings, or refused as a whole.
"""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import FieldError, date_field, form_of, on_form, page, redirect, text, unit_of_work


#: The values a refusal of ``add_act`` concerns → the form's fields (the same names).
ACT_FIELDS = {name: name for name in ("department", "findings", "on", "by")}


def control_list(request: Any) -> Any:
    """Every act, newest first, with its findings and their measures; printable."""
    from plugins.suot.risks.control import acts_json, list_acts

    with unit_of_work(request) as ctx:
        rows = acts_json(ctx.session, ctx.org, list_acts(ctx.session, ctx.org), ctx.today)
        org_name = ctx.org.name or ctx.org.key
    rows.sort(key=lambda r: (r["held_on"], r["id"]), reverse=True)
    return page(request, "risks/control.html", rows=rows, org_name=org_name)


def _form(request: Any, values: dict[str, Any], error: OhsError | None = None, status: int = 200) -> Any:
    from core.registry.people import department_names
    from plugins.suot.risks.control import stages

    with unit_of_work(request) as ctx:
        departments = sorted(department_names(ctx.session, ctx.org).values())
    return page(request, "risks/control_new.html", status=status, values=values, error=error,
                departments=departments, stages=stages())


def control_new(request: Any) -> Any:
    """The form of an act."""
    from core.clock import today

    return _form(request, {"on": today().isoformat(), "stage": "1"})


def _findings(values: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Findings one a line; «нарушение | требование» names the requirement violated (all lines or none)."""
    findings, requirements = [], []
    for line in str(values.get("findings") or "").splitlines():
        if line.strip():
            finding, _sep, requirement = line.partition("|")
            findings.append(finding.strip())
            requirements.append(requirement.strip())
    if any(requirements) and not all(requirements):
        raise FieldError("findings", "Нарушенное требование укажите для каждого нарушения через «|» или ни для "
                                     "одного.")
    return findings, requirements if any(requirements) else []


def control_create(request: Any) -> Any:
    """Record the act with its findings, as ``ohs control add``."""
    from core.registry.people import resolve_person
    from plugins.suot.risks.control import add_act, stages

    values = form_of(request)
    try:
        raw_stage = str(values.get("stage") or "")
        if not raw_stage.isdigit() or int(raw_stage) not in stages():
            raise FieldError("stage", "Выберите ступень контроля.")
        on = date_field(values, "on", "Дата проведения")
        by = text(values, "by", "Кто проводил") or ""
        findings, requirements = _findings(values)
        with unit_of_work(request, write=True) as ctx:
            try:
                resolve_person(ctx.session, ctx.org, by)
            except OhsError as exc:
                raise FieldError("by", exc.form or exc.message) from exc
            act = add_act(ctx.session, ctx.org, int(raw_stage), on, by, ctx.today,
                          department=text(values, "department", "Подразделение", required=False),
                          participants=text(values, "participants", "Участники", required=False),
                          scope=text(values, "scope", "Что проверено", required=False),
                          conclusion=text(values, "conclusion", "Заключение", required=False),
                          findings=findings, requirements=requirements)
            number, count = act.number, len(findings)
    except OhsError as exc:
        return _form(request, values, on_form(exc, ACT_FIELDS), status=400)
    return redirect(request, "/control", f"Записан акт контроля № {number} от {on:%d.%m.%Y}, нарушений: {count}.")


def routes() -> list[Any]:
    """The control pages."""
    from starlette.routing import Route

    return [
        Route("/control", control_list, name="control"),
        Route("/control/new", control_new, methods=["GET"], name="control_new"),
        Route("/control/new", control_create, methods=["POST"]),
    ]
