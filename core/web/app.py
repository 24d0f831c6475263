"""The application factory: the Starlette app of one workspace, with every plugin's pages.

Starlette rather than FastAPI: the pages are HTML forms rendered on the server, so FastAPI's request
models, OpenAPI schema and dependency injection would add pydantic and a second validation layer next to
the services' own Russian messages, without a JSON API to describe.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from core.web.pages import WebPage

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request

    from core.app import App

log = logging.getLogger("ohs.web")

#: The server's own tables (accounts, sign-in sessions, failed attempts, its log): no tenant reads them.
SERVER_TABLES = ("core_account", "core_login_session", "core_login_failure", "core_account_event")

#: Threads that run the pages (anyio's default is 40). Each may hold one database transaction, and
#: core.web.server sizes the pool to them. 40 did no more work than 20 under 50 users (the GIL; bench/README.md
#: «Сервер района»): requests beyond them wait in the event loop, holding no connection.
PAGE_THREADS = 20

#: The one message a user sees for a failure the toolkit did not expect (the traceback goes to the log).
UNEXPECTED = ("Непредвиденный сбой: действие не выполнено, ничего не записано. Подробности — в окне, где "
              "запущена команда «ohs serve»; сообщите о сбое разработчикам.")


class Desk:
    """What the routes share: the application (workspace, database, plugins), the templates, the actor."""

    def __init__(self, app: App, pages: list[WebPage], actor: str) -> None:
        from core.web.render import make_environment

        self.app = app
        self.pages = pages
        self.actor = actor
        self.env = make_environment(pages)
        self.env.globals["actor"] = actor
        self.org_title = ""
        from core.web.snapshot import TodayCache
        from core.web.tenancy import Tenants

        #: The organizations' applications on a server with accounts (the home one in local mode).
        self.tenants = Tenants(app)
        #: The page header's organization name, per organization key (None: the workspace's own).
        self.titles: dict[str | None, str] = {}
        #: Where the district's pages live (their accounts see nothing else).
        self.district_paths = [p.path for p in pages if p.audience == "district"]
        self.district_home = min((p for p in pages if p.audience == "district" and p.title),
                                 key=lambda p: p.position, default=None).path if self.district_paths else "/"
        self._server = False

        #: «Сегодня» computed once per change of the data (core.web.snapshot).
        self.today_cache = TodayCache()
        self._flash: dict[str, list[str]] = {}
        self._uploads: dict[str, tuple[str, Any]] = {}
        self._lock = threading.Lock()

    def server_mode(self) -> bool:
        """True once the database holds an account: from then on every page asks to sign in."""
        if self._server:
            return True  # accounts are disabled, never deleted: once a server, always a server
        from core.accounts import accounts_exist

        with self.app.session(write=False) as session:
            server = accounts_exist(session)
        if server:
            from core.storage.row_security import ensure_row_security

            # Before the first request of a server (at start, or when the first account appears while serving):
            # every table with org_id under row-level security, the accounts' tables out of a tenant's reach.
            ensure_row_security(self.app.engine, withhold=SERVER_TABLES)
        self._server = server
        return server

    def signed_in(self, token: str) -> Any:
        """The account signed in with ``token`` (:class:`core.web.tenancy.SignedIn`), or None."""
        from sqlmodel import select

        from core.accounts import session_account
        from core.clock import now
        from core.storage.models import Organization
        from core.web.tenancy import SignedIn

        with self.app.session() as session:
            account = session_account(session, token, now=now())
            if account is None:
                return None
            key = (session.exec(select(Organization.key).where(Organization.id == account.org_id)).first()
                   if account.org_id is not None else None)
            return SignedIn(account_id=account.id, login=account.login, role=account.role, org_id=account.org_id,
                            org_key=key, district=account.district)

    def app_for(self, request: Request) -> App:
        """The application of the request's organization: the signed-in account's, else the workspace's."""
        from core.errors import NotFoundError

        account = request.scope.get("ohs.account")
        if account is None:
            return self.app
        if account.org_key is None:
            # A district account on an organization's page: the access rules refuse it before this.
            raise NotFoundError("У этой учётной записи нет организации.")
        return self.tenants.app_for(account.org_key)

    def title_for(self, request: Request) -> str:
        """The organization's name for the header of this request's page."""
        account = request.scope.get("ohs.account")
        if account is None:
            return self.titles.get(None, self.org_title)
        if account.org_key is None:
            return account.district or ""
        return self.titles.get(account.org_key, account.org_key)

    def keep_upload(self, request: Request, upload: Any) -> str:
        """Hold a checked file between its preview and «Импортировать» (this browser only); returns its token."""
        token = secrets.token_urlsafe(16)
        with self._lock:
            # One waiting file per browser: a new upload replaces the one not imported.
            self._uploads[request.scope.get("ohs.session", "")] = (token, upload)
        return token

    def take_upload(self, request: Request, token: str) -> Any:
        """The file kept for this browser under ``token`` (removed), or None."""
        with self._lock:
            kept = self._uploads.get(request.scope.get("ohs.session", ""))
            if kept is None or not secrets.compare_digest(kept[0], token):
                return None
            del self._uploads[request.scope.get("ohs.session", "")]
            return kept[1]

    def push_flash(self, request: Request, message: str) -> None:
        """Keep a message for the next page this browser opens (after a redirect)."""
        with self._lock:
            self._flash.setdefault(request.scope.get("ohs.session", ""), []).append(message)

    def pop_flash(self, request: Request) -> list[str]:
        """The messages waiting for this browser, removed as they are shown."""
        with self._lock:
            return self._flash.pop(request.scope.get("ohs.session", ""), [])

    def job_runner(self) -> Any:
        """The long work started on this desk (:class:`core.web.jobs.JobRunner`), made on first use."""
        with self._lock:
            if not hasattr(self, "_jobs"):
                from core.web.jobs import JobRunner

                self._jobs = JobRunner()
            return self._jobs


def collect_pages(app: App) -> list[WebPage]:
    """Every plugin's pages (the core's own through ``core.builtin_hooks``); two claiming one path is an error."""
    from core.errors import OhsError

    pages = [page for batch in app.pm.hook.web_pages() for page in batch or ()]
    seen: dict[str, WebPage] = {}
    for page in pages:
        if page.path in seen and page.title and seen[page.path].title:
            raise OhsError(f"Страница {page.path} объявлена двумя плагинами; отключите один из них.")
        seen.setdefault(page.path, page)
    return pages


def create_app(app: App, actor: str | None = None) -> Starlette:
    """The ASGI application serving ``app``'s workspace; ``actor`` is recorded in the audit log of every change."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    from core.audit import current_user
    from core.errors import NotFoundError, OhsError
    from core.web.render import STATIC_DIR
    from core.web.security import SessionCsrfMiddleware
    from core.web.signin import SignInMiddleware

    app.ensure_schema()  # once, before requests arrive in several threads
    pages = collect_pages(app)
    desk = Desk(app, pages, actor or current_user())
    desk.org_title = _org_title(app)
    desk.titles[None] = desk.org_title
    desk.server_mode()  # decided, and on a server secured, before the first request
    desk.today_cache.refresh_in_background(app)
    routes = [route for page in pages for route in page.routes]
    routes.append(Mount("/static", app=StaticFiles(directory=str(STATIC_DIR)), name="static"))

    def error_page(request: Request, status: int, message: str) -> Any:
        from starlette.responses import HTMLResponse

        html = desk.env.get_template("error.html").render(
            request=request, status=status, message=message, csrf=request.scope.get("ohs.csrf", ""), flash=[],
            org_title=desk.title_for(request))
        return HTMLResponse(html, status_code=status)

    async def http_error(request: Request, exc: HTTPException) -> Any:
        messages = {404: "Такой страницы нет; вернитесь на главную.", 405: "Так эту страницу не открывают; "
                    "вернитесь на предыдущую и отправьте форму кнопкой."}
        return error_page(request, exc.status_code, messages.get(exc.status_code, UNEXPECTED))

    async def user_error(request: Request, exc: OhsError) -> Any:
        # A page opened with a number that is not in the registry, a file gone from out/: the service's sentence.
        return error_page(request, 404 if isinstance(exc, NotFoundError) else 400, exc.form or exc.message)

    async def unexpected(request: Request, exc: Exception) -> Any:
        log.error("ohs serve: %s %s failed", request.method, request.url.path, exc_info=exc)
        return error_page(request, 500, UNEXPECTED)

    web = Starlette(routes=routes, exception_handlers={HTTPException: http_error, OhsError: user_error,
                                                            Exception: unexpected}, lifespan=_page_threads)
    web.state.desk = desk
    secret = secrets.token_bytes(32)  # per process: a restart makes old forms stale, which the user is told

    def refuse(scope: dict[str, Any], status: int, message: str) -> Any:
        from starlette.requests import Request as StarletteRequest

        return error_page(StarletteRequest(scope), status, message)

    # Added last, runs first: the session cookie and the CSRF check (the sign-in form has its token too),
    # then who is signed in and what their role may open.
    web.add_middleware(SignInMiddleware, desk=desk, refuse=refuse)
    web.add_middleware(SessionCsrfMiddleware, secret=secret, refuse=refuse)
    return web


@contextlib.asynccontextmanager
async def _page_threads(_web: Any) -> AsyncIterator[None]:
    """At start-up: the pages' thread pool of :data:`PAGE_THREADS` (as many as the server's database pool)."""
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = PAGE_THREADS
    yield


def _org_title(app: App) -> str:
    """The organization's short name for the page header (its key until a profile is filled in)."""
    with app.session(write=False) as session:
        org = app.org(session)
        return org.short_name or org.name or org.key
