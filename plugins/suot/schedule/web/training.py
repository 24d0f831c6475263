"""«Обучение» (``/training``): the journal of trainings and knowledge checks, a protocol's result, corrections.

The same services as ``ohs training add`` and ``ohs training correct``: a correction is a new entry naming
the corrected one; the journal is never edited.
"""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import FieldError, date_field, form_of, on_form, page, recorded, redirect, text, unit_of_work
from plugins.suot.web_forms import choice, journal_slice, whole_number, workers

RESULT_TITLES = {"passed": "удовлетворительно", "failed": "неудовлетворительно"}


def _data(values: dict[str, Any]) -> Any:
    """The form's protocol as :class:`TrainingData`, each malformed field named."""
    from plugins.suot.schedule.training import PROGRAM_SHORT, TrainingData

    return TrainingData(program=choice(values, "program", PROGRAM_SHORT, "Программа"),
                        on=date_field(values, "on", "Дата проверки знания"),
                        protocol=text(values, "protocol", "Номер протокола") or "",
                        result=choice(values, "result", RESULT_TITLES, "Результат"),
                        hours=whole_number(values, "hours", "Часов обучения"),
                        provider=text(values, "provider", "Кто обучал", required=False))


def training_list(request: Any) -> Any:
    """The journal, newest entries first, 50 a page, printable."""
    from plugins.suot.schedule.models import SuotTraining
    from plugins.suot.schedule.training import PROGRAM_SHORT, trainings_json

    with unit_of_work(request) as ctx:
        found = journal_slice(ctx, SuotTraining, request.query_params.get("page"))
        rows = trainings_json(ctx.session, ctx.org, list(found.rows))
        org_name = ctx.org.name or ctx.org.key
    return page(request, "schedule/training_list.html", found=found, rows=rows, programs=PROGRAM_SHORT,
                org_name=org_name)


def _form(request: Any, values: dict[str, Any], error: OhsError | None = None, status: int = 200) -> Any:
    from core.registry.people import department_names
    from plugins.suot.schedule.training import PROGRAM_SHORT

    with unit_of_work(request) as ctx:
        departments = sorted(department_names(ctx.session, ctx.org).values())
    return page(request, "schedule/training_new.html", status=status, values=values, error=error,
                departments=departments, programs=PROGRAM_SHORT, results=RESULT_TITLES)


def training_new(request: Any) -> Any:
    """The form of a protocol's result; ``?people=…&program=…`` (a link from «Сегодня») fills those fields."""
    from core.clock import today

    params = request.query_params
    return _form(request, {"on": today().isoformat(), "result": "passed", "people": params.get("people", ""),
                           "program": params.get("program", "")})


def training_create(request: Any) -> Any:
    """Record the protocol for every worker named (all or none), as ``ohs training add``."""
    from plugins.suot.schedule.training import add_trainings

    values = form_of(request)
    try:
        data = _data(values)
        with unit_of_work(request, write=True) as ctx:
            people = workers(ctx, values, data.on, department_key="department")
            if not people:
                raise FieldError("people", "Перечислите работников или выберите подразделение.")
            entries = add_trainings(ctx.session, ctx.org, people, data, ctx.today)
    except OhsError as exc:
        return _form(request, values, on_form(exc, {"protocol": "protocol"}), status=400)
    return redirect(request, "/training", recorded(entries, "журнал обучения"))


def _correct_form(request: Any, values: dict[str, Any] | None = None, error: OhsError | None = None,
                  status: int = 200) -> Any:
    from core.journal.store import get_entry
    from plugins.suot.schedule.training import PROGRAM_SHORT, spec, trainings_json

    seq = request.path_params["seq"]
    with unit_of_work(request) as ctx:
        row = trainings_json(ctx.session, ctx.org, [get_entry(ctx.session, ctx.org, spec(), seq)])[0]
    if values is None:
        values = {k: row[k] for k in ("program", "protocol", "result", "on", "provider")}
        values["hours"] = row["hours"] if row["hours"] is not None else ""
    return page(request, "schedule/training_correct.html", status=status, row=row, values=values, error=error,
                programs=PROGRAM_SHORT, results=RESULT_TITLES)


def training_correct_form(request: Any) -> Any:
    """The correction form of entry № seq, filled with the entry's values."""
    return _correct_form(request)


def training_correct(request: Any) -> Any:
    """Add the correction entry (``ohs training correct``); the corrected entry stays as it was."""
    from plugins.suot.schedule.training import correct_training

    values = form_of(request)
    seq = request.path_params["seq"]
    try:
        reason = text(values, "reason", "Причина исправления") or ""
        data = _data(values)
        with unit_of_work(request, write=True) as ctx:
            entry = correct_training(ctx.session, ctx.org, seq, reason, ctx.today, program=data.program, on=data.on,
                                     protocol=data.protocol, result=data.result, hours=data.hours,
                                     provider=data.provider)
            new_seq = entry.seq
    except OhsError as exc:
        return _correct_form(request, values, on_form(exc, {"protocol": "protocol", "reason": "reason"}), status=400)
    return redirect(request, "/training", f"Запись № {new_seq} исправляет запись № {seq}.")


def routes() -> list[Any]:
    """The training pages."""
    from starlette.routing import Route

    return [
        Route("/training", training_list, name="training"),
        Route("/training/new", training_new, methods=["GET"], name="training_new"),
        Route("/training/new", training_create, methods=["POST"]),
        Route("/training/{seq:int}/correct", training_correct_form, methods=["GET"], name="training_correct"),
        Route("/training/{seq:int}/correct", training_correct, methods=["POST"]),
    ]
