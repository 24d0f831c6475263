"""``ohs docs approve``: approval that reaches the documents.

Approving one or several drafts (all or nothing) freezes them, fills each grif — «УТВЕРЖДЕНО приказом …
от 23.11.2026 № 45-од» or «УТВЕРЖДАЮ … 23.11.2026» — in a new rendering of the same version, and, given an
order number, makes the approving order itself (kind ``order_approve``, «Об утверждении локальных
нормативных актов по охране труда»), registered and approved with them.

Files: the approved rendering is written beside the draft (``…-approved.docx``) through the session's
pending files; the registry row then names the approved file and its sha256 — the file in force, the one
``ohs verify`` vouches for — while the draft file stays where it was and its path and sha256 are kept in
the ``docs.approved_file`` audit entry, from which ``ohs verify`` checks it too (:func:`approved_drafts`). One
row, one file: the document table has one path and one hash, and a second column would need a migration for a
value the audit log already holds; the draft is kept because it is the paper that was agreed (СОГЛАСОВАНО)
and circulated before approval.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from collections.abc import Callable

    import pluggy
    from lxml import etree
    from sqlmodel import Session

    from core.documents.kinds import DocumentKind
    from core.documents.models import Document
    from core.storage.models import Organization, Person
    from core.workspace import Workspace

#: The kind of the approving order (made by the СУОТ plugin; without it an order number is only recorded).
APPROVING_ORDER = "order_approve"
APPROVED_SUFFIX = "-approved"


@dataclass
class ApprovalResult:
    """What one ``docs approve`` did: the approved versions, the order made, the versions superseded."""

    approved: list[Document] = field(default_factory=list)
    order: Document | None = None
    superseded: list[Document] = field(default_factory=list)


def made_options(session: Session, org: Organization, doc: Document) -> dict[str, Any]:
    """The ``--param``/``--year`` options the version was made with (kept in its ``docs.make`` audit entry)."""
    from sqlmodel import select

    from core.storage.models import AuditEntry

    row = session.exec(select(AuditEntry.details).where(
        AuditEntry.org_id == org.id, AuditEntry.action == "docs.make", AuditEntry.entity == "document",
        AuditEntry.entity_id == str(doc.id)).order_by(AuditEntry.id)).first()
    try:
        options = json.loads(row).get("options") if row else None
    except ValueError:
        options = None
    return options if isinstance(options, dict) else {}


def approved_rendering(
    session: Session, org: Organization, pm: pluggy.PluginManager, workspace: Workspace, doc: Document,
    kind: DocumentKind, by: Person, on: datetime.date, order_number: str | None,
) -> etree._Element:
    """The version rendered again with its grif filled; refused if the draft would no longer read the same.

    The draft is rendered again first and compared with the text registered when it was made: data
    entered since (a worker back-dated, an appointment changed) would otherwise slip into a paper the
    head approves without having read it.
    """
    from core.documents.context import Approval
    from core.documents.registry import authors_of, document_text
    from core.documents.rendering import render_version

    options = made_options(session, org, doc)
    authors = authors_of(session, doc)
    args = (session, org, pm, workspace, kind, doc.version, doc.made_on, doc.number, options, authors)
    if document_text(render_version(*args)) != doc.text:
        changed = f"Данные документа №{doc.id} «{doc.title}» изменились после того, как сделан проект; "
        raise OhsError(changed + f"сделайте новую редакцию (ohs docs make {doc.kind}) и утвердите её.",
                       form=changed + "сделайте новую редакцию (кнопка «Сделать проект новой редакции» на странице вида документа) и "
                                      "утвердите её.")
    root = render_version(*args, approval=Approval(on=on, by=by, order_number=order_number))
    shown = order_number if kind.approval == "order" else f"{on:%d.%m.%Y}"
    if shown and shown not in document_text(root):
        # A template copied into the workspace before grifs were filled (it prints no doc.approved).
        from core.io.atomic import pending_files

        what = "номера приказа" if kind.approval == "order" else "даты"
        pending_files(session).note(
            f"В грифе документа №{doc.id} «{doc.title}» не видно {what} "
            f"утверждения: его шаблон ({kind.template}) не выводит doc.approved — возьмите order_grif или "
            "signature_grif из base/approval.xml.j2 (ohs docs template show " + doc.kind + ").")
    return root


def approved_path(draft: Path) -> Path:
    """Where the approved rendering of a draft goes: beside it, «…-approved.docx»."""
    return draft.with_name(f"{draft.stem}{APPROVED_SUFFIX}{draft.suffix}")


def write_approved(session: Session, org: Organization, workspace: Workspace, doc: Document,
                   root: etree._Element, kind: DocumentKind) -> dict[str, str]:
    """Stage the approved file, point the registry row at it; returns the draft's path and sha256."""
    from core.documents.registry import (
        _refuse_registered, document_path, document_text, sha256_of, stored_path,
    )
    from core.io.atomic import pending_files
    from core.render.docx_writer import write_docx_file

    target = approved_path(document_path(workspace, doc).absolute())
    stored = stored_path(workspace, target)
    orphan = _refuse_registered(session, org, target, stored)
    temp = pending_files(session).write(target, lambda tmp: write_docx_file(root, tmp, source=kind.template),
                                        replace=orphan)
    draft = {"draft_path": doc.path, "draft_sha256": doc.sha256}
    doc.path, doc.sha256, doc.text = stored, sha256_of(temp), document_text(root)
    session.add(doc)
    return draft


def approved_drafts(session: Session, org: Organization, workspace: Workspace) -> list[tuple[Path, str, str]]:
    """The draft file of every version approved with a filled grif: path, sha256 and what it is (for ``ohs verify``)."""
    from sqlmodel import select

    from core.storage.models import AuditEntry

    found = []
    for entity_id, details in session.exec(select(AuditEntry.entity_id, AuditEntry.details).where(
            AuditEntry.org_id == org.id, AuditEntry.action == "docs.approved_file").order_by(AuditEntry.id)):
        try:
            data = json.loads(details)
            path, sha = Path(data["draft_path"]), str(data["draft_sha256"])
        except (ValueError, KeyError, TypeError):
            continue  # not written by write_approved: nothing this function can vouch for
        found.append((path if path.is_absolute() else workspace.root / path, sha,
                      f"Проект документа №{entity_id} (до утверждения)"))
    return found


def _refuse_mix(docs: list[Document], kinds: dict[str, DocumentKind], order_number: str | None) -> None:
    seen: dict[str, int] = {}
    for doc in docs:
        if doc.kind in seen:
            raise OhsError(f"Документы №{seen[doc.kind]} и №{doc.id} — редакции одного вида «{doc.title}»; "
                           "утверждается одна редакция, уберите лишний номер.")
        seen[doc.kind] = doc.id
        if kinds[doc.kind].approval == "order" and not order_number:
            raise OhsError(f"Документ №{doc.id} «{doc.title}» утверждается приказом; укажите номер приказа: "
                           "--order-number.", concerns="order_number",
                           form=f"Документ №{doc.id} «{doc.title}» утверждается приказом; укажите номер приказа.")


def _refuse_taken(session: Session, org: Organization, order_number: str, on: datetime.date) -> None:
    from sqlmodel import select

    from core.documents.models import Document

    taken = session.exec(select(Document).where(
        Document.org_id == org.id, Document.kind == APPROVING_ORDER, Document.number == order_number,
        Document.made_on == on)).first()
    if taken is not None:
        raise OhsError(f"Приказ № {order_number} от {on:%d.%m.%Y} уже сделан (документ №{taken.id}); "
                       "укажите номер нового приказа.")


def approve_documents(
    session: Session, org: Organization, pm: pluggy.PluginManager, workspace: Workspace, docs: list[Document],
    by: Person, on: datetime.date, today: datetime.date, order_number: str | None = None,
    report: Callable[[int, int, str], None] | None = None,
) -> ApprovalResult:
    """Approve the drafts together in the caller's transaction: all of them or, on any error, none.

    ``report(done, total, text)`` is told of each document rendered with its grif, then of the order (the
    desk's progress page); the renderings are most of the time on a large organization.
    """
    from core.audit import audit
    from core.documents.kinds import collect_kinds
    from core.documents.registry import approve, check_approvable, document_path, make_document

    if not docs:
        raise OhsError("Не указано, что утвердить: перечислите номера документов (ohs docs list).",
                       form="Не указано, что утвердить: отметьте проекты документов.")
    order_number = " ".join((order_number or "").split()) or None
    kinds = collect_kinds(pm)
    unknown = [d for d in docs if d.kind not in kinds]
    if unknown:
        raise OhsError(f"Вид документа №{unknown[0].id} «{unknown[0].kind}» не объявлен ни одним подключённым "
                       "плагином; включите плагин, который его делает.")
    _refuse_mix(docs, kinds, order_number)
    for doc in docs:
        check_approvable(workspace, doc, by, on, today)
    grifs = [d for d in docs if kinds[d.kind].approval != "none"]
    make_order = bool(order_number and grifs)
    if make_order:
        if APPROVING_ORDER not in kinds:
            raise OhsError("Приказ об утверждении делает плагин suot, а он отключён; включите его "
                           "или утвердите без --order-number документы, утверждаемые подписью.",
                           form="Приказ об утверждении делает плагин suot, а он отключён; включите его или "
                                "утвердите без номера приказа документы, утверждаемые подписью.")
        _refuse_taken(session, org, order_number, on)
    # Every rendering before any status changes: a kind that reads the registry sees it as the draft did.
    steps = len(grifs) + 2
    rendered = {}
    for number, d in enumerate(grifs):
        if report is not None:
            report(number, steps, f"утверждённая редакция «{d.title}»")
        rendered[d.id] = approved_rendering(session, org, pm, workspace, d, kinds[d.kind], by, on, order_number)
    result = ApprovalResult()
    if report is not None:
        report(len(grifs), steps, f"приказ об утверждении № {order_number}" if make_order else "запись в реестр")
    if make_order:
        folder = document_path(workspace, grifs[0]).absolute().parent
        options = {"documents": [d.id for d in grifs], "signer": by.id, "on": on.isoformat()}
        order = make_document(session, org, pm, workspace, kinds[APPROVING_ORDER], on, out_dir=folder,
                              number=order_number, options=options)
        approve(session, org, workspace, order, by, on, today, order_number, supersede=False, check_file=False)
        result.order = order
    for doc in docs:
        # An order or a journal in the same command is signed, not approved by the order: it keeps no number.
        number = order_number if doc.id in rendered or not make_order else None
        result.superseded += approve(session, org, workspace, doc, by, on, today, number,
                                     order_id=result.order.id if result.order and number else None)
        if doc.id in rendered:
            draft = write_approved(session, org, workspace, doc, rendered[doc.id], kinds[doc.kind])
            audit(session, org, "docs.approved_file", "document", doc.id, path=doc.path, sha256=doc.sha256,
                  **draft)
        result.approved.append(doc)
    if report is not None:
        report(steps, steps, "")
    return result
