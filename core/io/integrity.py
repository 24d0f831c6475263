"""``ohs verify``, files part: every stored file re-read and compared with its recorded sha256 and size.

Which files are kept comes from the ``stored_files`` hook (the core's documents, the plugins' evidence
and attachments), so a plugin that stores files is checked without the core knowing its tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.context import Context
    from sqlmodel import Session

    from core.storage.models import Organization
    from core.workspace import Workspace


@dataclass(frozen=True)
class StoredFile:
    """A file the database vouches for: where it is, its sha256, its size when recorded, what it is."""

    path: Path
    sha256: str
    size: int | None
    what: str


@dataclass
class FilesReport:
    """The files part of ``ohs verify`` (shaped like a journal's report: key, title, count, ok, message)."""

    key: str = "files"
    title: str = "Файлы (документы, подтверждения, вложения)"
    count: int = 0
    details: list[str] = field(default_factory=list)
    #: Journals report their head (count and last hash); files have none (kept for one report shape).
    head: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """No file is missing or changed."""
        return not self.details

    @property
    def message(self) -> str:
        """One line for the user."""
        return "все совпадают с контрольными суммами" if self.ok else f"повреждены или пропали: {len(self.details)}"


def file_problem(item: StoredFile) -> str | None:
    """Why the file does not match its record, or None when it does."""
    from core.io.store import file_digest

    path = item.path
    if path.is_symlink():
        return f"{item.what}: {path} — символическая ссылка вместо файла"
    if not path.is_file():
        waiting = _waiting_copy(item)
        if waiting is not None:
            # Killed between the commit and the rename: the whole content waits beside its place.
            return (f"{item.what}: файла {path} нет, но его содержимое цело в {waiting.name} "
                    "(команда прервана после записи в базу); переименуйте этот файл в " + path.name)
        return f"{item.what}: файла {path} нет"
    try:
        sha, size = file_digest(path)
    except OSError as exc:
        return f"{item.what}: {path} не читается ({exc.strerror or exc})"
    if item.size is not None and size != item.size:
        return f"{item.what}: {path} — размер {size} байт вместо {item.size}"
    if sha != item.sha256:
        return f"{item.what}: {path} — содержимое изменено (sha256 не совпадает)"
    return None


def _waiting_copy(item: StoredFile) -> Path | None:
    """A temporary file beside the missing one (core.io.atomic names them ``.NAME.*.tmp``) with its content."""
    from core.io.atomic import TEMP_SUFFIX, temp_prefix
    from core.io.store import file_digest

    try:
        candidates = sorted(item.path.parent.glob(f"{temp_prefix(item.path)}*{TEMP_SUFFIX}"))
    except OSError:
        return None
    for candidate in candidates:
        try:
            if file_digest(candidate)[0] == item.sha256:
                return candidate
        except OSError:
            continue
    return None


def check_stored_files(ctx: Context) -> FilesReport:
    """Check every file the plugins report (each path once)."""
    report = FilesReport()
    seen: set[tuple[Path, str]] = set()
    for items in ctx.hook.stored_files(ctx=ctx):
        for item in items or []:
            if (item.path, item.sha256) in seen:
                continue
            seen.add((item.path, item.sha256))
            report.count += 1
            problem = file_problem(item)
            if problem:
                report.details.append(problem)
    return report


def document_files(session: Session, org: Organization, workspace: Workspace) -> list[StoredFile]:
    """Every registered document version's file, and the draft of each approved version (its hash kept on approval)."""
    from sqlmodel import select

    from core.documents.approval import approved_drafts
    from core.documents.models import Document
    from core.documents.registry import document_path

    from sqlmodel import col

    rows = session.exec(select(Document).where(Document.org_id == org.id).order_by(col(Document.id)))
    files = [StoredFile(document_path(workspace, d), d.sha256, None, f"Документ №{d.id} ({d.kind}, ред. {d.version})")
             for d in rows]
    return files + [StoredFile(path, sha, None, what) for path, sha, what in approved_drafts(session, org, workspace)]
