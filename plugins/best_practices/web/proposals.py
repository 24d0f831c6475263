"""``/practices/proposals``: workers' proposals and survey answers, recorded, imported and decided on the page.

The services of ``ohs practice proposal add|import|accept|reject`` (:mod:`plugins.best_practices.proposals`,
:mod:`plugins.best_practices.survey_io`): accepting a proposal adds the practice to the register, rejecting it
records the reason told to the worker; a decision is made once. A survey's answers arrive as a Google or
Яндекс Forms export, checked by its content before the import reads it (:mod:`core.web.uploads`).
"""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import FieldError, date_field, form_file, form_of, on_form, page, redirect, text, unit_of_work

#: Proposals shown on one page of the list.
PER_PAGE = 30
STATUS_TITLES = {"": "все", "new": "на рассмотрении", "accepted": "принятые", "rejected": "отклонённые"}
#: The values a refusal concerns → the fields of each form (the same names on the page).
ADD_FIELDS = {"text": "text", "channel": "channel", "category": "category", "received": "received"}
ACCEPT_FIELDS = {name: name for name in ("category", "title", "implemented", "description", "effect", "on")}
REJECT_FIELDS = {"reason": "reason", "on": "on"}


def _view(request: Any, values: dict[str, Any]) -> tuple[str, int]:
    """The list's filter and page, from the address or (after a refused form) from the form's hidden fields."""
    status = str(values.get("status") or request.query_params.get("status") or "")
    raw = str(values.get("page") or request.query_params.get("page") or "1")
    return (status if status in STATUS_TITLES else ""), (int(raw) if raw.isdigit() and len(raw) < 6 else 1)


def proposals_page(request: Any, status: int = 200, values: dict[str, Any] | None = None,
                   error: OhsError | None = None, failed: str = "") -> Any:
    """The proposals newest first (one status when filtered), the forms to record and import, and the decisions.

    ``failed`` names the form a refusal belongs to (``add``, ``import``, ``accept-4``, ``reject-4``): it is opened
    with the typed values and the error next to its field.
    """
    from plugins.best_practices.practices import CATEGORY_SHORT
    from plugins.best_practices.proposals import CHANNELS, list_proposals, proposal_json

    values = values or {}
    shown, number = _view(request, values)
    with unit_of_work(request) as ctx:
        every = [proposal_json(p) for p in list_proposals(ctx.session, ctx.org)]
        today = ctx.today
    counts = {key: sum(1 for p in every if not key or p["status"] == key) for key in STATUS_TITLES}
    rows = [p for p in reversed(every) if not shown or p["status"] == shown]
    pages = max(1, -(-len(rows) // PER_PAGE))
    number = min(max(number, 1), pages)
    rows = rows[(number - 1) * PER_PAGE:][:PER_PAGE]
    # A decision on a proposal the page no longer offers (decided meanwhile, on another page): said above the list.
    open_forms = {"add", "import"} | {f"{verb}-{p['id']}" for p in rows if p["status"] == "new"
                                      for verb in ("accept", "reject")}
    return page(request, "best_practices/proposals.html", status=status, rows=rows, counts=counts, shown=shown,
                titles=STATUS_TITLES, page_number=number, pages=pages, channels=CHANNELS, categories=CATEGORY_SHORT,
                today=today, values=values, error=error, failed=failed,
                elsewhere=bool(failed) and failed not in open_forms)


def proposals_list(request: Any) -> Any:
    """The page (GET)."""
    return proposals_page(request)


def _refused(request: Any, exc: OhsError, fields: dict[str, str], values: dict[str, Any], failed: str) -> Any:
    return proposals_page(request, status=400, values=values, error=on_form(exc, fields), failed=failed)


def add(request: Any) -> Any:
    """Record a proposal (``ohs practice proposal add``)."""
    from core.registry.people import resolve_person
    from plugins.best_practices.proposals import add_proposal

    values = form_of(request)
    try:
        received = date_field(values, "received", "Дата поступления")
        category = str(values.get("category") or "") or None
        author_ref = text(values, "author", "Автор", required=False)
        with unit_of_work(request, write=True) as ctx:
            try:
                author = resolve_person(ctx.session, ctx.org, author_ref) if author_ref else None
            except OhsError as exc:
                raise FieldError("author", exc.form or exc.message) from None
            row = add_proposal(ctx.session, ctx.org, str(values.get("text") or ""), received or ctx.today, ctx.today,
                               channel=str(values.get("channel") or "proposal"), author=author,
                               department=text(values, "department", "Подразделение", required=False),
                               category=category, effect=text(values, "effect", "Ожидаемый эффект", required=False))
            number = row.id
    except OhsError as exc:
        return _refused(request, exc, ADD_FIELDS, values, "add")
    return redirect(request, "/practices/proposals", f"Записано предложение №{number}.")


def import_answers(request: Any) -> Any:
    """Import a survey's answers (``ohs practice proposal import``): the file is checked by content, all rows or none."""
    import tempfile
    from pathlib import Path

    from core.web.uploads import tabular_upload
    from plugins.best_practices.survey_io import import_survey

    values = form_of(request)
    channel = "training" if values.get("channel") == "training" else "survey"
    try:
        upload = tabular_upload(form_file(request, "file"), what="ответы опроса")
        with tempfile.TemporaryDirectory(prefix="ohs-upload-") as folder:
            path = Path(folder) / f"upload{upload.suffix}"  # the toolkit's name; the user's is only for messages
            path.write_bytes(upload.data)
            try:
                with unit_of_work(request, write=True) as ctx:
                    added, skipped = import_survey(ctx.session, ctx.org, path, ctx.today, channel=channel,
                                                   survey=text(values, "survey", "Название опроса", required=False),
                                                   name=upload.name)
            except OhsError as exc:  # the reader names the file it read: the user's name instead of ours
                raise OhsError((exc.form or exc.message).replace(str(path), upload.name),
                               [line.replace(str(path), upload.name) for line in exc.details]) from None
    except OhsError as exc:
        values.pop("file", None)
        return _refused(request, exc, {}, values, "import")
    return redirect(request, "/practices/proposals?status=new",
                    f"Из «{upload.name}» импортировано предложений: {len(added)}; ответов без предложения: {skipped}.")


def accept(request: Any) -> Any:
    """Accept the proposal: it becomes a practice of the register (``ohs practice proposal accept``)."""
    from plugins.best_practices.proposals import accept_proposal

    values = form_of(request)
    number = request.path_params["proposal_id"]
    try:
        on = date_field(values, "on", "Дата решения")
        title = text(values, "title", "Название практики")
        implemented = date_field(values, "implemented", "Дата внедрения")
        with unit_of_work(request, write=True) as ctx:
            _row, practice = accept_proposal(
                ctx.session, ctx.org, number, on, ctx.today, category=str(values.get("category") or "") or None,
                title=title, implemented=implemented,
                effect=text(values, "effect", "Эффект", required=False),
                department=text(values, "department", "Где внедрена", required=False))
            added = practice.id
    except OhsError as exc:
        return _refused(request, exc, ACCEPT_FIELDS, values, f"accept-{number}")
    return redirect(request, "/practices/proposals",
                    f"Предложение №{number} принято: в реестр добавлена практика №{added} «{title}».")


def reject(request: Any) -> Any:
    """Reject the proposal with the reason told to the worker (``ohs practice proposal reject``)."""
    from plugins.best_practices.proposals import reject_proposal

    values = form_of(request)
    number = request.path_params["proposal_id"]
    try:
        on = date_field(values, "on", "Дата решения")
        with unit_of_work(request, write=True) as ctx:
            reject_proposal(ctx.session, ctx.org, number, on or ctx.today,
                            text(values, "reason", "Причина отклонения", required=False), ctx.today)
    except OhsError as exc:
        return _refused(request, exc, REJECT_FIELDS, values, f"reject-{number}")
    return redirect(request, "/practices/proposals", f"Предложение №{number} отклонено.")


def routes() -> list[Any]:
    """The proposals page and its forms."""
    from starlette.routing import Route

    return [
        Route("/practices/proposals", proposals_list, methods=["GET"], name="practice_proposals"),
        Route("/practices/proposals", add, methods=["POST"]),
        Route("/practices/proposals/import", import_answers, methods=["POST"], name="practice_proposals_import"),
        Route("/practices/proposals/{proposal_id:int}/accept", accept, methods=["POST"], name="practice_proposal_accept"),
        Route("/practices/proposals/{proposal_id:int}/reject", reject, methods=["POST"], name="practice_proposal_reject"),
    ]
