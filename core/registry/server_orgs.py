"""Organizations registered on a district server: the row in the shared database and a workspace folder for each.

The server's administrator registers every school with ``ohs org add``; its workspace
(``<server workspace>/orgs/<KEY>/``) holds an ``ohs.toml`` with that key and the server's database, so the
commands of the toolkit work for it as for any workspace. Moving an existing SQLite workspace in
(``--from-workspace``) will be a second service beside :func:`add_organization`, reusing :func:`check_new_key`
and :func:`stage_workspace`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

#: Where the workspaces of registered organizations live, inside the server's own workspace.
ORGS_FOLDER = "orgs"

#: An organization key on a server: it names a folder too, so plain lowercase Latin letters, digits, «.», «_», «-».
ORG_KEY_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


@dataclass(frozen=True)
class RegisteredOrganization:
    """What :func:`add_organization` made: the organization and its workspace folder (created at commit)."""

    org: Organization
    workspace: Path

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready view for ``--json``."""
        return {"key": self.org.key, "name": self.org.name, "short_name": self.org.short_name,
                "district": self.org.district, "inn": self.org.inn, "workspace": str(self.workspace)}


def check_new_key(session: Session, key: str) -> str:
    """``key`` if it is well-formed and no organization in the database has it yet, else an ``OhsError``."""
    from sqlmodel import select

    from core.storage.models import Organization

    key = key.strip()
    if not ORG_KEY_PATTERN.fullmatch(key):
        raise OhsError(f"Ключ «{key}» не подходит: до 64 знаков — строчные латинские буквы, цифры, точка, «_» и «-», "
                       "начиная с буквы или цифры (например, school5).")
    if session.exec(select(Organization.id).where(Organization.key == key)).first() is not None:
        raise OhsError(f"Организация с ключом «{key}» уже зарегистрирована; выберите другой ключ.")
    return key


def workspace_folder(root: Path, key: str) -> Path:
    """The workspace of organization ``key`` under the server's workspace ``root``."""
    return root / ORGS_FOLDER / key


def stage_workspace(session: Session, root: Path, key: str, database_url: str) -> Path:
    """Create the organization's workspace folder with its ``ohs.toml`` when the transaction commits.

    Refuses a folder that already holds anything, so a workspace is never overwritten. The database URL is
    the server's: a SQLite path is written absolute, because the new ``ohs.toml`` lives in another folder.
    """
    from core.io.atomic import pending_files
    from core.storage.db import sqlite_file, sqlite_url
    from core.workspace import CONFIG_NAME, FOLDERS, config_text

    folder = workspace_folder(root, key)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OhsError(f"Папка {folder} уже существует и не пуста; уберите её или выберите другой ключ.")
    database = sqlite_file(database_url)
    if database is not None and not database.is_absolute():
        database_url = sqlite_url(database.resolve())
    files = pending_files(session)
    for name in FOLDERS:
        files.mkdir(folder / name)
    files.write(folder / CONFIG_NAME, config_text(key, database_url), replace=False)
    return folder


def add_organization(
    session: Session, key: str, *, name: str, short_name: str = "", district: str | None = None,
    inn: str | None = None, root: Path, database_url: str, now: datetime.datetime, actor: str,
) -> RegisteredOrganization:
    """Register an organization on the server and stage its workspace ``root/orgs/KEY`` (see :func:`stage_workspace`).

    Every value is checked first; a second registration of the same key is refused with nothing written.
    """
    from core.accounts.events import record_event
    from core.accounts.rules import check_district
    from core.audit import acting_as, record
    from core.registry.lengths import check_length
    from core.registry.validation import normalize_inn
    from core.storage.models import Organization

    key = check_new_key(session, key)
    name = " ".join(name.split())
    if not name:
        raise OhsError("Не указано наименование организации: --name \"…\".")
    short_name = " ".join(short_name.split())
    check_length(Organization, "name", name, "Наименование")
    check_length(Organization, "short_name", short_name, "Сокращённое наименование")
    district_name = check_district(district) if district is not None else None
    inn_value = normalize_inn(inn) if inn else None
    folder = stage_workspace(session, root, key, database_url)
    org = Organization(key=key, name=name, short_name=short_name, district=district_name, inn=inn_value,
                       created_at=now)
    session.add(org)
    session.flush()
    details = {"key": key, "name": name, "district": district_name}
    with acting_as(actor):
        record(session, org, "org.create", "organization", org.id, details, at=now)
    record_event(session, at=now, actor=actor, action="org.add", login=None, details=details)
    return RegisteredOrganization(org=org, workspace=folder)


def list_organizations(session: Session) -> list[dict[str, Any]]:
    """Every organization in the database, by key: name, short name, district, ИНН."""
    from sqlmodel import col, select

    from core.storage.models import Organization

    return [{"key": org.key, "name": org.name, "short_name": org.short_name, "district": org.district,
             "inn": org.inn}
            for org in session.exec(select(Organization).order_by(col(Organization.key)))]
