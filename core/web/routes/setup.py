"""«Первый запуск» (``/setup``): the steps of ``ohs setup`` as forms, from an empty workspace to the pack.

Each step's form is built from its :class:`core.setup.steps.FormField`s and its answers go to the step's own
``run`` (an :class:`Answers` built from the form), in one transaction per request — the same checks and
services as ``ohs setup --answers``. The HR file goes through the people import pages (upload, preview
«было → стало», import), which come back here. A wrong answer is shown next to its field, nothing written.
"""

from __future__ import annotations

import re
from typing import Any

from core.errors import OhsError
from core.web.unit import FieldError, desk, form_list, form_of, page, redirect, unit_of_work

#: Steps done on another page of the desk, and the page.
DESK_PAGES = {"people": "/people/import"}


def _steps(request: Any) -> list[Any]:
    from core.cli.setup.runner import all_steps

    # «Чего не хватает» is «Сегодня» on the desk; every other step is a page of the path.
    return [s for s in all_steps(desk(request).app.pm) if s.key != "check"]


def _step_url(step: Any) -> str:
    if step.key in DESK_PAGES:
        return f"{DESK_PAGES[step.key]}?next=/setup/{step.key}/next"
    return f"/setup/{step.key}"


def _next_url(request: Any, key: str) -> str:
    """The page of the step after ``key``; after the last, the documents the pack made."""
    steps = _steps(request)
    keys = [s.key for s in steps]
    index = keys.index(key) + 1 if key in keys else len(keys)
    return _step_url(steps[index]) if index < len(steps) else "/documents"


def _step_of(request: Any) -> Any:
    from core.errors import NotFoundError

    key = request.path_params["key"]
    for step in _steps(request):
        if step.key == key:
            return step
    raise NotFoundError(f"Шага «{key}» в первом запуске нет; вернитесь к списку шагов.")


def overview(request: Any) -> Any:
    """The steps in order, with what is already in the workspace: where a new user starts."""
    from sqlmodel import func, select

    from core.storage.models import Person

    with unit_of_work(request) as ctx:
        people = ctx.session.exec(select(func.count()).select_from(Person).where(Person.org_id == ctx.org.id)).one()
        org = ctx.org
        profile_done = bool(org.inn and org.name)
    steps = [(number, step, _step_url(step)) for number, step in enumerate(_steps(request), start=1)]
    return page(request, "setup/overview.html", steps=steps, people=people, profile_done=profile_done)


def _defaults(step: Any, sctx: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in step.fields:
        value = f.default(sctx) if callable(f.default) else f.default
        if f.kind == "lines" and isinstance(value, list):
            value = "\n".join(value)
        values[f.key] = value
    return values


def _choices(step: Any, sctx: Any) -> dict[str, list[tuple[str, str]]]:
    return {f.key: f.choices(sctx) for f in step.fields if f.choices is not None}


def _people_names(ctx: Any, limit: int = 2000) -> list[str]:
    """ФИО for the person fields' suggestions (the first ``limit``; any worker may still be typed)."""
    from sqlmodel import select

    from core.storage.models import Person

    query = select(Person).where(Person.org_id == ctx.org.id, Person.dismissed_on.is_(None)).limit(limit)  # type: ignore[union-attr]
    return sorted(p.full_name for p in ctx.session.exec(query))


def step_form(request: Any) -> Any:
    """A step's questions, with what is already recorded as the answers."""
    step = _step_of(request)
    if step.key in DESK_PAGES:
        return redirect(request, _step_url(step))
    with unit_of_work(request) as ctx:
        sctx = _step_context_of(request, ctx)
        values, choices, names = _defaults(step, sctx), _choices(step, sctx), _people_names(ctx)
    return _render(request, step, values, choices, names)


def _render(request: Any, step: Any, values: dict[str, Any], choices: dict[str, Any], names: list[str],
            error: OhsError | None = None) -> Any:
    steps = _steps(request)
    number = [s.key for s in steps].index(step.key) + 1
    return page(request, "setup/step.html", status=400 if error else 200, step=step, number=number,
                total=len(steps), values=values, choices=choices, people_names=names, error=error,
                skip_url=_next_url(request, step.key))


def _step_context_of(request: Any, ctx: Any) -> Any:
    from core.setup.steps import StepContext

    return StepContext(app=desk(request).app_for(request), session=ctx.session, org=ctx.org, today=ctx.today,
                       base_dir=ctx.workspace.root)


def _section(request: Any, step: Any, sctx: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The step's answers from the form, and the values to show again if they are refused."""
    form = form_of(request)
    section: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for f in step.fields:
        raw = form.get(f.key)
        if f.kind == "flag":
            values[f.key] = section[f.key] = raw is not None
            continue
        if f.kind == "choices":
            values[f.key] = section[f.key] = form_list(request, f.key)
            continue
        if f.kind == "departments":
            table = {}
            for index, (name, _title) in enumerate(f.choices(sctx) if f.choices else []):
                ref = " ".join(str(form.get(f"{f.key}__{index}") or "").split())
                values[f"{f.key}__{index}"] = ref
                if ref:
                    table[name] = ref
            section[f.key] = table
            continue
        text = str(raw or "").strip()
        values[f.key] = text
        if f.kind == "lines":
            items = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
            if items:
                section[f.key] = items
        elif text:
            section[f.key] = text
        if f.required and f.key not in section:
            raise _Refused(FieldError(f.key, f"Заполните поле «{f.label}»."), values)
    return section, values


class _Refused(Exception):
    def __init__(self, error: OhsError, values: dict[str, Any]) -> None:
        super().__init__(error.message)
        self.error, self.values = error, values


_KEYED = re.compile(r"^Ответы, раздел \[[\w]+\], ключ ([^:]+): (.*)$", re.S)
_DETAIL = re.compile(r"\((\w+)\): ")


def field_error(exc: OhsError) -> OhsError:
    """A step's refusal as the form shows it: next to the field the answers' key names («ключ inn: …»)."""
    match = _KEYED.match(exc.message)
    if match:
        key = match.group(1).split(".")[0].strip()
        return FieldError(key, match.group(2))
    if exc.details:  # the profile lists every wrong requisite as «ИНН (inn): …»
        detail = _DETAIL.search(exc.details[0])
        if detail:
            error = FieldError(detail.group(1), exc.details[0][detail.end():])  # the field names itself
            error.details = list(exc.details)
            return error
    message = re.sub(r"^Ответы, раздел \[[\w]+\]: ", "", exc.message)
    return OhsError(message, details=exc.details)


def step_run(request: Any) -> Any:
    """Run the step with the form's answers (its own checks, then its services), one transaction."""
    from core.setup.steps import Answers

    step = _step_of(request)
    choices: dict[str, Any] = {}
    names: list[str] = []
    values: dict[str, Any] = dict(form_of(request))
    try:
        with unit_of_work(request, write=True) as ctx:
            sctx = _step_context_of(request, ctx)
            choices, names = _choices(step, sctx), _people_names(ctx)
            section, values = _section(request, step, sctx)
            lines = step.run(sctx, Answers(step.key, section, step.keys))
    except _Refused as refused:
        return _render(request, step, refused.values, choices, names, refused.error)
    except OhsError as exc:
        return _render(request, step, values, choices, names, field_error(exc))
    message = " ".join(line.strip() for line in lines if line.strip()) or f"{step.title}: готово."
    return redirect(request, _next_url(request, step.key), message)


def after_desk_page(request: Any) -> Any:
    """Back from a step done on another page (the people import): on to the next step."""
    return redirect(request, _next_url(request, request.path_params["key"]))


def routes() -> list[Any]:
    """``/setup`` and a page per step."""
    from starlette.routing import Route

    return [
        Route("/setup", overview, name="setup"),
        Route("/setup/{key}/next", after_desk_page, methods=["GET"]),
        Route("/setup/{key}", step_form, methods=["GET"], name="setup_step"),
        Route("/setup/{key}", step_run, methods=["POST"]),
    ]
