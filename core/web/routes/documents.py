"""«Документы» (``/documents``): kinds and what each needs, make a draft, versions, approve, compare, download."""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import date_field, form_of, page, redirect, text, unit_of_work

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def documents_list(request: Any, error: OhsError | None = None, values: dict[str, Any] | None = None,
                   selected: set[int] | None = None, status: int = 200) -> Any:
    """Every kind the plugins make: the version in force, the draft waiting (ticked to approve several at once)."""
    from core.documents.overview import kind_states
    from core.web.routes.documents_approval import approval_defaults

    with unit_of_work(request) as ctx:
        states = kind_states(ctx)
        defaults, ticked = approval_defaults(request, ctx)
    return page(request, "documents/list.html", status=status, states=states, error=error, values=values or defaults,
                selected=ticked if selected is None else selected)


def kind_page(request: Any, error: OhsError | None = None, status: int = 200) -> Any:
    """One kind: what it still needs, its versions, and the «Сделать проект» button."""
    from core.documents.kinds import get_kind
    from core.documents.overview import kind_states, readiness

    key = request.path_params["key"]
    with unit_of_work(request) as ctx:
        kind = get_kind(ctx.pm, key)
        state = next(s for s in kind_states(ctx) if s.kind.key == key)
        ready = readiness(ctx, kind)
    from core.documents.models import STATUSES

    return page(request, "documents/kind.html", status=status, state=state, ready=ready, error=error, field=None,
                statuses=STATUSES)


def kind_needs(request: Any) -> Any:
    """What the kind still needs, as a fragment the list page fills in (progressive enhancement)."""
    from starlette.responses import HTMLResponse

    from core.documents.kinds import get_kind
    from core.documents.overview import readiness
    from core.web.unit import desk

    with unit_of_work(request) as ctx:
        ready = readiness(ctx, get_kind(ctx.pm, request.path_params["key"]))
    return HTMLResponse(desk(request).env.get_template("documents/needs.html").render(ready=ready))


def document_make(request: Any) -> Any:
    """Make a new draft of the kind (``ohs docs make``) as long work (a journal of 10,000 workers takes seconds),
    then open its card; a refusal (the data it lacks) is shown on the job's page, nothing written."""
    from core.documents.kinds import get_kind
    from core.web.jobs import start_job

    key = request.path_params["key"]
    with unit_of_work(request) as ctx:
        title = get_kind(ctx.pm, key).title  # an unknown kind is refused here, before any work starts

    def work(ctx: Any, report: Any) -> Any:
        return make_job(ctx, report, key)

    return start_job(request, f"Проект: {title}", work, back=(title, f"/documents/kind/{key}"))


def make_job(ctx: Any, report: Any, key: str) -> Any:
    """``make_document`` in the job's unit of work; done, the browser goes to the draft's card."""
    from core.documents.kinds import get_kind
    from core.documents.registry import make_document
    from core.web.jobs import JobResult

    kind = get_kind(ctx.pm, key)
    report(0, 0, "сбор данных и оформление документа")
    doc = make_document(ctx.session, ctx.org, ctx.pm, ctx.workspace, kind, ctx.today)
    return JobResult(f"Сделан проект, редакция {doc.version}.", goto=f"/documents/{doc.id}")


def document_card(request: Any, error: OhsError | None = None, values: dict[str, Any] | None = None,
                  status: int = 200, ticked: set[int] | None = None) -> Any:
    """A version: its state, authors, approval; the approval form while it is a draft; once approved, who has
    acknowledged it and who must still (ticked and recorded here); the PDF as it prints, or its text."""
    from core.documents.acknowledgements import acknowledgement_state
    from core.documents.models import ACK_METHODS, STATUSES
    from core.documents.registry import authors_of, file_state, get_document, list_documents
    from core.registry.org import role_holder
    from core.registry.people import department_names
    from core.storage.models import Person
    from core.web.routes.documents_ack import ack_page
    from core.web.routes.documents_preview import preview_state

    with unit_of_work(request) as ctx:
        doc = get_document(ctx.session, ctx.org, request.path_params["doc_id"])
        authors = authors_of(ctx.session, doc)
        approver = ctx.session.get(Person, doc.approved_by_id) if doc.approved_by_id else None
        head = role_holder(ctx.session, ctx.org, "head", ctx.today)
        state = file_state(ctx.workspace, doc)
        versions = len(list_documents(ctx.session, ctx.org, doc.kind))
        acks = acknowledgement_state(ctx.session, ctx.org, ctx.pm, doc, ctx.today)
        departments = department_names(ctx.session, ctx.org) if acks.pending else {}
        preview = preview_state(ctx, doc)
        today = ctx.today
    defaults = {"by": head.full_name if head else "", "on": today.isoformat(), "order_number": "",
                "ack_on": today.isoformat(), "method": "paper"}
    field = getattr(error, "field", None) if error else None
    number = request.query_params.get("page", "1")
    return page(request, "documents/card.html", status=status, doc=doc, status_title=STATUSES[doc.status],
                authors=authors, approver=approver, file_state=state, error=error, field=field,
                values={**defaults, **(values or {})}, versions=versions, acks=acks, departments=departments,
                pending=ack_page(acks, int(number) if number.isdigit() else 1), ticked=ticked or set(),
                methods=ACK_METHODS, preview=preview)


def document_approve(request: Any) -> Any:
    """Approve the draft (``ohs docs approve``): by whom, on which day, optionally by an order."""
    from core.documents.approval import approve_documents
    from core.documents.registry import get_document
    from core.registry.people import resolve_person

    values = form_of(request)
    doc_id = request.path_params["doc_id"]
    try:
        by = text(values, "by", "Кто утверждает")
        on = date_field(values, "on", "Дата утверждения")
        order_number = text(values, "order_number", "Номер приказа", required=False)
        with unit_of_work(request, write=True) as ctx:
            doc = get_document(ctx.session, ctx.org, doc_id)
            try:
                approver = resolve_person(ctx.session, ctx.org, by)
            except OhsError as exc:
                exc.field = "by"  # type: ignore[attr-defined]
                raise
            result = approve_documents(ctx.session, ctx.org, ctx.pm, ctx.workspace, [doc], approver, on, ctx.today,
                                       order_number)
            order = result.order.id if result.order else None
    except OhsError as exc:
        return document_card(request, error=exc, values=values, status=400)
    note = f" Сделан и утверждён приказ № {order_number} (документ №{order})." if order else ""
    return redirect(request, f"/documents/{doc_id}", f"Документ утверждён {on:%d.%m.%Y}.{note}")


def document_diff(request: Any) -> Any:
    """What changed between two versions (``ohs docs diff``): removed and added lines of their text."""
    from core.documents.registry import diff, get_document, list_documents

    against = request.query_params.get("against", "")
    with unit_of_work(request) as ctx:
        doc = get_document(ctx.session, ctx.org, request.path_params["doc_id"])
        versions = [d for d in list_documents(ctx.session, ctx.org, doc.kind) if d.period == doc.period]
        others = [d for d in versions if d.id != doc.id]
        if against:
            other = get_document(ctx.session, ctx.org, against)
        else:  # by default the version before this one (or after it, for the first)
            earlier = [d for d in others if d.version < doc.version]
            other = earlier[-1] if earlier else (others[0] if others else None)
    if other is None:
        return page(request, "documents/diff.html", doc=doc, other=None, others=others, lines=[])
    old, new = sorted((doc, other), key=lambda d: (d.version, d.id))
    lines = [_diff_line(line) for line in diff(old, new)[2:]]  # without the «---»/«+++» header
    return page(request, "documents/diff.html", doc=doc, other=other, old=old, new=new, others=others, lines=lines)


def _diff_line(line: str) -> tuple[str, str]:
    """A unified diff's line as (mark, text): «-» removed, «+» added, « » unchanged, «@» where a fragment starts."""
    import re

    if line.startswith("@@"):
        match = re.match(r"@@ -\d+(?:,\d+)? \+(\d+)", line)
        return "@", f"строка {match.group(1)} новой редакции" if match else ""
    return line[:1] or " ", line[1:]


def document_download(request: Any) -> Any:
    """The version's DOCX, found through the registry by its number (no path from the request is used)."""
    from starlette.responses import FileResponse

    from core.documents.preview import check_file
    from core.documents.registry import get_document

    with unit_of_work(request) as ctx:
        doc = get_document(ctx.session, ctx.org, request.path_params["doc_id"])
        path = check_file(ctx.workspace, doc)
        name = f"{doc.title[:80]} ред. {doc.version}{' утв' if doc.status == 'approved' else ''}.docx"
    return FileResponse(path, media_type=DOCX_TYPE, filename=name.replace("/", "-").replace('"', ""))


def routes() -> list[Any]:
    """The documents pages."""
    from starlette.routing import Route

    from core.web.routes import documents_ack, documents_approval, documents_preview

    return [
        Route("/documents", documents_list, name="documents"),
        Route("/documents/kind/{key:str}", kind_page, methods=["GET"], name="document_kind"),
        Route("/documents/kind/{key:str}/needs", kind_needs, methods=["GET"], name="document_needs"),
        Route("/documents/kind/{key:str}/make", document_make, methods=["POST"], name="document_make"),
        Route("/documents/{doc_id:int}", document_card, methods=["GET"], name="document"),
        Route("/documents/{doc_id:int}/approve", document_approve, methods=["POST"], name="document_approve"),
        Route("/documents/{doc_id:int}/download", document_download, name="document_download"),
        Route("/documents/{doc_id:int}/diff", document_diff, methods=["GET"], name="document_diff"),
        *documents_approval.routes(),
        *documents_ack.routes(),
        *documents_preview.routes(),
    ]
