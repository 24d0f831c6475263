"""Which organization a request works on: the workspace's own, or the signed-in account's on a server.

Local mode (one user at this computer) serves the workspace's organization, as every command does.
Server mode (the database holds accounts) serves the organization of the signed-in account — never
one named by the request — each through an :class:`core.app.App` of its own workspace folder
(``<server folder>/orgs/<key>/``: its ``out/`` and ``files/``), all sharing the server's database
engine. The folder is made on first use when an organization was registered elsewhere.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.app import App

#: Where a server keeps the workspace folders of its organizations, under its own folder.
ORGS_FOLDER = "orgs"


@dataclass(frozen=True)
class SignedIn:
    """The account of a request, detached from any transaction (kept in the request's scope)."""

    account_id: int
    login: str
    role: str
    org_id: int | None
    org_key: str | None
    district: str | None

    @property
    def role_title(self) -> str:
        """The role in Russian, for the page footer."""
        from core.accounts import ROLES

        return ROLES.get(self.role, self.role)


class Tenants:
    """The applications of the server's organizations, one per organization key, made once."""

    def __init__(self, home: App) -> None:
        self.home = home
        self._apps: dict[str, App] = {}
        self._lock = threading.Lock()

    def app_for(self, org_key: str) -> App:
        """The application serving ``org_key``'s workspace on this server's database."""
        with self._lock:
            app = self._apps.get(org_key)
            if app is None:
                app = self._apps[org_key] = self._make(org_key)
            return app

    def _make(self, org_key: str) -> App:
        import re

        from core.app import App
        from core.workspace import create_workspace, load_workspace

        home = self.home
        if org_key == home.workspace.org_key:
            return home
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", org_key):
            # Keys are checked when an organization is registered; a folder name never comes from elsewhere.
            raise ValueError(f"organization key unfit for a folder name: {org_key!r}")
        root = home.workspace.root / ORGS_FOLDER / org_key
        workspace = (load_workspace(root) if (root / "ohs.toml").is_file()
                     else create_workspace(root, org_key, home.database_url))
        app = App(home.pm, workspace=str(workspace.root), db=home.database_url)
        # One engine (one pool of connections) for the whole server; the schema is the home's.
        app.__dict__["workspace"] = workspace
        app.__dict__["engine"] = home.engine
        app._schema_ready = True
        return app
