"""Issue 17's path in a real browser: an empty workspace and a 1С export → «Первый запуск» → the pack, approved by one
order → a briefing recorded → the quarterly report sent → the contest score and its ZIP. Screenshots of each page
under the tmp dir."""

import io
import json
import zipfile

import pytest

from tests.test_setup import ZUP, xlsx
from tests.web.browser_support import BROWSER_MARKS, screenshot_page, served_desk

pytestmark = BROWSER_MARKS


@pytest.fixture
def served_empty(workspace, pm):
    """``ohs serve`` on a workspace just made by ``ohs init`` (no profile, no people)."""
    with served_desk(pm, workspace) as url:
        yield url, workspace


@pytest.fixture
def browser_page(tmp_path):
    """A Chromium page at 1366×768 taking screenshots under the tmp dir."""
    with screenshot_page(tmp_path) as page:
        yield page


def _next(page):
    page.click("button:text('Сохранить и дальше')")


def test_from_an_empty_workspace_and_a_1c_export_to_the_approved_pack_journal_report_and_score(
        served_empty, browser_page, invoke, tmp_path):
    base, folder = served_empty
    page = browser_page
    hr = xlsx(tmp_path / "Список сотрудников.xlsx", ZUP)

    page.goto(base + "/")
    page.shot("01-today-empty")
    page.click(".start a:text('Первый запуск')")
    page.wait_for_url("**/setup")
    page.shot("02-setup")
    page.click("text=Начать с первого шага")
    page.wait_for_url("**/setup/profile")
    page.fill("#f-name", "Муниципальное бюджетное учреждение «Спортивная школа олимпийского резерва № 3»")
    page.fill("#f-short_name", "МБУ СШОР № 3")
    page.fill("#f-inn", "7107000000")  # a wrong check digit
    page.fill("#f-okved", "93.19")
    page.select_option("#f-sector", "education")
    page.fill("#f-kpp", "710701001")
    page.fill("#f-legal_address", "300041, г. Тула, ул. Ленина, д. 1")
    _next(page)
    assert "ИНН" in page.locator("#err-inn").inner_text()
    assert page.locator("#f-short_name").input_value() == "МБУ СШОР № 3"  # kept
    page.shot("03-profile-error")
    page.fill("#f-inn", "7107000013")
    _next(page)

    page.wait_for_url(lambda url: "/people/import?next=" in url)
    page.set_input_files("#f-file", str(hr))
    page.click("button:text('Проверить')")
    page.wait_for_selector("text=Будет: добавлено")
    assert "добавлено 5" in page.locator(".big-line").inner_text()
    page.shot("04-import-preview")
    page.click("button:text('Импортировать')")
    page.wait_for_url("**/setup/head")
    assert "добавлено 5" in page.locator(".flash").inner_text()
    page.fill("#f-person", "Петрова Ольга Ивановна")
    _next(page)
    page.wait_for_url("**/setup/specialist")
    page.fill("#f-person", "Колесникова Анна Сергеевна")
    page.fill("#f-order_number", "12-ОТ")
    page.fill("#f-order_date", "2026-01-12")
    page.shot("05-specialist")
    _next(page)
    page.wait_for_url("**/setup/commission")
    page.fill("#f-chair", "Петрова Ольга Ивановна")
    page.fill("#f-members", "Колесникова Анна Сергеевна\nЁлкин Семён Петрович")
    page.fill("#f-order_number", "14-ОТ")
    page.fill("#f-order_date", "2026-01-15")
    _next(page)
    page.wait_for_url("**/setup/instructors")
    for label, who in (("Администрация", "Ёлкин Семён Петрович"), ("Отделение плавания", "Иванова Мария Петровна")):
        page.get_by_label(label, exact=True).fill(who)
    page.fill("#f-order_number", "13-ОТ")
    page.fill("#f-order_date", "2026-01-12")
    page.shot("06-instructors")
    _next(page)
    page.wait_for_url("**/setup/goals")
    page.fill("#f-items", "Отсутствие несчастных случаев на производстве")
    _next(page)
    page.wait_for_url("**/setup/sector")
    assert page.locator("input[value=sports_school]").is_checked()  # offered by the name and ОКВЭД
    _next(page)
    page.wait_for_url("**/setup/district")
    page.fill("#f-addressee", "Заместителю главы администрации города Тулы Иванову И.И.")
    page.fill("#f-deadline_day", "20")
    _next(page)
    page.wait_for_url("**/setup/pack")
    page.click("button:text('Сделать пакет документов СУОТ')")
    page.wait_for_url("**/jobs/*")  # long work: its page reloads itself until the pack is made
    page.wait_for_selector("a:has-text('Утвердить пакет одним приказом')", timeout=300_000)
    assert "Сделано проектов" in page.locator(".flash").inner_text()
    page.shot("07-pack")
    pack = json.loads(invoke("-w", folder, "docs", "list", "--json").output)
    assert {"suot_regulation", "policy", "order_responsible", "order_commission", "order_briefings"} <= {
        d["kind"] for d in pack}
    assert all(d["status"] == "draft" for d in pack)

    # The pack approved by one order: its page leads to the approval form with the pack's drafts ticked and the
    # head as the approver; only the order's number is typed.
    page.click("a:has-text('Утвердить пакет одним приказом')")
    page.wait_for_url("**/documents?select=*")
    ticked = page.locator("input[name=doc]:checked")
    assert ticked.count() == len(pack)
    assert page.locator("#f-by").input_value() == "Петрова Ольга Ивановна"
    page.fill("#f-order_number", "1-ОТ")
    page.shot("07a-approve-form")
    page.click("button:text('Утвердить отмеченные')")
    page.wait_for_selector(f"text=Утверждено документов: {len(pack)} приказом № 1-ОТ.", timeout=300_000)
    page.shot("07b-pack-approved")
    after = {d["id"]: d for d in json.loads(invoke("-w", folder, "docs", "list", "--json").output)}
    order = next(d for d in after.values() if d["kind"] == "order_approve")
    assert order["status"] == "approved" and order["number"] == "1-ОТ"
    # Every document of the pack in force; each with a grif («УТВЕРЖДЕНО приказом», «УТВЕРЖДАЮ») carries the order's
    # number; the pack's own orders are signed by the head and keep none.
    approval = {k["key"]: k["approval"] for k in json.loads(invoke("-w", folder, "docs", "kinds", "--json").output)}
    assert all(after[d["id"]]["status"] == "approved" for d in pack), after
    grifs = [d for d in pack if approval[d["kind"]] != "none"]
    assert {"suot_regulation", "policy"} <= {d["kind"] for d in grifs}
    assert all(after[d["id"]]["order_number"] == "1-ОТ" for d in grifs), after
    assert all(after[d["id"]]["order_number"] is None for d in pack if d not in grifs), after
    page.click("a:has-text('Открыть приказ № 1-ОТ')")
    page.wait_for_selector("text=Утверждён")

    # A briefing for a department, recorded from its sheet.
    page.goto(base + "/briefings")
    page.select_option("#q-kind", "primary")
    page.select_option("#q-department", "Отделение плавания")
    page.click("text=Дальше")
    page.wait_for_url("**/briefings/new?**")
    page.click("text=Подготовить лист для подписей")
    page.wait_for_selector("table.journal")
    page.shot("08-briefing-sheet")
    page.click("button:text('Записать в журнал')")
    page.wait_for_url("**/briefings/journal?**")
    page.shot("09-briefing-journal")
    recorded = json.loads(invoke("-w", folder, "briefing", "list", "--json").output)
    assert [e["person"] for e in recorded] == ["Серов Пётр Ильич"]  # the department but its instructor

    # The quarterly report, on since the district step: «Отправлено» with the date.
    page.goto(base + "/practices")
    page.shot("10-practices")
    page.locator("form[action='/practices/submit'] #f-number").first.fill("15/01")
    page.locator("form[action='/practices/submit'] button").first.click()
    page.wait_for_selector(".flash, [role=alert]")
    assert page.locator(".flash").count(), page.locator("[role=alert]").first.inner_text()
    assert "отмечен отправленным" in page.locator(".flash").inner_text()
    page.shot("11-practices-sent")
    [sent] = json.loads(invoke("-w", folder, "practice", "submissions", "--json").output)
    assert sent["number"] == "15/01"

    # The contest score of the specialist appointed on the way, and the application ZIP.
    import datetime

    from core.testing import fixed_test_today

    published = datetime.date.fromisoformat(fixed_test_today()) - datetime.timedelta(days=100)  # within 5 years
    item = json.loads(invoke("-w", folder, "contest", "specialist", "portfolio", "add", "publication", "Колесникова",
                             "--on", published.isoformat(), "--title", "Статья о СУОТ в спортивной школе", "--json").output)
    page.goto(base + "/contest/specialist")
    assert "Колесникова Анна Сергеевна" in page.locator(".big-line").inner_text()
    before = page.locator(".big-line b").inner_text()
    scan = tmp_path / "Статья.pdf"
    scan.write_bytes(b"%PDF-1.4 the article as published\n")
    row = page.locator(f"form[action='/contest/specialist/evidence']:has(input[name=item][value='{item['id']}'])")
    row.locator("input[type=file]").set_input_files(str(scan))
    row.locator("button").click()
    page.wait_for_selector(".flash")
    assert "«Статья.pdf» приложено" in page.locator(".flash").inner_text()
    assert int(page.locator(".big-line b").inner_text()) > int(before)  # the publication's points now count
    page.shot("12-contest-specialist")
    page.click("button:text('Собрать заявку (ZIP)')")
    page.wait_for_url("**/jobs/*")  # long work: its page reloads itself until the archive is written
    page.wait_for_selector("a:has-text('Скачать zayavka')", timeout=300_000)
    page.shot("12b-contest-pack")
    with page.expect_download() as download:
        page.click("a:has-text('Скачать zayavka')")
    names = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())).namelist()
    assert "facts.yaml" in names
    page.goto(base + "/contest/digital")
    page.shot("13-contest-digital")
    assert page.locator("h1").is_visible()
