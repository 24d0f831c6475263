"""What a plugin contributes to the web interface: routes and a place in the navigation.

Kept free of Starlette so the hook contract (``core.hookspecs.web_pages``) can name the type without
importing the web stack; the routes themselves are Starlette ``Route`` objects built by the plugin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


#: Who a page is for: an organization's accounts, the district officer, anyone (the sign-in form).
AUDIENCES = ("org", "district", "public")


@dataclass(frozen=True)
class PageAction:
    """A button a plugin puts on another plugin's page (the СУОТ pack on «Документы»): a form posted to ``url``.

    ``on`` is the path of the page that shows it; ``hint`` a line under the button.
    """

    on: str
    title: str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class WebPage:
    """One area of the interface (``/people``, ``/briefings``…) as a plugin declares it.

    ``path`` is the navigation link; ``title`` the Russian label (None: the routes are served but the
    page has no navigation entry, as ``/due.ics``); ``position`` orders the navigation (lower first; the
    core uses 10, 20, 30…); ``routes`` are Starlette routes; ``templates`` is a folder of the plugin's page
    templates, looked up after the core's (name them ``<plugin>/…`` to avoid clashes); ``actions`` are buttons
    shown on other pages (:class:`PageAction`). ``audience`` says who may open the routes under ``path`` on a
    server with accounts: ``org`` — the accounts of one organization (by role), ``district`` — the district
    officer only, ``public`` — anyone (the sign-in form).
    """

    path: str
    title: str | None
    position: int = 100
    routes: Sequence[Any] = field(default_factory=tuple)
    templates: Path | None = None
    actions: Sequence[PageAction] = field(default_factory=tuple)
    audience: str = "org"

    def __post_init__(self) -> None:
        if not self.path.startswith("/"):
            raise ValueError(f"a web page's path must start with '/': {self.path!r}")
        if self.audience not in AUDIENCES:
            raise ValueError(f"a web page's audience is one of {AUDIENCES}: {self.audience!r}")


def navigation(pages: Sequence[WebPage], audience: str = "org") -> list[WebPage]:
    """The pages with a navigation entry for ``audience``, in their declared order (then by path, for a stable menu)."""
    return sorted((p for p in pages if p.title and p.audience == audience), key=lambda p: (p.position, p.path))


def page_actions(pages: Sequence[WebPage]) -> dict[str, list[PageAction]]:
    """The buttons the plugins put on each page, by the page's path (in the pages' order)."""
    found: dict[str, list[PageAction]] = {}
    for page in sorted(pages, key=lambda p: (p.position, p.path)):
        for action in page.actions:
            found.setdefault(action.on, []).append(action)
    return found
