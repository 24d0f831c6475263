"""Correcting a registered case from its card (``/incidents/{n}/correct``), as ``ohs incidents correct``.

The journal is never edited: the form shows the case as it stands, and only what the user changed goes to
``correct_case``, which appends a new entry with the reason, pointing to the entry it corrects (the closing
entry for the closing fields, else the registration). The card lists every entry of the case with what
each one changed, «было → стало».
"""

from __future__ import annotations

import datetime
from typing import Any

from core.errors import OhsError
from core.web.unit import date_field, form_of, on_form, page, redirect, text, unit_of_work
from plugins.suot.incidents.web.incidents import days_of, parties
from plugins.suot.web_forms import choice

#: The fields of a case as the card and the correction's history name them.
FIELD_TITLES = {
    "type": "Вид", "severity": "Тяжесть", "occurred_on": "Дата происшествия", "time": "Время", "place": "Место",
    "circumstances": "Обстоятельства", "event": "Вид происшествия по акту", "injury": "Характер повреждения",
    "injured": "Пострадавшие", "witnesses": "Очевидцы", "insured": "Страховой случай", "causes": "Причины",
    "closed_on": "Дата закрытия", "days": "Дни нетрудоспособности", "outcome": "Последствия",
    "act_number": "Номер акта", "act_date": "Дата акта", "commission": "Комиссия", "measures": "Мероприятия плана",
}
#: The service's names of the values a refusal concerns → the correction form's fields.
FORM_FIELDS = {"reason": "reason", "type": "type", "occurred_on": "on", "time": "time", "place": "place",
               "circumstances": "circumstances", "severity": "severity", "injured": "injured", "witnesses": "witness",
               "commission": "member", "closed_on": "closed_on", "days": "days", "act_date": "act_date"}
#: Free-text fields, the same on the form as in the case.
TEXTS = (("time", "Время"), ("place", "Место"), ("circumstances", "Обстоятельства"),
         ("event", "Вид происшествия по акту"), ("injury", "Характер повреждения"), ("causes", "Причины"))
CLOSING_TEXTS = (("outcome", "Последствия"), ("act_number", "Номер акта"))
REQUIRED = ("place", "circumstances")


def _people_lines(parties: list[dict[str, Any]] | None, people: dict[int, Any]) -> tuple[str, str]:
    """A list of people as the form types them: workers «ФИО (№ 12)» one a line, then outsiders one a line."""
    workers, outsiders = [], []
    for p in parties or ():
        if "outsider" in p:
            outsiders.append(p["outsider"])
        else:
            person = people.get(p["person_id"])
            workers.append(f"{person.full_name if person else ''} (№ {p['person_id']})".strip())
    return "\n".join(workers), "\n".join(outsiders)


def form_values(case: Any, people: dict[int, Any]) -> dict[str, str]:
    """The case as it stands, as the correction form's values."""
    f = case.fields
    values = {"type": f.get("type") or "", "severity": f.get("severity") or "", "on": case.occurred_on.isoformat()}
    values |= {key: str(f.get(key) or "") for key, _title in TEXTS + CLOSING_TEXTS}
    for key, field in (("injured", "injured"), ("witnesses", "witness"), ("commission", "member")):
        values[field], values[f"{field}_outsider"] = _people_lines(f.get(key), people)
    if case.closed_on is not None:
        values["closed_on"] = case.closed_on.isoformat()
        values["days"] = ", ".join(str(d) for d in f.get("days") or ())
        values["act_date"] = f.get("act_date") or ""
    return values


def _shown(key: str, value: Any, people: dict[int, Any]) -> str:
    """One field's value as the history shows it («—» for none)."""
    from plugins.suot.incidents.cases import SEVERITIES, TYPES

    if value in (None, "", []):
        return "—"
    if key == "type":
        return TYPES.get(value, value)
    if key == "severity":
        return SEVERITIES.get(value, value)
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if key == "act_date":
        return f"{datetime.date.fromisoformat(value):%d.%m.%Y}"
    if key == "insured":
        return "да" if value else "нет"
    if key in ("injured", "witnesses", "commission"):
        names = []
        for p in value:
            person = people.get(p.get("person_id"))
            names.append(f"{p['outsider']} (посторонний)" if "outsider" in p else person.full_name if person else "?")
        return "; ".join(names)
    if key in ("days", "measures"):
        return ", ".join(f"№ {v}" if key == "measures" else str(v) for v in value)
    return str(value)


def _state(case: Any, key: str) -> Any:
    """A field of the case as folded so far (the dates and the measures live beside the fields)."""
    if key in ("occurred_on", "closed_on"):
        return getattr(case, key)
    return case.measures if key == "measures" else case.fields.get(key)


def history(case: Any, people: dict[int, Any]) -> list[dict[str, Any]]:
    """Every entry of the case, oldest first, with the fields each closing or correction recorded, «было → стало»."""
    import json

    from plugins.suot.incidents.chain import fold

    rows = []
    for i, entry in enumerate(case.entries):
        changes = []
        if i:
            before, after = fold(case.entries[:i]), fold(case.entries[:i + 1])
            for key in json.loads(entry.data):
                was, now = _state(before, key), _state(after, key)
                if was != now:  # a value set for the first time (the closing's) shows without «было»
                    changes.append((FIELD_TITLES.get(key, key), None if was in (None, "", []) else
                                    _shown(key, was, people), _shown(key, now, people)))
        rows.append({"seq": entry.seq, "action": entry.action, "on": entry.on, "refers": entry.refers_seq,
                     "reason": entry.reason, "actor": entry.actor, "changes": changes})
    return rows


def _form(request: Any, values: dict[str, Any] | None = None, error: OhsError | None = None,
          status: int = 200) -> Any:
    from plugins.suot.incidents.cases import SEVERITIES, TYPES, get_case
    from plugins.suot.incidents.views import case_json, people_index

    with unit_of_work(request) as ctx:
        people, departments = people_index(ctx.session, ctx.org)
        case = get_case(ctx.session, ctx.org, request.path_params["case_no"])
        row = case_json(case, people, departments)
        if values is None:
            values = form_values(case, people)
    return page(request, "incidents/correct.html", status=status, row=row, values=values, error=error, types=TYPES,
                severities=SEVERITIES)


def correct_form(request: Any) -> Any:
    """The correction form, filled with the case as it stands."""
    return _form(request)


def _changes(ctx: Any, case: Any, values: dict[str, Any]) -> dict[str, Any]:
    """What the form changes in the case: the changed fields only; an emptied field as "" or [] (cleared)."""
    from plugins.suot.incidents.cases import SEVERITIES, TYPES, insured_after

    kind = choice(values, "type", TYPES, "Вид происшествия")
    severity = choice(values, "severity", SEVERITIES, "Тяжесть") if values.get("severity") else None
    new: dict[str, Any] = {"type": kind, "severity": severity}
    new |= {key: text(values, key, title, required=key in REQUIRED) for key, title in TEXTS}
    occurred_on = date_field(values, "on", "Дата происшествия")
    closed_on = None
    if case.closed_on is not None:
        closed_on = date_field(values, "closed_on", "Дата закрытия")
        act_date = date_field(values, "act_date", "Дата акта", required=False)
        new |= {key: text(values, key, title, required=False) for key, title in CLOSING_TEXTS}
        new |= {"days": days_of(values) or [], "act_date": act_date.isoformat() if act_date else None,
                "commission": parties(ctx, values, "member") or []}
    new |= {"injured": parties(ctx, values, "injured") or [], "witnesses": parties(ctx, values, "witness") or []}
    changes: dict[str, Any] = {}
    for key, value in new.items():
        if (value or None) != (case.fields.get(key) or None):
            changes[key] = value if value is not None else ""
    if occurred_on != case.occurred_on:
        changes["occurred_on"] = occurred_on
    if closed_on is not None and closed_on != case.closed_on:
        changes["closed_on"] = closed_on
    if "type" in changes or "injured" in changes:
        # The registration form derives the insured mark; a correction of the kind or the injured re-derives it.
        insured = insured_after(kind, new["injured"], case.fields.get("insured"))
        if insured != case.fields.get("insured"):
            changes["insured"] = insured if insured is not None else ""
    return changes


def correct(request: Any) -> Any:
    """Append the correction (``ohs incidents correct``): the changed fields and the reason; nothing else moves."""
    from plugins.suot.incidents.cases import correct_case, get_case

    values = form_of(request)
    case_no = request.path_params["case_no"]
    try:
        reason = text(values, "reason", "Причина исправления")
        with unit_of_work(request, write=True) as ctx:
            case = get_case(ctx.session, ctx.org, case_no)
            corrected = correct_case(ctx.session, ctx.org, case_no, _changes(ctx, case, values), reason, ctx.today)
            seq = corrected.entries[-1].seq
    except OhsError as exc:
        return _form(request, values, on_form(exc, FORM_FIELDS), status=400)
    return redirect(request, f"/incidents/{case_no}#history",
                    f"Исправление записано в журнал происшествий (запись № {seq}); исходные записи не изменены.")


def routes() -> list[Any]:
    """The correction form of a case."""
    from starlette.routing import Route

    return [Route("/incidents/{case_no:int}/correct", correct_form, methods=["GET"], name="incident_correct"),
            Route("/incidents/{case_no:int}/correct", correct, methods=["POST"])]
