"""«Происшествия» (``/incidents``): the incident journal, newest first, registration, a case's card and closing.

The same services as ``ohs incidents add`` and ``ohs incidents close`` (``open_case``, ``close_case``): the
case is checked as a whole and appended to the hash-chained journal, or nothing is written. The correction
of a case is :mod:`plugins.suot.incidents.web.correction`.
"""

from __future__ import annotations

import re
from typing import Any

from core.errors import OhsError
from core.web.unit import FieldError, date_field, form_of, on_form, page, redirect, text, unit_of_work
from plugins.suot.web_forms import choice


def incidents_list(request: Any) -> Any:
    """Every case as it stands (opening, closing and corrections applied), newest first, printable."""
    from plugins.suot.incidents.chain import load_cases
    from plugins.suot.incidents.views import case_json, people_index

    with unit_of_work(request) as ctx:
        people, departments = people_index(ctx.session, ctx.org)
        rows = [case_json(c, people, departments) for c in load_cases(ctx.session, ctx.org)]
        org_name = ctx.org.name or ctx.org.key
    rows.sort(key=lambda r: (r["occurred_on"], r["id"]), reverse=True)
    return page(request, "incidents/list.html", rows=rows, org_name=org_name)


def _form(request: Any, values: dict[str, Any], error: OhsError | None = None, status: int = 200) -> Any:
    from plugins.suot.incidents.cases import SEVERITIES, TYPES

    return page(request, "incidents/new.html", status=status, values=values, error=error, types=TYPES,
                severities=SEVERITIES)


def incident_new(request: Any) -> Any:
    """The registration form."""
    from core.clock import today

    return _form(request, {"on": today().isoformat()})


#: A worker as the correction form lists them: «Иванов Иван Иванович (№ 12)» — the number decides.
_NUMBERED = re.compile(r"\(№\s*(\d{1,9})\)\s*$")


def parties(ctx: Any, values: dict[str, Any], key: str) -> list[dict[str, Any]] | None:
    """Workers listed one a line in ``key`` and outsiders in ``key_outsider`` (None when both are empty)."""
    from plugins.suot.incidents.cases import party

    found = []
    for field, outsider in ((key, False), (f"{key}_outsider", True)):
        for line in str(values.get(field) or "").splitlines():
            if line.strip():
                numbered = None if outsider else _NUMBERED.search(line)
                try:
                    found.append(party(ctx.session, ctx.org, outsider=line) if outsider
                                 else party(ctx.session, ctx.org, ref=numbered.group(1) if numbered else line.strip()))
                except OhsError as exc:
                    message = (exc.form or exc.message).split("; если это не работник")[0]
                    if outsider:
                        raise FieldError(field, message) from exc
                    raise FieldError(field, f"{message}; постороннего впишите в поле «{OUTSIDER_FIELD[key]}».") from exc
    return found or None


#: The field of outsiders next to each field of workers (as the forms title them).
OUTSIDER_FIELD = {"injured": "Пострадавшие посторонние", "witness": "Очевидцы посторонние",
                  "member": "Комиссия: не из числа работников"}
#: The service's names of the values a refusal concerns → the registration form's fields.
NEW_FIELDS = {"type": "type", "occurred_on": "on", "time": "time", "place": "place", "circumstances": "circumstances",
              "severity": "severity", "injured": "injured", "witnesses": "witness"}
#: … and the closing form's.
CLOSE_FIELDS = {"closed_on": "on", "days": "days", "act_date": "act_date", "commission": "member"}


def incident_create(request: Any) -> Any:
    """Register the case, as ``ohs incidents add``."""
    from plugins.suot.incidents.cases import SEVERITIES, TYPES, open_case

    values = form_of(request)
    try:
        kind = choice(values, "type", TYPES, "Вид происшествия")
        occurred_on = date_field(values, "on", "Дата происшествия")
        severity = values.get("severity") or None
        if severity is not None:
            severity = choice(values, "severity", SEVERITIES, "Тяжесть")
        if kind == "accident" and severity is None:
            raise FieldError("severity", "Укажите тяжесть несчастного случая.")
        fields: dict[str, Any] = {"type": kind, "time": text(values, "time", "Время", required=False),
                                  "place": text(values, "place", "Место происшествия"),
                                  "circumstances": text(values, "circumstances", "Обстоятельства"),
                                  "event": text(values, "event", "Вид происшествия по акту", required=False),
                                  "injury": text(values, "injury", "Характер повреждения", required=False),
                                  "severity": severity,
                                  "causes": text(values, "causes", "Причины", required=False)}
        with unit_of_work(request, write=True) as ctx:
            fields["injured"] = parties(ctx, values, "injured")
            fields["witnesses"] = parties(ctx, values, "witness")
            case = open_case(ctx.session, ctx.org, fields, occurred_on, ctx.today)
            case_no = case.case_no
    except OhsError as exc:
        return _form(request, values, on_form(exc, NEW_FIELDS), status=400)
    return redirect(request, "/incidents", f"Зарегистрировано происшествие № {case_no}.")


def _card(request: Any, values: dict[str, Any] | None = None, error: OhsError | None = None,
          status: int = 200) -> Any:
    from plugins.suot.incidents.cases import get_case
    from plugins.suot.incidents.views import case_json, people_index

    from plugins.suot.incidents.web.correction import history

    with unit_of_work(request) as ctx:
        people, departments = people_index(ctx.session, ctx.org)
        case = get_case(ctx.session, ctx.org, request.path_params["case_no"])
        row = case_json(case, people, departments)
        entries = history(case, people)
        today = ctx.today.isoformat()
    return page(request, "incidents/card.html", status=status, row=row, entries=entries, error=error,
                values=values if values is not None else {"on": today})


def incident_card(request: Any) -> Any:
    """A case as it stands, its journal entries, and the closing form while it is investigated."""
    return _card(request)


def days_of(values: dict[str, Any]) -> list[int] | None:
    """Days of incapacity, one number per injured person in their order («14» or «14, 5»)."""
    raw = str(values.get("days") or "").replace(",", " ").split()
    if not raw:
        return None
    if not all(v.isdigit() and len(v) < 6 for v in raw):
        raise FieldError("days", f"Дни нетрудоспособности — целые числа через запятую, а не «{values.get('days')}».")
    return [int(v) for v in raw]


def incident_close(request: Any) -> Any:
    """Close the case (days, outcome, act, causes, commission), as ``ohs incidents close``."""
    from plugins.suot.incidents.cases import close_case

    values = form_of(request)
    case_no = request.path_params["case_no"]
    try:
        closed_on = date_field(values, "on", "Дата закрытия")
        act_date = date_field(values, "act_date", "Дата акта", required=False)
        closing: dict[str, Any] = {"days": days_of(values), "outcome": text(values, "outcome", "Последствия", False),
                                   "act_number": text(values, "act_number", "Номер акта", required=False),
                                   "act_date": act_date.isoformat() if act_date else None,
                                   "causes": text(values, "causes", "Причины", required=False)}
        with unit_of_work(request, write=True) as ctx:
            closing["commission"] = parties(ctx, values, "member")
            close_case(ctx.session, ctx.org, case_no, closed_on, ctx.today, closing)
    except OhsError as exc:
        return _card(request, values, on_form(exc, CLOSE_FIELDS), status=400)
    return redirect(request, f"/incidents/{case_no}", f"Происшествие № {case_no} закрыто {closed_on:%d.%m.%Y}.")


def routes() -> list[Any]:
    """The incident pages."""
    from starlette.routing import Route

    return [
        Route("/incidents", incidents_list, name="incidents"),
        Route("/incidents/new", incident_new, methods=["GET"], name="incident_new"),
        Route("/incidents/new", incident_create, methods=["POST"]),
        Route("/incidents/{case_no:int}", incident_card, methods=["GET"], name="incident"),
        Route("/incidents/{case_no:int}/close", incident_close, methods=["POST"], name="incident_close"),
    ]
