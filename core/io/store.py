"""The workspace's file store: evidence and attachments kept under ``files/<sha[:2]>/<sha>``.

A stored file is copied into a temporary file beside the store while it is hashed, read back and
hashed again (what reached the disk is what was read), and renamed under its hash only when the
transaction that records it commits (``core.io.atomic``). A file already stored under that hash is
re-checked: a damaged one (left by a crash before this store existed) is replaced, with a note.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import OhsError
from core.io.atomic import new_temp, pending_files, write_failed

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

BLOCK = 1 << 20


def file_digest(path: Path) -> tuple[str, int]:
    """The file's sha256 and size, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(BLOCK), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def stored_path(files_dir: Path, sha256: str) -> Path:
    """Where the content with that hash lives in the store."""
    return Path(files_dir) / sha256[:2] / sha256


def check_regular_file(path: Path) -> os.stat_result:
    """Refuse what is not a plain file of its own: a missing path, a symbolic link, a folder, a device."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise OhsError(f"Файл {path} не найден; проверьте путь.") from None
    except OSError as exc:
        raise OhsError(f"Файл {path} не читается: {exc.strerror or exc}.") from None
    if stat.S_ISLNK(info.st_mode):
        raise OhsError(f"{path} — символическая ссылка, а не файл; приложите сам файл, а не ссылку на него.")
    if not stat.S_ISREG(info.st_mode):
        raise OhsError(f"{path} — не обычный файл (папка, устройство или канал); приложите файл с документом.")
    return info


def _intact(path: Path, sha256: str) -> bool:
    try:
        return file_digest(path)[0] == sha256
    except OSError:
        return False


def store_file(session: Session, files_dir: Path, source: Path) -> tuple[str, int, Path]:
    """Stage ``source`` into the store; returns (sha256, size, final path). It is in place after commit."""
    source = Path(source)
    check_regular_file(source)
    files_dir = Path(files_dir)
    files = pending_files(session)
    files.mkdir(files_dir)
    # O_NOFOLLOW: the path checked above cannot be swapped for a link before it is opened.
    try:
        src_fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise OhsError(f"Файл {source} не читается: {exc.strerror or exc}.") from None
    try:
        temp = new_temp(files_dir / "incoming")
    except OSError as exc:
        os.close(src_fd)
        raise write_failed(files_dir / source.name, exc) from exc
    try:
        digest = hashlib.sha256()
        size = 0
        with os.fdopen(src_fd, "rb") as src, open(temp, "wb") as out:
            if not stat.S_ISREG(os.fstat(src.fileno()).st_mode):
                raise OhsError(f"{source} — не обычный файл; приложите файл с документом.")
            for block in iter(lambda: src.read(BLOCK), b""):
                digest.update(block)
                size += len(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        if file_digest(temp) != (sha, size):
            raise OhsError(f"Копия файла {source.name} в хранилище не совпала с исходным файлом; повторите команду.")
        return (sha, size, _place(session, files_dir, temp, sha))
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise write_failed(files_dir / source.name, exc) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def store_bytes(session: Session, files_dir: Path, data: bytes) -> tuple[str, int, Path]:
    """Stage content given in memory into the store; returns (sha256, size, final path)."""
    sha = hashlib.sha256(data).hexdigest()
    target = stored_path(files_dir, sha)
    files = pending_files(session)
    if files.is_staged(target) or (target.is_file() and _intact(target, sha)):
        return sha, len(data), target
    files.mkdir(target.parent)
    if target.exists():
        files.note(f"Файл {target} в хранилище повреждён (не совпадает с контрольной суммой); он заменён.")
    files.write(target, data)
    return sha, len(data), target


def _place(session: Session, files_dir: Path, temp: Path, sha: str) -> Path:
    """Adopt a checked temporary copy under its hash, unless an intact copy is already there."""
    files = pending_files(session)
    target = stored_path(files_dir, sha)
    if files.is_staged(target) or (target.is_file() and _intact(target, sha)):
        temp.unlink()  # the copy this call made: the store already holds the content
        return target
    files.mkdir(target.parent)
    if target.exists():
        files.note(f"Файл {target} в хранилище повреждён (не совпадает с контрольной суммой); он заменён.")
    files.adopt(temp, target)
    return target
