"""``/district``: the district officer's pages — who submitted the quarter's report, the summary, the practices.

Read-only, and nothing personal: the submission status of every organization of the district, each
submitted report's DOCX as it was sent, the summary for the administration (DOCX for its letterhead,
XLSX for its tables), the list of those to remind, and the reported practices by category. The
organizations are those registered in the account's district (``ohs org add --district``); on a
workspace without accounts, every other organization of its database (as ``ohs practice district``).
"""

from __future__ import annotations

import datetime
from typing import Any

from core.errors import OhsError
from core.web.unit import date_field, district_unit, page


def _quarter(request: Any, today: datetime.date) -> Any:
    """The quarter of ``?year=&quarter=`` (the current one by default), refused in Russian when impossible."""
    from core.render.russian_dates import quarter_of
    from plugins.best_practices.settings import make_quarter

    params = request.query_params
    year, number = params.get("year", ""), params.get("quarter", "")
    if not year and not number:
        return quarter_of(today)
    if not (year.isdigit() and number.isdigit() and len(year) == 4):
        raise OhsError("Укажите год (например 2026) и квартал от 1 до 4.")
    return make_quarter(int(year), int(number))


def _summary(unit: Any, quarter: Any) -> dict[str, Any]:
    from plugins.best_practices.district import district_summary
    from plugins.best_practices.settings import load_settings

    settings = load_settings(unit.app.workspace.section("best_practices"))
    own = unit.app.org(unit.session) if unit.district is None else None
    return district_summary(unit.session, own, quarter, settings, unit.today, district=unit.district)


def status_page(request: Any) -> Any:
    """Who submitted the quarter's report and when, who has not, who is late; the reminders; the downloads."""
    with district_unit(request) as unit:
        quarter = _quarter(request, unit.today)
        summary = _summary(unit, quarter)
        today = unit.today
        district = unit.district
    by: datetime.date | None = None
    error = None
    try:
        by = date_field(dict(request.query_params), "by", "Не направили к", required=False)
    except OhsError as exc:
        error = exc
    remind = [o for o in summary["organizations"]
              if by is not None and (not o["submitted"] or o["submitted_on"] > by)]
    return page(request, "best_practices/district.html", summary=summary, quarter=quarter, today=today,
                district=district, by=by, remind=remind, error=error,
                quarters=_recent_quarters(today))


def _recent_quarters(today: datetime.date) -> list[Any]:
    """The current quarter and the seven before it, for the quarter selector."""
    from core.render.russian_dates import Quarter, quarter_of

    q = quarter_of(today)
    found = []
    for _ in range(8):
        found.append(q)
        q = Quarter(q.year - 1, 4) if q.number == 1 else Quarter(q.year, q.number - 1)
    return found


def report_download(request: Any) -> Any:
    """One organization's submitted report, the file registered with its submission (never a path from the request)."""
    from starlette.responses import FileResponse

    from core.documents.models import Document
    from core.documents.registry import document_path
    from core.errors import NotFoundError
    from core.web.unit import desk

    key = str(request.path_params["org_key"])
    with district_unit(request) as unit:
        quarter = _quarter(request, unit.today)
        entry = next((o for o in _summary(unit, quarter)["organizations"] if o["key"] == key), None)
        doc = unit.session.get(Document, entry["document_id"]) if entry and entry["document_id"] else None
    if entry is None or doc is None:
        raise NotFoundError("Такого отчёта нет: организация не из вашего района или отчёт не направлен.")
    workspace = desk(request).tenants.app_for(key).workspace
    path = document_path(workspace, doc)
    if not path.is_file():
        raise NotFoundError(f"Файл отчёта «{entry['name']}» не найден на сервере; сообщите администратору.")
    name = f"{key}-{quarter.year}-Q{quarter.number}-отчёт-v{entry['version']}.docx"
    return FileResponse(path, media_type=DOCX_TYPE, filename=name)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def summary_docx(request: Any) -> Any:
    """The district summary as DOCX (the same document as ``ohs practice district --out``), made for this download."""
    import os
    import tempfile
    from pathlib import Path

    from starlette.background import BackgroundTask
    from starlette.responses import FileResponse

    from core.documents.kinds import get_kind
    from core.documents.rendering import render_version
    from core.render.docx_writer import write_docx_file

    with district_unit(request) as unit:
        quarter = _quarter(request, unit.today)
        kind = get_kind(unit.app.pm, "best_practices_district")
        options = {"year": quarter.year, "quarter": quarter.number, "district": unit.district}
        root = render_version(unit.session, unit.app.org(unit.session), unit.app.pm, unit.app.workspace, kind, 1,
                             unit.today, options=options)
    handle, name = tempfile.mkstemp(suffix=".docx")
    os.close(handle)
    write_docx_file(root, Path(name), source=kind.template)
    return FileResponse(name, media_type=DOCX_TYPE, filename=f"сводка-{quarter.year}-Q{quarter.number}.docx",
                        background=BackgroundTask(Path(name).unlink, missing_ok=True))


def summary_xlsx(request: Any) -> Any:
    """The district summary as XLSX: one row per organization (status), a second sheet of the practices."""
    import os
    import tempfile
    from pathlib import Path

    from starlette.background import BackgroundTask
    from starlette.responses import FileResponse

    from plugins.best_practices.district_tables import write_summary_xlsx

    with district_unit(request) as unit:
        quarter = _quarter(request, unit.today)
        summary = _summary(unit, quarter)
    handle, name = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    write_summary_xlsx(Path(name), summary)
    return FileResponse(name, media_type=XLSX_TYPE, filename=f"сводка-{quarter.year}-Q{quarter.number}.xlsx",
                        background=BackgroundTask(Path(name).unlink, missing_ok=True))


def practices_page(request: Any) -> Any:
    """The practices the district's organizations reported in the quarter, by category, without anything personal."""
    with district_unit(request) as unit:
        quarter = _quarter(request, unit.today)
        summary = _summary(unit, quarter)
        today = unit.today
    return page(request, "best_practices/district_practices.html", summary=summary, quarter=quarter,
                quarters=_recent_quarters(today))


def routes() -> list[Any]:
    """The district's pages."""
    from starlette.routing import Route

    return [
        Route("/district", status_page, name="district"),
        Route("/district/report/{org_key:str}", report_download, name="district_report"),
        Route("/district/summary.docx", summary_docx, name="district_summary_docx"),
        Route("/district/summary.xlsx", summary_xlsx, name="district_summary_xlsx"),
        Route("/district/practices", practices_page, name="district_practices"),
    ]
