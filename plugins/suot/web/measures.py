"""«Мероприятия» (``/measures``): the plan of measures (п. 12.2 Положения о СУОТ), add one, change its status.

The same services as ``ohs suot measure add|start|done|cancel``: a status change is an event of the
measure (the plan keeps a done or cancelled measure with its result or reason).
"""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import FieldError, date_field, form_of, on_form, page, redirect, text, unit_of_work
from plugins.suot.web_forms import choice, whole_number

#: What the status form may set (the service checks the order: planned → in progress → done or cancelled).
CHANGES = {"in_progress": "выполняется (начато)", "done": "выполнено", "cancelled": "отменено"}
SOURCE_TITLES = {"risk": "оценка рисков", "control_act": "акт контроля", "incident": "несчастный случай",
                 "analysis": "анализ условий труда", "sout": "СОУТ", "other": "другое"}


def _rows(ctx: Any, year: int | None) -> list[dict[str, Any]]:
    from core.storage.models import Person
    from plugins.suot.measures import measure_json, measures_with_state

    return [measure_json(m, s, ctx.session.get(Person, m.responsible_id), ctx.today)
            for m, s in measures_with_state(ctx.session, ctx.org, year)]


def measures_list(request: Any) -> Any:
    """The plan of a year (the current one unless chosen), by deadline, printable."""
    from plugins.suot.measures import STATUS_WORDS

    raw = request.query_params.get("year", "")
    with unit_of_work(request) as ctx:
        year = int(raw) if raw.isdigit() and len(raw) == 4 else (None if raw == "all" else ctx.today.year)
        rows = _rows(ctx, year)
        years = sorted({r["year"] for r in _rows(ctx, None)} | {ctx.today.year})
        org_name = ctx.org.name or ctx.org.key
    return page(request, "suot_web/measures.html", rows=rows, year=year, years=years, statuses=STATUS_WORDS,
                sources=SOURCE_TITLES, org_name=org_name)


#: The values a refusal of ``add_measure`` concerns → the form's fields (the same names).
NEW_FIELDS = {name: name for name in ("measure", "funding", "year", "deadline", "responsible", "cost")}


def _form(request: Any, values: dict[str, Any], error: OhsError | None = None, status: int = 200) -> Any:
    return page(request, "suot_web/measure_new.html", status=status, values=values, error=error,
                sources=SOURCE_TITLES)


def measure_new(request: Any) -> Any:
    """The form of a new measure."""
    return _form(request, {"source": "other"})


def _responsible(ctx: Any, ref: str) -> None:
    """A responsible the register does not know is that field's error (the service resolves it again)."""
    from core.registry.people import resolve_person

    try:
        resolve_person(ctx.session, ctx.org, ref)
    except OhsError as exc:
        raise FieldError("responsible", exc.form or exc.message) from exc


def measure_create(request: Any) -> Any:
    """Add the measure to the plan, as ``ohs suot measure add``."""
    from plugins.suot.measures import add_measure

    values = form_of(request)
    try:
        measure = text(values, "measure", "Мероприятие") or ""
        deadline = date_field(values, "deadline", "Срок")
        responsible = text(values, "responsible", "Ответственный") or ""
        funding = text(values, "funding", "Источник финансирования") or ""
        source = choice(values, "source", SOURCE_TITLES, "Источник мероприятия")
        year = whole_number(values, "year", "Год плана")
        with unit_of_work(request, write=True) as ctx:
            _responsible(ctx, responsible)
            row = add_measure(ctx.session, ctx.org, measure, deadline, responsible, funding, ctx.today,
                              expected=text(values, "expected", "Ожидаемый результат", required=False),
                              analysis=text(values, "analysis", "Результат анализа", required=False),
                              source=source, source_ref=text(values, "source_ref", "Ссылка", required=False),
                              cost=text(values, "cost", "Стоимость", required=False), year=year)
            measure_id, plan_year = row.id, row.year
    except OhsError as exc:
        return _form(request, values, on_form(exc, NEW_FIELDS), status=400)
    return redirect(request, f"/measures?year={plan_year}", f"Добавлено мероприятие № {measure_id} в план на "
                                                            f"{plan_year} год.")


def _card(request: Any, values: dict[str, Any] | None = None, error: OhsError | None = None,
          status: int = 200) -> Any:
    from core.storage.models import Person
    from plugins.suot.measures import STATUS_WORDS, get_measure, measure_json, measure_state

    with unit_of_work(request) as ctx:
        measure = get_measure(ctx.session, ctx.org, request.path_params["measure_id"])
        row = measure_json(measure, measure_state(ctx.session, measure),
                           ctx.session.get(Person, measure.responsible_id), ctx.today)
        today = ctx.today.isoformat()
    if values is None:
        values = {"on": today, "status": "done" if row["status"] == "in_progress" else "in_progress"}
    return page(request, "suot_web/measure_card.html", status=status, row=row, values=values, error=error,
                changes=CHANGES, statuses=STATUS_WORDS, sources=SOURCE_TITLES)


def measure_card(request: Any) -> Any:
    """A measure with its status and the form that changes it."""
    return _card(request)


def measure_status(request: Any) -> Any:
    """Start, finish or cancel the measure (``ohs suot measure start|done|cancel``)."""
    from plugins.suot.measures import cancel_measure, finish_measure, start_measure

    values = form_of(request)
    measure_id = request.path_params["measure_id"]
    try:
        change = choice(values, "status", CHANGES, "Новое состояние")
        on = date_field(values, "on", "Дата")
        note = text(values, "note", "Результат или причина", required=change != "in_progress")
        with unit_of_work(request, write=True) as ctx:
            if change == "in_progress":
                start_measure(ctx.session, ctx.org, measure_id, on, ctx.today)
            elif change == "done":
                finish_measure(ctx.session, ctx.org, measure_id, on, note, ctx.today)
            else:
                cancel_measure(ctx.session, ctx.org, measure_id, on, note, ctx.today)
    except OhsError as exc:
        return _card(request, values, on_form(exc, {"on": "on", "result": "note", "reason": "note"}), status=400)
    return redirect(request, f"/measures/{measure_id}", f"Мероприятие № {measure_id}: {CHANGES[change]}.")


def routes() -> list[Any]:
    """The plan's pages."""
    from starlette.routing import Route

    return [
        Route("/measures", measures_list, name="measures"),
        Route("/measures/new", measure_new, methods=["GET"], name="measure_new"),
        Route("/measures/new", measure_create, methods=["POST"]),
        Route("/measures/{measure_id:int}", measure_card, methods=["GET"], name="measure"),
        Route("/measures/{measure_id:int}/status", measure_status, methods=["POST"], name="measure_status"),
    ]
