"""The session cookie and CSRF protection, as one ASGI middleware in front of every route.

One local user and no login: the session is only a random id in an HttpOnly, SameSite=Lax cookie, and
each form carries a token derived from it with this process's secret (HMAC). A POST whose token does
not match its cookie — a page from another site, or a form without the token — is refused before any
route runs. The middleware also reads the form once (with the size limit of uploads) and leaves it in
the request's scope, so routes stay plain synchronous functions that work in a thread.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

SESSION_COOKIE = "ohs_session"
CSRF_FIELD = "csrf"
#: The whole request body of a form, uploads included (a 1С export of 10,000 people is about 2 MB).
MAX_BODY_BYTES = 20 * 1024 * 1024
FORM_SCOPE_KEY = "ohs.form"
SESSION_SCOPE_KEY = "ohs.session"

Refusal = Callable[[int, str], Awaitable[Any]]


def csrf_token(secret: bytes, session_id: str) -> str:
    """The form token bound to one session by this process's secret."""
    return hmac.new(secret, session_id.encode(), hashlib.sha256).hexdigest()[:40]


def _cookie(scope: dict[str, Any], name: str) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name and v:
                    return v
    return None


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


class SessionCsrfMiddleware:
    """Give every browser a session cookie; refuse a POST without the matching token; parse forms once."""

    def __init__(self, app: Any, secret: bytes, refuse: Callable[[dict[str, Any], int, str], Any]) -> None:
        self.app = app
        self.secret = secret
        #: Builds the Russian error page (an ASGI app) for a status and a sentence.
        self.refuse = refuse

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Handle one HTTP request (other scopes pass through)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session_id = _cookie(scope, SESSION_COOKIE)
        fresh = session_id is None or len(session_id) > 100
        if fresh:
            session_id = secrets.token_urlsafe(32)
        scope[SESSION_SCOPE_KEY] = session_id
        scope["ohs.csrf"] = csrf_token(self.secret, session_id)
        send = self._with_cookie(send, session_id, scope.get("scheme") == "https") if fresh else send
        if scope["method"] == "POST":
            problem, receive = await self._check_post(scope, receive, fresh)
            try:
                if problem is not None:
                    await self.refuse(scope, *problem)(scope, receive, send)
                    return
                await self.app(scope, receive, send)
            finally:
                form = scope.get(FORM_SCOPE_KEY)
                if form is not None:
                    await form.close()  # uploads spooled to temporary files are removed with the request
            return
        await self.app(scope, receive, send)

    def _with_cookie(self, send: Any, session_id: str, secure: bool) -> Any:
        # Secure over HTTPS (directly or through the documented reverse proxy), so it never travels in clear.
        flags = "; Secure" if secure else ""
        cookie = f"{SESSION_COOKIE}={session_id}; Path=/; HttpOnly; SameSite=Lax{flags}".encode("latin-1")

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie)]}
            await send(message)

        return sending

    async def _check_post(self, scope: dict[str, Any], receive: Any, fresh: bool) -> tuple[tuple[int, str] | None, Any]:
        """(status and message, or None when the POST may proceed; a receive that replays the body)."""
        from starlette.requests import Request

        stale = (403, "Форма устарела или отправлена не со страницы программы; обновите страницу и отправьте её снова.")
        origin = _header(scope, b"origin")
        host = _header(scope, b"host")
        if origin and origin != "null" and host and origin.split("://", 1)[-1] != host:
            return stale, receive
        length = _header(scope, b"content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return (413, f"Файл слишком большой: не более {MAX_BODY_BYTES // (1024 * 1024)} МБ."), receive
        body = bytearray()
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > MAX_BODY_BYTES:
                return (413, f"Файл слишком большой: не более {MAX_BODY_BYTES // (1024 * 1024)} МБ."), receive
            if not message.get("more_body"):
                break
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return {"type": "http.disconnect"}
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        try:
            form = await Request(scope, replay).form(max_files=5, max_fields=20000)
        except Exception:  # noqa: BLE001 - a malformed body is the sender's problem, told in one sentence
            return (400, "Форма не прочитана: данные повреждены; обновите страницу и отправьте её снова."), replay
        scope[FORM_SCOPE_KEY] = form
        sent = form.get(CSRF_FIELD)
        if fresh or not isinstance(sent, str) or not hmac.compare_digest(sent, scope["ohs.csrf"]):
            return stale, replay
        replayed = False
        return None, replay
