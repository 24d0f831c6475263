"""What every route uses: the unit of work of a request, the submitted form, field errors, responses.

Routes hold no business logic: they read the form into typed values (a :class:`FieldError` names the
field in Russian), open one unit of work (:func:`unit_of_work`: one transaction, the web actor in the
audit log) and call the services the commands call. A service's :class:`core.errors.OhsError` is shown
on the form with the values kept; the transaction is rolled back, so nothing is written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from core.context import Context


class FieldError(OhsError):
    """A value of one form field is missing or malformed; shown next to that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def on_form(exc: OhsError, fields: Mapping[str, str] | None = None) -> OhsError:
    """A service's refusal as a form shows it: its sentence for forms, next to the field it concerns.

    The command line's wording names options («укажите --reason»); a service gives the same refusal for a
    form in :attr:`OhsError.form`. ``fields`` maps the service's parameter (:attr:`OhsError.concerns`) onto the
    form's field; a refusal about a value the form has no field for is shown above the form.
    """
    if isinstance(exc, FieldError):
        return exc
    if exc.form is None and not fields:
        return exc
    # A field the route maps, else one a service marked itself (``error.field``, named as the form names it).
    field = (fields or {}).get(exc.concerns or "") or getattr(exc, "field", None)
    message = exc.form or exc.message
    if field is not None:
        error = FieldError(field, message)
        error.details = list(exc.details)
        return error
    return OhsError(message, exc.details)


def desk(request: Request) -> Any:
    """The running desk (:class:`core.web.app.Desk`): the application, templates, actor."""
    return request.app.state.desk


@contextlib.contextmanager
def unit_of_work(request: Request, write: bool = False) -> Iterator[Context]:
    """One transaction for this request, as the local user, dated by the toolkit's clock (``OHS_TODAY``)."""
    from core.audit import acting_as
    from core.clock import today

    state = desk(request)
    account = request.scope.get("ohs.account")
    app = state.app_for(request)
    # On a server the account's organization, as a second line below the services' own filters: on
    # PostgreSQL the transaction runs under row-level security for that organization only.
    tenant = account.org_id if account is not None else None
    actor = account.login if account is not None else state.actor
    with acting_as(actor), app.context(write=write, today=today(), tenant=tenant) as ctx:
        yield ctx
        title = ctx.org.short_name or ctx.org.name or ctx.org.key
    # The header follows a profile filled in on «Первый запуск».
    state.titles[account.org_key if account is not None else None] = title
    if write:  # committed: «Сегодня» is recomputed now, before the user goes back to it
        state.today_cache.refresh_in_background(app, tenant)


@dataclasses.dataclass(frozen=True)
class DistrictUnit:
    """A district officer's read-only view: the server's database, their district, the day, the server's workspace.

    ``district`` is None on a workspace without accounts (an administration's own, as ``ohs practice
    district``): every other organization of its database.
    """

    session: Any
    district: str | None
    today: datetime.date
    app: Any


@contextlib.contextmanager
def district_unit(request: Request) -> Iterator[DistrictUnit]:
    """One read-only transaction for a district page; only a district account (the access rules) reaches it."""
    from core.clock import today
    from core.errors import NotFoundError

    account = request.scope.get("ohs.account")
    if account is not None and (account.role != "district" or not account.district):
        raise NotFoundError("Страницы района открываются после входа учётной записью района.")
    home = desk(request).app
    with home.session(write=False) as session:
        yield DistrictUnit(session=session, district=account.district if account else None, today=today(), app=home)


def form_of(request: Request) -> dict[str, Any]:
    """The submitted form (parsed once by the CSRF middleware), as a plain dict of single values."""
    from core.web.security import FORM_SCOPE_KEY

    form = request.scope.get(FORM_SCOPE_KEY)
    return {key: form.get(key) for key in form.keys()} if form is not None else {}


def form_file(request: Request, key: str) -> Any:
    """An uploaded file of the form (Starlette's ``UploadFile``), or None."""
    from core.web.security import FORM_SCOPE_KEY

    form = request.scope.get(FORM_SCOPE_KEY)
    return form.get(key) if form is not None else None


def form_list(request: Request, key: str) -> list[str]:
    """Every value of a repeated field (checkboxes)."""
    from core.web.security import FORM_SCOPE_KEY

    form = request.scope.get(FORM_SCOPE_KEY)
    return [str(v) for v in form.getlist(key)] if form is not None else []


def text(values: dict[str, Any], key: str, title: str, required: bool = True) -> str | None:
    """A trimmed text field; a required one left empty is the field's error."""
    value = " ".join(str(values.get(key) or "").split())
    if required and not value:
        raise FieldError(key, f"Заполните поле «{title}».")
    return value or None


def date_field(values: dict[str, Any], key: str, title: str, required: bool = True) -> datetime.date | None:
    """A date typed as 2026-11-23 (the browser's date input) or 23.11.2026."""
    raw = (values.get(key) or "").strip()
    if not raw:
        if required:
            raise FieldError(key, f"Укажите дату в поле «{title}».")
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise FieldError(key, f"Поле «{title}»: «{raw}» — не дата; пишите 23.11.2026.")


def page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    """Render a page with the navigation, the CSRF token, the flash message and the request's path."""
    from starlette.responses import HTMLResponse

    state = desk(request)
    flash = state.pop_flash(request)
    # Every form page shows a refusal the same way: next to the field it names, else above the form.
    context.setdefault("error", None)
    if isinstance(context["error"], OhsError):  # never the command line's options on a page
        context["error"] = on_form(context["error"])
    if context.get("field") is None:
        context["field"] = getattr(context["error"], "field", None)
    html = state.env.get_template(template).render(
        request=request, csrf=request.scope.get("ohs.csrf", ""), flash=flash, org_title=state.title_for(request),
        **context,
    )
    return HTMLResponse(html, status_code=status)


def redirect(request: Request, url: str, message: str | None = None) -> Response:
    """POST → redirect → GET, with a one-time message shown on the next page."""
    from starlette.responses import RedirectResponse

    if message:
        desk(request).push_flash(request, message)
    return RedirectResponse(url, status_code=303)


def recorded(entries: list[Any], journal: str) -> str:
    """The notice after entries are appended to a journal: «Записано в журнал …: 3 (записи № 12–14).»"""
    first, last = entries[0].seq, entries[-1].seq
    numbers = f"№ {first}" if first == last else f"№ {first}–{last}"
    return f"Записано в {journal}: {len(entries)} (записи {numbers})."
