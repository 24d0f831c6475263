"""The specialist contest's page of ``ohs serve``: ``/contest/specialist`` (facts, score, the application ZIP)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def pages() -> list[Any]:
    """«Конкурс: специалист» in the menu."""
    from core.web.pages import CONTESTS_GROUP, WebPage
    from plugins.contest_specialist.web.routes import routes

    return [WebPage(path="/contest/specialist", title="Конкурс специалистов", position=70, routes=routes(),
                    templates=Path(__file__).parent / "templates", group=CONTESTS_GROUP)]
