"""The desk's menu and a worker's card in a real browser (Debian's headless Chromium), at 1366×768 and at 390 px.

Fifteen areas under eight headings: one line at a laptop's width, a row that scrolls sideways on a phone, the groups
opening with the keyboard and without any script. Screenshots are written under the test's temporary folder.
"""

import json


from tests.web.browser_support import BROWSER_MARKS, CHROMIUM

pytestmark = BROWSER_MARKS

DESK = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _tops(page, selector):
    return page.eval_on_selector_all(selector, "els => els.map(e => Math.round(e.getBoundingClientRect().top))")


def _no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_menu_is_one_line_of_headings_opened_by_keyboard(served, browser_page):
    base, _ = served
    page = browser_page
    page.goto(base + "/")
    entries = page.locator("nav[aria-label='Разделы'] a")
    assert entries.count() == 15  # every area is still in the menu
    headings = page.locator(".menu-bar > li")
    assert headings.count() == 8
    assert len(set(_tops(page, ".menu-bar > li"))) == 1  # one line, nothing wrapped
    assert page.evaluate("document.querySelector('header.top').offsetHeight") <= 64
    assert not page.locator("a[href='/training']").is_visible()  # under its heading until opened
    page.shot("menu-desk")
    # Keyboard: «К содержанию», the name, four entries, then the «СУОТ» heading; Enter opens it.
    for _ in range(7):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "СУОТ"
    page.keyboard.press("Enter")
    assert page.locator("a[href='/training']").is_visible()
    drop = page.locator(".menu-drop:visible a").all_inner_texts()
    assert drop == ["Обучение", "Медосмотры", "СОУТ", "Риски", "Мероприятия", "Происшествия", "Контроль"]
    page.shot("menu-desk-open")
    page.keyboard.press("Escape")  # the page's script closes it and gives the focus back to the heading
    assert not page.locator("a[href='/training']").is_visible()
    assert page.evaluate("document.activeElement.textContent") == "СУОТ"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/training"
    page.keyboard.press("Enter")
    page.wait_for_url("**/training")
    # Inside the group: its heading is marked and its pages stand on a second line, the current one marked.
    assert "here" in page.locator(".menu-group summary", has_text="СУОТ").get_attribute("class")
    line = page.locator("nav[aria-label='СУОТ']")
    assert line.is_visible() and line.locator("[aria-current=page]").inner_text() == "Обучение"
    assert len(set(_tops(page, ".menu-line li"))) == 1
    page.shot("menu-desk-group")
    line.locator("a[href='/medical']").click()
    page.wait_for_url("**/medical")
    assert page.locator("nav[aria-label='СУОТ'] [aria-current=page]").inner_text() == "Медосмотры"


def test_the_menu_on_a_phone_scrolls_sideways_and_opens_across_the_screen(served, browser_page):
    base, _ = served
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(base + "/people")
    assert _no_horizontal_scroll(page)
    assert len(set(_tops(page, ".menu-bar > li"))) == 1  # a row that scrolls, not eight lines
    assert page.evaluate("document.querySelector('header.top').offsetHeight") <= 100
    page.shot("menu-phone")
    page.locator(".menu-group summary", has_text="СУОТ").click()
    box = page.locator(".menu-drop:visible").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.locator("a[href='/control']").is_visible()
    page.shot("menu-phone-open")
    page.locator("a[href='/control']").click()
    page.wait_for_url("**/control")
    assert _no_horizontal_scroll(page)
    page.shot("menu-phone-group")


def test_the_menu_works_without_javascript(served, tmp_path):
    from playwright.sync_api import sync_playwright

    base, _ = served
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport=DESK, java_script_enabled=False)
        page.goto(base + "/")
        page.locator(".menu-group summary", has_text="Конкурсы").click()
        page.locator("a[href='/contest/digital']").click()
        page.wait_for_url("**/contest/digital")
        assert page.locator("nav[aria-label='Конкурсы'] [aria-current=page]").inner_text() == "Конкурс цифровых решений"
        browser.close()


def test_a_workers_card_and_its_edit_form_read_at_desk_and_phone_width(served, browser_page, invoke):
    base, demo = served
    page = browser_page
    person = json.loads(invoke("-w", demo, "people", "list", "--json").output)[0]
    for size, label in ((DESK, "desk"), (PHONE, "phone")):
        page.set_viewport_size(size)
        page.goto(f"{base}/people/{person['id']}")
        for heading in ("Должности", "Инструктажи", "Обучение и проверка знания", "Медицинские осмотры",
                        "СИЗ: выдача и возврат", "Ознакомлен(а) с документами"):
            assert page.locator("h2", has_text=heading).count() == 1, heading
        assert _no_horizontal_scroll(page)
        page.shot(f"card-{label}")
        page.click("text=Изменить")
        page.wait_for_url("**/edit")
        assert page.locator("#f-full_name").input_value() == person["full_name"]
        assert _no_horizontal_scroll(page)
        page.shot(f"edit-{label}")
