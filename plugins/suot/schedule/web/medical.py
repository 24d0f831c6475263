"""«Медосмотры» (``/medical``): the journal of medical exams and psychiatric examinations, add and correct.

The same services as ``ohs medical add`` and ``ohs medical correct``; a correction is a new entry.
"""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import FieldError, date_field, form_of, on_form, page, recorded, redirect, text, unit_of_work
from plugins.suot.web_forms import choice, journal_slice, workers


def _choices() -> dict[str, Any]:
    from core.obligations.rules.periodicity import medical_bases
    from plugins.suot.schedule.medical import KINDS, RESULTS

    return {"kinds": KINDS, "results": RESULTS,
            "bases": {key: basis.title for key, basis in medical_bases().items()}}


def _data(values: dict[str, Any]) -> Any:
    """The form's exam as :class:`ExamData`, each malformed field named."""
    from plugins.suot.schedule.medical import ExamData

    choices = _choices()
    basis = values.get("basis") or None
    if basis is not None:
        basis = choice(values, "basis", choices["bases"], "Основание периодичности")
    return ExamData(kind=choice(values, "kind", choices["kinds"], "Вид осмотра"),
                    on=date_field(values, "on", "Дата заключения"),
                    result=choice(values, "result", choices["results"], "Результат"),
                    conclusion=text(values, "conclusion", "Заключение", required=False), basis=basis,
                    referral=values.get("referral") == "1")


def medical_list(request: Any) -> Any:
    """The journal, newest entries first, 50 a page, printable."""
    from plugins.suot.schedule.medical import exams_json
    from plugins.suot.schedule.models import SuotMedicalExam

    with unit_of_work(request) as ctx:
        found = journal_slice(ctx, SuotMedicalExam, request.query_params.get("page"))
        rows = exams_json(ctx.session, ctx.org, list(found.rows))
        org_name = ctx.org.name or ctx.org.key
    return page(request, "schedule/medical_list.html", found=found, rows=rows, org_name=org_name)


def _form(request: Any, values: dict[str, Any], error: OhsError | None = None, status: int = 200) -> Any:
    return page(request, "schedule/medical_new.html", status=status, values=values, error=error, **_choices())


def medical_new(request: Any) -> Any:
    """The form of an exam; ``?people=…&kind=…`` (a link from «Сегодня») fills those fields."""
    from core.clock import today

    params = request.query_params
    return _form(request, {"on": today().isoformat(), "result": "fit", "kind": params.get("kind") or "periodic",
                           "people": params.get("people", "")})


def medical_create(request: Any) -> Any:
    """Record the exam for every worker named (all or none), as ``ohs medical add``."""
    from plugins.suot.schedule.medical import add_exams

    values = form_of(request)
    try:
        data = _data(values)
        with unit_of_work(request, write=True) as ctx:
            people = workers(ctx, values, data.on)
            if not people:
                raise FieldError("people", "Перечислите работников, прошедших осмотр.")
            entries = add_exams(ctx.session, ctx.org, people, data, ctx.today)
    except OhsError as exc:
        return _form(request, values, on_form(exc, {"basis": "basis"}), status=400)
    return redirect(request, "/medical", recorded(entries, "журнал медосмотров"))


def _correct_form(request: Any, values: dict[str, Any] | None = None, error: OhsError | None = None,
                  status: int = 200) -> Any:
    from core.journal.store import get_entry
    from plugins.suot.schedule.medical import exams_json, spec

    seq = request.path_params["seq"]
    with unit_of_work(request) as ctx:
        row = exams_json(ctx.session, ctx.org, [get_entry(ctx.session, ctx.org, spec(), seq)])[0]
    if values is None:
        values = {k: row[k] or "" for k in ("kind", "on", "result", "conclusion", "basis")}
        values["referral"] = "1" if row["referral"] else ""
    return page(request, "schedule/medical_correct.html", status=status, row=row, values=values, error=error,
                **_choices())


def medical_correct_form(request: Any) -> Any:
    """The correction form of entry № seq, filled with the entry's values."""
    return _correct_form(request)


def medical_correct(request: Any) -> Any:
    """Add the correction entry (``ohs medical correct``); the corrected entry stays as it was."""
    from plugins.suot.schedule.medical import correct_exam

    values = form_of(request)
    seq = request.path_params["seq"]
    try:
        reason = text(values, "reason", "Причина исправления") or ""
        data = _data(values)
        with unit_of_work(request, write=True) as ctx:
            entry = correct_exam(ctx.session, ctx.org, seq, reason, ctx.today, kind=data.kind, on=data.on,
                                 result=data.result, conclusion=data.conclusion, basis=data.basis)
            new_seq = entry.seq
    except OhsError as exc:
        return _correct_form(request, values, on_form(exc, {"basis": "basis", "reason": "reason"}), status=400)
    return redirect(request, "/medical", f"Запись № {new_seq} исправляет запись № {seq}.")


def routes() -> list[Any]:
    """The medical exam pages."""
    from starlette.routing import Route

    return [
        Route("/medical", medical_list, name="medical"),
        Route("/medical/new", medical_new, methods=["GET"], name="medical_new"),
        Route("/medical/new", medical_create, methods=["POST"]),
        Route("/medical/{seq:int}/correct", medical_correct_form, methods=["GET"], name="medical_correct"),
        Route("/medical/{seq:int}/correct", medical_correct, methods=["POST"]),
    ]
