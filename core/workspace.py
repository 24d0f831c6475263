"""Workspaces: a folder with ``ohs.toml``, the SQLite database and the document folders."""

from __future__ import annotations

import os
import re
import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import WorkspaceError

CONFIG_NAME = "ohs.toml"
DB_NAME = "ohs.db"
#: Folders every workspace has: the organization's template overrides, generated documents,
#: and evidence files (scans, certificates) stored by sha256.
FOLDERS = ("templates", "out", "files")

CONFIG_TEMPLATE = """\
# Рабочая папка ohs-toolkit. Этот файл создан командой «ohs init».
# Workspace of ohs-toolkit. Created by `ohs init`.

[organization]
# Ключ организации в базе данных (в одной базе PostgreSQL может быть целый район).
{key_line}

[database]
# По умолчанию — SQLite-файл ohs.db в этой папке. Для общей базы района укажите адрес:
# url = "postgresql://user@host/dbname"
{db_line}

[rules]
# Переопределения правил организации (строже, чем требует закон), например:
# repeat_briefing_months = 3
"""


@dataclass
class Workspace:
    """An opened workspace: its folder and settings."""

    root: Path
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def config_path(self) -> Path:
        """``ohs.toml``."""
        return self.root / CONFIG_NAME

    @property
    def org_key(self) -> str:
        """The organization this workspace keeps."""
        key = self.section("organization").get("key")
        if not key:
            raise WorkspaceError(f"В {self.config_path} не указан ключ организации ([organization] key).")
        return str(key)

    @property
    def database_url(self) -> str | None:
        """The database URL from ``ohs.toml``, if set there."""
        return self.section("database").get("url") or None

    @property
    def sqlite_path(self) -> Path:
        """Where the default SQLite database lives."""
        return self.root / DB_NAME

    @property
    def templates_dir(self) -> Path:
        """The organization's template overrides."""
        return self.root / "templates"

    @property
    def out_dir(self) -> Path:
        """Generated documents."""
        return self.root / "out"

    @property
    def files_dir(self) -> Path:
        """Evidence files stored by sha256."""
        return self.root / "files"

    def section(self, name: str) -> dict[str, Any]:
        """A settings section (``[rules]``, ``[best_practices]``…), empty when absent.

        A value that is not a table (``rules = 5``) is a mistake in the file, not an empty section.
        """
        value = self.config.get(name, {})
        if not isinstance(value, dict):
            raise WorkspaceError(
                f"В {self.config_path} «{name}» должен быть разделом [{name}], а записано значение "
                f"{value!r}; исправьте файл."
            )
        return value


def find_workspace(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``ohs.toml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def load_workspace(root: Path) -> Workspace:
    """Open the workspace at ``root`` (it must hold ``ohs.toml``)."""
    path = root / CONFIG_NAME
    if not root.exists():
        raise WorkspaceError(f"Рабочей папки {root} не существует; создайте её командой «ohs init {root}».")
    if not path.is_file():
        raise WorkspaceError(f"В папке {root} нет файла {CONFIG_NAME}; создайте рабочую папку командой «ohs init {root}».")
    try:
        # utf-8-sig: Windows Notepad saves UTF-8 with a byte-order mark, which TOML itself does not allow.
        config = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"Файл {path} повреждён и не читается как TOML: {exc}.") from exc
    workspace = Workspace(root=root.resolve(), config=config)
    _check_types(workspace)
    return workspace


#: Settings the core reads: (section, key) → the type the value must have and how to write it.
_CORE_SETTINGS: dict[tuple[str, str], tuple[type, str]] = {
    ("organization", "key"): (str, 'key = "ключ-организации"'),
    ("database", "url"): (str, 'url = "postgresql://пользователь@сервер/база"'),
}


def _check_types(workspace: Workspace) -> None:
    """Refuse an ``ohs.toml`` whose core settings have the wrong type (``organization = 5``), naming the line."""
    for name in workspace.config:  # every top-level entry of ohs.toml is a section: [organization], [rules]…
        workspace.section(name)  # raises when it is a plain value
    for (section, key), (kind, example) in _CORE_SETTINGS.items():
        value = workspace.section(section).get(key)
        if value is not None and not isinstance(value, kind):
            raise WorkspaceError(
                f"В {workspace.config_path}, раздел [{section}]: «{key} = {value!r}» — нужна строка в кавычках, "
                f"например {example}."
            )


def resolve_workspace(option: str | None, cwd: Path | None = None) -> Workspace:
    """The workspace named by ``--workspace``, else ``OHS_WORKSPACE``, else found upwards from cwd."""
    if option:
        return load_workspace(Path(option).expanduser())
    env = os.environ.get("OHS_WORKSPACE")
    if env:
        return load_workspace(Path(env).expanduser())
    found = find_workspace(cwd or Path.cwd())
    if found is None:
        raise WorkspaceError(
            "Рабочая папка не найдена: здесь и выше нет ohs.toml. Создайте её командой «ohs init» "
            "или укажите путь параметром -w."
        )
    return load_workspace(found)


def new_org_key(root: Path) -> str:
    """A key for a new organization: the folder name when it is plain ASCII, plus a random tail."""
    stem = re.sub(r"[^a-z0-9-]+", "-", root.name.lower()).strip("-")[:40]
    tail = uuid.uuid4().hex[:6]
    return f"{stem}-{tail}" if stem else f"org-{tail}"


def config_text(key: str, database_url: str | None = None) -> str:
    """The ``ohs.toml`` of a new workspace (``ohs init`` writes it last, once the database holds the organization)."""
    return CONFIG_TEMPLATE.format(key_line=toml_line("key", key),
                                  db_line=toml_line("url", database_url) if database_url else "")


def create_workspace(root: Path, key: str, database_url: str | None = None) -> Workspace:
    """Create the folder, ``ohs.toml`` and the sub-folders; refuse an existing workspace (tests build old states with it)."""
    root = root.expanduser()
    if (root / CONFIG_NAME).exists():
        raise WorkspaceError(f"В папке {root} уже есть рабочая папка ohs ({CONFIG_NAME}); она не будет перезаписана.")
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root} — это файл, а не папка.")
    if root.exists() and (root / DB_NAME).exists():
        raise WorkspaceError(f"В папке {root} уже есть база {DB_NAME}; выберите другую папку.")
    root.mkdir(parents=True, exist_ok=True)
    for name in FOLDERS:
        (root / name).mkdir(exist_ok=True)
    (root / CONFIG_NAME).write_text(config_text(key, database_url), encoding="utf-8")
    return load_workspace(root)


def toml_line(key: str, value: Any) -> str:
    """``key = value`` as valid TOML, whatever the value holds (``C:\\…`` paths, quotes).

    Why tomli-w: a value pasted into an f-string template breaks on a backslash or a quote, and the
    workspace then cannot be read back; the library escapes exactly as TOML requires.
    """
    import tomli_w

    return tomli_w.dumps({key: value}).strip()
