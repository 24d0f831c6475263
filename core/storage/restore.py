"""``ohs restore``: check an archive made by ``ohs backup``, unpack it, prove the journals, then place it.

Order of work, so that a failure at any step leaves nothing at the target folder:

1. the target folder must not exist or be empty;
2. the archive is checked before anything is written: a manifest of the known format, every member a
   plain file under a known top-level name (no absolute path, no ``..``, no symlink — a «zip slip»
   could otherwise write outside the folder), every member listed in the manifest and every listed
   file present, and the unpacked size within a cap and the free disk space (a «zip bomb»);
3. members are unpacked into a temporary folder beside the target, each one's size and sha256
   compared with the manifest as it is written;
4. the database is opened (SQLite: the unpacked ``ohs.db``; PostgreSQL: ``pg_restore`` into an empty
   database), upgraded by the migrations when the backup is from an older schema, and every journal
   is verified with the same functions as ``ohs verify``; people and journal entries must equal the
   counts the manifest recorded;
5. only then is the temporary folder renamed to the target.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import tomllib
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from core.storage.backup import (
    CHUNK,
    CONFIG_MEMBER,
    FOLDER_MEMBERS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    PG_MEMBER,
    SQLITE_MEMBER,
    Counts,
    Tracker,
    plain_tracker,
    workspace_counts,
)
from core.errors import OhsError

if TYPE_CHECKING:
    import pluggy

#: The largest archive ``ohs restore`` unpacks unless ``OHS_RESTORE_MAX_BYTES`` allows more.
MAX_UNPACKED = 64 * (1 << 30)
MAX_MANIFEST = 64 * (1 << 20)


class ArchiveError(OhsError):
    """The archive is not a whole, untouched ``ohs backup`` archive."""


@dataclass
class RestoreResult:
    """A restored workspace."""

    path: Path
    manifest: dict[str, Any]
    counts: Counts
    database: str


def max_unpacked() -> int:
    """The cap on an archive's unpacked size, in bytes."""
    try:
        return int(os.environ.get("OHS_RESTORE_MAX_BYTES", MAX_UNPACKED))
    except ValueError:
        return MAX_UNPACKED


def check_target_dir(target: Path) -> None:
    """The folder to restore into must not exist or be empty, and its parent must exist."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OhsError(f"{target} — не папка; укажите для восстановления новую или пустую папку.")
    if target.is_dir() and any(target.iterdir()):
        raise OhsError(f"Папка {target} не пуста; восстановление не смешивает данные — укажите новую или пустую папку.")
    if not target.parent.is_dir():
        raise OhsError(f"Папки {target.parent} нет; создайте её или укажите другой путь.")


def _member_error(name: str, why: str) -> ArchiveError:
    return ArchiveError(f"Архив отклонён: элемент «{name}» {why}; восстанавливайте только из архива «ohs backup».")


def safe_member_name(name: str) -> str:
    """The member's path if it is relative, stays inside the folder and starts at a known top-level name."""
    if "\\" in name or "\x00" in name:
        raise _member_error(name, "содержит недопустимые символы")
    path = PurePosixPath(name.rstrip("/"))
    if name.startswith("/") or path.is_absolute() or (path.parts and ":" in path.parts[0]):
        raise _member_error(name, "задан абсолютным путём")
    if not path.parts or any(part in ("..", ".", "") for part in path.parts):
        raise _member_error(name, "выходит за пределы папки восстановления")
    top = path.parts[0]
    if len(path.parts) == 1 and top in (MANIFEST_NAME, CONFIG_MEMBER, SQLITE_MEMBER, PG_MEMBER):
        return str(path)
    if top in FOLDER_MEMBERS and (len(path.parts) > 1 or name.endswith("/")):
        return str(path)
    raise _member_error(name, "не входит в состав резервной копии ohs")


def read_manifest(zf: zipfile.ZipFile) -> dict[str, Any]:
    """The archive's manifest, checked for its format and version."""
    try:
        info = zf.getinfo(MANIFEST_NAME)
    except KeyError:
        raise ArchiveError(f"В архиве нет описи {MANIFEST_NAME}: это не резервная копия ohs или она неполная.") from None
    if info.file_size > MAX_MANIFEST:
        raise ArchiveError(f"Опись {MANIFEST_NAME} в архиве слишком велика; архив повреждён.")
    try:
        manifest = json.loads(zf.read(info).decode("utf-8"))
    except (zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError, OSError) as exc:
        raise ArchiveError(f"Опись {MANIFEST_NAME} в архиве повреждена ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise ArchiveError(f"Опись {MANIFEST_NAME} не от «ohs backup»; восстанавливайте только из его архивов.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ArchiveError(f"Архив записан более новой версией ohs-toolkit (формат {version}); обновите программу.")
    rows = manifest.get("files")
    if not isinstance(rows, list) or not all(
            isinstance(r, dict) and isinstance(r.get("path"), str) and isinstance(r.get("size"), int)
            and isinstance(r.get("sha256"), str) for r in rows):
        raise ArchiveError(f"Опись {MANIFEST_NAME} повреждена: нет списка файлов с размерами и хешами.")
    if not isinstance(manifest.get("database"), dict) or manifest["database"].get("kind") not in ("sqlite", "postgresql"):
        raise ArchiveError(f"Опись {MANIFEST_NAME} повреждена: не указан вид базы данных.")
    return manifest


def plan_members(zf: zipfile.ZipFile, manifest: dict[str, Any],
                 parent: Path) -> list[tuple[zipfile.ZipInfo, dict[str, Any]]]:
    """Every file member paired with its manifest row, after all structural checks."""
    listed: dict[str, dict[str, Any]] = {}
    for row in manifest["files"]:
        name = safe_member_name(row["path"])
        if name in listed or name == MANIFEST_NAME:
            raise ArchiveError(f"Опись {MANIFEST_NAME} повреждена: файл «{name}» указан дважды.")
        listed[name] = row
    plan, seen, total = [], set(), 0
    for info in zf.infolist():
        name = safe_member_name(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise _member_error(info.filename, "— символическая ссылка")
        if info.is_dir():
            continue
        if name in seen:
            raise _member_error(info.filename, "встречается в архиве дважды")
        seen.add(name)
        if name == MANIFEST_NAME:
            continue
        row = listed.get(name)
        if row is None:
            raise _member_error(info.filename, f"не указан в описи {MANIFEST_NAME}")
        if info.file_size != row["size"]:
            raise ArchiveError(f"Архив отклонён: размер файла «{name}» не совпадает с описью; архив изменён или повреждён.")
        total += info.file_size
        plan.append((info, row))
    missing = sorted(set(listed) - seen)
    if missing:
        raise ArchiveError(f"Архив отклонён: в нём нет файла «{missing[0]}», указанного в описи; архив неполный.")
    db_member = SQLITE_MEMBER if manifest["database"]["kind"] == "sqlite" else PG_MEMBER
    for required in (CONFIG_MEMBER, db_member):
        if required not in listed:
            raise ArchiveError(f"Архив отклонён: в нём нет {required}; это неполная резервная копия.")
    if total > max_unpacked():
        raise ArchiveError(f"Архив распаковывается в {total / (1 << 30):.1f} ГБ — больше допустимого "
                           f"({max_unpacked() / (1 << 30):.0f} ГБ, OHS_RESTORE_MAX_BYTES); архив не восстанавливается.")
    free = shutil.disk_usage(parent).free
    if total > free:
        raise OhsError(f"Для восстановления нужно {total / (1 << 20):.0f} МБ, а свободно {free / (1 << 20):.0f} МБ; "
                       "освободите место или выберите другой диск.")
    return plan


def unpack_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, row: dict[str, Any], root: Path) -> None:
    """Write one member under ``root``, comparing its size and sha256 with the manifest."""
    name = safe_member_name(info.filename)
    target = root.joinpath(*PurePosixPath(name).parts)
    if not target.resolve().is_relative_to(root.resolve()):
        raise _member_error(info.filename, "выходит за пределы папки восстановления")
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    try:
        with zf.open(info) as src, open(target, "xb") as out:
            while chunk := src.read(CHUNK):
                size += len(chunk)
                if size > row["size"]:
                    break
                digest.update(chunk)
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:  # a flipped byte in the compressed data or its CRC
        raise ArchiveError(f"Архив отклонён: файл «{name}» повреждён ({exc}); архив изменён или испорчен.") from exc
    except OSError as exc:  # the disk, not the archive: full, read-only, no permission
        raise OhsError(f"Не удалось записать {target}: {exc.strerror or exc}.") from exc
    if size != row["size"] or digest.hexdigest() != row["sha256"]:
        raise ArchiveError(f"Архив отклонён: файл «{name}» не совпадает с описью (хеш sha256 другой); "
                           "архив изменён или повреждён.")


def set_database_url(text: str, url: str | None, note: str) -> str:
    """``ohs.toml`` text with ``[database] url`` set to ``url`` (or commented out when None)."""
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if re.match(r"^\s*\[database\]\s*(#.*)?$", line)), None)
    from core.workspace import toml_line

    new = [f"# {note}"] + ([toml_line("url", url)] if url else [])
    if header is None:
        lines += ["", "[database]", *new]
    else:
        end = next((i for i in range(header + 1, len(lines)) if re.match(r"^\s*\[", lines[i])), len(lines))
        found = [i for i in range(header + 1, end) if re.match(r"^\s*url\s*=", lines[i])]
        for i in found:
            lines[i] = "# " + lines[i]
        lines[header + 1:header + 1] = new
    result = "\n".join(lines) + "\n"
    tomllib.loads(result)
    return result


def restore_backup(pm: pluggy.PluginManager, archive: Path, target: Path, db_url: str | None = None,
                   track: Tracker | None = None) -> RestoreResult:
    """Restore ``archive`` into the new folder ``target``; nothing is left at ``target`` on failure."""
    track = track or plain_tracker
    check_target_dir(target)
    if not archive.is_file():
        raise OhsError(f"Файла архива {archive} нет; проверьте путь.")
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError(f"Файл {archive} — не архив ZIP или повреждён; "
                           "восстанавливайте из архива «ohs backup».") from exc
    with zf:
        manifest = read_manifest(zf)
        kind = manifest["database"]["kind"]
        if kind == "sqlite" and db_url:
            raise OhsError("Архив содержит базу SQLite: параметр --db нужен только для архива с базой PostgreSQL.")
        if kind == "postgresql" and not db_url:
            raise OhsError("Архив содержит базу PostgreSQL: укажите пустую базу для восстановления параметром --db АДРЕС.")
        plan = plan_members(zf, manifest, target.parent)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restore-", dir=target.parent))
        restored_db = None
        try:
            with track(plan, "Проверка и распаковка") as bar:
                for info, row in bar:
                    unpack_member(zf, info, row, staging)
            for folder in FOLDER_MEMBERS:
                (staging / folder).mkdir(exist_ok=True)
            if kind == "sqlite":
                url = _sqlite_config(staging)
            else:
                from core.storage.backup_pg import restore_database

                url = db_url
                restored_db = restore_database(staging / PG_MEMBER, db_url)
                (staging / PG_MEMBER).unlink()
                config = staging / CONFIG_MEMBER
                config.write_text(set_database_url(config.read_text(encoding="utf-8-sig"), db_url,
                                                   "Восстановлено из резервной копии в эту базу PostgreSQL."),
                                  encoding="utf-8")
            counts = verify_restored(pm, staging, url, manifest)
            umask = os.umask(0)
            os.umask(umask)
            staging.chmod(0o777 & ~umask)  # mkdtemp made it private; the workspace gets the usual mode
            os.rename(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            if restored_db is not None:
                restored_db.undo()
            raise
        if restored_db is not None:
            restored_db.close()
    from core.storage.db import describe_url

    return RestoreResult(path=target, manifest=manifest, counts=counts, database=describe_url(url))


def _sqlite_config(staging: Path) -> str:
    """Point the restored ``ohs.toml`` at the restored ``ohs.db`` and return that database's URL."""
    from core.storage.db import sqlite_url
    from core.workspace import load_workspace

    config = staging / CONFIG_MEMBER
    try:
        text = config.read_text(encoding="utf-8-sig")
        if load_workspace(staging).database_url:
            # The copied database is this folder's ohs.db; the old address would show another database.
            text = set_database_url(text, None, "Восстановлено из резервной копии: база — ohs.db в этой папке.")
            config.write_text(text, encoding="utf-8")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ArchiveError(f"Файл {CONFIG_MEMBER} в архиве не читается ({exc}).") from exc
    return sqlite_url(staging / SQLITE_MEMBER)


def _verify_other_organizations(session: Any, org: Any, pm: pluggy.PluginManager, manifest: dict[str, Any]) -> None:
    """A district database restored whole: every other organization's journals must hold too, and none be missing."""
    from sqlmodel import select

    from core.journal import journals
    from core.storage.models import Organization

    others = session.exec(select(Organization).where(Organization.id != org.id).order_by(Organization.key)).all()
    listed = manifest["database"].get("organizations")
    if isinstance(listed, list) and len(listed) != len(others) + 1:
        raise ArchiveError(f"Восстановленная база не совпадает с описью: организаций {len(others) + 1}, "
                           f"а в описи {len(listed)}; архив изменён или повреждён.")
    for other in others:
        for journal in journals(pm):
            report = journal.verify(session, other)
            if not report.ok:
                raise OhsError(f"Восстановленная база не прошла проверку: у организации «{other.key}» "
                               f"{report.title} — {report.message}; эта копия не годится, возьмите другую.")


def verify_restored(pm: pluggy.PluginManager, root: Path, url: str, manifest: dict[str, Any]) -> Counts:
    """Open the restored database (migrating an older schema), verify every journal, compare with the manifest."""
    from core.app import App

    app = App(pm, workspace=str(root), db=url)
    try:
        with app.session() as session:  # a write transaction: an older schema is upgraded first
            org = app.org(session)
            files = sum(1 for row in manifest["files"] if PurePosixPath(row["path"]).parts[0] in FOLDER_MEMBERS)
            counts = workspace_counts(session, org, pm, files=files)
            _verify_other_organizations(session, org, pm, manifest)
    finally:
        if "engine" in app.__dict__:
            app.engine.dispose()
    broken = [j for j in counts.journals if not j["ok"]]
    if broken:
        first = broken[0]
        at_backup = any(j.get("journal") == first["journal"] and j.get("ok") is False
                        for j in manifest.get("counts", {}).get("journals", []))
        when = " (цепочка была нарушена уже в базе, с которой снималась копия)" if at_backup else ""
        raise OhsError(f"Восстановленная база не прошла проверку: {first['title']} — {first['message']}{when}; "
                       "эта копия не годится, возьмите другую.")
    expected = manifest.get("counts", {})
    for key, title in (("people", "работников"), ("journal_entries", "записей в журналах")):
        if key in expected and expected[key] != getattr(counts, key):
            raise ArchiveError(f"Восстановленная база не совпадает с описью: {title} {getattr(counts, key)}, "
                               f"а в описи {expected[key]}; архив изменён или повреждён.")
    return counts
