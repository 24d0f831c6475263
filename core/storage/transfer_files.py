"""The files of a moved organization: its workspace folders and every file its records vouch for.

What goes into the new folder ``<target_root>/orgs/<key>/``:

- ``templates/``, ``files/`` and ``out/`` whole, as ``ohs backup`` takes them (core/storage/backup.py:
  symbolic links refused, uploads still being written left out);
- every file the ``stored_files`` hook reports (documents, evidence, attachments) that lies elsewhere in
  the old folder, at the same place; a document the registry keeps outside the folder (an absolute path:
  ``--out`` somewhere else) is brought into ``out/external/`` and its registry row points there;
- ``ohs.toml``: the old settings (rules, plugins' sections) with the new key and the district's database.

Everything is copied into a hidden folder beside the target first, each copy read back and compared with
the source's sha256; the folder takes its name only after the database transaction committed
(:func:`publish`), and is removed if anything fails before (core/io/atomic.py does the same for files).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from core.io.integrity import StoredFile
    from core.workspace import Workspace

#: Where documents kept outside the old folder are put in the new one.
EXTERNAL = "out/external"
BLOCK = 1 << 20


@dataclass
class FilePlan:
    """What to copy: (source file, path inside the new folder), and the documents' new paths."""

    copies: list[tuple[Path, str]] = field(default_factory=list)
    #: ``core_document.path`` as stored in the source → its path in the new folder.
    document_paths: dict[str, str] = field(default_factory=dict)
    #: Files outside the old folder that no document row names (an approved draft's path in the audit
    #: log): left where they are, and listed for the user.
    outside: list[str] = field(default_factory=list)


def plan_files(source: Workspace, stored: list[StoredFile], document_paths: set[str]) -> FilePlan:
    """The copies for the workspace folders plus every stored file (see the module's list)."""
    from core.io.atomic import target_name_of
    from core.storage.backup import workspace_files

    plan = FilePlan()
    seen: set[str] = set()
    for rel, path in workspace_files(source.root):
        if target_name_of(path.name) is not None:
            continue  # a temporary file of a command killed before its rename: not the organization's
        plan.copies.append((path, rel))
        seen.add(rel)
    root = source.root.resolve()
    for item in stored:
        path = Path(item.path)
        inside: str | None
        try:
            inside = path.resolve().relative_to(root).as_posix()
        except ValueError:
            inside = None
        if inside is not None:
            if inside not in seen:
                plan.copies.append((path, inside))
                seen.add(inside)
            continue
        if str(path) in document_paths:
            new = f"{EXTERNAL}/{item.sha256[:12]}-{path.name}"
            plan.document_paths[str(path)] = new
            if new not in seen:
                plan.copies.append((path, new))
                seen.add(new)
        else:
            plan.outside.append(str(path))
    return plan


def stage(plan: FilePlan, folder: Path, key: str, config_text: str, *, private_config: bool = False
          ) -> tuple[Path, int]:
    """Copy everything into a hidden folder beside ``folder``; returns it and the bytes copied.

    ``private_config``: ``ohs.toml`` holds a database password, so only its owner may read it.
    On any failure nothing is left: the hidden folder is removed before the error goes on.
    """
    from core.workspace import CONFIG_NAME, FOLDERS

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{key}.transfer-", dir=folder.parent))
    try:
        copied = 0
        for name in FOLDERS:
            (staging / name).mkdir(exist_ok=True)
        for source, rel in plan.copies:
            copied += copy_checked(source, staging / rel)
        (staging / CONFIG_NAME).write_text(config_text, encoding="utf-8")
        if private_config:
            (staging / CONFIG_NAME).chmod(0o600)
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp made it private; a workspace gets the usual mode
    except OSError as exc:
        discard(staging)
        where = f" ({exc.filename})" if exc.filename else ""
        raise OhsError(f"Файлы организации не скопированы: {exc.strerror or exc}{where}; в базу ничего не "
                       "записано — освободите место или проверьте права и повторите.") from exc
    except BaseException:
        discard(staging)
        raise
    return staging, copied


def copy_checked(source: Path, target: Path) -> int:
    """Copy one file, read the copy back and compare sha256; keeps the modification time. Returns its size."""
    from core.io.store import file_digest

    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with open(source, "rb") as src, open(target, "xb") as out:
        while block := src.read(BLOCK):
            digest.update(block)
            out.write(block)
            size += len(block)
        out.flush()
        os.fsync(out.fileno())
    if file_digest(target) != (digest.hexdigest(), size):
        raise OhsError(f"Копия файла {source} не совпала с исходным файлом; перенос не выполнен, повторите.")
    shutil.copystat(source, target)
    return size


def discard(staging: Path) -> None:
    """Remove a hidden folder this process made (never anything else)."""
    shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, folder: Path) -> None:
    """Give the staged folder its name (after the commit); a name taken meanwhile is reported, not overwritten."""
    if folder.exists():
        raise OhsError(f"Организация перенесена в базу, но папка {folder} появилась во время переноса; файлы "
                       f"организации лежат в {staging} — переименуйте эту папку сами.")
    try:
        os.rename(staging, folder)
    except OSError as exc:
        raise OhsError(f"Организация перенесена в базу, но папку {staging} не удалось переименовать в {folder} "
                       f"({exc.strerror or exc}); переименуйте её сами.") from exc


def new_config(source: Workspace, key: str, database_url: str) -> str:
    """The old ``ohs.toml`` (rules, plugins' settings) with the new key and the district's database."""
    import re
    import tomllib

    from core.storage.restore import set_database_url
    from core.workspace import toml_line

    text = source.config_path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if re.match(r"^\s*\[organization\]\s*(#.*)?$", line)), None)
    note = f"# Перенесено из рабочей папки {source.root} (ключ «{source.org_key}»)."
    if header is None:
        lines = ["[organization]", note, toml_line("key", key), "", *lines]
    else:
        end = next((i for i in range(header + 1, len(lines)) if re.match(r"^\s*\[", lines[i])), len(lines))
        for i in range(header + 1, end):
            if re.match(r"^\s*key\s*=", lines[i]):
                lines[i] = "# " + lines[i]
        lines[header + 1:header + 1] = [note, toml_line("key", key)]
    result = set_database_url("\n".join(lines) + "\n", database_url, "База данных, в которую перенесена организация.")
    parsed: Any = tomllib.loads(result)
    if parsed.get("organization", {}).get("key") != key:
        raise OhsError(f"Не удалось записать ключ «{key}» в ohs.toml новой папки; проверьте {source.config_path}.")
    return result
