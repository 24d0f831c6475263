"""The digital-solutions contest's page of ``ohs serve``: ``/contest/digital`` (facts, score, the application ZIP),
with the self-assessment and the questionnaire typed on forms beneath it."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def pages() -> list[Any]:
    """«Конкурс цифровых решений» in the menu."""
    from core.web.pages import CONTESTS_GROUP, WebPage
    from plugins.contest_digital.web import forms
    from plugins.contest_digital.web.routes import routes

    return [WebPage(path="/contest/digital", title="Конкурс цифровых решений", position=75,
                    routes=[*routes(), *forms.routes()],
                    templates=Path(__file__).parent / "templates", group=CONTESTS_GROUP)]
