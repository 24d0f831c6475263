"""The district server in a real browser: a school submits its quarterly report, the district officer sees it.

Chromium (Debian's) driven by Playwright against the server in uvicorn, on PostgreSQL; screenshots of every
page visited are written to the test's temporary folder.
"""

from __future__ import annotations

import contextlib
import threading
import time

import pytest

from tests.web.browser_support import BROWSER_MARKS, screenshot_page
from tests.web.server_support import PASSWORDS, build_server

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from build_server(tmp_path_factory)


@contextlib.contextmanager
def served(web):
    """The server's application in uvicorn on a free port of 127.0.0.1: yields its base URL."""
    import uvicorn

    from tests.web.test_web_serve import free_port

    port = free_port()
    runner = uvicorn.Server(uvicorn.Config(web, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    for _ in range(200):  # bounded wait for the socket; the test never reads the clock
        if runner.started:
            break
        time.sleep(0.05)
    assert runner.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        runner.should_exit = True
        thread.join(timeout=10)


def _sign_in(page, login):
    page.fill("#f-login", login)
    page.fill("#f-password", PASSWORDS[login])
    page.click("button:has-text('Войти')")


def test_a_school_submits_and_the_district_sees_it(server, tmp_path):
    import docx

    from core.clock import today

    school = server.root / "orgs" / "school-a"
    server.run("-w", school, "practice", "add", "--category", "osh_service", "--title", "Журнал инструктажей на планшете",
               "--description", "Инструктажи записываются в программе", "--effect", "Нет пропущенных инструктажей",
               "--implemented", today().isoformat())
    quarter = (today().month - 1) // 3 + 1
    with served(server.web) as base, screenshot_page(tmp_path) as page:
        page.goto(base + "/practices")
        assert "/login" in page.url  # every page asks to sign in first
        page.shot("login")
        _sign_in(page, "spec-a")
        assert page.url.endswith("/practices")
        form = page.locator(f'form[action="/practices/submit"]:has(input[name="quarter"][value="{quarter}"])'
                            f':has(input[name="year"][value="{today().year}"])')
        form.locator("input[name=number]").fill("21-ОТ")
        form.locator("button:has-text('Отправить отчёт в администрацию')").click()
        assert "направлен" in page.content()
        page.shot("school-submitted")
        page.click("footer button:has-text('Выйти')")
        assert "/login" in page.url

        _sign_in(page, "kirov")
        assert page.url.endswith("/district")
        row = page.locator("tr", has=page.locator("td", has_text="Школа А"))
        assert "направлен" in row.inner_text() and "21-ОТ" in row.inner_text()
        page.shot("district-status")
        with page.expect_download() as download:
            page.click("text=Сводка для администрации (DOCX)")
        path = tmp_path / "summary.docx"
        download.value.save_as(path)
        cells = [c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells]
        assert "Школа А" in cells
        assert "Журнал инструктажей на планшете" in cells

        page.goto(base + "/people")
        assert "районному специалисту видны только страницы" in page.content()
        assert "Андреева" not in page.content()
        page.shot("district-refused-people")
