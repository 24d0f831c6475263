"""Forms of the desk: what is written goes through the services; refused input keeps the values and writes nothing."""

import io
import json
import re

import pytest

from core.testing import csrf_of, finished_job

pytestmark = pytest.mark.storage


def _alerts(html):
    return re.findall(r'role="alert">(?:<p>)?([^<]*)<', html)


def _flash(html):
    return re.findall(r'class="flash"[^>]*>([^<]*)<', html)


def _audit(invoke, folder):
    """The audit log's rows as the database holds them (actor, action), read through a fresh session."""
    from sqlmodel import select

    from core.app import App
    from core.plugins import get_plugin_manager
    from core.storage.models import AuditEntry

    app = App(get_plugin_manager(entry_points=False), workspace=str(folder))
    with app.session(write=False) as session:
        return [(e.actor, e.action) for e in session.exec(select(AuditEntry).order_by(AuditEntry.id))]


def _people(invoke, folder):
    return json.loads(invoke("-w", folder, "people", "list", "--all", "--json").output)


def test_a_post_without_the_form_token_is_refused(workspace, desk_client, invoke):
    client = desk_client(workspace)
    token = csrf_of(client.get("/people/new").text)
    card = {"full_name": "Новикова Анна Петровна", "position": "Бухгалтер", "hired_on": "2024-09-01"}
    before = _audit(invoke, workspace)
    for data, headers in (
        (card, {}),                                                   # no token at all
        ({**card, "csrf": "0" * 40}, {}),                             # a token made up
        ({**card, "csrf": token}, {"Origin": "http://evil.example"}),  # another site's page posting here
    ):
        response = client.post("/people/new", data=data, headers=headers, follow_redirects=False)
        assert response.status_code == 403
        assert "Форма устарела или отправлена не со страницы программы" in response.text
    other = desk_client(workspace)  # another browser: its own session cookie, so this page's token is not its
    response = other.post("/people/new", data={**card, "csrf": token}, follow_redirects=False)
    assert response.status_code == 403
    assert _people(invoke, workspace) == [] and _audit(invoke, workspace) == before
    # The same form with its token is accepted.
    response = client.post("/people/new", data={**card, "csrf": token}, follow_redirects=False)
    assert response.status_code == 303 and [p["full_name"] for p in _people(invoke, workspace)] == [card["full_name"]]


def test_the_session_cookie_is_httponly_and_samesite(workspace, desk_client):
    response = desk_client(workspace).get("/")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("ohs_session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_bad_input_shows_the_fields_message_keeps_the_values_and_writes_nothing(workspace, desk_client, invoke):
    client = desk_client(workspace)
    token = csrf_of(client.get("/people/new").text)
    before = _audit(invoke, workspace)
    typed = {"csrf": token, "full_name": "Новикова Анна Петровна", "position": "Бухгалтер", "hired_on": "2024-09-01",
             "snils": "112-233-445 00", "department": "Бухгалтерия", "rate": "0,5"}
    response = client.post("/people/new", data=typed, follow_redirects=False)
    assert response.status_code == 400
    # The validator's own sentence (the one ``ohs people add`` prints), next to the СНИЛС field.
    cli = invoke("-w", workspace, "people", "add", typed["full_name"], "--position", "Бухгалтер",
                 "--hired-on", "2024-09-01", "--snils", typed["snils"])
    sentence = cli.output.strip().removeprefix("Ошибка: ") if cli.output else None
    message = re.search(r'<p class="field-error" id="err-snils" role="alert">([^<]*)</p>', response.text)
    assert message, response.text
    assert "контрольное число" in message.group(1)
    assert sentence is None or sentence == message.group(1)
    for key in ("full_name", "position", "snils", "department", "rate"):
        assert f'value="{typed[key]}"' in response.text, key
    assert _people(invoke, workspace) == [] and _audit(invoke, workspace) == before
    # A date in the future is the service's refusal: shown above the form, values kept, nothing written.
    response = client.post("/people/new", data={**typed, "snils": "", "hired_on": "2099-01-01"})
    assert response.status_code == 400 and any("ещё не наступила" in a for a in _alerts(response.text))
    assert 'value="2099-01-01"' in response.text and _people(invoke, workspace) == []


def test_add_and_dismiss_through_the_services_with_the_web_actor(workspace, desk_client, invoke, monkeypatch):
    monkeypatch.setenv("OHS_USER", "специалист-веб")
    client = desk_client(workspace)
    token = csrf_of(client.get("/people/new").text)
    response = client.post("/people/new", data={
        "csrf": token, "full_name": "Новикова Анна Петровна", "position": "Бухгалтер", "hired_on": "2024-09-01",
        "department": "Бухгалтерия", "snils": "112-233-445 95"}, follow_redirects=False)
    assert response.status_code == 303
    card = client.get(response.headers["location"])
    assert _flash(card.text) == ["Добавлен(а): Новикова Анна Петровна."]
    person = _people(invoke, workspace)[0]
    assert (person["department"], person["snils"]) == ("Бухгалтерия", "112-233-445 95")
    # Dismissed before being hired: the service refuses, nothing changes.
    url = f"/people/{person['id']}/dismiss"
    refused = client.post(url, data={"csrf": token, "on": "2020-01-01"})
    assert refused.status_code == 400 and any("раньше" in a for a in _alerts(refused.text))
    assert _people(invoke, workspace)[0]["dismissed_on"] is None
    done = client.post(url, data={"csrf": token, "on": "2025-06-30"}, follow_redirects=True)
    assert "уволен(а) 30.06.2025" in " ".join(_flash(done.text))
    assert _people(invoke, workspace)[0]["dismissed_on"] == "2025-06-30"
    actions = [(actor, action) for actor, action in _audit(invoke, workspace) if action.startswith("people.")]
    assert actions == [("специалист-веб", "people.add"), ("специалист-веб", "people.dismiss")]


def test_people_are_paged_fifty_at_a_time(workspace, desk_client, invoke, tmp_path):
    rows = ["ФИО;Должность;Подразделение;Дата приема"]
    rows += [f"Работников{'а' if i % 2 else ''} Сотрудник{i:03d} Тестович;Рабочий;Цех {i % 3};01.02.2020"
             for i in range(120)]
    rows[1:] = [r.replace(f"Сотрудник{i:03d}", f"Ян{chr(0x0430 + i % 26)}{i:03d}") for i, r in enumerate(rows[1:])]
    (tmp_path / "hr.csv").write_text("\n".join(rows), encoding="utf-8")
    assert invoke("-w", workspace, "people", "import", tmp_path / "hr.csv").exit_code == 0
    client = desk_client(workspace)
    names = sorted(p["full_name"] for p in _people(invoke, workspace))
    pages = [client.get("/people", params={"page": n}).text for n in (1, 2, 3)]
    assert "Найдено: 120." in pages[0] and "Страница 1 из 3" in pages[0] and "Страница 3 из 3" in pages[2]
    shown = [re.findall(r'<a href="/people/\d+">([^<]+)</a>', page) for page in pages]
    assert [len(s) for s in shown] == [50, 50, 20]
    assert shown[0] + shown[1] + shown[2] == sorted(names, key=lambda n: n.split())  # by surname, name


def test_record_a_briefing_from_the_sign_sheet(demo, desk_client, invoke):
    client = desk_client(demo)
    people = [p for p in _people(invoke, demo) if p["department"] == "Хозяйственный отдел" and not p["dismissed_on"]]
    sheet = client.get("/briefings/new", params={"kind": "repeat", "department": "Хозяйственный отдел",
                                                 "on": "2026-11-20", "sheet": "1"})
    assert sheet.status_code == 200, _alerts(sheet.text)
    form = dict(re.findall(r'<input type="hidden" name="([a-z]+)" value="([^"]*)"', sheet.text))
    present = re.findall(r'name="present" value="(\d+)"', sheet.text)
    instructor = int(form["instructor"])  # the department's appointed instructor, chosen for the user
    assert sorted(map(int, present)) == sorted(p["id"] for p in people if p["id"] != instructor)
    before = json.loads(invoke("-w", demo, "briefing", "list", "--json").output)
    # Nobody ticked: refused, nothing written.
    refused = client.post("/briefings/record", data=form)
    assert refused.status_code == 400 and any("Не отмечен" in a for a in _alerts(refused.text))
    absent = present[-1]
    response = client.post("/briefings/record", data={**form, "present": present[:-1]}, follow_redirects=False)
    assert response.status_code == 303
    after = json.loads(invoke("-w", demo, "briefing", "list", "--json").output)
    new = after[len(before):]
    assert sorted(e["person_id"] for e in new) == sorted(int(p) for p in present[:-1])
    assert int(absent) not in {e["person_id"] for e in new}
    assert {(e["on"], e["kind"], e["instructor_id"]) for e in new} == {("2026-11-20", "repeat", instructor)}
    journal = client.get(response.headers["location"]).text
    assert f"Записано в журнал: {len(new)}" in " ".join(_flash(journal))
    assert all(f"<td>{e['seq']}</td>" in journal for e in new)


def test_a_briefing_form_with_a_mistake_names_the_field(demo, desk_client):
    client = desk_client(demo)
    page = client.get("/briefings/new", params={"kind": "", "department": "Хозяйственный отдел", "on": "20.11.2026",
                                                "sheet": "1", "act": "Инструкция № 5"})
    assert page.status_code == 400
    assert re.search(r'id="err-kind" role="alert">Выберите вид инструктажа.<', page.text)
    assert 'value="20.11.2026"' in page.text and 'value="Инструкция № 5"' in page.text
    future = client.get("/briefings/new", params={"kind": "repeat", "department": "Хозяйственный отдел",
                                                  "on": "2099-01-01", "sheet": "1"})
    assert future.status_code == 400 and any("ещё не наступила" in a for a in _alerts(future.text))


def test_make_approve_and_download_a_document(demo, desk_client, invoke):
    import docx

    client = desk_client(demo)
    kind_page = client.get("/documents/kind/policy")
    token = csrf_of(kind_page.text)
    # Making a draft is long work (core.web.jobs): its page shows the refusal, or opens the draft's card.
    refused = finished_job(client, client.post("/documents/kind/policy/make", data={"csrf": token},
                                               follow_redirects=False))
    if "не хватает данных" in refused.text:  # the page said what is missing, and making it says the same
        assert "Цели в области охраны труда" in kind_page.text and "Цели в области охраны труда" in refused.text
        assert json.loads(invoke("-w", demo, "docs", "list", "--json").output) == []
        add = invoke("-w", demo, "suot", "goal", "add", "Отсутствие несчастных случаев на производстве",
                     "--indicator", "Число несчастных случаев", "--target", "0")
        assert add.exit_code == 0, add.output
        assert "Данных достаточно" in client.get("/documents/kind/policy").text
    made = finished_job(client, client.post("/documents/kind/policy/make", data={"csrf": token},
                                            follow_redirects=False))
    assert "Сделан проект, редакция 1." in _flash(made.text)
    url = made.url.path
    doc_id = int(url.rsplit("/", 1)[1])
    head = json.loads(invoke("-w", demo, "org", "show", "--json").output)["head"]["full_name"]
    card = client.get(url).text
    assert f'value="{head}"' in card  # the head is offered as the approver
    refused = client.post(f"{url}/approve", data={"csrf": token, "by": head, "on": "2000-01-01"})
    assert refused.status_code == 400 and "раньше даты создания проекта" in refused.text
    assert json.loads(invoke("-w", demo, "docs", "show", doc_id, "--json").output)["status"] == "draft"
    done = client.post(f"{url}/approve", data={"csrf": token, "by": head, "on": "", "order_number": "45-од"})
    assert done.status_code == 400 and re.search(r'id="err-on" role="alert">', done.text)
    today = json.loads(invoke("-w", demo, "due", "--json").output)["today"]
    done = client.post(f"{url}/approve", data={"csrf": token, "by": head, "on": today, "order_number": "45-од"},
                       follow_redirects=True)
    assert "Документ утверждён" in " ".join(_flash(done.text))
    shown = json.loads(invoke("-w", demo, "docs", "show", doc_id, "--json").output)
    assert shown["status"] == "approved" and shown["order_number"] == "45-од"
    download = client.get(f"{url}/download")
    assert download.status_code == 200 and download.headers["content-type"].startswith("application/vnd.openxml")
    import hashlib

    assert hashlib.sha256(download.content).hexdigest() == shown["sha256"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs)
    assert "ПОЛИТИКА" in text
    # The downloaded file is the approved rendering: «УТВЕРЖДАЮ» carries the approval day (this kind is signed
    # by the head, so the order's number goes to the order, not to this grif).
    cells = [c.text for t in docx.Document(io.BytesIO(download.content)).tables for row in t.rows for c in row.cells]
    grif = next(c for c in cells if c.startswith("УТВЕРЖДАЮ"))
    year, month, day = today.split("-")
    assert f"{day}.{month}.{year}" in grif


def test_download_only_by_registry_number(demo, desk_client):
    client = desk_client(demo)
    for path in ("/documents/..%2F..%2Fohs.toml/download", "/documents/ohs.toml/download",
                 "/documents/1/download?path=/etc/passwd"):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert "[organization]" not in response.text and "root:" not in response.text


def test_an_unexpected_failure_is_a_russian_page_without_a_traceback(workspace, desk_client, register):
    from starlette.routing import Route

    from core.hookspecs import hookimpl
    from core.web.pages import WebPage

    def broken(request):
        raise RuntimeError("secret internals")

    class Broken:
        @hookimpl
        def web_pages(self):
            return [WebPage(path="/broken", title="Сломано", position=99, routes=[Route("/broken", broken)])]

    register(Broken())
    response = desk_client(workspace).get("/broken")
    assert response.status_code == 500
    assert "Непредвиденный сбой" in response.text and "ничего не записано" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text


def test_an_hr_export_is_checked_shown_then_imported(workspace, desk_client, invoke, tmp_path):
    """Upload → preview (nothing written) → «Импортировать»: the same result as ``ohs people import``."""
    client = desk_client(workspace)
    token = csrf_of(client.get("/people/import").text)
    csv = ("Список сотрудников\n\nСотрудник;Должность;Подразделение;Принят;СНИЛС\n"
           "Иванова Анна Петровна;Бухгалтер;Бухгалтерия;01.02.2020;112-233-445 95\n"
           "Петров Пётр Петрович;Сторож;Хозяйственный отдел;15.03.2021;\n").encode("cp1251")
    preview = client.post("/people/import", data={"csrf": token},
                          files={"file": ("выгрузка.xls", csv, "application/vnd.ms-excel")})  # name lies, content tells
    assert preview.status_code == 200, _alerts(preview.text)
    assert "добавлено <b>2</b>" in preview.text and "Иванова Анна Петровна" in preview.text
    assert _people(invoke, workspace) == []  # the preview writes nothing
    upload_token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
    done = client.post("/people/import/apply", data={"csrf": token, "token": upload_token}, follow_redirects=True)
    assert "добавлено 2" in " ".join(_flash(done.text))
    assert sorted(p["full_name"] for p in _people(invoke, workspace)) == ["Иванова Анна Петровна",
                                                                          "Петров Пётр Петрович"]
    again = client.post("/people/import/apply", data={"csrf": token, "token": upload_token})
    assert again.status_code == 400 and "загрузите его ещё раз" in again.text  # used once


def test_an_upload_is_refused_by_its_content_and_size(workspace, desk_client, invoke, monkeypatch):
    import core.web.uploads as uploads

    client = desk_client(workspace)
    token = csrf_of(client.get("/people/import").text)
    cases = [
        ("list.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "старого формата Excel"),
        ("list.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 600, "это не таблица"),
        ("list.xlsx", _zip({"word/document.xml": "<w/>", "[Content_Types].xml": "<t/>"}), "это не таблица Excel"),
        ("list.csv", b"", "он пустой"),
    ]
    for name, data, expected in cases:
        response = client.post("/people/import", data={"csrf": token}, files={"file": (name, data)})
        assert response.status_code == 400, name
        assert re.search(r'id="err-file" role="alert">[^<]*' + re.escape(expected), response.text), (name, expected)
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1000)
    big = ("ФИО;Должность;Дата приема\n" + "Иванов Иван;Рабочий;01.02.2020\n" * 100).encode()
    response = client.post("/people/import", data={"csrf": token}, files={"file": ("big.csv", big)})
    assert response.status_code == 400 and "больше" in response.text
    bad_rows = "ФИО;Должность;Дата приема\nИванов Иван;Рабочий;31.02.2020\n".encode()
    response = client.post("/people/import", data={"csrf": token}, files={"file": ("hr.csv", bad_rows)})
    assert response.status_code == 400 and "строка 2, столбец «Дата приема»" in response.text
    assert _people(invoke, workspace) == []


def _zip(members):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()
