"""The district server in a real browser: a school submits its quarterly report, the district officer sees it.

Chromium (Debian's) driven by Playwright against the server in uvicorn, on PostgreSQL; screenshots of every
page visited are written to the test's temporary folder.
"""

from __future__ import annotations

import pytest

from tests.web.browser_support import BROWSER_MARKS, screenshot_page, served_app
from tests.web.server_support import PASSWORDS, build_server

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from build_server(tmp_path_factory)


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
    with served_app(server.web) as base, screenshot_page(tmp_path) as page:
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
        assert any("Журнал инструктажей на планшете" in c for c in cells)

        page.goto(base + "/people")
        assert "районному специалисту видны только страницы" in page.content()
        assert "Андреева" not in page.content()
        page.shot("district-refused-people")
