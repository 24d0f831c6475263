"""The application: one workspace, its database and plugin manager; it opens units of work (:class:`core.context.Context`).

The command line builds one per invocation, the web layer one per process; both open a context per command or request.

Nothing here touches the disk or the database until a command asks, so ``ohs --help`` stays
fast and works outside a workspace.
"""

from __future__ import annotations

import contextlib
import datetime
import sys
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    import pluggy
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from core.context import Context
    from core.storage.models import Organization
    from core.workspace import Workspace


class App:
    """Shared state of one ``ohs`` invocation."""

    def __init__(
        self,
        pm: pluggy.PluginManager,
        workspace: str | None = None,
        db: str | None = None,
        debug: bool = False,
    ) -> None:
        self.pm = pm
        self.workspace_option = workspace
        self.db_option = db
        self.debug = debug
        self._schema_ready = False
        #: Connections of the PostgreSQL pool (None: SQLAlchemy's default); ``ohs serve`` sizes it for its threads.
        self.pool_size: int | None = None
        #: Set by ``ohs init``: the database may be created rather than found.
        self.creating = False

    @cached_property
    def workspace(self) -> Workspace:
        """The workspace named by ``-w``, ``OHS_WORKSPACE`` or found upwards from here."""
        from core.workspace import resolve_workspace

        return resolve_workspace(self.workspace_option)

    @cached_property
    def database_url(self) -> str:
        """``--db``, else ``OHS_DATABASE_URL``, else ``ohs.toml``, else ``ohs.db`` in the workspace."""
        from core.storage.db import check_url, env_database_url, normalize_url, sqlite_url

        url = self.db_option or env_database_url() or self.workspace.database_url
        return check_url(normalize_url(url)) if url else sqlite_url(self.workspace.sqlite_path)

    @cached_property
    def engine(self) -> Engine:
        """The database engine (created on first use)."""
        from core.storage.db import make_engine

        return make_engine(self.database_url, pool_size=self.pool_size)

    def ensure_schema(self) -> None:
        """Upgrade the database to the installed plugins' schema once per invocation."""
        if self._schema_ready:
            return
        from core.storage.db import sqlite_file
        from core.storage.migrate import ensure_schema

        # The file the URL names (the workspace's own ohs.db, or a shared one from ohs.toml): a missing
        # file would otherwise be created empty and the workspace's data silently lost from view.
        database = sqlite_file(self.database_url)
        if not self.creating and database is not None and not database.exists() and not self.db_option:
            raise OhsError(
                f"Для рабочей папки {self.workspace.root} нет базы данных {database}; "
                "проверьте адрес базы в ohs.toml или создайте рабочую папку заново командой «ohs init»."
            )
        ensure_schema(self.engine, self.pm)
        # Every model, not only those the command imports: a flush orders tables by their foreign keys
        # across the whole metadata, and a plugin's table pointing at a core table whose model was never
        # imported (best_practices_submission → core_document) fails with NoReferencedTableError.
        from core.storage.db import register_all_models

        register_all_models(self.pm)
        self._schema_ready = True

    @contextlib.contextmanager
    def session(self, write: bool = True, tenant: int | None = None) -> Iterator[Session]:
        """One transaction: committed when the block ends normally, rolled back on any error.

        ``tenant``: the organization a server's request is limited to; on PostgreSQL the transaction then
        runs under row-level security for that organization alone (:mod:`core.storage.row_security`).
        """
        from sqlmodel import Session

        from core.storage.db import readonly

        self.ensure_schema()
        bind = self.engine if write else readonly(self.engine)
        from core.io.atomic import pending_files

        with Session(bind, expire_on_commit=False, autoflush=True) as session:
            # Files written for this transaction wait beside their targets and are renamed into place by
            # the session's commit (removed by its rollback): see core.io.atomic.
            files = pending_files(session)
            with session.begin():
                if tenant is not None:
                    from core.storage.row_security import enter_tenant

                    enter_tenant(session, tenant)
                yield session
        for line in files.notes:
            click_echo_err(line)

    @contextlib.contextmanager
    def context(self, write: bool = True, today: datetime.date | None = None,
                tenant: int | None = None) -> Iterator[Context]:
        """One unit of work (:class:`core.context.Context`) in one transaction, for this workspace's organization."""
        with self.session(write, tenant) as session:
            yield self.context_of(session, today)

    def context_of(self, session: Session, today: datetime.date | None = None) -> Context:
        """The unit of work around a session this application opened (a command that already holds one)."""
        from core.context import Context

        return Context.of(session, self.org(session), self.pm, today=today, workspace=self.workspace)

    def org(self, session: Session) -> Organization:
        """The organization this workspace keeps."""
        from sqlmodel import select

        from core.storage.models import Organization

        key = self.workspace.org_key
        org = session.exec(select(Organization).where(Organization.key == key)).first()
        if org is None:
            raise NotFoundError(
                f"Организации с ключом «{key}» нет в базе {self._db_label()}; проверьте [organization] key в ohs.toml."
            )
        return org

    def _db_label(self) -> str:
        from core.storage.db import describe_url

        return describe_url(self.database_url)


def click_echo_err(line: str) -> None:
    """One line for the user on stderr (a note about what a command found and repaired)."""
    print(line, file=sys.stderr)
