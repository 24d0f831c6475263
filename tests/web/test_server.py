"""The district server: sign-in on every page, roles, organizations that cannot see each other, attacks.

On PostgreSQL (the district's database): two schools of one district and one of another, an account per
role (tests/web/server_support.py). What a user or an attacker would try, and what they must see.
"""

from __future__ import annotations

import re

import pytest

from core.testing import csrf_of
from tests.web.server_support import DISTRICT, PASSWORDS, build_server, sign_in


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from build_server(tmp_path_factory)


def _routes(server):
    """Every route of the served application: (path pattern, methods, parameter names)."""
    from starlette.routing import Route

    found = []
    for route in server.web.routes:
        if isinstance(route, Route):
            found.append((route.path, sorted(route.methods or ()), list(route.param_convertors)))
    return found


def _b_ids(server):
    """Ids of school B's records for each path parameter, chosen beyond school A's own numbering."""
    b = server.sql("SELECT id FROM core_organization WHERE key = 'school-b'")
    a = server.sql("SELECT id FROM core_organization WHERE key = 'school-a'")

    def beyond(table, column):
        # Numbers kept per organization (a journal's №): one that B has and A has not.
        top_a = server.sql(f"SELECT coalesce(max({column}), 0) FROM {table} WHERE org_id = :a", a=a)
        value = server.sql(f"SELECT max({column}) FROM {table} WHERE org_id = :b", b=b)
        assert value is not None and value > top_a, f"school B has no {table} beyond A's"
        return value

    ids = {
        "person_id": server.sql("SELECT max(id) FROM core_person WHERE org_id = :b", b=b),
        "doc_id": server.sql("SELECT max(id) FROM core_document WHERE org_id = :b", b=b),
        "measure_id": server.sql("SELECT max(id) FROM suot_measure WHERE org_id = :b", b=b),
        "proposal_id": server.sql("SELECT max(id) FROM best_practices_proposal WHERE org_id = :b", b=b),
        "case_no": beyond("suot_incident_entry", "case_no"),
        ("/training", "seq"): beyond("suot_training", "seq"),
        ("/medical", "seq"): beyond("suot_medical_exam", "seq"),
    }
    assert all(value is not None for value in ids.values()), ids  # school B has a record of every kind
    return ids


def _fill(path, params, ids):
    """The route's path with school B's ids put in; None when the route takes no record id."""
    values = {}
    for name in params:
        key = next((k for k in ids if isinstance(k, tuple) and path.startswith(k[0]) and k[1] == name), name)
        if key not in ids:
            return None if name in ("key", "org_key", "job_id") else pytest.fail(f"{path}: no id of B for {name}")
        values[name] = ids[key]
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(values[m.group(1)]), path)


def test_every_page_asks_to_sign_in(server):
    client = server.client()
    for path, methods, params in _routes(server):
        if params or path in ("/login", "/logout"):
            continue
        for method in methods:
            if method == "HEAD":
                continue
            answer = client.request(method, path, follow_redirects=False)
            if method == "POST" and answer.status_code == 403:
                # A form from no page of this site (no session, no token) is refused before anything else.
                assert "Форма устарела" in answer.text
                continue
            assert answer.status_code == 303, (method, path, answer.status_code)
            assert answer.headers["location"].startswith("/login"), (method, path)
    assert "Вход" in client.get("/login").text
    assert client.get("/static/ohs.css").status_code == 200


def test_another_organizations_ids_answer_404_on_every_route(server):
    """A school's specialist puts school B's ids in every route: 404 as for an id that does not exist."""
    ids = _b_ids(server)
    client = server.client("spec-a")
    token = csrf_of(client.get("/people").text)
    b = server.sql("SELECT id FROM core_organization WHERE key = 'school-b'")
    audit_before = server.sql("SELECT count(*) FROM core_audit WHERE org_id = :b", b=b)
    names_b = server.sql("SELECT surname || ' ' || name FROM core_person WHERE id = :i", i=ids["person_id"])
    nowhere = {key: 999999999 for key in ids}

    def alerts(html):
        return re.findall(r'role="alert"[^>]*>(.*?)</', html, re.S)

    walked = 0
    for path, methods, params in _routes(server):
        if not params:
            continue
        url = _fill(path, params, ids)
        if url is None:
            continue
        for method in methods:
            if method == "HEAD":
                continue
            form = {"csrf": token} if method == "POST" else None
            answer = client.request(method, url, data=form, follow_redirects=False)
            # Exactly what an id that exists nowhere gets: 404 for every page; a form checked before its
            # record is looked up (a required field left empty) refuses both alike, naming no record of B.
            missing = client.request(method, _fill(path, params, nowhere), data=form, follow_redirects=False)
            assert answer.status_code == missing.status_code, (method, url, answer.status_code, missing.status_code)
            assert answer.status_code == 404 or (method == "POST" and answer.status_code == 400), (method, url)
            assert answer.status_code == 404 or alerts(answer.text) == alerts(missing.text), (method, url)
            assert names_b not in answer.text
            walked += 1
    assert walked >= 10
    # And a number that exists nowhere answers the same.
    assert client.get("/people/999999999").status_code == 404
    assert server.sql("SELECT count(*) FROM core_audit WHERE org_id = :b", b=b) == audit_before


def test_a_specialist_sees_their_own_organization(server):
    client = server.client("spec-a")
    people = client.get("/people").text
    assert "Андреева Анна Андреевна" in people
    names_b = server.sql("SELECT surname || ' ' || name FROM core_person WHERE org_id = "
                         "(SELECT id FROM core_organization WHERE key = 'school-b') ORDER BY id LIMIT 1")
    assert names_b not in people
    assert "Школа А" in client.get("/").text
    assert "вы вошли как «spec-a»" in client.get("/").text


def test_the_district_officer_never_opens_an_organizations_pages(server):
    client = server.client("kirov")
    home = client.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/district"
    for path in ("/people", "/briefings", "/medical", "/documents", "/practices"):
        refused = client.get(path)
        assert refused.status_code == 403, path
        assert "районному специалисту видны только страницы" in refused.text
    status = client.get("/district").text
    assert "Школа А" in status and "Школа другого района" not in status


def test_an_organizations_account_does_not_open_the_district_pages(server):
    refused = server.client("spec-a").get("/district")
    assert refused.status_code == 403
    assert "администрации района" in refused.text


def test_a_viewer_reads_but_posts_nothing(server):
    client = server.client("view-a")
    assert client.get("/people").status_code == 200
    token = csrf_of(client.get("/people/new").text)
    before = server.sql("SELECT count(*) FROM core_person")
    refused = client.post("/people/new", data={"csrf": token, "full_name": "Новиков Ной Ноевич", "position": "Сторож",
                                               "hired_on": "2024-01-10"})
    assert refused.status_code == 403 and "только читает" in refused.text
    assert server.sql("SELECT count(*) FROM core_person") == before


def test_a_head_approves_but_does_not_add_people(server):
    client = server.client("head-a")
    token = csrf_of(client.get("/people").text)
    refused = client.post("/people/new", data={"csrf": token, "full_name": "Новиков Ной Ноевич",
                                               "position": "Сторож", "hired_on": "2024-01-10"})
    assert refused.status_code == 403 and "утверждает документы" in refused.text
    # Acknowledgement is recorded by the specialist: the head approves, and reads the list.
    acked = client.post("/documents/1/acknowledge", data={"csrf": token, "person": ["1"], "ack_on": "2026-01-12"})
    assert acked.status_code == 403 and "утверждает документы" in acked.text


def test_a_form_without_its_token_is_refused(server):
    client = server.client("spec-a")
    before = server.sql("SELECT count(*) FROM core_person")
    refused = client.post("/people/new", data={"full_name": "Новиков Ной Ноевич", "position": "Сторож",
                                               "hired_on": "2024-01-10"})
    assert refused.status_code == 403
    assert server.sql("SELECT count(*) FROM core_person") == before


def test_a_wrong_password_repeatedly_locks_the_login(server):
    client = server.client()
    for attempt in range(5):
        wrong = sign_in(client, "locked-a", "не-тот-пароль-123")
        assert wrong.status_code == (429 if attempt == 4 else 401)  # the fifth failure announces the lock
        assert "Неверный логин или пароль" in wrong.text
    locked = sign_in(client, "locked-a")  # even the right password, while locked
    assert locked.status_code == 429
    assert "попыт" in locked.text
    unknown = sign_in(server.client(), "no-such-user", "какой-то-пароль-1")
    assert unknown.status_code == 401 and "Неверный логин или пароль" in unknown.text
    events = server.sql("SELECT count(*) FROM core_account_event WHERE login = 'locked-a'")
    assert events >= 6
    # Never the password itself in the database.
    for table, column in (("core_account_event", "details"), ("core_account", "password_hash")):
        assert not server.sql(f"SELECT count(*) FROM {table} WHERE {column} LIKE '%пароль-для-блокировки%'")


def test_sessions_expire_and_end_when_the_account_is_disabled(server, monkeypatch):
    import datetime

    from core.clock import today

    client = server.client("spec-b")
    assert client.get("/people").status_code == 200
    monkeypatch.setenv("OHS_TODAY", (today() + datetime.timedelta(days=1)).isoformat())
    expired = client.get("/people", follow_redirects=False)
    assert expired.status_code == 303 and expired.headers["location"].startswith("/login")
    monkeypatch.undo()
    client = server.client("spec-b")
    assert client.get("/people").status_code == 200
    server.run("-w", server.root, "user", "disable", "spec-b")
    revoked = client.get("/people", follow_redirects=False)
    assert revoked.status_code == 303
    assert sign_in(server.client(), "spec-b").status_code in (401, 403)


def test_script_and_sql_text_is_stored_and_shown_escaped(server):
    client = server.client("spec-a")
    token = csrf_of(client.get("/practices/new").text)
    title = "<script>alert('x')</script>'; DROP TABLE core_person; --"
    added = client.post("/practices/new", data={"csrf": token, "category": "organization", "title": title,
                                                 "description": "Описание <b>жирно</b>", "effect": "Меньше травм",
                                                 "implemented": "2031-01-15"})
    assert added.status_code == 200, re.findall(r'role="alert">([^<]*)', added.text)
    page = client.get("/practices").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page
    assert server.sql("SELECT count(*) FROM core_person") > 0


def test_an_uploaded_file_named_with_a_path_stays_where_it_belongs(server):
    client = server.client("spec-a")
    token = csrf_of(client.get("/people/import").text)
    answer = client.post("/people/import", data={"csrf": token},
                         files={"file": ("../../x.csv", "ФИО;Должность\nБорисов Борис Борисович;Сторож\n".encode(),
                                         "text/csv")})
    assert answer.status_code in (200, 400)
    assert "Traceback" not in answer.text
    for folder in (server.root, server.root.parent, server.root / "orgs"):
        assert not (folder / "x.csv").exists()


def test_a_report_submitted_by_a_school_is_seen_by_the_district_at_once(server, tmp_path):
    import io

    import openpyxl
    from docx import Document

    school = server.client("spec-a")
    token = csrf_of(school.get("/practices/new").text)
    school.post("/practices/new", data={"csrf": token, "category": "organization", "title": "Утренний обход спортзала",
                                        "description": "Ежедневный осмотр инвентаря", "effect": "Нет травм на уроках",
                                        "implemented": "2031-01-20"})
    from core.clock import today

    quarter = (today().month - 1) // 3 + 1
    sent = school.post("/practices/submit", data={"csrf": token, "year": today().year, "quarter": quarter,
                                                  "on": today().isoformat(), "number": "15-ОТ"})
    assert sent.status_code == 200, re.findall(r'class="error"[^>]*>(.*?)</div', sent.text, re.S)

    district = server.client("kirov")
    status = district.get(f"/district?year={today().year}&quarter={quarter}").text
    row = re.search(r"<tr[^>]*>\s*<td>Школа А</td>(.*?)</tr>", status, re.S).group(1)
    assert "направлен" in row and "15-ОТ" in row
    report = district.get(f"/district/report/school-a?year={today().year}&quarter={quarter}")
    assert report.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(report.content)).paragraphs)
    assert "Утренний обход спортзала" in text or any(
        "Утренний обход спортзала" in c.text for t in Document(io.BytesIO(report.content)).tables
        for r in t.rows for c in r.cells)
    assert district.get(f"/district/report/other?year={today().year}&quarter={quarter}").status_code == 404
    docx = district.get(f"/district/summary.docx?year={today().year}&quarter={quarter}")
    assert docx.status_code == 200
    summary = Document(io.BytesIO(docx.content))
    cells = [c.text for t in summary.tables for r in t.rows for c in r.cells]
    assert "Школа А" in cells and "Школа другого района" not in cells
    book = openpyxl.load_workbook(io.BytesIO(district.get(
        f"/district/summary.xlsx?year={today().year}&quarter={quarter}").content))
    rows = list(book["Организации"].iter_rows(values_only=True))
    assert rows[0][0] == "Организация"
    assert {r[0] for r in rows[1:]} >= {"Школа А"}
    assert [r[1] for r in rows[1:] if r[0] == "Школа А"] == ["направлен"]
    practices = district.get(f"/district/practices?year={today().year}&quarter={quarter}").text
    assert "Утренний обход спортзала" in practices
    assert DISTRICT in district.get("/district").text


def test_the_server_refuses_sqlite_with_accounts_unless_allowed(invoke, workspace, backend):
    if backend.url is not None:
        pytest.skip("SQLite only")
    from core.app import App
    from core.errors import OhsError
    from core.plugins import get_plugin_manager
    from core.web.server import check_server

    app = App(get_plugin_manager(entry_points=False), workspace=str(workspace))
    assert check_server(app, "127.0.0.1") is False  # no accounts: the local desk
    from core.workspace import load_workspace

    result = invoke("-w", str(workspace), "user", "add", "me-local", "--org", load_workspace(workspace).org_key, "--role", "specialist",
                    "--password-stdin", input=PASSWORDS["spec-a"] + "\n")
    assert result.exit_code == 0, result.output
    with pytest.raises(OhsError, match="PostgreSQL"):
        check_server(App(get_plugin_manager(entry_points=False), workspace=str(workspace)), "0.0.0.0")
    assert check_server(App(get_plugin_manager(entry_points=False), workspace=str(workspace)), "0.0.0.0",
                        allow_sqlite=True) is True


def test_a_forgotten_filter_still_returns_only_the_accounts_organization(server):
    """Row-level security, the second line: a query with no org_id condition in a request's unit of work."""
    from sqlalchemy import func
    from sqlmodel import select
    from starlette.requests import Request

    from core.storage.models import Person
    from core.web.tenancy import SignedIn
    from core.web.unit import unit_of_work

    a = server.sql("SELECT id FROM core_organization WHERE key = 'school-a'")
    account = SignedIn(account_id=0, login="spec-a", role="specialist", org_id=a, org_key="school-a", district=None)
    request = Request({"type": "http", "app": server.web, "ohs.account": account, "headers": [], "method": "GET",
                       "path": "/"})
    with unit_of_work(request) as ctx:
        unfiltered = ctx.session.exec(select(func.count()).select_from(Person)).one()
        organizations = ctx.session.exec(select(func.count()).select_from(ctx.org.__class__)).one()
    assert unfiltered == server.sql("SELECT count(*) FROM core_person WHERE org_id = :a", a=a) >= 1
    assert server.sql("SELECT count(*) FROM core_person") > unfiltered
    assert organizations == 1


def test_https_cookies_are_secure(server):
    from starlette.testclient import TestClient

    client = TestClient(server.web, base_url="https://testserver", raise_server_exceptions=False)
    login_page = client.get("/login")
    assert "Secure" in login_page.headers["set-cookie"]
    answer = sign_in(client, "spec-a")
    assert answer.status_code == 303
    assert "ohs_login=" in answer.headers["set-cookie"] and "Secure" in answer.headers["set-cookie"]
    assert "HttpOnly" in answer.headers["set-cookie"] and "SameSite=Lax" in answer.headers["set-cookie"]
