"""Acknowledgement (ознакомление) on a document's card: who must still, ticked and recorded in one step.

The card of an approved version lists the workers its kind names (all staff for the regulation and the policy)
who have not acknowledged it, a page at a time, each with a checkbox; the day («ознакомлен(а)») and the way are
given once for the ticked ones, recorded together by :func:`core.documents.registry.acknowledge`, the service
``ohs docs ack`` calls: all of them or, on any refusal (a worker not employed on that day), none. Those done are
listed with their day. Only the specialist records it (a POST: the access rules refuse other roles).
"""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import FieldError, date_field, form_list, form_of, redirect, unit_of_work

#: Workers listed a page (the regulation of a 10,000-worker organization names every one of them).
ACK_PAGE = 100


def ack_page(state: Any, number: int) -> dict[str, Any]:
    """One page of the workers still to acknowledge: rows, its number, how many pages, how many in all."""
    total = len(state.pending)
    pages = max(1, -(-total // ACK_PAGE))
    number = min(max(1, number), pages)
    rows = state.pending[(number - 1) * ACK_PAGE:number * ACK_PAGE]
    return {"rows": rows, "page": number, "pages": pages, "total": total}


def document_acknowledge(request: Any) -> Any:
    """Record that the ticked workers acknowledged this version on the day given, in the way chosen."""
    from core.documents.acknowledgements import people_by_ids
    from core.documents.models import ACK_METHODS
    from core.documents.registry import acknowledge, get_document
    from core.web.routes.documents import document_card

    values = form_of(request)
    ticked = [n for n in form_list(request, "person") if n.strip()]
    doc_id = request.path_params["doc_id"]
    try:
        if not ticked:
            raise FieldError("person", "Отметьте в списке работников, которые ознакомились с документом.")
        on = date_field(values, "ack_on", "Дата ознакомления")
        method = values.get("method") or "paper"
        if method not in ACK_METHODS:
            raise FieldError("method", "Выберите способ ознакомления из списка.")
        assert on is not None  # required above
        with unit_of_work(request, write=True) as ctx:
            doc = get_document(ctx.session, ctx.org, doc_id)
            count = acknowledge(ctx.session, ctx.org, doc, people_by_ids(ctx.session, ctx.org, ticked), on, method,
                                ctx.today)
    except OhsError as exc:
        return document_card(request, error=exc, values=values, status=400, ticked={int(n) for n in ticked
                                                                                    if n.isdigit()})
    return redirect(request, f"/documents/{doc_id}#ack", f"Записано ознакомлений: {count} (дата {on:%d.%m.%Y}).")


def routes() -> list[Any]:
    """The form's target."""
    from starlette.routing import Route

    return [Route("/documents/{doc_id:int}/acknowledge", document_acknowledge, methods=["POST"],
                  name="document_acknowledge")]
