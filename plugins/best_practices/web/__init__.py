"""The best-practice plugin's pages of ``ohs serve``: ``/practices`` (register, report, workers' proposals) and the
district's ``/district``."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def pages() -> list[Any]:
    """«Передовой опыт» in the menu after the core's pages."""
    from core.web.pages import WebPage
    from plugins.best_practices.web import district, proposals
    from plugins.best_practices.web.routes import routes

    templates = Path(__file__).parent / "templates"
    return [WebPage(path="/practices", title="Передовой опыт", position=60, routes=[*routes(), *proposals.routes()],
                    templates=templates),
            # The district officer's pages on a server with accounts (their only menu).
            WebPage(path="/district", title="Отчёты организаций", position=10, routes=district.routes(),
                    templates=templates, audience="district"),
            WebPage(path="/district/practices", title="Практики района", position=20, audience="district")]
