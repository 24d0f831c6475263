"""«Происшествия» of the desk: the incident journal and the registration form."""

import json
import re

import pytest

from core.testing import csrf_of

pytestmark = pytest.mark.storage

LEAKS = ("Traceback", "File \"", "Internal Server Error", "Exception", "sqlalchemy", "jinja2")


def _alerts(html):
    return re.findall(r'role="alert">(?:<p>)?([^<]*)<', html)


def _cases(invoke, folder):
    return json.loads(invoke("-w", folder, "incidents", "list", "--json").output)


def _answers(client):
    for path in ("/incidents", "/incidents/new"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert not [leak for leak in LEAKS if leak in response.text], path


def test_incident_pages_answer_on_the_demo(demo, desk_client, invoke):
    client = desk_client(demo)
    _answers(client)
    page = client.get("/incidents").text
    cases = _cases(invoke, demo)
    assert cases and all(c["place"] in page for c in cases)
    for case in cases:
        card = client.get(f"/incidents/{case['id']}")
        assert card.status_code == 200 and case["circumstances"] in card.text


def test_incident_pages_answer_on_an_empty_workspace(workspace, desk_client):
    client = desk_client(workspace)
    _answers(client)
    assert "Происшествий не зарегистрировано" in client.get("/incidents").text


def test_register_an_incident(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _cases(invoke, demo)
    worker = json.loads(invoke("-w", demo, "people", "list", "--json").output)[0]
    token = csrf_of(client.get("/incidents/new").text)
    response = client.post("/incidents/new", data={
        "csrf": token, "type": "microtrauma", "on": "2025-12-01", "time": "10:15", "place": "Спортзал",
        "circumstances": "Ушиб кисти при страховке", "injured": worker["full_name"],
        "witness_outsider": "Петров П.П., родитель"}, follow_redirects=True)
    assert response.status_code == 200
    after = _cases(invoke, demo)
    assert len(after) == len(before) + 1
    new = next(c for c in after if c["place"] == "Спортзал")
    assert (new["type"], new["occurred_on"], new["time"], new["status"]) == \
        ("microtrauma", "2025-12-01", "10:15", "open")
    assert [p["name"] for p in new["injured"]] == [worker["full_name"]]
    assert [p["name"] for p in new["witnesses"]] == ["Петров П.П., родитель"]


def test_register_refused_keeps_values_and_writes_nothing(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _cases(invoke, demo)
    token = csrf_of(client.get("/incidents/new").text)
    no_severity = client.post("/incidents/new", data={"csrf": token, "type": "accident", "on": "2025-12-01",
                                                      "place": "Лестница", "circumstances": "Падение",
                                                      "injured": "x"})
    assert no_severity.status_code == 400 and "Укажите тяжесть несчастного случая." in _alerts(no_severity.text)
    assert 'value="Лестница"' in no_severity.text and "Падение" in no_severity.text
    unknown = client.post("/incidents/new", data={"csrf": token, "type": "microtrauma", "on": "2025-12-01",
                                                  "place": "Лестница", "circumstances": "Падение",
                                                  "injured": "Неизвестный Н.Н."})
    assert unknown.status_code == 400 and 'id="err-injured"' in unknown.text
    nobody = client.post("/incidents/new", data={"csrf": token, "type": "microtrauma", "on": "2025-12-01",
                                                 "place": "Лестница", "circumstances": "Падение"})
    assert nobody.status_code == 400 and any("пострадавшего" in a for a in _alerts(nobody.text))
    assert _cases(invoke, demo) == before


def test_close_an_accident_from_its_card(demo, desk_client, invoke):
    client = desk_client(demo)
    worker = json.loads(invoke("-w", demo, "people", "list", "--json").output)[0]
    token = csrf_of(client.get("/incidents/new").text)
    client.post("/incidents/new", data={"csrf": token, "type": "accident", "severity": "light", "on": "2025-11-10",
                                        "place": "Склад", "circumstances": "Падение коробки",
                                        "injured": worker["full_name"]})
    case = next(c for c in _cases(invoke, demo) if c["place"] == "Склад")
    card = client.get(f"/incidents/{case['id']}")
    assert card.status_code == 200 and "Закрыть случай" in card.text
    # Two numbers of days for one injured person: the service refuses, the case stays open.
    bad = client.post(f"/incidents/{case['id']}/close", data={"csrf": token, "on": "2025-11-30", "days": "14, 3",
                                                              "act_number": "7"})
    assert bad.status_code == 400 and any("каждого пострадавшего" in a for a in _alerts(bad.text))
    assert 'value="14, 3"' in bad.text and 'value="7"' in bad.text
    assert next(c for c in _cases(invoke, demo) if c["id"] == case["id"])["status"] == "open"
    client.post(f"/incidents/{case['id']}/close", data={"csrf": token, "on": "2025-11-30", "days": "14",
                                                        "act_number": "7", "act_date": "2025-11-20",
                                                        "outcome": "выздоровел"})
    closed = next(c for c in _cases(invoke, demo) if c["id"] == case["id"])
    assert (closed["status"], closed["closed_on"], closed["days_lost"], closed["act_number"], closed["outcome"]) == \
        ("closed", "2025-11-30", 14, "7", "выздоровел")
    assert "Закрыть случай" not in client.get(f"/incidents/{case['id']}").text
