"""Photos, videos and documents of a practice, stored in the workspace by sha256.

The file goes to ``<workspace>/files/<sha[:2]>/<sha>`` (the same content is stored once, whatever
its name); the original name, the kind and the media type are recorded in the database. Files are
checked at the boundary: they must exist, be no larger than :data:`MAX_BYTES`, have an accepted
extension and, for the common formats, start with the bytes that format starts with.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization
    from core.workspace import Workspace
    from plugins.best_practices.models import BestPractice, BestPracticeAttachment

#: 200 MiB: a few minutes of phone video; a larger film belongs on the district's video host.
MAX_BYTES = 200 * 1024 * 1024

#: Accepted extensions: kind and media type.
TYPES: dict[str, tuple[str, str]] = {
    ".jpg": ("photo", "image/jpeg"), ".jpeg": ("photo", "image/jpeg"), ".png": ("photo", "image/png"),
    ".gif": ("photo", "image/gif"), ".webp": ("photo", "image/webp"), ".heic": ("photo", "image/heic"),
    ".mp4": ("video", "video/mp4"), ".mov": ("video", "video/quicktime"), ".avi": ("video", "video/x-msvideo"),
    ".mkv": ("video", "video/x-matroska"), ".webm": ("video", "video/webm"),
    ".pdf": ("document", "application/pdf"),
    ".docx": ("document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": ("document", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".odt": ("document", "application/vnd.oasis.opendocument.text"),
    ".doc": ("document", "application/msword"), ".rtf": ("document", "application/rtf"),
    ".txt": ("document", "text/plain"),
}
KIND_WORDS = {"photo": "фото", "video": "видео", "document": "документ"}

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0",)
#: Leading bytes of the formats where a wrong extension is common (a renamed file, a screenshot).
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"), ".pdf": (b"%PDF-",), ".docx": _ZIP, ".xlsx": _ZIP, ".pptx": _ZIP,
    ".odt": _ZIP, ".doc": _OLE, ".rtf": (b"{\\rtf",), ".webm": (b"\x1a\x45\xdf\xa3",), ".mkv": (b"\x1a\x45\xdf\xa3",),
}


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def check_file(path: Path) -> tuple[str, str, int]:
    """(kind, media type, size) of an acceptable file, or the reason it is refused."""
    from core.io.store import check_regular_file

    check_regular_file(path)  # a symbolic link (say, to /etc/shadow) or a device is never stored
    suffix = path.suffix.lower()
    if suffix not in TYPES:
        accepted = ", ".join(sorted({s.lstrip('.') for s in TYPES}))
        raise OhsError(f"Файлы «{path.suffix or 'без расширения'}» не принимаются ({path.name}); допустимы: {accepted}.")
    size = path.stat().st_size
    if size == 0:
        raise OhsError(f"Файл {path.name} пуст.")
    if size > MAX_BYTES:
        raise OhsError(f"Файл {path.name} занимает {_mib(size)} МиБ, больше допустимых {_mib(MAX_BYTES)} МиБ; "
                       "сожмите видео или приложите ссылку на него в описании практики.")
    with open(path, "rb") as fh:
        head = fh.read(16)
    signatures = _SIGNATURES.get(suffix)
    if suffix in (".mp4", ".mov"):
        ok = head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free")
    else:
        ok = signatures is None or head.startswith(signatures)
    if not ok:
        raise OhsError(f"Файл {path.name} по содержимому не похож на «{suffix.lstrip('.')}»; "
                       "проверьте, тот ли это файл, или сохраните его в нужном формате.")
    kind, media_type = TYPES[suffix]
    return kind, media_type, size


def attachment_files(session: Session, org: Organization, workspace: Workspace) -> list[Any]:
    """Every attachment recorded for the organization (for ``ohs verify``)."""
    from sqlmodel import select

    from core.io.integrity import StoredFile
    from plugins.best_practices.models import BestPracticeAttachment

    rows = session.exec(select(BestPracticeAttachment).where(BestPracticeAttachment.org_id == org.id)
                        .order_by(BestPracticeAttachment.id))
    return [StoredFile(stored_path(workspace, r.sha256), r.sha256, r.size,
                       f"Вложение «{r.name}» (практика №{r.practice_id})") for r in rows]


def stored_path(workspace: Workspace, sha256: str) -> Path:
    """Where the content with that hash lives in the workspace."""
    return workspace.files_dir / sha256[:2] / sha256


def attach(session: Session, org: Organization, workspace: Workspace, practice: BestPractice, path: Path,
           today: datetime.date) -> BestPracticeAttachment:
    """Store the file and record it for the practice; the same content twice on one practice is refused."""
    from sqlmodel import select

    from core.audit import audit
    from core.io.store import store_file
    from plugins.best_practices.models import BestPracticeAttachment

    kind, media_type, size = check_file(path)
    # Copied, hashed and checked now; renamed under its hash only when the transaction commits.
    sha, size, _target = store_file(session, workspace.files_dir, path)
    twin = session.exec(select(BestPracticeAttachment).where(
        BestPracticeAttachment.practice_id == practice.id, BestPracticeAttachment.sha256 == sha)).first()
    if twin is not None:
        raise OhsError(f"Этот файл уже приложен к практике №{practice.id} под именем «{twin.name}».")
    row = BestPracticeAttachment(org_id=org.id, practice_id=practice.id, name=path.name[:255], kind=kind,
                                 media_type=media_type, size=size, sha256=sha, added_on=today)
    session.add(row)
    session.flush()
    audit(session, org, "practice.attach", "best_practices_practice", practice.id, name=row.name, sha256=sha,
          size=size, kind=kind)
    return row
