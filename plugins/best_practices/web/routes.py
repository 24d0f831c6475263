"""``/practices``: the register of practices, a new practice, and the quarterly report with «Отправлено».

The routes read the form and call the services of ``ohs practice add``, ``ohs practice report`` and
``ohs practice submit`` (:mod:`plugins.best_practices.practices`, :mod:`plugins.best_practices.submissions`).
"""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import FieldError, date_field, form_of, on_form, page, redirect, text, unit_of_work


def _report_state(ctx: Any) -> dict[str, Any]:
    """The quarters waiting for their report (from ``due_items``), the reports sent, the practices not yet reported."""
    import datetime

    from plugins.best_practices.due import report_due_items
    from plugins.best_practices.settings import workspace_settings
    from plugins.best_practices.submissions import (all_submissions, latest_by_quarter, report_practices,
                                                    submission_json)

    rows = all_submissions(ctx.session, ctx.org)
    waiting = []
    for item in report_due_items(ctx.session, ctx.org, ctx.today, ctx.today + datetime.timedelta(days=120),
                                 ctx.workspace):
        extra = dict(item.extra)
        from core.render.russian_dates import Quarter

        quarter = Quarter(int(extra["year"]), int(extra["quarter"]))
        waiting.append({"quarter": quarter, "due": item.due, "overdue": item.is_overdue(ctx.today),
                        "practices": len(report_practices(ctx.session, ctx.org, quarter, rows))})
    # A quarter already sent may be sent again, corrected, with the reason (its latest version first).
    again = [{"key": f"{q.year}-{q.number}", "label": q.label, "version": r.version, "on": r.submitted_on}
             for q, r in sorted(latest_by_quarter(rows).items(), reverse=True)]
    return {"waiting": waiting, "sent": [submission_json(r) for r in reversed(rows)], "again": again,
            "settings": workspace_settings(ctx.workspace)}


def _register(request: Any, status: int = 200, **extra: Any) -> Any:
    from plugins.best_practices.practices import CATEGORY_SHORT, list_practices
    from plugins.best_practices.proposals import list_proposals
    from plugins.best_practices.submissions import all_submissions, reported_in

    with unit_of_work(request) as ctx:
        practices = list(reversed(list_practices(ctx.session, ctx.org)))
        extra["proposals_new"] = len(list_proposals(ctx.session, ctx.org, "new"))
        reported = reported_in(all_submissions(ctx.session, ctx.org))
        state = _report_state(ctx)
        today = ctx.today
    extra.setdefault("values", {})
    extra.setdefault("failed", "")
    # A refusal for a quarter without its card (no longer waiting) is shown above the cards.
    extra["waiting_keys"] = [f"{w['quarter'].year}-{w['quarter'].number}" for w in state["waiting"]]
    return page(request, "best_practices/register.html", status=status, practices=practices, reported=reported,
                categories=CATEGORY_SHORT, today=today, **state, **extra)


def register_page(request: Any) -> Any:
    """The register (newest first) and the quarterly report: deadline, what it carries, «Отправлено»."""
    return _register(request)


def _new_form(request: Any, values: dict[str, Any], error: OhsError | None = None) -> Any:
    from plugins.best_practices.practices import CATEGORIES, SOURCES

    return page(request, "best_practices/new.html", status=400 if error else 200, values=values, error=error,
                categories=CATEGORIES, sources=SOURCES)


def new_practice(request: Any) -> Any:
    """The form of ``ohs practice add``."""
    from core.clock import today

    return _new_form(request, {"implemented": today().isoformat(), "source": "other"})


def add(request: Any) -> Any:
    """Add the practice (``ohs practice add``): every field checked, nothing written on a refusal."""
    from core.registry.people import resolve_person
    from plugins.best_practices.practices import CATEGORIES, add_practice

    values = form_of(request)
    try:
        category = str(values.get("category") or "")
        if category not in CATEGORIES:
            raise FieldError("category", "Выберите область практики.")
        title = text(values, "title", "Название")
        description = text(values, "description", "Что сделано и как")
        effect = text(values, "effect", "Эффект")
        implemented = date_field(values, "implemented", "Дата внедрения")
        author_ref = text(values, "author", "Автор", required=False)
        with unit_of_work(request, write=True) as ctx:
            try:
                author = resolve_person(ctx.session, ctx.org, author_ref) if author_ref else None
            except OhsError as exc:
                raise FieldError("author", exc.form or exc.message) from None
            try:
                cost = text(values, "cost", "Затраты", required=False)
                row = add_practice(ctx.session, ctx.org, category=category, title=title or "",
                                   description=description, effect=effect, implemented=implemented,
                                   today=ctx.today, department=text(values, "department", "Где внедрена", False),
                                   source=str(values.get("source") or "other"), cost=cost, author=author,
                                   spread=text(values, "spread", "Как распространяется", False), pm=ctx.pm)
            except OhsError as exc:
                raise on_form(exc, PRACTICE_FIELDS) from None
            number = row.id
    except OhsError as exc:
        return _new_form(request, values, exc)
    return redirect(request, "/practices", f"Практика №{number} «{title}» добавлена в реестр.")


#: The values a refusal of ``add_practice`` concerns, as the form names its fields (the same names).
PRACTICE_FIELDS = {name: name for name in ("category", "title", "description", "effect", "implemented", "cost")}


def make_report(request: Any) -> Any:
    """A draft of the quarter's report (``ohs practice report``): the letter and the table, as a document."""
    from core.documents.kinds import get_kind
    from core.documents.registry import make_document
    from plugins.best_practices.submissions import REPORT_KIND, check_started

    values = form_of(request)
    try:
        quarter = _quarter(values)
        with unit_of_work(request, write=True) as ctx:
            check_started(quarter, ctx.today)
            doc = make_document(ctx.session, ctx.org, ctx.pm, ctx.workspace, get_kind(ctx.pm, REPORT_KIND),
                                ctx.today, options={"year": quarter.year, "quarter": quarter.number})
            number = doc.id
    except OhsError as exc:
        return redirect(request, "/practices", on_form(exc).message)
    return redirect(request, f"/documents/{number}", f"Сделан проект отчёта за {quarter.label}.")


def _quarter(values: dict[str, Any]) -> Any:
    """The quarter of a report form: hidden ``year`` and ``quarter``, or ``period`` («2026-4») chosen in a list."""
    from plugins.best_practices.settings import make_quarter

    year, number = str(values.get("year") or ""), str(values.get("quarter") or "")
    if values.get("period"):
        year, _, number = str(values["period"]).partition("-")
    try:
        return make_quarter(int(year), int(number))
    except ValueError:
        raise FieldError("period", "Выберите квартал отчёта.") if "period" in values else \
            OhsError("Квартал отчёта не указан; откройте страницу «Передовой опыт» заново.") from None


def submit_report(request: Any) -> Any:
    """«Отправлено»: the report made on the date it was sent and recorded (``ohs practice submit``).

    The form of a quarter already sent («Направить исправленный отчёт», ``again``) carries the reason the
    service requires for a new version; a refusal is shown next to the field it concerns.
    """
    from plugins.best_practices.submissions import submit

    values = form_of(request)
    again = values.get("again") == "1"
    try:
        quarter = _quarter(values)
        on = date_field(values, "on", "Дата отправки")
        reason = text(values, "reason", "Причина повторной отправки", required=again)
        with unit_of_work(request, write=True) as ctx:
            row, _doc = submit(ctx.session, ctx.org, ctx.pm, ctx.workspace, quarter, on, ctx.today,
                               number=text(values, "number", "Исходящий номер", False), reason=reason)
            version = row.version
    except OhsError as exc:
        # Only the form that has the field gets the mark (the first sending has no reason to give).
        fields = {"on": "on", "reason": "reason"} if again else {"on": "on"}
        failed = "again" if again else f"{values.get('year', '')}-{values.get('quarter', '')}"
        return _register(request, status=400, error=on_form(exc, fields), values=values, failed=failed)
    again = f", редакция {version}" if version > 1 else ""
    if request.scope.get("ohs.server"):  # on the district server the administration sees it at once
        return redirect(request, "/practices", f"Отчёт за {quarter.label} направлен в администрацию "
                                               f"{on:%d.%m.%Y}{again}: он уже виден на странице района.")
    return redirect(request, "/practices", f"Отчёт за {quarter.label} отмечен отправленным {on:%d.%m.%Y}{again}.")


def routes() -> list[Any]:
    """The register, the new practice, the report's draft and «Отправлено»."""
    from starlette.routing import Route

    return [
        Route("/practices", register_page, name="practices"),
        Route("/practices/new", new_practice, methods=["GET"], name="practice_new"),
        Route("/practices/new", add, methods=["POST"]),
        Route("/practices/report", make_report, methods=["POST"], name="practice_report"),
        Route("/practices/submit", submit_report, methods=["POST"], name="practice_submit"),
    ]
