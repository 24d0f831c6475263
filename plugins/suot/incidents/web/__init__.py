"""The incidents family's page of the desk: «Происшествия» (/incidents)."""

from __future__ import annotations

from pathlib import Path

from core.web.pages import SUOT_GROUP, WebPage

TEMPLATES = Path(__file__).parent / "templates"


def pages() -> list[WebPage]:
    """The incident journal."""
    from plugins.suot.incidents.web import incidents

    return [WebPage(path="/incidents", title="Происшествия", position=70, routes=incidents.routes(),
                    templates=TEMPLATES, group=SUOT_GROUP)]
