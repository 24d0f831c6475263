"""Making, approving and acknowledging documents; every made file is registered with its sha256."""

from __future__ import annotations

import datetime
import difflib
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.documents.kinds import DocumentKind
    from core.documents.models import Document
    from core.storage.models import Organization, Person
    from core.workspace import Workspace

#: Days a worker has to acknowledge a newly approved version. No act sets a term (ТК РФ ст. 22
#: says «под роспись», ст. 68 — before the contract is signed), so this is the toolkit's default.
ACKNOWLEDGE_DAYS = 14


def sha256_of(path: Path) -> str:
    """The file's sha256, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def lock_kind(session: Session, org: Organization, kind: str) -> None:
    """Hold the organization's «next version of this kind» until the transaction ends.

    PostgreSQL: a transaction-level advisory lock keyed by organization and kind, so two processes
    making the same kind never take the same number (and the same file name). SQLite needs nothing:
    its writers already queue behind ``BEGIN IMMEDIATE`` (core.storage.db).
    """
    import zlib

    from sqlalchemy import text

    if session.get_bind().dialect.name != "postgresql":
        return
    kind_key = zlib.crc32(kind.encode("utf-8")) - (1 << 31)  # the signed 32-bit range the two-key form takes
    session.execute(text("SELECT pg_advisory_xact_lock(:org, :kind)"), {"org": int(org.id), "kind": kind_key})


def _next_version(session: Session, org: Organization, kind: str, period: str = "") -> int:
    """The next version number within the series (kind, period)."""
    from sqlalchemy import func
    from sqlmodel import select

    from core.documents.models import Document

    lock_kind(session, org, kind)
    current = session.exec(select(func.max(Document.version)).where(
        Document.org_id == org.id, Document.kind == kind, Document.period == period)).one()
    return (current or 0) + 1


def default_authors(session: Session, org: Organization, kind: DocumentKind, today: datetime.date,
                    authors: list[Person] | None) -> list[Person]:
    """The developers recorded for a new version: those given, else the kind's default, one row per person.

    Sorted as :func:`authors_of` reads them back, so the approved rendering prints the same.
    """
    if not authors and kind.default_authors is not None:
        authors = kind.default_authors(session, org, today)
    return sorted({p.id: p for p in authors or []}.values(), key=lambda p: (p.surname, p.id or 0))


def document_text(root: Any) -> str:
    """The document's text, one block per line, for ``ohs docs diff``."""
    from core.render.markup import plain_text

    def cell_text(cell: Any) -> str:
        if not len(cell):
            # A plain cell (most journal cells): its text alone, without walking the tree (7× faster on journals).
            return " ".join((cell.text or "").split())
        # A cell holds either inline text or paragraphs (corner blocks side by side, long cells).
        paragraphs = [child for child in cell if child.tag == "p"]
        parts = [plain_text(p) for p in paragraphs] if paragraphs else [plain_text(cell)]
        return " ".join(" ".join(part.split()) for part in parts)

    lines = []
    for element in root.iter("title", "h", "p", "item", "tr"):
        if element.tag != "tr" and any(a.tag in ("td", "th") for a in element.iterancestors()):
            continue  # counted with its row
        if element.tag == "tr":
            text = " | ".join(cell_text(cell) for cell in element)
        else:
            text = " ".join(plain_text(element).split())
        if text.strip(" |"):
            lines.append(text)
    return "\n".join(lines)


def make_document(
    session: Session,
    org: Organization,
    pm: pluggy.PluginManager,
    workspace: Workspace,
    kind: DocumentKind,
    today: datetime.date,
    out_dir: Path | None = None,
    authors: list[Person] | None = None,
    number: str | None = None,
    options: dict[str, Any] | None = None,
) -> Document:
    """Render a new draft version of ``kind`` to DOCX and register it (in the caller's transaction).

    Without ``authors`` the kind's default developers are taken (the СУОТ documents: the person
    responsible for OSH). ``options`` are recorded in the audit entry: approval renders the same
    version again from them.
    """
    from core.audit import audit
    from core.documents.models import Document, DocumentAuthor
    from core.documents.rendering import render_version
    from core.io.atomic import pending_files
    from core.render.docx_writer import write_docx_file

    from core.documents.series import resolve_period

    period, options = resolve_period(kind, options, today)
    version = _next_version(session, org, kind.key, period)
    authors = default_authors(session, org, kind, today, authors)
    root = render_version(session, org, pm, workspace, kind, version, today, number, options, authors)
    out_dir = out_dir or workspace.out_dir
    files = pending_files(session)
    files.mkdir(out_dir)
    series = f"-{period}" if period else ""
    path = (out_dir / f"{kind.key}{series}-v{version}-{today:%Y-%m-%d}.docx").absolute()
    stored = stored_path(workspace, path)
    orphan = _refuse_registered(session, org, path, stored)
    text = document_text(root)
    # No-clobber unless replacing a crash's orphan: a file another process put there meanwhile is never lost.
    temp = files.write(path, lambda tmp: write_docx_file(root, tmp, source=kind.template), replace=orphan)
    doc = Document(
        org_id=org.id, kind=kind.key, title=kind.title, period=period, version=version, status="draft", number=number,
        made_on=today, path=stored, sha256=sha256_of(temp), text=text,
    )
    session.add(doc)
    session.flush()
    for person in authors or []:
        session.add(DocumentAuthor(org_id=org.id, document_id=doc.id, person_id=person.id))
    audit(session, org, "docs.make", "document", doc.id, kind=kind.key, version=version, sha256=doc.sha256,
          authors=[p.id for p in authors], options=options or {}, **({"period": period} if period else {}))
    return doc


def stored_path(workspace: Workspace, path: Path) -> str:
    """How the registry keeps a file's path: relative inside the workspace, absolute outside it."""
    try:
        return str(path.resolve().relative_to(workspace.root))
    except ValueError:
        return str(path.resolve())


def _refuse_registered(session: Session, org: Organization, path: Path, stored: str) -> bool:
    """A file already at the new version's path: refused when the registry knows it, else replaced (True).

    A file no registry row names, with the name a version gets, is what a crashed command left
    behind (before files reached their place only after commit); replacing it loses nothing.
    """
    from sqlmodel import select

    from core.documents.models import Document
    from core.io.atomic import pending_files

    if not path.exists() and not path.is_symlink():
        return False
    known = session.exec(select(Document.id).where(Document.path == stored)).first()
    if known is not None or path.is_dir() or path.is_symlink():
        raise OhsError(f"Файл {path} уже существует; выберите другую папку (--out) или уберите файл.")
    pending_files(session).note(
        f"Файл {path} остался от прерванной команды и не записан в реестр; он заменён новой редакцией.")
    return True


def make_pdf(session: Session, docx: Path) -> Path:
    """A PDF of a document made in this transaction, beside it; it appears with the DOCX at commit."""
    import shutil
    import tempfile

    from core.io.atomic import pending_files
    from core.render.pdf import to_pdf

    files = pending_files(session)
    docx = Path(docx).absolute()
    target = docx.with_suffix(".pdf")
    # LibreOffice names the PDF after its input: convert a copy under the final name in a private folder.
    work = Path(tempfile.mkdtemp(dir=docx.parent, prefix=f".{docx.stem}.pdf-", suffix=".tmp"))
    try:
        source = work / docx.name
        shutil.copyfile(files.current(docx), source)
        made = to_pdf(source, work)
        files.write(target, lambda tmp: shutil.copyfile(made, tmp))
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the folder this call made, nothing else
    return target


def get_document(session: Session, org: Organization, doc_id: int | str) -> Document:
    """A registered document by its number in the registry."""
    from core.documents.models import Document

    try:
        number = int(doc_id)
    except (TypeError, ValueError):
        raise OhsError(f"Номер документа «{doc_id}» должен быть числом (см. ohs docs list).",
                       form=f"Номер документа «{doc_id}» должен быть числом.") from None
    doc = session.get(Document, number)
    if doc is None or doc.org_id != org.id:
        raise NotFoundError(f"Документа №{doc_id} нет в реестре; посмотрите: ohs docs list.",
                            form=f"Документа №{doc_id} нет в реестре; документы — на странице «Документы».")
    return doc


def document_path(workspace: Workspace, doc: Document) -> Path:
    """Where the document's file is (paths inside the workspace are stored relative to it)."""
    path = Path(doc.path)
    return path if path.is_absolute() else workspace.root / path


def file_state(workspace: Workspace, doc: Document) -> str:
    """``ok``, ``missing`` or ``changed`` (the file differs from what was made)."""
    path = document_path(workspace, doc)
    if not path.exists():
        return "missing"
    return "ok" if sha256_of(path) == doc.sha256 else "changed"


def check_approvable(
    workspace: Workspace, doc: Document, by: Person, on: datetime.date, today: datetime.date, check_file: bool = True,
) -> None:
    """Refuse a version that cannot be approved by ``by`` on ``on`` (nothing is changed).

    ``check_file=False`` only for a version made in this very transaction (its file is still staged).
    """
    if doc.status != "draft":
        done = (f"Документ №{doc.id} уже {'утверждён' if doc.status == 'approved' else 'заменён'}; утвердить можно "
                "только проект. Для изменений сделайте новую редакцию")
        raise OhsError(done + ": ohs docs make.", form=done + " (кнопка «Сделать проект новой редакции» на странице вида документа).")
    if on > today:
        raise OhsError(f"Дата утверждения {on:%d.%m.%Y} ещё не наступила.")
    if on < doc.made_on:
        raise OhsError(f"Дата утверждения {on:%d.%m.%Y} раньше даты создания проекта {doc.made_on:%d.%m.%Y}.")
    if not by.is_active(on):
        raise OhsError(f"{by.full_name} не работает в организации на {on:%d.%m.%Y} и не может утвердить документ.")
    state = file_state(workspace, doc) if check_file else "ok"
    if state != "ok":
        what = "не найден" if state == "missing" else "изменён после создания (sha256 не совпадает)"
        raise OhsError(f"Файл документа №{doc.id} {what}; сделайте новую редакцию: ohs docs make {doc.kind}.",
                       form=f"Файл документа №{doc.id} {what}; сделайте новую редакцию (кнопка «Сделать» на "
                            "странице вида документа).")


def approve(
    session: Session, org: Organization, workspace: Workspace, doc: Document, by: Person, on: datetime.date,
    today: datetime.date, order_number: str | None = None, supersede: bool = True, check_file: bool = True,
    **audit_details: Any,
) -> list[Document]:
    """Approve a draft: it is frozen, and the version of its series approved before is superseded (returned).

    The file is not touched here: ``core.documents.approval`` renders the approved file with its grif
    filled. ``supersede=False`` for kinds whose versions are separate acts (approving orders); ``check_file=False``
    for a version made in the same transaction.
    """
    from sqlmodel import select

    from core.audit import audit
    from core.documents.models import Document

    check_approvable(workspace, doc, by, on, today, check_file)
    superseded = list(session.exec(select(Document).where(
        Document.org_id == org.id, Document.kind == doc.kind, Document.period == doc.period,
        Document.status == "approved"))) if supersede else []
    for old in superseded:
        old.status = "superseded"
        session.add(old)
    doc.status, doc.approved_by_id, doc.approved_on, doc.order_number = "approved", by.id, on, order_number
    session.add(doc)
    audit(session, org, "docs.approve", "document", doc.id, by=by.id, on=on, order_number=order_number,
          superseded=[d.id for d in superseded], **audit_details)
    return superseded


def acknowledge(
    session: Session, org: Organization, doc: Document, people: list[Person], on: datetime.date, method: str,
    today: datetime.date,
) -> int:
    """Record that these people acknowledged this approved version; returns how many were recorded."""
    from sqlmodel import select

    from core.audit import audit
    from core.documents.models import ACK_METHODS, Acknowledgement

    if method not in ACK_METHODS:
        raise OhsError(f"Способ ознакомления «{method}» неизвестен; возможны: {', '.join(ACK_METHODS)}.")
    if doc.status != "approved":
        raise OhsError(f"Документ №{doc.id} — {'проект' if doc.status == 'draft' else 'заменённая редакция'}; "
                       "знакомят с действующей утверждённой редакцией.")
    if on > today:
        raise OhsError(f"Дата ознакомления {on:%d.%m.%Y} ещё не наступила.")
    if doc.approved_on and on < doc.approved_on:
        raise OhsError(f"Дата ознакомления {on:%d.%m.%Y} раньше утверждения документа {doc.approved_on:%d.%m.%Y}.")
    done = {a.person_id for a in session.exec(select(Acknowledgement).where(Acknowledgement.document_id == doc.id))}
    errors = []
    for person in people:
        if person.id in done:
            errors.append(f"{person.full_name} уже ознакомлен(а) с этой редакцией.")
        elif not person.is_active(on):
            errors.append(f"{person.full_name} не работает в организации на {on:%d.%m.%Y}.")
    if errors:
        raise OhsError("Ознакомление не записано.", details=errors)
    for person in people:
        session.add(Acknowledgement(org_id=org.id, document_id=doc.id, person_id=person.id, on=on, method=method))
    audit(session, org, "docs.acknowledge", "document", doc.id, people=[p.id for p in people], on=on, method=method)
    return len(people)


def list_documents(session: Session, org: Organization, kind: str | None = None) -> list[Document]:
    """Registered documents, by kind and version."""
    from sqlmodel import select

    from core.documents.models import Document

    query = select(Document).where(Document.org_id == org.id)
    if kind:
        query = query.where(Document.kind == kind)
    return list(session.exec(query.order_by(Document.kind, Document.period, Document.version)))


def authors_of(session: Session, doc: Document) -> list[Person]:
    """The people who developed this version."""
    from sqlmodel import select

    from core.documents.models import DocumentAuthor
    from core.storage.models import Person

    return list(session.exec(select(Person).join(DocumentAuthor, DocumentAuthor.person_id == Person.id)
                             .where(DocumentAuthor.document_id == doc.id).order_by(Person.surname, Person.id)))


def diff(old: Document, new: Document) -> list[str]:
    """A unified diff of the two versions' text."""
    return list(difflib.unified_diff(
        old.text.splitlines(), new.text.splitlines(),
        fromfile=f"№{old.id} {old.kind} ред. {old.version}", tofile=f"№{new.id} {new.kind} ред. {new.version}",
        lineterm="",
    ))


def acknowledgement_due(
    session: Session, org: Organization, pm: pluggy.PluginManager, today: datetime.date
) -> list[Any]:
    """Who must still acknowledge the current approved version of each kind that requires it."""
    from sqlmodel import select

    from core.documents.kinds import collect_kinds
    from core.documents.models import Acknowledgement, Document
    from core.obligations.due import DueItem

    kinds = {k: v for k, v in collect_kinds(pm).items() if v.acknowledge is not None}
    if not kinds:
        return []
    items = []
    current = session.exec(select(Document).where(
        Document.org_id == org.id, Document.status == "approved", Document.kind.in_(list(kinds))))
    for doc in current:
        acked = set(session.exec(select(Acknowledgement.person_id).where(Acknowledgement.document_id == doc.id)))
        earlier = set(session.exec(
            select(Acknowledgement.person_id).join(Document, Document.id == Acknowledgement.document_id)
            .where(Document.org_id == org.id, Document.kind == doc.kind, Document.period == doc.period,
                   Document.version < doc.version)))
        for person in kinds[doc.kind].acknowledge(session, org, today):
            if person.id in acked:
                continue
            start = max(doc.approved_on or doc.made_on, person.hired_on)
            again = " повторно (новая редакция)" if person.id in earlier else ""
            items.append(DueItem(
                due=start + datetime.timedelta(days=ACKNOWLEDGE_DAYS),
                title=f"Ознакомить{again} с документом «{doc.title}», ред. {doc.version}",
                source="documents", subject=person.short_name, kind="acknowledgement",
                rule=f"ТК РФ ст. 22, 68 — ознакомление под роспись; срок {ACKNOWLEDGE_DAYS} дн. (настройка ohs)",
                record=f"document:{doc.id}",
            ))
    return items
