"""Sign-in on a server with accounts: the middleware in front of every page, ``/login`` and ``/logout``.

Once the database holds an account, every page on every address asks for it (until then the desk is
the one local user's, bound to this computer). The sign-in cookie carries a random token whose hash
the server keeps (:mod:`core.accounts`): sessions expire when idle and absolutely, and ``ohs user
disable`` ends them. The cookie is HttpOnly, SameSite=Lax, and Secure whenever the request came over
HTTPS (directly, or through a reverse proxy that uvicorn trusts with ``X-Forwarded-Proto``).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from core.web.app import Desk

LOGIN_COOKIE = "ohs_login"
ACCOUNT_SCOPE_KEY = "ohs.account"
#: Open without signing in: the sign-in form itself and the stylesheet it uses.
PUBLIC_PREFIXES = ("/login", "/static/")


def _cookie(scope: dict[str, Any], name: str) -> str | None:
    from core.web.security import _cookie as read

    return read(scope, name)


def client_address(scope: dict[str, Any]) -> str:
    """The caller's address (as uvicorn reports it; behind a trusted proxy, the original client's)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def login_cookie(token: str, secure: bool, clear: bool = False) -> bytes:
    """The Set-Cookie value of the sign-in token (or its removal)."""
    value = "" if clear else token
    parts = [f"{LOGIN_COOKIE}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if clear:
        parts.append("Max-Age=0")
    if secure:
        parts.append("Secure")
    return "; ".join(parts).encode("latin-1")


class SignInMiddleware:
    """On a server with accounts: the signed-in account in the request's scope, or the way to ``/login``."""

    def __init__(self, app: Any, desk: Desk, refuse: Callable[[dict[str, Any], int, str], Any]) -> None:
        self.app = app
        self.desk = desk
        self.refuse = refuse

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Let the request through, send it to /login, or refuse it with the role's reason."""
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import RedirectResponse

        from core.web.access import refusal

        if scope["type"] != "http" or not await run_in_threadpool(self.desk.server_mode):
            await self.app(scope, receive, send)
            return
        scope["ohs.server"] = True
        path = scope["path"]
        token = _cookie(scope, LOGIN_COOKIE)
        account = await run_in_threadpool(self.desk.signed_in, token) if token else None
        if account is not None:
            scope[ACCOUNT_SCOPE_KEY] = account
        if any(path == p.rstrip("/") or path.startswith(p) for p in PUBLIC_PREFIXES):
            await self.app(scope, receive, send)
            return
        if account is None:
            target = path + (f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else "")
            location = "/login" + ("" if path == "/" else "?next=" + urllib.parse.quote(target, safe=""))
            await RedirectResponse(location, status_code=303)(scope, receive, send)
            return
        if account.role == "district" and path == "/":
            await RedirectResponse(self.desk.district_home, status_code=303)(scope, receive, send)
            return
        reason = refusal(account, scope["method"], path, self.desk.district_paths)
        if reason is not None:
            await self.refuse(scope, 403, reason)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a path of this site only (never ``//other.site`` or ``http://…``)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def login_form(request: Any, error: OhsError | None = None, status: int = 200, login: str = "") -> Any:
    """The sign-in form (fields ``login`` and ``password``, and the CSRF token)."""
    from core.web.unit import desk, page

    if not desk(request).server_mode():
        from core.web.unit import redirect

        return redirect(request, "/", "Вход не нужен: рабочее место открыто только на этом компьютере.")
    if request.scope.get(ACCOUNT_SCOPE_KEY) is not None and error is None:
        from starlette.responses import RedirectResponse

        return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    return page(request, "login.html", status=status, error=error, login=login,
                next=safe_next(request.query_params.get("next")))


def login_submit(request: Any) -> Any:
    """Check the password; on success the sign-in cookie and the page asked for, else the form with why."""
    from starlette.responses import RedirectResponse

    from core.accounts import authenticate, open_session
    from core.clock import now
    from core.web.unit import desk, form_of

    values = form_of(request)
    login = " ".join(str(values.get("login") or "").split())[:100]
    password = str(values.get("password") or "")
    state = desk(request)
    address = client_address(request.scope)
    try:
        if not login or not password:
            raise OhsError("Введите имя пользователя и пароль.")
        # The attempt (and its failure) is recorded even when the password is wrong: its own transaction.
        with state.app.session() as session:
            try:
                account = authenticate(session, login, password, address=address, now=now())
            except OhsError as exc:
                failure: OhsError | None = exc
            else:
                failure = None
                token = open_session(session, account, address=address, now=now())
        if failure is not None:
            raise failure
    except OhsError as exc:
        # A locked login or address is «too many requests»; a wrong password is «unauthorized».
        return login_form(request, error=exc, status=429 if getattr(exc, "locked", False) else 401, login=login)
    response = RedirectResponse(safe_next(str(values.get("next") or "")), status_code=303)
    response.headers.append("set-cookie", login_cookie(token, request.url.scheme == "https").decode("latin-1"))
    return response


def logout(request: Any) -> Any:
    """End the session (a POST from the footer's «Выйти»; a GET shows the button)."""
    from starlette.responses import RedirectResponse

    from core.accounts import end_session
    from core.clock import now
    from core.web.unit import desk, page

    if not desk(request).server_mode():
        return RedirectResponse("/", status_code=303)
    if request.method != "POST":
        return page(request, "logout.html")
    token = _cookie(request.scope, LOGIN_COOKIE)
    if token:
        with desk(request).app.session() as session:
            end_session(session, token, now=now())
    response = RedirectResponse("/login", status_code=303)
    response.headers.append("set-cookie", login_cookie("", request.url.scheme == "https", clear=True).decode("latin-1"))
    return response


def routes() -> list[Any]:
    """``/login`` and ``/logout``."""
    from starlette.routing import Route

    return [
        Route("/login", login_form, methods=["GET"], name="login"),
        Route("/login", login_submit, methods=["POST"]),
        Route("/logout", logout, methods=["GET", "POST"], name="logout"),
    ]
