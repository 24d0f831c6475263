"""The best-practice plugin's pages of ``ohs serve``: ``/practices`` (register, new practice, quarterly report)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def pages() -> list[Any]:
    """«Передовой опыт» in the menu after the core's pages."""
    from core.web.pages import WebPage
    from plugins.best_practices.web.routes import routes

    return [WebPage(path="/practices", title="Передовой опыт", position=60, routes=routes(),
                    templates=Path(__file__).parent / "templates")]
