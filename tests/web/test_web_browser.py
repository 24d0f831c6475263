"""The desk in a real browser: Debian's headless Chromium driven by Playwright, against a running server.

Skipped, with the reason, where Chromium or Playwright is missing (``.ci/run`` installs Chromium as it
installs LibreOffice). Screenshots of every page visited are written to the test's temporary folder.
"""

import io
import json


from tests.web.browser_support import BROWSER_MARKS

pytestmark = BROWSER_MARKS


def _no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_every_menu_page_renders_at_desk_and_phone_width(served, browser_page):
    base, _ = served
    page = browser_page
    for width, label in ((1366, "desk"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 768 if width > 800 else 844})
        for path, name in (("/", "today"), ("/people", "people"), ("/documents", "documents"),
                           ("/briefings", "briefings"), ("/briefings/journal", "journal"), ("/setup", "setup"),
                           ("/setup/profile", "setup-profile"), ("/practices", "practices"),
                           ("/contest/specialist", "contest-specialist"), ("/contest/digital", "contest-digital")):
            page.goto(base + path)
            assert page.locator("h1").first.is_visible()
            assert "Traceback" not in page.content()
            assert _no_horizontal_scroll(page), (path, label)  # the journal scrolls inside its sheet only
            page.shot(f"{name}-{label}")
    # Keyboard: the first Tab reaches «К содержанию», the next ones the menu.
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "К содержанию"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/"


def test_brief_a_department_print_its_sheet_and_record_it(served, browser_page, invoke):
    base, demo = served
    page = browser_page
    before = json.loads(invoke("-w", demo, "briefing", "list", "--json").output)
    workers = [p for p in json.loads(invoke("-w", demo, "people", "list", "--json").output)
               if p["department"] == "Хозяйственный отдел"]
    page.goto(base + "/briefings")
    page.shot("briefings")
    page.select_option("#q-kind", "repeat")
    page.select_option("#q-department", "Хозяйственный отдел")
    page.click("text=Дальше")
    page.wait_for_url("**/briefings/new?**")
    assert page.locator("#f-instructor").input_value() != ""  # the department's appointed instructor
    page.shot("briefing-form")
    page.click("text=Подготовить лист для подписей")
    page.wait_for_selector("table.journal")
    page.shot("briefing-sheet")
    names = page.locator("table.journal tbody tr td:nth-child(4)").all_inner_texts()
    instructor = page.locator("table.journal tbody tr td:nth-child(9)").first.inner_text()
    assert names and set(names) <= {w["full_name"] for w in workers}
    assert len(names) == len([w for w in workers if not instructor.startswith(w["full_name"] + ",")])
    # Printed: the menu and buttons go, the journal's eleven columns and the names stay.
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible() and not page.locator("button:text('Записать в журнал')").is_visible()
    assert page.locator("table.journal thead tr.numbers th:visible").count() == 11
    page.pdf(path=str(page.shot("briefing-sheet-print").with_suffix(".pdf")), landscape=True)
    page.emulate_media(media="screen")
    # One did not come: unticked, then the sheet is recorded in one step.
    page.locator("input[name=present]").last.uncheck()
    page.click("button:text('Записать в журнал')")
    page.wait_for_url("**/briefings/journal?**")
    assert f"Записано в журнал: {len(names) - 1}" in page.locator(".flash").inner_text()
    page.shot("briefing-journal")
    after = json.loads(invoke("-w", demo, "briefing", "list", "--json").output)
    new = after[len(before):]
    assert sorted(e["person"] for e in new) == sorted(names[:-1])
    assert {e["kind"] for e in new} == {"repeat"}


def test_make_approve_and_download_a_document(served, browser_page, invoke):
    import docx

    base, demo = served
    page = browser_page
    invoke("-w", demo, "suot", "goal", "add", "Отсутствие несчастных случаев на производстве",
           "--indicator", "Число несчастных случаев", "--target", "0")
    page.goto(base + "/documents")
    # «Что нужно» is filled in by the page's script, one kind at a time.
    page.wait_for_selector("tr:has(a[href='/documents/kind/policy']) td[data-fill] .ok")
    page.shot("documents")
    page.click("a[href='/documents/kind/policy'] >> nth=0")
    assert page.locator("text=Данных достаточно").is_visible()
    page.click("text=Сделать проект")
    page.wait_for_selector("text=Сделан проект, редакция 1.")
    page.shot("document-draft")
    today = json.loads(invoke("-w", demo, "due", "--json").output)["today"]
    page.fill("#f-on", today)
    page.fill("#f-order_number", "")
    page.click("button:text('Утвердить')")
    page.wait_for_selector("text=Документ утверждён")
    page.shot("document-approved")
    with page.expect_download() as download_info:
        page.click("text=Скачать DOCX")
    path = download_info.value.path()
    document = docx.Document(io.BytesIO(open(path, "rb").read()))
    assert any("ПОЛИТИКА" in p.text for p in document.paragraphs)
    grif = next(c.text for t in document.tables for row in t.rows for c in row.cells if c.text.startswith("УТВЕРЖДАЮ"))
    year, month, day = today.split("-")
    assert f"{day}.{month}.{year}" in grif
    listed = json.loads(invoke("-w", demo, "docs", "list", "--json").output)
    assert [(d["kind"], d["status"]) for d in listed] == [("policy", "approved")]


def test_a_worker_is_added_with_a_mistake_corrected_on_the_form(served, browser_page, invoke):
    base, demo = served
    page = browser_page
    page.goto(base + "/people")
    page.click("text=Добавить работника")
    page.fill("#f-full_name", "Новикова Анна Петровна")
    page.fill("#f-position", "Бухгалтер")
    page.fill("#f-department", "Бухгалтерия")
    page.fill("#f-hired_on", "2024-09-01")
    page.fill("#f-snils", "112-233-445 00")
    page.click("button:text('Добавить')")
    error = page.locator("#err-snils")
    assert "контрольное число" in error.inner_text()
    assert page.locator("#f-full_name").input_value() == "Новикова Анна Петровна"
    assert page.evaluate("document.activeElement.id") == "f-snils"  # the cursor waits in the field to fix
    page.shot("person-form-error")
    page.fill("#f-snils", "112-233-445 95")
    page.click("button:text('Добавить')")
    page.wait_for_selector("text=Добавлен(а): Новикова Анна Петровна.")
    page.shot("person-card")
    people = json.loads(invoke("-w", demo, "people", "list", "--json").output)
    assert [p["snils"] for p in people if p["full_name"] == "Новикова Анна Петровна"] == ["112-233-445 95"]
