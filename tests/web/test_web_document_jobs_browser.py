"""«Документы» in a real browser: the pack as long work with its progress page, the pack approved by one order, a diff.

Skipped, with the reason, where Chromium or Playwright is missing; screenshots go to the test's temporary folder.
"""

import json


from tests.web.browser_support import BROWSER_MARKS

pytestmark = BROWSER_MARKS


def test_the_pack_from_the_documents_page_then_approved_by_one_order(served, browser_page, invoke):
    base, demo = served
    page = browser_page
    page.goto(base + "/documents")
    page.shot("documents-before-pack")
    page.click("button:text('Сделать весь пакет СУОТ')")
    page.wait_for_url("**/jobs/*")
    page.shot("pack-job")  # the progress bar, or already the result on a fast machine
    # The page reloads itself (meta refresh, no script) until the pack is made.
    page.wait_for_selector(".flash:has-text('Сделано проектов')", timeout=60_000)
    page.shot("pack-result")
    made = json.loads(invoke("-w", demo, "docs", "list", "--json").output)
    assert made and all(d["status"] == "draft" for d in made)
    assert page.locator(".job-lines").inner_text().count(", ред. 1") == len(made)
    page.click("text=Утвердить пакет одним приказом")
    page.wait_for_url("**/documents?select=*")
    assert page.locator("input[name=doc]:checked").count() == len(made)
    today = json.loads(invoke("-w", demo, "due", "--json").output)["today"]
    page.fill("#f-on", today)
    page.fill("#f-order_number", "12-од")
    page.shot("documents-approve-form")
    page.click("button:text('Утвердить отмеченные')")
    page.wait_for_url("**/jobs/*")
    page.wait_for_selector(".flash:has-text('Утверждено документов')", timeout=60_000)
    page.shot("approve-result")
    approved = json.loads(invoke("-w", demo, "docs", "list", "--json").output)
    order = [d for d in approved if d["kind"] == "order_approve"]
    assert len(order) == 1 and all(d["status"] == "approved" for d in approved)
    page.click("text=Открыть приказ № 12-од")
    page.wait_for_selector("h1:has-text('Приказ')")
    page.shot("approving-order")


def test_the_diff_of_two_versions_in_the_browser(served, browser_page, invoke):
    from tests.web.test_web_document_jobs import _two_policies

    base, demo = served
    page = browser_page
    _first, second = _two_policies(invoke, demo)
    page.goto(f"{base}/documents/{second['id']}")
    page.click("text=Что изменилось по сравнению с другой редакцией")
    page.wait_for_url("**/diff")
    assert page.locator("del.diff-del").count() == 1 and page.locator("ins.diff-add").count() == 1
    assert "за год" in page.locator("ins.diff-add").inner_text()
    page.shot("document-diff")
