"""What the СУОТ register pages share: the workers a form names, choice and number fields, a page of rows.

The register pages of the families (``plugins/suot/*/web/``) read forms with these and with
``core.web.unit``; the services they call are the commands' own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.web.unit import FieldError

PER_PAGE = 50


def choice(values: Mapping[str, Any], key: str, choices: Mapping[str, str], title: str) -> str:
    """A value of a select list; anything else is the field's error (the list names what may be chosen)."""
    value = str(values.get(key) or "")
    if value not in choices:
        raise FieldError(key, f"Выберите значение в поле «{title}».")
    return value


def whole_number(values: Mapping[str, Any], key: str, title: str, required: bool = False) -> int | None:
    """A whole number typed in a field (empty allowed unless ``required``)."""
    raw = str(values.get(key) or "").strip()
    if not raw:
        if required:
            raise FieldError(key, f"Заполните поле «{title}».")
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise FieldError(key, f"Поле «{title}»: «{raw}» — не целое число.")
    return int(raw)


def workers(ctx: Any, values: Mapping[str, Any], on: Any, key: str = "people",
            department_key: str | None = None) -> list[Any]:
    """The workers a form lists (one a line: name or number), plus those of the chosen department on ``on``."""
    from core.errors import OhsError
    from core.registry.people import list_people, resolve_person

    people = []
    for line in str(values.get(key) or "").splitlines():
        if line.strip():
            try:
                people.append(resolve_person(ctx.session, ctx.org, line.strip()))
            except OhsError as exc:
                raise FieldError(key, exc.form or exc.message) from exc
    department = str(values.get(department_key) or "").strip() if department_key else ""
    if department:
        try:
            people += [p for p in list_people(ctx.session, ctx.org, on=on, department=department)
                       if p.id not in {q.id for q in people}]
        except OhsError as exc:
            raise FieldError(department_key or key, exc.form or exc.message) from exc
    return people


@dataclass(frozen=True)
class Slice:
    """One page of a register shown newest first (``rows``), with the page number and the count of pages."""

    rows: Sequence[Any]
    page: int
    pages: int
    total: int


def journal_slice(ctx: Any, model: Any, page_param: str | None) -> Slice:
    """A page of a hash-chained journal's entries, newest first, read a page at a time (10,000 workers' journals)."""
    from sqlmodel import func, select

    total = ctx.session.exec(select(func.count()).select_from(model).where(model.org_id == ctx.org.id)).one()
    pages = max(1, -(-total // PER_PAGE))
    page = int(page_param) if page_param and page_param.isdigit() and len(page_param) < 7 else 1
    page = min(max(page, 1), pages)
    rows = list(ctx.session.exec(select(model).where(model.org_id == ctx.org.id).order_by(model.seq.desc())
                                 .offset((page - 1) * PER_PAGE).limit(PER_PAGE)))
    return Slice(rows=rows, page=page, pages=pages, total=total)

