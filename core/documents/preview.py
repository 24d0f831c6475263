"""The PDF of a registered version, for reading it as it prints: made once by LibreOffice, kept beside the DOCX.

The PDF is named after the version's file (``…-v1-2026-12-01.pdf`` beside ``…-v1-2026-12-01.docx``, the approved
rendering's beside ``…-approved.docx``), the name ``ohs docs make --pdf`` gives it too, so a PDF made by the
command is shown as is. It is derived from a file the registry vouches for (its sha256 is checked first) and a
version's file never changes, so the PDF is made once: a PDF older than its DOCX is from an earlier file under the
same name (a crashed command's orphan replaced since) and is made again. Nothing of it goes into the database:
the file stands alone and is written atomically (:func:`core.io.atomic.write_atomic`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import OhsError

if TYPE_CHECKING:
    from core.documents.models import Document
    from core.workspace import Workspace

PDF_TYPE = "application/pdf"


def pdf_tool_present() -> bool:
    """Whether LibreOffice is there to make a PDF (``core.render.pdf.find_soffice``)."""
    from core.render import pdf

    return pdf.find_soffice() is not None


def preview_path(workspace: Workspace, doc: Document) -> Path:
    """Where the version's PDF is kept: beside its registered file, under the same name."""
    from core.documents.registry import document_path

    return document_path(workspace, doc).with_suffix(".pdf")


def check_file(workspace: Workspace, doc: Document) -> Path:
    """The version's DOCX, refused when it is gone or differs from what was registered (its sha256)."""
    from core.documents.registry import document_path, file_state

    state = file_state(workspace, doc)
    if state != "ok":
        what = "не найден" if state == "missing" else "изменён после создания (контрольная сумма не совпадает)"
        raise OhsError(f"Файл документа №{doc.id} {what}; проверьте папку out/ или сделайте новую редакцию.")
    return document_path(workspace, doc)


def cached_pdf(workspace: Workspace, doc: Document) -> Path | None:
    """The version's PDF when it has been made from its current file, else None (the DOCX is not checked here)."""
    from core.documents.registry import document_path

    pdf, docx = preview_path(workspace, doc), document_path(workspace, doc)
    try:
        if pdf.is_symlink() or not pdf.is_file():
            return None  # a link could point anywhere: only a plain file beside the DOCX is served
        return pdf if pdf.stat().st_mtime >= docx.stat().st_mtime else None
    except OSError:
        return None


def make_preview_pdf(workspace: Workspace, doc: Document) -> Path:
    """The version's PDF, made by LibreOffice unless already made; seconds for a long document.

    Refused, with the reason in Russian, when the DOCX is missing or changed, or LibreOffice is absent or fails.
    """
    import shutil
    import tempfile

    from core.io.atomic import write_atomic
    from core.render.pdf import to_pdf

    docx = check_file(workspace, doc)
    cached = cached_pdf(workspace, doc)
    if cached is not None:
        return cached
    target = preview_path(workspace, doc)
    # LibreOffice names its output after the input: it converts a copy in a private folder beside the file, so a
    # half-written PDF never has the final name and two conversions at once do not meet.
    work = Path(tempfile.mkdtemp(dir=docx.parent, prefix=f".{docx.stem}.pdf-", suffix=".tmp"))
    try:
        source = work / docx.name
        shutil.copyfile(docx, source)
        made = to_pdf(source, work)
        write_atomic(target, lambda tmp: _copy(made, tmp))
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the folder this call made, nothing else
    return target


def _copy(source: Path, target: Path) -> None:
    """The made PDF into the atomic writer's temporary file."""
    import shutil

    shutil.copyfile(source, target)
