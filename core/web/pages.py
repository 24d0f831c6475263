"""What a plugin contributes to the web interface: routes, a place in the navigation, sections of a worker's card.

Kept free of Starlette so the hook contract (``core.hookspecs.web_pages``, ``person_card_sections``) can name
the types without importing the web stack; the routes themselves are Starlette ``Route`` objects built by the
plugin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


#: Who a page is for: an organization's accounts, the district officer, anyone (the sign-in form).
AUDIENCES = ("org", "district", "public")
#: The menu's headings the built-in plugins share (a page names one as its ``group``); a third-party plugin
#: may join one of these or name a heading of its own.
SUOT_GROUP = "СУОТ"
CONTESTS_GROUP = "Конкурсы"


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
    core uses 10, 20, 30…); ``group`` puts the entry under a menu heading shared with other pages of that
    name (``"СУОТ"``, ``"Конкурсы"``), so fifteen areas read as eight headings; ``routes`` are Starlette
    routes; ``templates`` is a folder of the plugin's page templates, looked up after the core's (name them
    ``<plugin>/…`` to avoid clashes); ``actions`` are buttons shown on other pages (:class:`PageAction`).
    ``audience`` says who may open the routes under ``path`` on a server with accounts: ``org`` — the
    accounts of one organization (by role), ``district`` — the district officer only, ``public`` — anyone
    (the sign-in form).
    """

    path: str
    title: str | None
    position: int = 100
    routes: Sequence[Any] = field(default_factory=tuple)
    templates: Path | None = None
    actions: Sequence[PageAction] = field(default_factory=tuple)
    group: str | None = None
    audience: str = "org"

    def __post_init__(self) -> None:
        if not self.path.startswith("/"):
            raise ValueError(f"a web page's path must start with '/': {self.path!r}")
        if self.audience not in AUDIENCES:
            raise ValueError(f"a web page's audience is one of {AUDIENCES}: {self.audience!r}")

    def serves(self, path: str) -> bool:
        """True when ``path`` (the request's) is this page or one beneath it: its menu entry is marked current."""
        if self.path == "/":
            return path == "/"
        return path == self.path or path.startswith(self.path.rstrip("/") + "/")


@dataclass(frozen=True)
class MenuGroup:
    """A menu heading and the pages under it, in their order; it stands where its first page would."""

    title: str
    pages: tuple[WebPage, ...]

    @property
    def position(self) -> int:
        """The place of the heading: its earliest page's."""
        return min(p.position for p in self.pages)


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


def menu(pages: Sequence[WebPage], audience: str = "org") -> list[WebPage | MenuGroup]:
    """The navigation as it is shown: pages without a group, and a heading for each group of two or more pages.

    A group left with one page (the other plugin disabled) shows that page alone: a heading over one link
    only adds a click.
    """
    entries = navigation(pages, audience)
    groups: dict[str, list[WebPage]] = {}
    for page in entries:
        if page.group:
            groups.setdefault(page.group, []).append(page)
    result: list[WebPage | MenuGroup] = []
    placed: set[str] = set()
    for page in entries:
        members = groups.get(page.group or "", [])
        if len(members) < 2:
            result.append(page)
        elif page.group not in placed:
            placed.add(page.group or "")
            result.append(MenuGroup(page.group or "", tuple(members)))
    return result


def current_page(entries: Sequence[WebPage | MenuGroup], path: str) -> WebPage | None:
    """The menu's page that ``path`` belongs to: the longest that serves it (``/district/practices``, not ``/district``)."""
    pages = [p for e in entries for p in (e.pages if isinstance(e, MenuGroup) else (e,))]
    serving = [p for p in pages if p.serves(path)]
    return max(serving, key=lambda p: len(p.path)) if serving else None


@dataclass(frozen=True)
class CardLink:
    """A link on a worker's card: a cell that opens a record's page, or an action button above a section."""

    title: str
    href: str


@dataclass(frozen=True)
class CardRow:
    """One row of a card section: its cells (text or a link); ``muted`` for a record that no longer counts."""

    cells: Sequence[str | CardLink]
    muted: bool = False


@dataclass(frozen=True)
class CardSection:
    """One section a plugin adds to a worker's card (``/people/{id}``): the person's records as a titled table.

    ``key`` is the section's anchor on the page (``training``); ``position`` orders the sections (the core's
    briefings stand at 40, the documents acknowledged at 900); ``empty`` is said when there are no rows;
    ``actions`` are buttons shown above the table (a link to the form that records one more); ``note`` is a
    line under the table (what the person holds now, what the rows mean).
    """

    key: str
    title: str
    columns: Sequence[str]
    rows: Sequence[CardRow]
    position: int = 100
    empty: str = "Записей нет."
    actions: Sequence[CardLink] = ()
    note: str | None = None
