"""Who may open what on a server with accounts: the one place the roles are turned into refusals.

*specialist* — everything of their organization; *head* — reads everything of their organization,
approves documents and signs off the quarterly report; *viewer* — reads; *district* — the district's
pages only (submissions, summary, practices without anything personal), never an organization's
people, journals or medical data. The organization itself is never taken from the request: it is the
account's (:mod:`core.web.tenancy`), so another organization's record is simply not found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.web.tenancy import SignedIn

#: What a head may change: approving documents and signing off (sending) the quarterly report.
HEAD_ACTIONS = (
    re.compile(r"/documents/\d+/approve"),
    re.compile(r"/documents/approve"),
    re.compile(r"/practices/submit"),
)

#: Paths every signed-in account may use.
ALWAYS = ("/logout",)

READ_METHODS = ("GET", "HEAD")


def under(path: str, prefix: str) -> bool:
    """``path`` is ``prefix`` or one of its sub-pages (``/district`` covers ``/district/summary.docx``)."""
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


def refusal(account: SignedIn, method: str, path: str, district_paths: Sequence[str]) -> str | None:
    """Why ``account`` may not ``method`` ``path`` (a Russian sentence), or None when it may."""
    if path in ALWAYS:
        return None
    district_page = any(under(path, prefix) for prefix in district_paths)
    if account.role == "district":
        if district_page:
            return None if method in READ_METHODS else "Районная учётная запись только просматривает и скачивает отчёты."
        return ("Эта страница — для работников организации: районному специалисту видны только страницы "
                "«Район» (отчёты, сводка, практики без персональных данных).")
    if district_page:
        return "Страницы района открыты только учётной записи администрации района."
    if method in READ_METHODS:
        return None
    if account.role == "specialist":
        return None
    if account.role == "head" and any(p.fullmatch(path) for p in HEAD_ACTIONS):
        return None
    if account.role == "head":
        return ("Учётная запись руководителя читает всё, утверждает документы и подписывает квартальный отчёт; "
                "остальные изменения вносит специалист по охране труда.")
    return "Учётная запись «просмотр» только читает: изменения вносит специалист по охране труда."
