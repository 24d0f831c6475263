"""«Мероприятия» of the desk: the plan of measures, a measure added, its status changed."""

import json
import re

import pytest

from core.testing import csrf_of

pytestmark = pytest.mark.storage

LEAKS = ("Traceback", "File \"", "Internal Server Error", "Exception", "sqlalchemy", "jinja2")


def _alerts(html):
    return re.findall(r'role="alert">(?:<p>)?([^<]*)<', html)


def _plan(invoke, folder):
    return json.loads(invoke("-w", folder, "suot", "measure", "list", "--json").output)


def _answers(client, paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert not [leak for leak in LEAKS if leak in response.text], path


def test_every_measure_page_answers_on_the_demo(demo, desk_client, invoke):
    client = desk_client(demo)
    plan = _plan(invoke, demo)
    _answers(client, ["/measures", "/measures?year=all", "/measures/new", *(f"/measures/{m['id']}" for m in plan)])
    page = client.get("/measures?year=all").text
    assert all(m["measure"] in page for m in plan)


def test_every_measure_page_answers_on_an_empty_workspace(workspace, desk_client):
    client = desk_client(workspace)
    _answers(client, ["/measures", "/measures?year=all", "/measures/new"])
    assert "В плане пока нет мероприятий" in client.get("/measures").text
    assert client.get("/measures/5").status_code == 404


def test_add_measure_and_change_its_status(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _plan(invoke, demo)
    people = json.loads(invoke("-w", demo, "people", "list", "--json").output)
    token = csrf_of(client.get("/measures/new").text)
    client.post("/measures/new", data={"csrf": token, "measure": "Заменить маты", "deadline": "2026-06-30",
                                       "responsible": people[0]["full_name"], "funding": "бюджет учреждения",
                                       "source": "analysis", "cost": "15000"})
    after = _plan(invoke, demo)
    assert len(after) == len(before) + 1
    new = next(m for m in after if m["measure"] == "Заменить маты")
    assert (new["deadline"], new["funding"], new["source"], new["status"], new["year"]) == \
        ("2026-06-30", "бюджет учреждения", "analysis", "planned", 2026)
    card = client.get(f"/measures/{new['id']}").text
    # «Выполнено» without the result achieved: the service's refusal, the status unchanged.
    refused = client.post(f"/measures/{new['id']}/status", data={"csrf": csrf_of(card), "status": "done",
                                                                 "on": "2025-12-01", "note": ""})
    assert refused.status_code == 400 and 'id="err-note"' in refused.text
    assert next(m for m in _plan(invoke, demo) if m["id"] == new["id"])["status"] == "planned"
    client.post(f"/measures/{new['id']}/status", data={"csrf": csrf_of(card), "status": "in_progress",
                                                       "on": "2025-11-01"})
    client.post(f"/measures/{new['id']}/status", data={"csrf": csrf_of(card), "status": "done", "on": "2025-12-01",
                                                       "note": "маты заменены"})
    done = next(m for m in _plan(invoke, demo) if m["id"] == new["id"])
    assert (done["status"], done["started_on"], done["done_on"], done["result"]) == \
        ("done", "2025-11-01", "2025-12-01", "маты заменены")
    again = client.post(f"/measures/{new['id']}/status", data={"csrf": csrf_of(card), "status": "cancelled",
                                                               "on": "2025-12-02", "note": "передумали"})
    assert again.status_code == 400 and any("изменить его нельзя" in a for a in _alerts(again.text))


def test_add_measure_refused_keeps_values_and_writes_nothing(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _plan(invoke, demo)
    token = csrf_of(client.get("/measures/new").text)
    unknown = client.post("/measures/new", data={"csrf": token, "measure": "Заменить маты", "deadline": "2026-06-30",
                                                 "responsible": "Никто Н.Н.", "funding": "бюджет", "source": "other"})
    assert unknown.status_code == 400 and 'id="err-responsible"' in unknown.text
    assert 'value="Заменить маты"' in unknown.text and 'value="Никто Н.Н."' in unknown.text
    no_funding = client.post("/measures/new", data={"csrf": token, "measure": "Заменить маты",
                                                    "deadline": "2026-06-30", "responsible": "Никто Н.Н.",
                                                    "funding": "", "source": "other"})
    assert "Заполните поле «Источник финансирования»." in _alerts(no_funding.text)
    assert _plan(invoke, demo) == before
