"""The risks family's pages of the desk: «Риски» (/risks) and «Производственный контроль» (/control)."""

from __future__ import annotations

from pathlib import Path

from core.web.pages import SUOT_GROUP, WebPage

TEMPLATES = Path(__file__).parent / "templates"


def pages() -> list[WebPage]:
    """The risk register and the control acts."""
    from plugins.suot.risks.web import control, risks

    return [WebPage(path="/risks", title="Риски", position=60, routes=risks.routes(), templates=TEMPLATES,
                    group=SUOT_GROUP),
            WebPage(path="/control", title="Контроль", position=72, routes=control.routes(), templates=TEMPLATES,
                    group=SUOT_GROUP)]
