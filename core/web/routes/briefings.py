"""«Инструктажи» (``/briefings``): «Провести инструктаж» → sign sheet → record; the journal, printable.

The form is a GET (nothing is written until «Записать в журнал»): the sheet is a page of its own that
can be printed, reloaded and bookmarked. Recording is the one POST, checked again as a whole.
"""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import (FieldError, date_field, form_list, form_of, on_form, page, recorded, redirect, text,
                           unit_of_work)

FORM_FIELDS = ("kind", "on", "instructor", "department", "people", "reason", "act")
#: The values a refusal of the briefing service concerns → the form's fields (the same names).
FORM_ERRORS = {"reason": "reason", "instructor": "instructor", "on": "on"}


def _request_of(values: dict[str, Any]) -> Any:
    """The form's values as a :class:`BriefingRequest`, each malformed field named."""
    from core.journal.briefing_models import BRIEFING_KINDS
    from core.journal.briefing_sheet import BriefingRequest

    kind = values.get("kind") or ""
    if kind not in BRIEFING_KINDS:
        raise FieldError("kind", "Выберите вид инструктажа.")
    people = tuple(line.strip() for line in str(values.get("people") or "").splitlines() if line.strip())
    department = text(values, "department", "Подразделение", required=False)
    if not people and not department:
        raise FieldError("department", "Выберите подразделение или перечислите работников.")
    return BriefingRequest(kind=kind, on=date_field(values, "on", "Дата инструктажа"),
                           instructor=text(values, "instructor", "Кто проводит") or "", department=department,
                           people=people, reason=text(values, "reason", "Причина", required=False),
                           act=text(values, "act", "Локальные акты", required=False))


def _choices(ctx: Any) -> dict[str, Any]:
    """Kinds, departments and the appointed instructors for the form's lists."""
    from core.journal.briefing_models import BRIEFING_KINDS, KINDS_WITH_REASON
    from core.registry.commission_models import APPOINTMENT_ROLES
    from core.registry.commissions import current_appointments
    from core.registry.people import department_names

    names = department_names(ctx.session, ctx.org)
    instructors: dict[int, str] = {}
    by_department: dict[str, int] = {}
    for appointment, person in current_appointments(ctx.session, ctx.org, ctx.today):
        if appointment.role == "briefing_instructor" and appointment.department_id in names:
            by_department.setdefault(names[appointment.department_id], person.id)
        if appointment.role in ("briefing_instructor", "intro_briefing", "osh_responsible"):
            where = f", {names[appointment.department_id]}" if appointment.department_id in names else ""
            label = f"{person.short_name} — {APPOINTMENT_ROLES.get(appointment.role, appointment.role)}{where}"
            instructors.setdefault(person.id, label)
    return {"kinds": BRIEFING_KINDS, "kinds_with_reason": KINDS_WITH_REASON, "departments": sorted(names.values()),
            "instructors": instructors, "department_instructors": by_department}


def briefings_home(request: Any) -> Any:
    """The latest entries and the two ways in: «Провести инструктаж» and the journal."""
    from core.journal.briefing_sheet import journal_page

    with unit_of_work(request) as ctx:
        recent = journal_page(ctx, per_page=15, newest_first=True)
        choices = _choices(ctx)
    return page(request, "briefings/home.html", recent=recent, **choices)


def briefing_form(request: Any) -> Any:
    """The form; with ``sheet=1`` the checked sign sheet (or the form again with the field's message)."""
    from core.journal.briefing_sheet import plan_briefing

    values = {k: request.query_params.get(k, "") for k in FORM_FIELDS}
    with unit_of_work(request) as ctx:
        choices = _choices(ctx)
        values["on"] = values["on"] or ctx.today.isoformat()
        if not values["instructor"] and values["department"] in choices["department_instructors"]:
            # The department's appointed instructor, as the paper journal's keeper would be.
            values["instructor"] = str(choices["department_instructors"][values["department"]])
        if request.query_params.get("sheet") != "1":
            return page(request, "briefings/form.html", values=values, error=None, field=None, **choices)
        try:
            plan = plan_briefing(ctx, _request_of(values))
        except OhsError as exc:
            return page(request, "briefings/form.html", status=400, values=values, error=on_form(exc, FORM_ERRORS),
                        **choices)
        from core.registry.people import department_names

        names = department_names(ctx.session, ctx.org)
        return page(request, "briefings/sheet.html", plan=plan, values=values, names=names,
                    kind_title=choices["kinds"][plan.data.kind], org_name=ctx.org.name or ctx.org.key)


def briefing_record(request: Any) -> Any:
    """Record the briefing of the people ticked on the sheet, all or none (``ohs briefing add``)."""
    from core.journal.briefing_sheet import record_briefing

    values = form_of(request)
    present = [int(v) for v in form_list(request, "present") if v.isdigit() and len(v) < 10]
    try:
        briefing = _request_of(values)
        with unit_of_work(request, write=True) as ctx:
            entries = record_briefing(ctx, briefing, present)
    except OhsError as exc:
        from urllib.parse import urlencode

        with unit_of_work(request) as ctx:
            choices = _choices(ctx)
        shown = {k: str(values.get(k) or "") for k in FORM_FIELDS}
        return page(request, "briefings/form.html", status=400, values=shown, error=on_form(exc, FORM_ERRORS),
                    back="/briefings/new?" + urlencode({**shown, "sheet": "1"}), **choices)
    day = briefing.on.isoformat()
    return redirect(request, f"/briefings/journal?since={day}&until={day}", recorded(entries, "журнал"))


def journal(request: Any) -> Any:
    """The journal in date order between two dates, of one kind or department, printable."""
    from core.journal.briefing_models import BRIEFING_KINDS, SIGNATURES
    from core.journal.briefing_sheet import journal_page
    from core.registry.people import department_names

    params = request.query_params
    values = {k: params.get(k, "") for k in ("since", "until", "kind", "department")}
    error = None
    try:
        since = date_field(values, "since", "С", required=False)
        until = date_field(values, "until", "По", required=False)
    except FieldError as exc:
        error, since, until = exc, None, None
    with unit_of_work(request) as ctx:
        names = department_names(ctx.session, ctx.org)
        if not (since or until or error):
            since = ctx.today.replace(month=1, day=1)
            values["since"] = since.isoformat()
        department_id = next((i for i, n in names.items() if n == values["department"]), None)
        page_no = int(params["page"]) if params.get("page", "").isdigit() and len(params["page"]) < 7 else 1
        found = journal_page(ctx, since=since, until=until, kind=values["kind"] or None,
                             department_id=department_id, page=page_no)
        org_name = ctx.org.name or ctx.org.key
    return page(request, "briefings/journal.html", status=400 if error else 200, found=found, values=values,
                error=error, kinds=BRIEFING_KINDS, departments=sorted(names.values()), names=names,
                signatures=SIGNATURES, org_name=org_name)


def routes() -> list[Any]:
    """The briefing pages."""
    from starlette.routing import Route

    return [
        Route("/briefings", briefings_home, name="briefings"),
        Route("/briefings/new", briefing_form, methods=["GET"], name="briefing_new"),
        Route("/briefings/record", briefing_record, methods=["POST"], name="briefing_record"),
        Route("/briefings/journal", journal, name="briefing_journal"),
    ]
