"""``ohs backup``: one archive holding a consistent copy of a workspace, with a manifest of hashes.

What goes in (and why):

- the database, copied while other ``ohs`` processes may be writing: SQLite through the online backup
  API (``sqlite3.Connection.backup``), which copies a single read snapshot of a WAL database;
  PostgreSQL through ``pg_dump --format=custom`` (see :mod:`core.storage.backup_pg`);
- ``ohs.toml`` (the organization key and the rules it overrides);
- ``templates/`` (the organization's own document texts);
- ``files/`` (scans that back up facts, stored by sha256: records, not copies of anything);
- ``out/`` (generated documents: the registry keeps their sha256, and an approved, signed version is a
  record the organization must be able to show again — regenerating it later would not give the same file);
- ``MANIFEST.json``: format and toolkit version, organization, database kind, when, and each file's
  path, size and sha256, so that ``ohs restore`` can prove the copy whole before it trusts it.

The database is copied first and the folders after it: a file that a committed row refers to existed
before the snapshot, so it is in the archive; files newer than the snapshot are harmless extras.
The archive is written to a temporary file beside the target and renamed into place only when complete.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import sqlite3
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.app import App
    from core.storage.models import Organization

MANIFEST_NAME = "MANIFEST.json"
FORMAT_NAME = "ohs-backup"
FORMAT_VERSION = 1
SQLITE_MEMBER = "ohs.db"
PG_MEMBER = "db.dump"
CONFIG_MEMBER = "ohs.toml"
#: Workspace folders copied whole (core.workspace.FOLDERS).
FOLDER_MEMBERS = ("templates", "files", "out")
#: Files another process is still writing (best_practices.attachments stages uploads under this prefix).
STAGING_PREFIX = ".incoming-"
CHUNK = 1 << 20

#: ``track(items, label)``: a context manager yielding ``items`` (with a progress bar on a terminal).
Tracker = Callable[[Sequence[Any], str], AbstractContextManager[Iterable[Any]]]


@dataclass
class Counts:
    """What a workspace holds, as the backup and the restore report it."""

    people: int
    journal_entries: int
    files: int
    journals: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The manifest's and ``--json``'s form."""
        from core.io.json_values import record_view

        return record_view(self)


@dataclass
class BackupResult:
    """A finished archive."""

    path: Path
    size: int
    manifest: dict[str, Any]


def sha256_file(path: Path) -> tuple[int, str]:
    """Size and sha256 (hex) of a file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def toolkit_version() -> str:
    """The installed ohs-toolkit version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ohs-toolkit")
    except PackageNotFoundError:
        return "0+unknown"


def workspace_counts(session: Session, org: Organization, pm: Any, files: int) -> Counts:
    """People in the register and entries of every journal (verified the way ``ohs verify`` does)."""
    from sqlalchemy import func
    from sqlmodel import select

    from core.journal import journals
    from core.storage.models import Person

    people = session.exec(select(func.count()).select_from(Person).where(Person.org_id == org.id)).one()
    reports = [journal.verify(session, org) for journal in journals(pm)]
    return Counts(
        people=int(people), journal_entries=sum(r.count for r in reports), files=files,
        journals=[{"journal": r.key, "title": r.title, "entries": r.count, "ok": r.ok, "message": r.message}
                  for r in reports],
    )


def workspace_files(root: Path) -> list[tuple[str, Path]]:
    """``(archive name, path)`` of every regular file under the workspace folders; symlinks are refused.

    A link could point anywhere on the disk (a restore would then plant it, or its target, elsewhere),
    so the backup never follows one: the user replaces it with the file itself.
    """
    found: list[tuple[str, Path]] = []
    for folder in FOLDER_MEMBERS:
        top = root / folder
        if top.is_symlink():
            raise _link_error(folder)
        if not top.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
            here = Path(dirpath)
            for name in sorted(dirnames):
                if (here / name).is_symlink():
                    raise _link_error((here / name).relative_to(root).as_posix())
            dirnames.sort()
            for name in sorted(filenames):
                path = here / name
                rel = path.relative_to(root).as_posix()
                try:
                    mode = path.lstat().st_mode
                except FileNotFoundError:
                    continue  # removed by a rolled-back transaction while we walked
                if stat.S_ISLNK(mode):
                    raise _link_error(rel)
                if not stat.S_ISREG(mode):
                    raise OhsError(f"В рабочей папке {rel} — не обычный файл; "
                                   "уберите его и повторите резервное копирование.")
                if name.startswith(STAGING_PREFIX):
                    continue
                found.append((rel, path))
    return found


def _link_error(rel: str) -> OhsError:
    return OhsError(f"В рабочей папке есть символическая ссылка {rel}; резервная копия не следует по ссылкам — "
                    "замените её самим файлом или уберите и повторите.")


def snapshot_sqlite(source: Path, target: Path) -> None:
    """Copy a live SQLite database into ``target`` through the online backup API.

    ``backup()`` with the default ``pages=-1`` copies every page in one step inside one read
    transaction, so the copy is one consistent moment even while other processes write (WAL readers
    do not block writers). The copy is switched out of WAL so that it is one self-contained file.
    """
    from core.storage.db import busy_timeout

    src = sqlite3.connect(str(source), timeout=busy_timeout())
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            dst.commit()
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise OhsError(f"Не удалось скопировать базу данных {source}: {exc}; повторите команду.") from exc
    finally:
        src.close()


def check_target(target: Path, force: bool, root: Path) -> None:
    """Refuse a target that exists (unless ``force``), is a folder, has no folder, or lies inside the copied folders."""
    if target.is_dir():
        raise OhsError(f"{target} — это папка; укажите имя файла архива, например {target / 'ohs-backup.zip'}.")
    if not target.parent.is_dir():
        raise OhsError(f"Папки {target.parent} нет; создайте её или укажите другой путь для архива.")
    if (target.exists() or target.is_symlink()) and not force:
        raise OhsError(f"Файл {target} уже существует; укажите другое имя или --force, чтобы заменить его.")
    resolved = target.resolve()
    for folder in FOLDER_MEMBERS:
        if resolved.is_relative_to((root / folder).resolve()):
            raise OhsError(f"Архив нельзя сохранять в папку {folder}/ рабочей папки (он попал бы в следующие копии); "
                           "укажите путь вне её.")


@contextmanager
def plain_tracker(items: Sequence[Any], _label: str) -> Iterator[Iterable[Any]]:
    """A tracker that shows nothing (services called outside the command line)."""
    yield items


def add_member(zf: zipfile.ZipFile, name: str, source: Path) -> dict[str, Any] | None:
    """Stream ``source`` into the archive as ``name``; its manifest row (None if it vanished meanwhile)."""
    try:
        fh = open(source, "rb")  # noqa: SIM115 - closed below, after the member is written
    except FileNotFoundError:
        return None
    with fh:
        st = os.fstat(fh.fileno())
        info = zipfile.ZipInfo(name, date_time=_zip_time(st.st_mtime))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        digest, size = hashlib.sha256(), 0
        with zf.open(info, "w", force_zip64=st.st_size > (1 << 30)) as out:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
    return {"path": name, "size": size, "sha256": digest.hexdigest()}


def _zip_time(mtime: float) -> tuple[int, int, int, int, int, int]:
    moment = datetime.datetime.fromtimestamp(max(mtime, 315532800))  # zip cannot hold dates before 1980
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def create_backup(app: App, target: Path, force: bool = False, track: Tracker | None = None) -> BackupResult:
    """Write the workspace's archive to ``target`` (atomically) and return its manifest."""
    from core.storage.db import is_sqlite, sqlite_file

    track = track or plain_tracker
    workspace = app.workspace
    check_target(target, force, workspace.root)
    config = workspace.config_path
    if config.is_symlink():
        raise _link_error(config.name)
    app.ensure_schema()
    url = app.database_url
    with tempfile.TemporaryDirectory(prefix=".ohs-backup-", dir=target.parent) as scratch:
        scratch_dir = Path(scratch)
        if is_sqlite(url):
            source = sqlite_file(url)
            if source is None or not source.exists():
                raise OhsError(f"Базы данных {source} нет; резервную копию делать не из чего.")
            db_path, db_member = scratch_dir / SQLITE_MEMBER, SQLITE_MEMBER
            snapshot_sqlite(source, db_path)
            database, counts = _sqlite_facts(app, db_path)
        else:
            from core.storage.backup_pg import dump_database

            db_path, db_member = scratch_dir / PG_MEMBER, PG_MEMBER
            database, counts = dump_database(app, db_path)
        files = workspace_files(workspace.root)
        counts.files = len(files)
        manifest: dict[str, Any] = {
            "format": FORMAT_NAME, "format_version": FORMAT_VERSION, "toolkit_version": toolkit_version(),
            "created_at": _now_iso(), "organization": database.pop("organization"), "database": database,
            "counts": counts.to_json(), "files": [],
        }
        fd, part = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as raw:
                with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
                    members = [(db_member, db_path), (CONFIG_MEMBER, config), *files]
                    with track(members, "Резервная копия") as bar:
                        for name, path in bar:
                            row = add_member(zf, name, path)
                            if row is not None:
                                manifest["files"].append(row)
                    # Folder files only (not the database and ohs.toml); one may have vanished since the walk.
                    manifest["counts"]["files"] = sum(1 for r in manifest["files"]
                                                      if r["path"].split("/")[0] in FOLDER_MEMBERS)
                    zf.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2))
                raw.flush()
                os.fsync(raw.fileno())
            _place(Path(part), target, force)
        except OSError as exc:  # a full disk, an unreadable file: the user can act on it
            Path(part).unlink(missing_ok=True)
            where = f" ({exc.filename})" if exc.filename else ""
            raise OhsError(f"Резервная копия не записана: {exc.strerror or exc}{where}; файл {target} не изменён — "
                           "освободите место или проверьте права и повторите.") from exc
        except BaseException:
            Path(part).unlink(missing_ok=True)
            raise
    return BackupResult(path=target, size=target.stat().st_size, manifest=manifest)


def _place(part: Path, target: Path, force: bool) -> None:
    """Move the finished archive to ``target``; without ``force`` never replace a file that appeared meanwhile."""
    if force:
        os.replace(part, target)
        return
    try:
        os.link(part, target)  # fails if target exists, unlike rename
    except FileExistsError:
        raise OhsError(f"Файл {target} появился во время копирования; укажите другое имя или --force.") from None
    except OSError:
        if target.exists():
            raise OhsError(f"Файл {target} уже существует; укажите другое имя или --force.") from None
        os.replace(part, target)
        return
    part.unlink()


def _now_iso() -> str:
    from core.clock import now

    return now().replace(microsecond=0).isoformat() + "Z"


def _sqlite_facts(app: App, db_path: Path) -> tuple[dict[str, Any], Counts]:
    """The organization, schema revisions and counts, read from the snapshot itself (not the live file)."""
    from core.app import App as AppClass
    from core.storage.db import sqlite_url
    from core.storage.migrate import database_revisions

    snap = AppClass(app.pm, workspace=str(app.workspace.root), db=sqlite_url(db_path))
    snap.__dict__["workspace"] = app.workspace
    snap._schema_ready = True  # the source was brought to the current schema just before the copy
    try:
        with snap.session(write=False) as session:
            org = snap.org(session)
            counts = workspace_counts(session, org, app.pm, files=0)
            revisions = sorted(database_revisions(session.connection()))
            facts = {"organization": {"key": org.key, "name": org.name}, "kind": "sqlite",
                     "file": SQLITE_MEMBER, "revisions": revisions}
    finally:
        snap.engine.dispose()
    # The toolkit's engine switched the copy to WAL on opening; make it one self-contained file again.
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    return facts, counts


def describe(manifest: dict[str, Any]) -> Iterator[str]:
    """Russian lines about an archive's contents, for the command's output."""
    from core.render.russian_numbers import plural

    counts = manifest["counts"]
    org = manifest["organization"]
    yield f"Организация: {org.get('name') or org['key']} (ключ {org['key']})."
    yield (f"Работников: {counts['people']}, записей в журналах: {counts['journal_entries']}, "
           f"файлов: {counts['files']}.")
    database = manifest["database"]
    if database["kind"] == "postgresql":
        others = len(database.get("organizations", []))
        orgs = plural(others, "организация", "организации", "организаций")
        yield (f"База PostgreSQL скопирована целиком (pg_dump): в ней {orgs} "
               "района, восстанавливать — в пустую базу.")
    for journal in counts.get("journals", []):
        if not journal["ok"]:
            yield f"Внимание: {journal['title']}: цепочка нарушена уже в копируемой базе ({journal['message']})."

