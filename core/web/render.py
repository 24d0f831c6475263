"""Pages rendered on the server: one Jinja2 environment (autoescape on) with the documents' Russian filters."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from core.web.links import fill_link
from core.web.pages import WebPage, current_page, menu, navigation, page_actions

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def _date_numeric(value: Any) -> str:
    from core.render.russian_dates import date_numeric

    return date_numeric(value) if value else "—"


def _date_long(value: Any) -> str:
    from core.render.russian_dates import date_long

    return date_long(value) if value else "—"


def _plural(n: Any, one: str, few: str, many: str, with_number: bool = True) -> str:
    from core.render.russian_numbers import plural

    return plural(n, one, few, many, with_number)


def _lower_first(value: Any) -> str:
    from core.render.russian import lower_first

    return lower_first(value)


def make_environment(pages: Sequence[WebPage]) -> Environment:
    """The page environment: the core's templates first, then each plugin's folder.

    StrictUndefined as in documents: a page that names a value its route did not pass fails in tests,
    not silently blank in front of the user. Autoescape for every file, since pages show what users typed.
    """
    folders = [TEMPLATES_DIR, *(p.templates for p in pages if p.templates)]
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(date_numeric=_date_numeric, date_long=_date_long, plural=_plural, lower_first=_lower_first)
    env.globals["navigation"] = navigation(pages)
    env.globals["district_navigation"] = navigation(pages, "district")
    env.globals["page_actions"] = page_actions(pages)
    # The same entries under their headings, as the header shows them (templates/nav.html).
    env.globals["menu"] = menu(pages)
    env.globals["district_menu"] = menu(pages, "district")
    env.globals["current_page"] = current_page
    env.globals["fill_link"] = fill_link  # where a value a document lacks is typed (instead of its command)
    return env
