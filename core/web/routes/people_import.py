"""Loading workers from an HR export on the desk: upload, check, preview «было → стало», then import in one step.

The same reading and checks as ``ohs people import`` (:func:`core.registry.people_import_file.checked_table`,
``plan_import``, ``apply_import``); the file is checked by size and content first (:mod:`core.web.uploads`).
A file of more than :data:`LONG_IMPORT_ROWS` rows is imported as long work with a progress page
(:mod:`core.web.jobs`): reading and writing 10,000 rows takes seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.errors import OhsError
from core.web.unit import form_of, page, redirect, unit_of_work

#: More rows than this and «Импортировать» runs in the background with a progress page.
LONG_IMPORT_ROWS = 500


@dataclass(frozen=True)
class _Checked:
    """The file checked on the preview, kept for «Импортировать» with its number of rows."""

    upload: Any
    rows: int


def _next(value: Any) -> str | None:
    """Where to go after the import: only a step of «Первый запуск» (no address from the request is followed)."""
    import re

    value = str(value or "")
    return value if re.fullmatch(r"/setup/[a-z_]+/next", value) else None


def people_import_form(request: Any) -> Any:
    """Upload an HR export: checked and shown before anything is written."""
    return page(request, "people/import.html", preview=None, token=None, next=_next(request.query_params.get("next")))


def _read(upload: Any, today: Any) -> Any:
    """The uploaded file's table, checked as ``ohs people import`` checks it (the temporary file is ours)."""
    import tempfile
    from pathlib import Path

    from core.registry.people_import_file import checked_table

    with tempfile.TemporaryDirectory(prefix="ohs-upload-") as folder:
        path = Path(folder) / f"upload{upload.suffix}"  # the toolkit's name; the user's is only for messages
        path.write_bytes(upload.data)
        return checked_table(path, today, name=upload.name)


def people_import_check(request: Any) -> Any:
    """Show what the file would change (added, changed «было → стало», absent); keep it for «Импортировать»."""
    from core.registry.people_import import plan_import
    from core.web.unit import desk, form_file
    from core.web.uploads import tabular_upload

    after = _next(form_of(request).get("next"))
    try:
        upload = tabular_upload(form_file(request, "file"))
        with unit_of_work(request) as ctx:  # the dry run: nothing is written
            table = _read(upload, ctx.today)
            plan = plan_import(ctx.session, ctx.org, table.people, ctx.today)
    except OhsError as exc:
        return page(request, "people/import.html", status=400, preview=None, token=None, error=exc, next=after)
    token = desk(request).keep_upload(request, _Checked(upload, len(table.people)))
    return page(request, "people/import.html", preview=_preview(table, plan), token=token, name=upload.name,
                next=after)


def _preview(table: Any, plan: Any, shown: int = 20) -> dict[str, Any]:
    from core.registry.people_columns import TITLES
    from core.registry.people_import import mask_snils

    def value(field: str, v: Any) -> str:
        if v is None or v == "":
            return "—"
        if hasattr(v, "strftime"):
            return f"{v:%d.%m.%Y}"
        return mask_snils(v) if field == "snils" else str(v)

    return {"summary": plan.summary(), "header_line": table.layout.header_line, "ignored": table.layout.ignored,
            "added": plan.added[:shown], "absent": plan.absent[:shown], "shown": shown,
            "updated": [(pid, row, [(TITLES.get(k, k), value(k, old), value(k, new)) for k, (old, new) in ch.items()])
                        for pid, row, ch in plan.updated[:shown]]}


def people_import_apply(request: Any) -> Any:
    """Import the file checked on the previous page, all rows or none (``ohs people import``)."""
    import hashlib

    from core.registry.people_import import apply_import, plan_import
    from core.web.unit import desk

    after = _next(form_of(request).get("next"))
    kept = desk(request).take_upload(request, str(form_of(request).get("token") or ""))
    if kept is None:
        return page(request, "people/import.html", status=400, preview=None, token=None, next=after,
                    error=OhsError("Файл для импорта не найден: загрузите его ещё раз."))
    upload = kept.upload
    if kept.rows > LONG_IMPORT_ROWS:
        return _import_in_background(request, upload, after)
    try:
        with unit_of_work(request, write=True) as ctx:
            plan = plan_import(ctx.session, ctx.org, _read(upload, ctx.today).people, ctx.today)
            apply_import(ctx.session, ctx.org, plan, source=upload.name, sha256=hashlib.sha256(upload.data).hexdigest())
            summary = plan.summary()
    except OhsError as exc:
        return page(request, "people/import.html", status=400, preview=None, token=None, error=exc, next=after)
    return redirect(request, after or "/people", f"Импорт из «{upload.name}»: добавлено {summary['added']}, "
                                        f"обновлено {summary['updated']}, без изменений {summary['unchanged']}.")


def _import_in_background(request: Any, upload: Any, after: str | None) -> Any:
    """A large file: the same reading, plan and writing as the page's, told in stages on the job's page."""
    from core.web.jobs import start_job

    def work(ctx: Any, report: Any) -> Any:
        return import_job(ctx, report, upload, after)

    back = "/people/import" + (f"?next={after}" if after else "")
    return start_job(request, f"Импорт работников из «{upload.name}»", work, back=("Загрузить другой файл", back))


def import_job(ctx: Any, report: Any, upload: Any, after: str | None) -> Any:
    """``ohs people import`` in the job's unit of work: read, compare with the register, write — all rows or none."""
    import hashlib

    from core.registry.people_import import apply_import, plan_import
    from core.web.jobs import JobResult

    report(0, 3, "чтение файла")
    table = _read(upload, ctx.today)
    report(1, 3, f"сравнение {len(table.people)} строк с реестром работников")
    plan = plan_import(ctx.session, ctx.org, table.people, ctx.today)
    report(2, 3, "запись в реестр")
    apply_import(ctx.session, ctx.org, plan, source=upload.name, sha256=hashlib.sha256(upload.data).hexdigest())
    report(3, 3, "")
    summary = plan.summary()
    links = [("Дальше: следующий шаг первого запуска", after)] if after else []
    links.append(("Работники", "/people"))
    return JobResult(f"Импорт из «{upload.name}»: добавлено {summary['added']}, обновлено {summary['updated']}, "
                     f"без изменений {summary['unchanged']}.", links=links)


def routes() -> list[Any]:
    """The import pages."""
    from starlette.routing import Route

    return [
        Route("/people/import", people_import_form, methods=["GET"], name="people_import"),
        Route("/people/import", people_import_check, methods=["POST"]),
        Route("/people/import/apply", people_import_apply, methods=["POST"], name="people_import_apply"),
    ]
