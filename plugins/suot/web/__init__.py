"""The СУОТ plugin's pages of the desk: «Мероприятия» (/measures), the plan every family adds to; the pack on «Документы»."""

from __future__ import annotations

from pathlib import Path

from core.web.pages import SUOT_GROUP, WebPage

TEMPLATES = Path(__file__).parent / "templates"


def pages() -> list[WebPage]:
    """The plan of measures; «Сделать весь пакет СУОТ» (a button on «Документы» and on the first run's last step)."""
    from plugins.suot.web import measures, pack

    return [WebPage(path="/measures", title="Мероприятия", position=62, routes=measures.routes(),
                    templates=TEMPLATES, group=SUOT_GROUP),
            WebPage(path="/documents/pack", title=None, routes=pack.routes(), actions=[pack.ACTION, pack.SETUP_ACTION])]
