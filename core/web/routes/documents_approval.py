"""Approving several drafts at once on «Документы», with the approving order (``ohs docs approve 1 2 3 --order-number``).

The list's checkboxes and one form: who approves, the day, the order's number. With a number the service makes
the order «Об утверждении локальных нормативных актов по охране труда» listing the documents, approves it with
them and writes its number and date into every grif; all of them or none. Rendering the grifs takes seconds on a
large organization, so the approval runs as long work (:mod:`core.web.jobs`) once the form is checked.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from core.errors import OhsError
from core.web.unit import FieldError, date_field, form_list, form_of, text, unit_of_work


def approval_defaults(request: Any, ctx: Any) -> tuple[dict[str, Any], set[int]]:
    """The form's values (the head and today, or those sent back after a refusal) and the ticked drafts."""
    from core.registry.org import role_holder

    query = request.query_params
    head = role_holder(ctx.session, ctx.org, "head", ctx.today)
    values = {"by": query.get("by") or (head.full_name if head else ""), "on": query.get("on") or ctx.today.isoformat(),
              "order_number": query.get("order_number") or ""}
    selected = {int(n) for n in (query.get("select") or "").split(",") if n.strip().isdigit()}
    return values, selected


def documents_approve(request: Any) -> Any:
    """Check the form, then approve the ticked drafts together as long work; a wrong field is shown on the list."""
    from core.documents.registry import get_document
    from core.registry.people import resolve_person
    from core.web.jobs import start_job
    from core.web.routes.documents import documents_list

    values = form_of(request)
    ids = [int(n) for n in form_list(request, "doc") if n.isdigit()]
    try:
        if not ids:
            raise FieldError("doc", "Отметьте в списке проекты, которые утверждаются.")
        by = text(values, "by", "Кто утверждает")
        on = date_field(values, "on", "Дата утверждения")
        order_number = text(values, "order_number", "Номер приказа", required=False)
        with unit_of_work(request) as ctx:
            for doc_id in ids:
                get_document(ctx.session, ctx.org, doc_id)
            try:
                approver_id = resolve_person(ctx.session, ctx.org, by).id
            except OhsError as exc:
                raise FieldError("by", exc.form or exc.message) from None
    except OhsError as exc:
        return documents_list(request, error=exc, values=values, selected=set(ids), status=400)
    assert on is not None  # required above
    # After a refusal in the work the list opens with the same ticks and values.
    back = "/documents?" + urlencode({"select": ",".join(map(str, ids)), "by": by, "on": on.isoformat(),
                                      "order_number": order_number or ""}) + "#approve"

    def work(ctx: Any, report: Any) -> Any:
        return approve_job(ctx, report, ids, approver_id, on, order_number)

    title = f"Утверждение документов ({len(ids)})" + (f" приказом № {order_number}" if order_number else "")
    return start_job(request, title, work, back=("Вернуться к документам", back))


def approve_job(ctx: Any, report: Any, ids: list[int], approver_id: int, on: Any, order_number: str | None) -> Any:
    """``approve_documents`` in the job's unit of work; the result names each document and the order made."""
    from core.documents.approval import approve_documents
    from core.documents.registry import get_document
    from core.errors import NotFoundError
    from core.storage.models import Person
    from core.web.jobs import JobResult

    docs = [get_document(ctx.session, ctx.org, doc_id) for doc_id in ids]
    approver = ctx.session.get(Person, approver_id)
    if approver is None or approver.org_id != ctx.org.id:
        raise NotFoundError("Работник, который утверждает, удалён из реестра; выберите другого.")
    result = approve_documents(ctx.session, ctx.org, ctx.pm, ctx.workspace, docs, approver, on, ctx.today,
                               order_number, report=report)
    lines: list[Any] = []
    links = []
    if result.order is not None:
        lines.append((f"№{result.order.id} {result.order.title} от {on:%d.%m.%Y} № {result.order.number} — сделан и "
                      "утверждён", f"/documents/{result.order.id}"))
        links.append((f"Открыть приказ № {result.order.number}", f"/documents/{result.order.id}"))
    for doc in result.approved:
        lines.append((f"№{doc.id} {doc.title}, ред. {doc.version} — утверждён {on:%d.%m.%Y}"
                      + (f", приказ № {doc.order_number}" if doc.order_number else ""), f"/documents/{doc.id}"))
    if result.superseded:
        lines += ["", "Заменены новыми редакциями (ознакомления с ними больше не действуют):"]
        lines += [(f"№{doc.id} {doc.title}, ред. {doc.version}", f"/documents/{doc.id}") for doc in result.superseded]
    count = len(result.approved)
    return JobResult(f"Утверждено документов: {count}" + (f" приказом № {order_number}." if result.order else "."),
                     lines=lines, links=links)


def routes() -> list[Any]:
    """The form's target."""
    from starlette.routing import Route

    return [Route("/documents/approve", documents_approve, methods=["POST"], name="documents_approve")]
