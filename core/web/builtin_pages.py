"""The core's own pages, contributed through the ``web_pages`` hook like any plugin's."""

from __future__ import annotations

from core.web.pages import WebPage


def core_pages() -> list[WebPage]:
    """Сегодня, Работники, Документы, Инструктажи, Первый запуск; and the calendar feed without a menu entry."""
    from core.web import signin
    from core.web.routes import briefings, documents, people, setup, today

    home, feed = today.routes()
    return [
        WebPage(path="/", title="Сегодня", position=10, routes=[home]),
        WebPage(path="/people", title="Работники", position=20, routes=people.routes()),
        WebPage(path="/documents", title="Документы", position=30, routes=documents.routes()),
        WebPage(path="/briefings", title="Инструктажи", position=40, routes=briefings.routes()),
        WebPage(path="/setup", title="Первый запуск", position=90, routes=setup.routes()),
        WebPage(path="/due.ics", title=None, position=1000, routes=[feed]),
        # Sign-in and sign-out on a server with accounts (in local mode they send the user to «Сегодня»).
        WebPage(path="/login", title=None, position=1001, routes=signin.routes(), audience="public"),
    ]
