"""The PDF of a version on its card (``/documents/{id}/pdf``): LibreOffice's rendering, made once, kept beside the DOCX.

The card embeds ``/documents/{id}/pdf`` in a frame when LibreOffice is present (or the PDF was made already, by
``ohs docs make --pdf`` or an earlier visit); otherwise it shows the document's text. The file is always the one
:mod:`core.documents.preview` derives from the registered version, never a path from the request.

LibreOffice takes one to several seconds a document (a journal of thousands of rows: a minute), so a PDF not made
yet is made as long work (:mod:`core.web.jobs`). In the frame (or a new tab) the route answers with a small page
that reloads itself until the PDF is there and is then answered by the PDF itself; «Скачать PDF»
(``?download=1``) opens the job's usual page with the file's link. Any role may read, so any role may have the
PDF made: it changes no record, and its job reads the database in a read-only unit beside any other work.
"""

from __future__ import annotations

import threading
from typing import Any

from core.errors import OhsError
from core.web.unit import unit_of_work

#: LibreOffice conversions running at once. PDF jobs write nothing to the database, so they are not queued behind
#: the pack or an approval (core.web.jobs runs those one at a time); they are only kept from crowding the processor.
_CONVERSIONS = threading.BoundedSemaphore(2)


def _file_name(doc: Any) -> str:
    """The PDF's name for the browser: the document's title, version, «утв» once approved."""
    name = f"{doc.title[:80]} ред. {doc.version}{' утв' if doc.status == 'approved' else ''}.pdf"
    return name.replace("/", "-").replace('"', "")


def preview_state(ctx: Any, doc: Any) -> str:
    """What the card shows: ``pdf`` (the frame), ``text`` (no LibreOffice and no PDF made) or ``none`` (no good file)."""
    from core.documents.preview import cached_pdf, pdf_tool_present
    from core.documents.registry import file_state

    if file_state(ctx.workspace, doc) != "ok":
        return "none"
    return "pdf" if cached_pdf(ctx.workspace, doc) is not None or pdf_tool_present() else "text"


def document_pdf(request: Any) -> Any:
    """The version's PDF: at once when made, else made as long work (a page that waits, or the job's page)."""
    from starlette.responses import FileResponse

    from core.documents.preview import PDF_TYPE, cached_pdf, check_file, pdf_tool_present
    from core.documents.registry import get_document

    download = request.query_params.get("download") == "1"
    with unit_of_work(request) as ctx:
        doc = get_document(ctx.session, ctx.org, request.path_params["doc_id"])
        check_file(ctx.workspace, doc)
        pdf = cached_pdf(ctx.workspace, doc)
        doc_id, title, name = doc.id, doc.title, _file_name(doc)
    if pdf is not None:
        return FileResponse(pdf, media_type=PDF_TYPE, filename=name,
                            content_disposition_type="attachment" if download else "inline")
    if not pdf_tool_present():
        from core.render.pdf import INSTALL_HINT

        raise OhsError(f"PDF документа №{doc_id} не сделан: для него нужен LibreOffice; {INSTALL_HINT}. "
                       "Текст документа — на его карточке, файл DOCX можно скачать там же.")
    if download:
        from core.web.jobs import start_job

        return start_job(request, f"PDF: {title}", lambda ctx, report: _pdf_job(ctx, report, doc_id, name),
                         back=(title, f"/documents/{doc_id}"), writes=False)
    return _wait_for_pdf(request, doc_id, title, name)


def _pdf_job(ctx: Any, report: Any, doc_id: int, name: str) -> Any:
    """Make the PDF in the job (nothing is written to the database); the result offers it for download."""
    from core.documents.preview import PDF_TYPE, make_preview_pdf
    from core.documents.registry import get_document
    from core.web.jobs import JobResult

    report(0, 0, "LibreOffice оформляет PDF")
    doc = get_document(ctx.session, ctx.org, doc_id)
    with _CONVERSIONS:  # a few cards opened at once: their PDFs one or two at a time, not all on the processor at once
        path = make_preview_pdf(ctx.workspace, doc)
    return JobResult(f"PDF сделан: {name}", download=(path, PDF_TYPE),
                     links=[("Вернуться к документу", f"/documents/{doc_id}")])


def _wait_for_pdf(request: Any, doc_id: int, title: str, name: str) -> Any:
    """The frame's answer while LibreOffice works: the job this browser started (``?job=``) or a new one."""
    from starlette.responses import FileResponse, HTMLResponse

    from core.documents.preview import PDF_TYPE
    from core.web.jobs import SETTLE, runner, unit_opener
    from core.web.security import SESSION_SCOPE_KEY
    from core.web.unit import desk

    owner = request.scope.get(SESSION_SCOPE_KEY, "")
    jobs = runner(request)
    asked = request.query_params.get("job")
    job = jobs.get(owner, asked) if asked else None
    if job is None:  # none yet, or forgotten (a restart): a new one; the service returns a PDF already made at once
        job = jobs.start(owner, f"PDF: {title}", (title, f"/documents/{doc_id}"), unit_opener(request, write=False),
                         lambda ctx, report: _pdf_job(ctx, report, doc_id, name), serial=False)
        job.finished.wait(SETTLE)
    if job.state == "done" and job.result is not None and job.result.download is not None:
        # The path the service returned, not one from the request.
        return FileResponse(job.result.download[0], media_type=PDF_TYPE, filename=name, content_disposition_type="inline")
    html = desk(request).env.get_template("documents/pdf_wait.html").render(job=job, doc_id=doc_id, title=title)
    return HTMLResponse(html, status_code=200 if job.running else 400)


def routes() -> list[Any]:
    """The PDF of a version."""
    from starlette.routing import Route

    return [Route("/documents/{doc_id:int}/pdf", document_pdf, methods=["GET"], name="document_pdf")]
