"""The СУОТ plugin's own page of the desk: «Мероприятия» (/measures), the plan every family adds to."""

from __future__ import annotations

from pathlib import Path

from core.web.pages import SUOT_GROUP, WebPage

TEMPLATES = Path(__file__).parent / "templates"


def pages() -> list[WebPage]:
    """The plan of measures."""
    from plugins.suot.web import measures

    return [WebPage(path="/measures", title="Мероприятия", position=62, routes=measures.routes(),
                    templates=TEMPLATES, group=SUOT_GROUP)]
