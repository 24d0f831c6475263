"""«Работники» (``/people``): the register a page at a time, a worker's card, add and dismiss.

Editing a card and the export of the list are in :mod:`core.web.routes.people_edit`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from core.errors import OhsError
from core.web.unit import date_field, form_of, page, redirect, text, unit_of_work


def _int(value: Any, default: int | None = None) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else default


def list_filters(request: Any, names: dict[int, str]) -> dict[str, Any]:
    """The list's search as typed in its address (words, department, dismissed too): the page and its export use it."""
    params = request.query_params
    department_id = _int(params.get("department"))
    return {"query": " ".join(params.get("q", "").split())[:100],
            "department_id": department_id if department_id in names else None,
            "include_dismissed": params.get("all") == "1"}


def people_list(request: Any) -> Any:
    """Search by name, filter by department, 50 a page."""
    from core.registry.people import department_names
    from core.registry.people_search import search_people

    with unit_of_work(request) as ctx:
        names = department_names(ctx.session, ctx.org)
        filters = list_filters(request, names)
        found = search_people(ctx.session, ctx.org, on=ctx.today, **filters,
                              page=_int(request.query_params.get("page"), 1) or 1)
    shown = {"q": filters["query"], "department": filters["department_id"] or "",
             **({"all": "1"} if filters["include_dismissed"] else {})}
    return page(request, "people/list.html", found=found, query=filters["query"],
                department_id=_int(request.query_params.get("department")),
                include_dismissed=filters["include_dismissed"], search=urlencode(shown),
                departments=sorted(names.items(), key=lambda kv: kv[1]), names=names, today=None)


def _person_form(request: Any, values: dict[str, Any], error: OhsError | None = None, status: int = 200) -> Any:
    from core.registry.people import department_names
    from core.storage.models import EMPLOYMENT_KINDS, OSH_ROLES

    with unit_of_work(request) as ctx:
        departments = sorted(department_names(ctx.session, ctx.org).values())
    field = getattr(error, "field", None) if error else None
    return page(request, "people/new.html", status=status, values=values, error=error, field=field,
                departments=departments, roles=OSH_ROLES, employment_kinds=EMPLOYMENT_KINDS)


def person_new(request: Any) -> Any:
    """The form of a new worker (the same checks as ``ohs people add``)."""
    return _person_form(request, {"role": "none"})


def person_create(request: Any) -> Any:
    """Add the worker, or show the form again with the field's message and the values typed."""
    from core.registry.people import add_person
    from core.registry.people_typed import typed_person_row

    values = form_of(request)
    try:
        row = typed_person_row(
            full_name=text(values, "full_name", "ФИО") or "", position=text(values, "position", "Должность") or "",
            hired_on=date_field(values, "hired_on", "Дата приёма"),
            department=text(values, "department", "Подразделение", required=False),
            birth_date=date_field(values, "birth_date", "Дата рождения", required=False),
            snils=text(values, "snils", "СНИЛС", required=False), email=text(values, "email", "E-mail", required=False),
            gender=values.get("gender") if values.get("gender") in ("m", "f") else None,
            role=values.get("role") if values.get("role") in ("none", "specialist", "head") else "none",
            personnel_number=text(values, "personnel_number", "Табельный номер", required=False),
            employment_kind=values.get("employment_kind") or None,
            rate=text(values, "rate", "Ставка", required=False),
        )
        with unit_of_work(request, write=True) as ctx:
            person = add_person(ctx.session, ctx.org, row, ctx.today)
            person_id, name = person.id, person.full_name
    except OhsError as exc:
        return _person_form(request, values, exc, status=400)
    return redirect(request, f"/people/{person_id}", f"Добавлен(а): {name}.")


def person_card(request: Any, error: OhsError | None = None, values: dict[str, Any] | None = None,
                status: int = 200) -> Any:
    """A worker's card: positions held, briefings, the plugins' sections, documents acknowledged; dismissal."""
    from core.documents.models import STATUSES
    from core.journal.briefing_models import BRIEFING_KINDS
    from core.journal.briefings import list_briefings
    from core.registry.employments import employments
    from core.registry.people import department_names, resolve_person
    from core.registry.people_search import acknowledged_documents
    from core.registry.people_values import rate_text
    from core.storage.models import EMPLOYMENT_KINDS, EMPLOYMENT_REASONS, OSH_ROLES

    with unit_of_work(request) as ctx:
        person = resolve_person(ctx.session, ctx.org, str(request.path_params["person_id"]))
        names = department_names(ctx.session, ctx.org)
        jobs = employments(ctx.session, person)
        briefings = list_briefings(ctx.session, ctx.org, person=person)
        people_by_id = {p.id: p for p in _instructors(ctx, briefings)}
        acknowledged = acknowledged_documents(ctx.session, ctx.org, person)
        sections = card_sections(ctx, person)
        today = ctx.today
    return page(request, "people/card.html", status=status, person=person, department=names.get(person.department_id),
                employments=list(reversed(jobs)), names=names, kinds=EMPLOYMENT_KINDS, reasons=EMPLOYMENT_REASONS,
                sections=sections,
                briefings=list(reversed(briefings)), instructors=people_by_id, acknowledged=acknowledged,
                rate=rate_text(person.rate) if person.rate is not None else None, rate_text=rate_text,
                employment_kind=EMPLOYMENT_KINDS.get(person.employment_kind or "", ""),
                role=OSH_ROLES.get(person.osh_role, ""), active=person.is_active(today), today=today,
                error=error, values=values or {"on": today.isoformat()}, kind_titles=BRIEFING_KINDS,
                statuses=STATUSES)


def card_sections(ctx: Any, person: Any) -> list[Any]:
    """The sections the plugins add to the card (``person_card_sections``), in their declared order."""
    batches = ctx.pm.hook.person_card_sections(ctx=ctx, person=person)
    return sorted((s for batch in batches for s in batch or ()), key=lambda s: (s.position, s.key))


def _instructors(ctx: Any, briefings: list[Any]) -> list[Any]:
    from sqlmodel import select

    from core.storage.models import Person

    ids = {b.instructor_id for b in briefings}
    return list(ctx.session.exec(select(Person).where(Person.id.in_(ids)))) if ids else []


def person_dismiss(request: Any) -> Any:
    """Dismiss the worker on the date given (``ohs people dismiss``); the history stays."""
    from core.registry.people import dismiss, resolve_person

    values = form_of(request)
    person_id = request.path_params["person_id"]
    try:
        on = date_field(values, "on", "Дата увольнения")
        with unit_of_work(request, write=True) as ctx:
            person = dismiss(ctx.session, ctx.org, resolve_person(ctx.session, ctx.org, str(person_id)), on)
            name = person.full_name
    except OhsError as exc:
        return person_card(request, error=exc, values=values, status=400)
    return redirect(request, f"/people/{person_id}", f"{name} уволен(а) {on:%d.%m.%Y}.")


def routes() -> list[Any]:
    """The people pages."""
    from starlette.routing import Route

    from core.web.routes import people_edit, people_import

    return [
        Route("/people", people_list, name="people"),
        Route("/people/new", person_new, methods=["GET"], name="person_new"),
        Route("/people/new", person_create, methods=["POST"]),
        *people_import.routes(),
        *people_edit.routes(),
        Route("/people/{person_id:int}", person_card, name="person"),
        Route("/people/{person_id:int}/dismiss", person_dismiss, methods=["POST"], name="person_dismiss"),
    ]
