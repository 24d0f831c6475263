"""Template names and template files: a name stays inside the template folders, a file is a plain file.

A workspace's ``templates/`` folder is edited by people (and sometimes by tools synced from a shared
drive); whatever lands there is rendered into documents that are printed and signed. So:

- a template name is ``namespace/folder/file``: no ``..``, no leading ``/``, no backslash, no drive
  (``C:``), no control character — otherwise a name could reach any file the user can read
  (``suot/../../etc/passwd``) or, for ``ohs docs template copy``, write outside the workspace;
- a template file is a regular file reached without symbolic links: a link to ``/etc/passwd`` or
  ``~/.ssh/id_rsa`` would otherwise print that file into a document, and a FIFO or a device would hang
  or never end. The folder a template root names (the workspace's ``templates/``, a plugin's folder)
  may itself be a link: that is the owner's set-up; nothing below it may be.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from core.errors import OhsError

#: How a valid name looks, for the error messages.
NAME_HINT = "имя шаблона пишется как «папка/файл», например suot/policy.xml.j2, без «..», «\\», «:» и «/» в начале"


class TemplateNameError(OhsError):
    """A template name that could leave the template folders."""


class TemplateFileError(OhsError):
    """A template that is a symbolic link or not a regular file."""


def split_template_name(name: str) -> tuple[str, list[str]]:
    """``"suot/sub/policy.xml.j2"`` → ``("suot", ["sub", "policy.xml.j2"])``, refusing unsafe names.

    Refused: an empty piece or ``.``/``..`` (``suot/../x``, ``/etc/passwd``, ``suot//x``), a backslash
    (a separator on Windows), a colon (a drive on Windows), control characters (NUL ends a path in C).
    """
    if any(ord(char) < 32 or char == "\x7f" for char in name):
        raise TemplateNameError(f"Недопустимое имя шаблона {name!r}: в нём управляющие символы; {NAME_HINT}.")
    parts = name.split("/")
    bad = next((part for part in parts if part in ("", ".", "..") or "\\" in part or ":" in part), None)
    if len(parts) < 2 or bad is not None:
        raise TemplateNameError(f"Недопустимое имя шаблона «{name}»: {NAME_HINT}.")
    return parts[0], parts[1:]


def _refuse(name: str, path: Path, mode: int) -> TemplateFileError:
    if stat.S_ISLNK(mode):
        what = "символическая ссылка"
    elif stat.S_ISDIR(mode):
        what = "папка, а не файл"
    else:
        what = "не обычный файл (канал, устройство или сокет)"
    return TemplateFileError(
        f"Шаблон {name} ({path}) — {what}: шаблоном может быть только обычный файл; "
        "положите на это место копию шаблона."
    )


def regular_file(root: Path, pieces: list[str], name: str) -> Path | None:
    """The file ``root/pieces…`` if it exists; None if it does not; an error if it is not a plain file.

    Every path component below ``root`` is checked with ``lstat``, so a linked folder
    (``templates/suot`` → ``/etc``) is refused as well as a linked file.
    """
    current = Path(root)
    mode = 0
    for piece in pieces:
        current = current / piece
        try:
            mode = os.lstat(current).st_mode
        except (FileNotFoundError, NotADirectoryError):
            return None
        if stat.S_ISLNK(mode):
            raise _refuse(name, current, mode)
    if not stat.S_ISREG(mode):
        raise _refuse(name, current, mode)
    return current


def read_regular_file(path: Path, name: str) -> tuple[bytes, float]:
    """The bytes and mtime of a file :func:`regular_file` returned.

    Opened without following a link and without blocking, then checked again on the open file: the
    path could have been swapped for a link or a FIFO since it was looked at.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link put there since the check
            raise _refuse(name, path, stat.S_IFLNK) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(name, path, info.st_mode)
        return handle.read(), info.st_mtime


def writable_target(root: Path, pieces: list[str], name: str) -> Path:
    """Where a template copy goes: ``root/pieces…``, reached without links, resolving inside ``root``.

    The target may not exist yet; if it does, it must be a regular file (``--force`` replaces it).
    """
    root = Path(root)
    current = root
    for index, piece in enumerate(pieces):
        current = current / piece
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            break
        last = index == len(pieces) - 1
        if stat.S_ISLNK(mode) or (last and not stat.S_ISREG(mode)) or (not last and not stat.S_ISDIR(mode)):
            raise _refuse(name, current, mode)
    target = root.joinpath(*pieces)
    resolved_root = root.resolve()
    if not target.resolve().is_relative_to(resolved_root):  # belt and braces after the name check
        raise TemplateNameError(f"Шаблон {name} оказался бы вне папки {resolved_root}; {NAME_HINT}.")
    return target
