"""The registers' new forms in a real browser (Debian's headless Chromium), at 1366×768 and at 390 px: an incident
corrected from its card, workers' proposals decided, a quarterly report sent again with its reason, the digital
contest's self-assessment. Screenshots are written under the test's temporary folder.
"""

import json

from core.testing import fixed_test_today
from tests.web.browser_support import BROWSER_MARKS

pytestmark = BROWSER_MARKS

PHONE = {"width": 390, "height": 844}


def _both_widths(page, name, part=None):
    """A screenshot at the laptop's width and one at a phone's (also of ``part`` alone, a selector, on a long page);
    nothing scrolls sideways on the phone."""
    for width, viewport in (("desk", {"width": 1366, "height": 768}), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (name, width)
        path = page.shot(f"{name}-{width}")
        if part:
            page.locator(part).screenshot(path=str(path.with_name(f"{name}-{width}-part.png")))
    page.set_viewport_size({"width": 1366, "height": 768})


def test_an_incident_is_corrected_from_its_card(served, browser_page, invoke):
    base, folder = served
    page = browser_page
    case = json.loads(invoke("-w", folder, "incidents", "list", "--json").output)[0]
    page.goto(f"{base}/incidents/{case['id']}")
    page.get_by_role("link", name="Исправить").click()
    page.wait_for_url(f"**/incidents/{case['id']}/correct")
    _both_widths(page, "incident-correct")
    page.get_by_label("Место").fill(case["place"] + ", у окна")
    page.get_by_role("button", name="Записать исправление").click()
    # The browser itself asks for the reason first (the server would refuse it too).
    assert page.get_by_label("Причина исправления").evaluate("e => e.validity.valueMissing")
    assert page.url.endswith("/correct")
    page.get_by_label("Причина исправления").fill("уточнено по объяснительной")
    page.get_by_role("button", name="Записать исправление").click()
    page.wait_for_url(f"**/incidents/{case['id']}#history")
    history = page.locator("#history + p + table").inner_text()
    assert "уточнено по объяснительной" in history and f"{case['place']}, у окна" in history
    _both_widths(page, "incident-card-history")


def test_proposals_are_decided_on_their_page(served, browser_page, invoke):
    base, folder = served
    page = browser_page
    page.goto(f"{base}/practices")
    page.get_by_role("link", name="Предложения работников").click()
    page.wait_for_url("**/practices/proposals")
    page.locator("#add summary").click()
    page.locator("#add-text").fill("Поставить резиновые коврики у душевых")
    page.get_by_role("button", name="Записать", exact=True).click()
    page.wait_for_url("**/practices/proposals")
    assert "Записано предложение" in page.locator(".flash").inner_text()
    new = max(json.loads(invoke("-w", folder, "practice", "proposal", "list", "--json").output), key=lambda p: p["id"])
    card = page.locator(f"#p{new['id']}")
    card.locator("summary", has_text="Принять").click()
    _both_widths(page, "proposals")
    card.get_by_label("Область практики").select_option("organization")
    card.get_by_label("Эффект").fill("нет падений у душевых")
    card.get_by_role("button", name="Принять и добавить в реестр").click()
    page.wait_for_url("**/practices/proposals")
    assert "принято: в реестр добавлена практика" in page.locator(".flash").inner_text()


def test_a_sent_report_is_sent_again_with_its_reason(served, browser_page, invoke):
    base, folder = served
    page = browser_page
    sent = json.loads(invoke("-w", folder, "practice", "submissions", "--json").output)
    page.goto(f"{base}/practices")
    page.locator("#again summary").click()
    page.locator("#again-on").fill(fixed_test_today())
    _both_widths(page, "practices-resubmit", "#again")
    page.get_by_label("Причина повторной отправки").fill("добавлен видеоролик")
    page.get_by_role("button", name="Отправлено повторно").click()
    page.wait_for_url("**/practices")
    assert f"редакция {sent[-1]['version'] + 1}" in page.locator(".flash").inner_text()


def test_the_digital_contest_self_assessment_updates_the_score(served, browser_page):
    base, _folder = served
    page = browser_page
    page.goto(f"{base}/contest/digital")
    before = int(page.locator("p.big-line b").first.inner_text())
    page.get_by_role("link", name="Заполнить самооценку").click()
    page.wait_for_url("**/contest/digital/assessment")
    _both_widths(page, "digital-assessment")
    page.locator("#f-support input[value='video_instructions']").set_checked(
        not page.locator("#f-support input[value='video_instructions']").is_checked())
    page.get_by_role("button", name="Записать самооценку").click()
    page.wait_for_url("**/contest/digital#sections")
    assert "Самооценка записана (изменено ответов: 1)" in page.locator(".flash").inner_text()
    assert int(page.locator("p.big-line b").first.inner_text()) != before
    page.goto(f"{base}/contest/digital/questionnaire")
    _both_widths(page, "digital-questionnaire")
    page.goto(f"{base}/contest/digital")
    _both_widths(page, "digital-score", "#application")
