"""The incidents family's page of the desk: «Происшествия» (/incidents)."""

from __future__ import annotations

from pathlib import Path

from core.web.pages import SUOT_GROUP, WebPage

TEMPLATES = Path(__file__).parent / "templates"


def pages() -> list[WebPage]:
    """The incident journal: registration, a case's card, closing and correction."""
    from plugins.suot.incidents.web import correction, incidents

    return [WebPage(path="/incidents", title="Происшествия", position=70,
                    routes=[*incidents.routes(), *correction.routes()],
                    templates=TEMPLATES, group=SUOT_GROUP)]
