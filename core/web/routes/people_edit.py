"""A worker's card changed on the desk (``/people/{id}/edit``) and the list downloaded (``/people/export.xlsx``).

The edit calls the services of ``ohs people edit`` and ``ohs people transfer``: the fields the user changed go
through the same checks as a row of an HR file and are written with the same audit entry; a new position or
department with a «Дата перевода» is a transfer (the position held until then is closed the day before and
stays in the history), without one it corrects the position in force. The export is ``ohs people export``'s
service over the list's current search.
"""

from __future__ import annotations

import datetime
from typing import Any

from core.errors import OhsError
from core.web.unit import FieldError, date_field, form_of, page, redirect, unit_of_work

#: The card's fields on the form, in the order shown: the form's key → the field of ``people edit``.
FIELDS = {"full_name": "full_name", "position": "position", "department": "department", "hired_on": "hired_on",
          "birth_date": "birth_date", "personnel_number": "personnel_number", "snils": "snils", "gender": "gender",
          "employment_kind": "employment_kind", "rate": "rate", "email": "email", "role": "osh_role"}
_DAY = datetime.timedelta(days=1)
#: The files the list is downloaded as: suffix → media type.
_MEDIA = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv": "text/csv; charset=utf-8"}
#: A refusal about a part of the name is shown at the one «ФИО» field.
_FORM_FIELD = {"surname": "full_name", "name": "full_name", "patronymic": "full_name", "osh_role": "role"}
_PLACE = ("position", "department")


def _current(person: Any, names: dict[int, str]) -> dict[str, str]:
    """The card as the form shows it (dates as the browser's date input writes them)."""
    from core.registry.people_values import rate_text

    return {"full_name": person.full_name, "position": person.position,
            "department": names.get(person.department_id or 0, ""), "hired_on": person.hired_on.isoformat(),
            "birth_date": person.birth_date.isoformat() if person.birth_date else "",
            "personnel_number": person.personnel_number or "", "snils": person.snils or "",
            "gender": person.gender or "", "employment_kind": person.employment_kind or "",
            "rate": rate_text(person.rate) if person.rate is not None else "", "email": person.email or "",
            "role": person.osh_role}


def _changed(values: dict[str, Any], current: dict[str, str]) -> dict[str, str]:
    """The fields whose submitted value differs from the card's (field of ``people edit`` → the value typed)."""
    changed = {}
    for key, field in FIELDS.items():
        if key not in values:
            continue
        typed = " ".join(str(values.get(key) or "").split())
        if typed != current[key]:
            changed[field] = typed
    return changed


def _form(request: Any, person_id: int, values: dict[str, Any] | None = None, error: OhsError | None = None,
          status: int = 200) -> Any:
    from core.registry.people import department_names, resolve_person
    from core.storage.models import EMPLOYMENT_KINDS, OSH_ROLES

    with unit_of_work(request) as ctx:
        person = resolve_person(ctx.session, ctx.org, str(person_id))
        names = department_names(ctx.session, ctx.org)
        shown = values if values is not None else _current(person, names)
    field = getattr(error, "field", None) if error else None
    return page(request, "people/edit.html", status=status, person=person, values=shown, error=error,
                field=_FORM_FIELD.get(field or "", field), departments=sorted(names.values()), roles=OSH_ROLES,
                employment_kinds=EMPLOYMENT_KINDS)


def person_edit(request: Any) -> Any:
    """The card's form, filled with what the register holds."""
    return _form(request, request.path_params["person_id"])


def person_update(request: Any) -> Any:
    """Write what changed (``ohs people edit``), or a transfer from the date given (``ohs people transfer``)."""
    from core.registry.employments import find_employment, transfer
    from core.registry.people import department_names, resolve_person
    from core.registry.people_columns import TITLES
    from core.registry.people_edit import edit_person

    values = form_of(request)
    person_id = request.path_params["person_id"]
    try:
        moved = date_field(values, "transferred_on", "Дата перевода", required=False)
        with unit_of_work(request, write=True) as ctx:
            person = resolve_person(ctx.session, ctx.org, str(person_id))
            changed = _changed(values, _current(person, department_names(ctx.session, ctx.org)))
            if moved is None:
                changes = edit_person(ctx.session, ctx.org, person, changed, ctx.today)
                message = "Изменено: " + ", ".join(TITLES.get(f, f) for f in changes) + "."
            else:
                place = {f: changed.pop(f) for f in _PLACE if f in changed}
                if not place:
                    raise FieldError("transferred_on", "Дата перевода нужна, только когда меняется должность или "
                                                       "подразделение: измените их или сотрите дату.")
                if changed:  # the other fields first: the new position inherits the corrected kind and rate
                    edit_person(ctx.session, ctx.org, person, changed, ctx.today)
                try:
                    new = transfer(ctx.session, ctx.org, person, find_employment(ctx.session, person, None),
                                   place.get("position"), place.get("department") or None, moved, ctx.today)
                except OhsError as exc:
                    field = getattr(exc, "field", None) or ("position" if exc.concerns == "position" else
                                                             "transferred_on")
                    raise FieldError(field, exc.form or exc.message) from exc
                where = department_names(ctx.session, ctx.org).get(new.department_id or 0)
                message = (f"Переведен(а) с {moved:%d.%m.%Y}: {new.position}{', ' + where if where else ''}; "
                           f"прежняя должность закрыта {moved - _DAY:%d.%m.%Y}."
                           + (" Изменено также: " + ", ".join(TITLES.get(f, f) for f in changed) + "."
                              if changed else ""))
    except OhsError as exc:
        return _form(request, person_id, values, exc, status=400)
    return redirect(request, f"/people/{person_id}", message)


def people_export(request: Any) -> Any:
    """The list as the search shows it, all its pages, as XLSX or CSV (``ohs people export``'s file)."""
    import tempfile
    from pathlib import Path

    from core.registry.people import department_names
    from core.registry.people_export import export_people
    from core.web.downloads import file_download
    from core.web.routes.people import list_filters

    suffix = "." + request.url.path.rsplit(".", 1)[-1]
    with tempfile.TemporaryDirectory(prefix="ohs-export-") as folder:
        with unit_of_work(request) as ctx:
            filters = list_filters(request, department_names(ctx.session, ctx.org))
            path = Path(folder) / f"Работники {ctx.today:%Y-%m-%d}{suffix}"
            export_people(ctx.session, ctx.org, path, on=ctx.today, **filters)
        return file_download(path, _MEDIA[suffix])


def routes() -> list[Any]:
    """The card's form and the list's export."""
    from starlette.routing import Route

    return [
        Route("/people/export.xlsx", people_export, methods=["GET"], name="people_export_xlsx"),
        Route("/people/export.csv", people_export, methods=["GET"], name="people_export_csv"),
        Route("/people/{person_id:int}/edit", person_edit, methods=["GET"], name="person_edit"),
        Route("/people/{person_id:int}/edit", person_update, methods=["POST"]),
    ]
