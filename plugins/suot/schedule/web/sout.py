"""«СОУТ» (``/sout``): workplaces with their class of working conditions and report date; a result added.

The same services as ``ohs sout list``, ``ohs sout add`` and ``ohs sout event``: the last report of a
workplace is the current one; a case of ст. 17 sets an unscheduled СОУТ due.
"""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import FieldError, date_field, form_of, on_form, page, redirect, text, unit_of_work
from plugins.suot.web_forms import choice

CLASSES = {c: c for c in ("1", "2", "3.1", "3.2", "3.3", "3.4", "4")}


#: The values a refusal of ``add_sout`` concerns → the form's fields (the same names).
SOUT_FIELDS = {name: name for name in ("position", "department", "factors", "sout_class")}


def sout_list(request: Any) -> Any:
    """The workplaces (current report first by department and position), older reports, unscheduled cases."""
    from core.registry.people import department_names
    from plugins.suot.schedule.due_workplaces import latest_reports, next_sout
    from plugins.suot.schedule.sout import event_json, list_sout, sout_json

    with unit_of_work(request) as ctx:
        names = department_names(ctx.session, ctx.org)
        reports, events = list_sout(ctx.session, ctx.org)
        current_ids = {row.id for row in latest_reports(reports).values()}
        current, older = [], []
        for row in reports:
            if row.id in current_ids:
                current.append(sout_json(row, names, next_sout(row.report_on, row.declaration)))
            else:
                older.append(sout_json(row, names, None))
        event_rows = [event_json(e, names) for e in events]
        org_name, today = ctx.org.name or ctx.org.key, ctx.today.isoformat()
    current.sort(key=lambda r: (r["department"] or "", r["position"]))
    return page(request, "schedule/sout_list.html", current=current, older=list(reversed(older)),
                events=event_rows, org_name=org_name, today=today)


def _form(request: Any, values: dict[str, Any], error: OhsError | None = None, status: int = 200) -> Any:
    from core.registry.people import department_names

    with unit_of_work(request) as ctx:
        departments = sorted(department_names(ctx.session, ctx.org).values())
    return page(request, "schedule/sout_new.html", status=status, values=values, error=error,
                departments=departments, classes=CLASSES)


def sout_new(request: Any) -> Any:
    """The form of a workplace's result."""
    return _form(request, {})


def _factors(values: dict[str, Any]) -> list[tuple[str, str]]:
    from plugins.suot.schedule.sout import parse_factors

    lines = [line.strip() for line in str(values.get("factors") or "").splitlines() if line.strip()]
    try:
        return parse_factors(lines)
    except OhsError as exc:
        raise FieldError("factors", exc.form or exc.message) from exc


def sout_create(request: Any) -> Any:
    """Record the workplace's СОУТ result, as ``ohs sout add``."""
    from plugins.suot.schedule.sout import add_sout

    values = form_of(request)
    try:
        position = text(values, "position", "Рабочее место (должность)") or ""
        report_on = date_field(values, "report_on", "Дата утверждения отчёта")
        sout_class = choice(values, "sout_class", CLASSES, "Итоговый класс")
        factors = _factors(values)
        with unit_of_work(request, write=True) as ctx:
            row = add_sout(ctx.session, ctx.org, text(values, "department", "Подразделение", required=False),
                           position, report_on, sout_class, factors, values.get("declaration") == "1", ctx.today,
                           text(values, "workplace_no", "Номер рабочего места", required=False))
            row_id, shown = row.id, row.position
    except OhsError as exc:
        return _form(request, values, on_form(exc, SOUT_FIELDS), status=400)
    return redirect(request, "/sout", f"Записана СОУТ № {row_id}: {shown}, класс {sout_class}.")


def _event_form(request: Any, values: dict[str, Any], error: OhsError | None = None, status: int = 200) -> Any:
    from core.registry.people import department_names
    from plugins.suot.schedule.sout import EVENT_REASONS

    with unit_of_work(request) as ctx:
        departments = sorted(department_names(ctx.session, ctx.org).values())
    return page(request, "schedule/sout_event.html", status=status, values=values, error=error,
                departments=departments, reasons={k: v[0] for k, v in EVENT_REASONS.items()})


def sout_event_new(request: Any) -> Any:
    """The form of a case that calls for an unscheduled СОУТ (ст. 17 ч. 1 426-ФЗ)."""
    from core.clock import today

    return _event_form(request, {"on": today().isoformat()})


def sout_event_create(request: Any) -> Any:
    """Record the case, as ``ohs sout event``; its deadline appears in «Сегодня» and ``ohs due``."""
    from plugins.suot.schedule.sout import EVENT_REASONS, add_event

    values = form_of(request)
    try:
        position = text(values, "position", "Рабочее место (должность)") or ""
        reason = choice(values, "reason", {k: v[0] for k, v in EVENT_REASONS.items()}, "Случай")
        on = date_field(values, "on", "Дата случая")
        with unit_of_work(request, write=True) as ctx:
            row = add_event(ctx.session, ctx.org, text(values, "department", "Подразделение", required=False),
                            position, reason, on, ctx.today, text(values, "note", "Подробности", required=False))
            row_id = row.id
    except OhsError as exc:
        return _event_form(request, values, exc, status=400)
    return redirect(request, "/sout", f"Записан случай внеплановой СОУТ № {row_id}.")


def routes() -> list[Any]:
    """The СОУТ pages."""
    from starlette.routing import Route

    return [
        Route("/sout", sout_list, name="sout"),
        Route("/sout/new", sout_new, methods=["GET"], name="sout_new"),
        Route("/sout/new", sout_create, methods=["POST"]),
        Route("/sout/event", sout_event_new, methods=["GET"], name="sout_event"),
        Route("/sout/event", sout_event_create, methods=["POST"]),
    ]
