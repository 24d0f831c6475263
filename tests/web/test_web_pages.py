"""The desk's pages as a user walks them: every menu entry and every link on it answers, never with a traceback."""

import re
from urllib.parse import urljoin, urlparse

import pytest

pytestmark = pytest.mark.storage

#: What must never reach a page: Python's own words for a failure.
LEAKS = ("Traceback", "File \"", "Internal Server Error", "Exception", "sqlalchemy", "jinja2")


#: Pages the built-in plugins contribute through ``web_pages``.
PLUGIN_PAGES = ("/practices", "/contest/specialist", "/contest/digital")


def _links(html, base):
    for href in re.findall(r'href="([^"#]+)"', html):
        url = urljoin(base, href.replace("&amp;", "&"))
        parsed = urlparse(url)
        if parsed.netloc in ("", "testserver") and not parsed.path.startswith("/static/"):
            yield parsed.path + (f"?{parsed.query}" if parsed.query else "")


def _page_links(response, path):
    """The links of a page's own content (after the header's menu, which every page repeats), first seen first."""
    if "text/html" not in response.headers.get("content-type", ""):
        return []
    body = response.text.split('<main id="main">', 1)[-1]
    return list(dict.fromkeys(_links(body, f"http://testserver{path}")))


def _kind(path):
    """Pages of one kind share a path but for their numbers: /people/12 and /people/40 are one kind."""
    return re.sub(r"\d+", "N", path.split("?")[0])


def _walk(client, per_page=25):
    """Open ``/``, each menu entry, every page they link to, and the links of one page of each kind reached.

    As a user clicking through: the menu, then each area's first links, then — for the first worker's card, the
    first document, the first journal entry… — what that page links to (its edit form, its corrections).
    """
    home = client.get("/")
    assert home.status_code == 200, home.text
    menu = re.findall(r'<nav aria-label="Разделы">(.*?)</nav>', home.text, re.S)[0]
    nav = [path for path in _links(menu, "http://testserver/")]
    assert nav[:4] == ["/", "/people", "/documents", "/briefings"], nav
    # The built-in plugins' pages come through the same hook, after the core's; «Первый запуск» last.
    assert set(PLUGIN_PAGES) <= set(nav) and nav[-1] == "/setup", nav
    answers = {}

    def visit(paths):
        for path in paths:
            if path not in answers and not path.startswith("javascript"):
                answers[path] = client.get(path)

    visit(nav)
    for path in nav:  # the first links of each page: every kind of page is reached, not 45 workers' cards
        visit(_page_links(answers[path], path)[:per_page])
    kinds = {}
    for path in list(answers):
        kinds.setdefault(_kind(path), path)
    for path in kinds.values():
        if path not in nav:
            visit(_page_links(answers[path], path)[:per_page])
    return nav, answers


def _assert_clean(answers):
    for path, response in answers.items():
        assert response.status_code < 500, (path, response.text[:500])
        text = response.text if "text/html" in response.headers.get("content-type", "") else ""
        for leak in LEAKS:
            assert leak not in text, (path, leak)


def test_every_page_of_the_demo_answers(demo, desk_client):
    nav, answers = _walk(desk_client(demo))
    for path in nav:
        assert answers[path].status_code == 200, path
    _assert_clean(answers)
    # The walk reached the pages behind the menu, not only the menu itself.
    for prefix in ("/people/", "/documents/kind/", "/briefings/new", "/briefings/journal", "/practices/new",
                   "/setup/profile", "/setup/pack", "/people/import?next=/setup/", "/people/export.xlsx",
                   "/people/export.csv", "/training/new?people=", "/medical/new?people="):
        assert any(p.startswith(prefix) for p in answers), (prefix, sorted(answers))
    # A worker's card leads to its edit form (the second level of the walk).
    assert any(re.fullmatch(r"/people/\d+/edit", p) and answers[p].status_code == 200 for p in answers)
    assert all(answers[p].status_code == 200 for p in answers if p.startswith(("/setup/", "/practices")))
    assert all(answers[p].status_code == 200 for p in answers if p.startswith("/people/")), \
        [p for p in answers if answers[p].status_code != 200]


def test_every_page_of_an_empty_workspace_answers(workspace, desk_client):
    nav, answers = _walk(desk_client(workspace))
    for path in nav:
        assert answers[path].status_code == 200, path
    _assert_clean(answers)
    assert "В списке пока никого нет" in answers["/people"].text
    assert "В журнале пока нет записей" in answers["/briefings"].text
    # The first run is offered, and every one of its steps opens on an empty workspace.
    assert 'href="/setup"' in answers["/"].text.split("</nav>")[1]
    steps = [p for p in answers if p.startswith("/setup/")]
    assert len(steps) >= 9 and all(answers[p].status_code == 200 for p in steps), steps
    assert "Участника нет" in answers["/contest/specialist"].text
    assert "В реестре пока нет практик" in answers["/practices"].text


def test_today_lists_overdue_items_and_findings_with_links(demo, desk_client, invoke):
    """«Сегодня» shows what ``ohs due`` and ``ohs check`` report, each resolvable one linked to its page."""
    import json

    page = desk_client(demo).get("/").text
    due = json.loads(invoke("-w", demo, "due", "--json").output)
    overdue = [i for i in due["items"] if i["status"] == "overdue"]
    assert overdue, "the demo has overdue items"
    from markupsafe import escape

    from core.web.routes.today import SHOWN

    assert f"<b>{len(overdue)}</b> просрочено" in page
    for item in overdue[:SHOWN]:  # the first ones in the order of ``ohs due``; the rest counted by kind
        assert str(escape(item["title"])) in page
    if len(overdue) > SHOWN:
        section = page.split('id="overdue"')[1].split("</ul>")[0]
        assert sum(int(n) for n in re.findall(r" — <b>(\d+)</b></li>", section)) == len(overdue)
    findings = json.loads(invoke("-w", demo, "check", "--json").output)["findings"]
    missing_policy = [f for f in findings if f["subject"] == "policy"]
    assert missing_policy and 'href="/documents/kind/policy"' in page
    # A repeat briefing falls due for someone in the demo: «Выполнить» opens the form for that person.
    assert re.search(r'href="/briefings/new\?kind=(repeat|unscheduled)&amp;people=', page)


def test_people_are_searched_by_name_filtered_by_department_and_paged(demo, desk_client, invoke):
    import json

    client = desk_client(demo)
    people = json.loads(invoke("-w", demo, "people", "list", "--json").output)
    target = people[len(people) // 2]
    surname = target["full_name"].split()[0]
    page = client.get("/people", params={"q": surname.lower()}).text  # typed in lower case
    assert target["full_name"] in page
    expected = sum(1 for p in people if p["full_name"].split()[0].lower().startswith(surname.lower())
                   or any(w.lower().startswith(surname.lower()) for w in p["full_name"].split()[1:]))
    assert f"Найдено: {expected}." in page
    department = target["department"]
    listing = client.get("/people").text
    dept_id = re.search(rf'<option value="(\d+)">{re.escape(department)}</option>', listing).group(1)
    in_dept = [p for p in people if p["department"] == department]
    page = client.get("/people", params={"department": dept_id}).text
    assert f"Найдено: {len(in_dept)}." in page
    assert all(p["full_name"] in page for p in in_dept)


def test_calendar_feed_is_the_due_export(demo, desk_client, invoke, tmp_path):
    feed = desk_client(demo).get("/due.ics")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert feed.text.startswith("BEGIN:VCALENDAR")
    invoke("-w", demo, "due", "--until", "2099-01-01", "--ics", tmp_path / "due.ics")
    uids = lambda text: set(re.findall(r"^UID:(.+?)\r?$", text, re.M))  # noqa: E731
    # The feed looks a year ahead; every event in it is one ``ohs due --ics`` writes too, under the same UID.
    assert uids(feed.text) and uids(feed.text) <= uids((tmp_path / "due.ics").read_text(encoding="utf-8"))


def test_an_unknown_page_or_record_is_a_russian_404(demo, desk_client):
    client = desk_client(demo)
    for path in ("/nope", "/people/999999", "/documents/999999", "/documents/999999/download",
                 "/documents/kind/nope"):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert "Traceback" not in response.text and ("нет" in response.text or "Неизвестный" in response.text), path


def test_today_follows_a_change_made_by_a_command_in_another_window(demo, desk_client, invoke):
    """«Сегодня» is kept between visits, but a change written elsewhere (its audit entry) shows on the next one."""
    client = desk_client(demo)
    title = "Нет документа: Перечень инструкций по охране труда"
    assert title in client.get("/").text
    assert title in client.get("/").text  # kept: the same answer
    made = invoke("-w", demo, "docs", "make", "instructions_list")
    assert made.exit_code == 0, made.output
    assert title not in client.get("/").text
