"""The schedule family's pages of the desk: «Обучение» (/training), «Медосмотры» (/medical), «СОУТ» (/sout)."""

from __future__ import annotations

from pathlib import Path

from core.web.pages import SUOT_GROUP, WebPage

TEMPLATES = Path(__file__).parent / "templates"


def pages() -> list[WebPage]:
    """The three registers, after the core's pages in the navigation."""
    from plugins.suot.schedule.web import medical, sout, training

    return [
        WebPage(path="/training", title="Обучение", position=50, routes=training.routes(), templates=TEMPLATES,
                group=SUOT_GROUP),
        WebPage(path="/medical", title="Медосмотры", position=52, routes=medical.routes(), templates=TEMPLATES,
                group=SUOT_GROUP),
        WebPage(path="/sout", title="СОУТ", position=54, routes=sout.routes(), templates=TEMPLATES, group=SUOT_GROUP),
    ]
