"""The one way ohs puts a file on disk: write beside the target, rename into place when it is safe.

Two cases, one mechanism (a temporary file in the target's folder, flushed to disk, then ``os.replace``):

- a file that belongs to a database change (a registered document, an evidence file, a pack's ZIP) is
  *staged* on the command's session with :func:`pending_files`; it reaches its final path only after
  the transaction commits, and its temporary file is removed when the transaction (or the savepoint it
  was staged in) rolls back. The session's own events do this, so a command cannot forget it: there is
  no other way to get a staged file than through the session that decides its fate;
- a file that stands alone (``due --ics``, ``training registry --out``, ``people export``) is written with
  :func:`write_atomic` and replaces the old one only when complete.

A killed or out-of-space process therefore leaves at most a hidden ``.NAME.*.tmp`` beside the target,
never a half-written file under a real name, and never destroys the previous good file. A process only
ever unlinks temporary files and folders it created itself.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, SessionTransaction

#: The slot of the session's pending files (core.context.session_slot).
INFO_KEY = "ohs.pending_files"
#: Temporary files are hidden and end with this, so they are easy to recognise and never look like output.
TEMP_SUFFIX = ".tmp"

Writer = Callable[[Path], None] | bytes | str


def temp_prefix(target: Path) -> str:
    """The name every temporary file for ``target`` starts with (``.NAME.``)."""
    return f".{target.name}."


def target_name_of(temp_name: str) -> str | None:
    """The target's file name for the name of one of our temporary files (``.NAME.XXXXXXXX.tmp``), else None.

    For messages: a failing write names the temporary file, the user asked for the target.
    """
    import re

    match = re.fullmatch(r"\.(.+)\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX), temp_name)
    return match.group(1) if match else None


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable; best effort (some systems cannot open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_failed(target: Path, exc: OSError) -> OhsError:
    """The Russian error for a file that could not be written (the old file, if any, is untouched)."""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "на диске нет места"
    return OhsError(f"Не удалось записать файл {target}: {reason}; прежний файл (если был) не изменён.")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def new_temp(target: Path) -> Path:
    """An empty temporary file beside ``target``, with the mode a plain ``open()`` would give the file."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=temp_prefix(target), suffix=TEMP_SUFFIX)
    try:
        # mkstemp makes 0600; documents and evidence are shared files like any other the user saves.
        os.fchmod(fd, 0o666 & ~_umask())
    except (AttributeError, OSError):
        pass
    finally:
        os.close(fd)
    return Path(name)


def _fill(temp: Path, write: Writer) -> None:
    """Write the content into ``temp`` and flush it to disk."""
    if isinstance(write, bytes):
        temp.write_bytes(write)
    elif isinstance(write, str):
        temp.write_text(write, encoding="utf-8")
    else:
        write(temp)
    _fsync_file(temp)


def _prepared(target: Path, write: Writer) -> Path:
    """A complete, flushed temporary file beside ``target``; nothing is left behind when writing fails."""
    target = Path(target)
    if target.is_dir():
        raise OhsError(f"{target} — это папка; укажите имя файла.")
    if not target.parent.is_dir():
        raise OhsError(f"Не удалось записать файл {target}: папки {target.parent} нет; создайте её "
                       "или укажите другой путь.")
    try:
        temp = new_temp(target)
    except OSError as exc:
        raise write_failed(target, exc) from exc
    try:
        _fill(temp, write)
    except OSError as exc:
        _abandon(temp)
        raise write_failed(target, exc) from exc
    except BaseException:
        _abandon(temp)
        raise
    return temp


def _abandon(temp: Path) -> None:
    """Remove a temporary file a writer failed on (the target, if any, is untouched)."""
    temp.unlink(missing_ok=True)


def write_atomic(target: str | os.PathLike[str], write: Writer) -> Path:
    """Write a standalone file atomically: ``write`` is bytes, text (UTF-8) or ``write(temporary_path)``."""
    target = Path(target)
    temp = _prepared(target, write)
    try:
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise write_failed(target, exc) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)
    return target


def _norm(target: str | os.PathLike[str]) -> Path:
    """One spelling per file: the real folder (symlinks and «..» resolved) and the name."""
    target = Path(target)
    return Path(os.path.realpath(target.parent)) / target.name


@dataclass
class _Staged:
    temp: Path
    target: Path
    replace: bool


@dataclass
class PendingFiles:
    """Files staged in one session, published when its transaction commits, dropped when it rolls back."""

    #: Staged files by the (root or nested) transaction they were staged in.
    _by_transaction: dict[int, list[_Staged]] = field(default_factory=dict)
    _transactions: dict[int, Any] = field(default_factory=dict)
    #: Folders this process created, by transaction, removed on rollback when still empty.
    _folders: dict[int, list[Path]] = field(default_factory=dict)
    #: One Russian line each, for stderr after the command: what was found and replaced.
    notes: list[str] = field(default_factory=list)
    session: Any = None

    # -- staging ---------------------------------------------------------------------------------

    def _key(self) -> int:
        transaction = self.session.get_nested_transaction() or self.session.get_transaction()
        if transaction is None:
            raise RuntimeError("files are staged inside a transaction")
        self._transactions[id(transaction)] = transaction
        return id(transaction)

    def write(self, target: str | os.PathLike[str], write: Writer, *, replace: bool = True) -> Path:
        """Write the content beside ``target`` now; it takes ``target``'s place when the transaction commits.

        ``replace=False`` refuses (at commit) to overwrite a file that appeared at ``target`` meanwhile.
        Returns the temporary path holding the content until then (read it with :meth:`current`).
        """
        target = _norm(target)
        previous = self._find(target)
        temp = _prepared(target, write)
        if previous is not None:  # staged twice in one command: the later content wins
            previous.temp.unlink(missing_ok=True)
            self._remove(previous)
        self._by_transaction.setdefault(self._key(), []).append(_Staged(temp, target, replace))
        return temp

    def adopt(self, temp: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        """Stage a complete, flushed temporary file this process wrote (on the same file system as ``target``)."""
        target = _norm(target)
        previous = self._find(target)
        if previous is not None:
            previous.temp.unlink(missing_ok=True)
            self._remove(previous)
        self._by_transaction.setdefault(self._key(), []).append(_Staged(Path(temp), target, True))

    def mkdir(self, folder: str | os.PathLike[str]) -> Path:
        """Create ``folder`` (and its parents); those created here are removed on rollback if left empty."""
        folder = Path(folder).absolute()
        missing = []
        for path in (folder, *folder.parents):
            if path.exists():
                break
            missing.append(path)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise OhsError(f"{folder} — это файл, а не папка; укажите другую папку.") from None
        except OSError as exc:
            raise OhsError(f"Не удалось создать папку {folder}: {exc.strerror or exc}.") from exc
        self._folders.setdefault(self._key(), []).extend(missing)  # deepest first
        return folder

    def note(self, text: str) -> None:
        """Remember a line for the user (printed to stderr once the command has committed)."""
        self.notes.append(text)

    def current(self, target: str | os.PathLike[str]) -> Path:
        """Where ``target``'s content is now: the staged temporary file, or ``target`` itself."""
        staged = self._find(_norm(target))
        return staged.temp if staged is not None else Path(target)

    def is_staged(self, target: str | os.PathLike[str]) -> bool:
        """Whether ``target`` has content waiting for the commit."""
        return self._find(_norm(target)) is not None

    def _find(self, target: Path) -> _Staged | None:
        for items in self._by_transaction.values():
            for item in items:
                if item.target == target:
                    return item
        return None

    def _remove(self, staged: _Staged) -> None:
        for items in self._by_transaction.values():
            if staged in items:
                items.remove(staged)

    # -- the transaction's outcome ----------------------------------------------------------------

    def _committed(self, transaction: SessionTransaction) -> None:
        key = id(transaction)
        items = self._by_transaction.pop(key, [])
        folders = self._folders.pop(key, [])
        if transaction.nested and transaction.parent is not None:
            # A savepoint released: its files now live and die with the enclosing transaction.
            parent = id(transaction.parent)
            self._transactions[parent] = transaction.parent
            self._by_transaction.setdefault(parent, []).extend(items)
            self._folders.setdefault(parent, []).extend(folders)
            return
        self._publish(items)

    def _ended(self, transaction: SessionTransaction) -> None:
        """Whatever is still staged under a transaction that ended without committing is dropped."""
        key = id(transaction)
        self._transactions.pop(key, None)
        for item in self._by_transaction.pop(key, []):
            item.temp.unlink(missing_ok=True)
        for folder in self._folders.pop(key, []):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: never a folder that holds anything

    def _publish(self, items: list[_Staged]) -> None:
        failed = []
        folders = set()
        for item in items:
            try:
                if item.replace:
                    os.replace(item.temp, item.target)
                else:
                    _link_into_place(item.temp, item.target)
            except OSError as exc:
                failed.append(f"{item.target}: {exc.strerror or exc} (содержимое осталось в {item.temp.name})")
                continue
            folders.add(item.target.parent)
        for folder in folders:
            _fsync_dir(folder)
        if failed:
            raise OhsError("Данные сохранены, но не все файлы удалось поставить на место; "
                           "переименуйте их вручную или сделайте документ заново.", details=failed)


def _link_into_place(temp: Path, target: Path) -> None:
    """Move ``temp`` to ``target`` without ever overwriting a file another process put there."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if target.exists():
            raise FileExistsError(errno.EEXIST, "файл уже существует") from exc
        os.replace(temp, target)  # the file system has no hard links
        return
    temp.unlink()


def pending_files(session: Session) -> PendingFiles:
    """The session's pending files, created (and bound to the session's transaction events) on first use."""
    from core.context import session_slot

    pending: PendingFiles | None = session_slot(session, INFO_KEY)
    if pending is not None:
        return pending
    from sqlalchemy import event

    pending = PendingFiles(session=session)
    session_slot(session, INFO_KEY, pending)

    def after_commit(sess: Any) -> None:
        # The committing transaction is still the session's innermost one while this event runs.
        pending._committed(sess.get_nested_transaction() or sess.get_transaction())

    def after_transaction_end(_sess: Any, transaction: Any) -> None:
        pending._ended(transaction)

    event.listen(session, "after_commit", after_commit)
    event.listen(session, "after_transaction_end", after_transaction_end)
    return pending
