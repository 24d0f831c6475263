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


def _cli_words(html):
    """Command-line syntax that must not reach a page: options («--days») and commands («ohs incidents …»)."""
    return re.findall(r"--[a-z][a-z-]+|\bohs [a-z]+", html)


def _closed_accident(client, invoke, folder):
    worker = json.loads(invoke("-w", folder, "people", "list", "--json").output)[0]
    token = csrf_of(client.get("/incidents/new").text)
    client.post("/incidents/new", data={"csrf": token, "type": "accident", "severity": "light", "on": "2025-11-10",
                                        "place": "Склад", "circumstances": "Падение коробки",
                                        "injured": worker["full_name"]})
    case = next(c for c in _cases(invoke, folder) if c["place"] == "Склад")
    client.post(f"/incidents/{case['id']}/close", data={"csrf": token, "on": "2025-11-30", "days": "14",
                                                        "act_number": "7", "act_date": "2025-11-20"})
    return case["id"], worker


def test_a_case_is_corrected_from_its_card_as_a_new_entry(demo, desk_client, invoke):
    client = desk_client(demo)
    number, worker = _closed_accident(client, invoke, demo)
    card = client.get(f"/incidents/{number}").text
    assert f'href="/incidents/{number}/correct"' in card
    form = client.get(f"/incidents/{number}/correct")
    assert form.status_code == 200
    # The form shows the case as it stands: the worker with the number that decides, the closing fields.
    assert f"{worker['full_name']} (№ {worker['id']})" in form.text and 'value="14"' in form.text
    values = dict(re.findall(r'<input id="f-(\w+)" name="\w+" type="(?:text|date|time)" value="([^"]*)"', form.text))
    values |= {"type": "accident", "severity": "light", "circumstances": "Падение коробки",
               "injured": f"{worker['full_name']} (№ {worker['id']})", "csrf": csrf_of(form.text)}
    before = invoke("-w", demo, "incidents", "show", str(number), "--json").output
    # Without a reason, or without a change: refused on the form, nothing written.
    no_reason = client.post(f"/incidents/{number}/correct", data={**values, "days": "16"})
    assert no_reason.status_code == 400 and 'id="err-reason"' in no_reason.text and 'value="16"' in no_reason.text
    same = client.post(f"/incidents/{number}/correct", data={**values, "reason": "проверка"})
    assert same.status_code == 400 and "Исправление ничего не меняет: измените хотя бы одно поле." in _alerts(same.text)
    # A service refusal in the form's words, next to its field: two numbers of days for one injured person.
    two = client.post(f"/incidents/{number}/correct", data={**values, "reason": "листок", "days": "16, 2"})
    assert two.status_code == 400 and re.search(r'id="err-days" role="alert">Укажите дни нетрудоспособности', two.text)
    assert not _cli_words(two.text)
    assert invoke("-w", demo, "incidents", "show", str(number), "--json").output == before
    done = client.post(f"/incidents/{number}/correct", follow_redirects=True, data={
        **values, "reason": "уточнено по листку нетрудоспособности", "days": "16", "place": "Склад № 2"})
    assert done.status_code == 200 and done.url.path == f"/incidents/{number}"
    assert "Исправление записано" in done.text
    shown = json.loads(invoke("-w", demo, "incidents", "show", str(number), "--json").output)
    assert (shown["days_lost"], shown["place"], shown["act_number"], shown["severity"]) == (16, "Склад № 2", "7", "light")
    opening, closing, correction = shown["entries"]
    assert (correction["action"], correction["reason"], correction["refers"]) == (
        "correct", "уточнено по листку нетрудоспособности", closing["seq"])  # the closing's days: to the closing
    assert sorted(correction["fields"]) == ["days", "place"]  # only what changed is recorded
    # The card's history says what each entry changed, «было → стало».
    history = done.text.split('id="history"')[1]
    assert "уточнено по листку нетрудоспособности" in history
    assert "Место: <s>Склад</s> → Склад № 2" in history and "Дни нетрудоспособности: <s>14</s> → 16" in history
    assert invoke("-w", demo, "verify").exit_code == 0  # the chain is intact: nothing was edited


def test_a_microtrauma_registered_as_an_accident_is_corrected_on_the_web(demo, desk_client, invoke):
    client = desk_client(demo)
    worker = json.loads(invoke("-w", demo, "people", "list", "--json").output)[0]
    token = csrf_of(client.get("/incidents/new").text)
    client.post("/incidents/new", data={"csrf": token, "type": "accident", "severity": "light", "on": "2025-11-12",
                                        "time": "09:40", "place": "Зал", "circumstances": "Ушиб",
                                        "injured": worker["full_name"]})
    case = next(c for c in _cases(invoke, demo) if c["place"] == "Зал")
    assert case["insured"] is True
    form = client.get(f"/incidents/{case['id']}/correct").text
    values = {"csrf": token, "type": "microtrauma", "severity": "light", "on": "2025-11-12", "time": "09:40",
              "place": "Зал", "circumstances": "Ушиб", "injured": f"{worker['full_name']} (№ {worker['id']})",
              "reason": "не несчастный случай"}
    assert "Закрытие случая" not in form  # an open case: no closing fields to correct
    severe = client.post(f"/incidents/{case['id']}/correct", data=values)
    assert severe.status_code == 400
    assert re.search(r'id="err-severity" role="alert">Тяжесть указывается только для несчастного случая[^<]*'
                     r"оставьте поле «Тяжесть» пустым", severe.text) and not _cli_words(severe.text)
    done = client.post(f"/incidents/{case['id']}/correct", data={**values, "severity": "", "time": ""},
                       follow_redirects=True)
    assert done.status_code == 200, _alerts(done.text)
    fixed = json.loads(invoke("-w", demo, "incidents", "show", str(case["id"]), "--json").output)
    # Kind changed, severity and time cleared, the insured mark follows the kind (a micro-trauma is not insured).
    assert (fixed["type"], fixed["severity"], fixed["time"], fixed["insured"]) == ("microtrauma", None, None, None)
    assert "Время: <s>09:40</s> → —" in done.text.split('id="history"')[1]


def test_registration_refusals_name_no_command_line_options(demo, desk_client, invoke):
    client = desk_client(demo)
    token = csrf_of(client.get("/incidents/new").text)
    base = {"csrf": token, "type": "microtrauma", "on": "2025-12-01", "place": "Лестница", "circumstances": "Падение"}
    unknown = client.post("/incidents/new", data={**base, "injured": "Неизвестный Н.Н."})
    assert re.search(r'id="err-injured" role="alert">[^<]*проверьте написание по списку на странице «Работники»',
                     unknown.text)
    late = client.post("/incidents/new", data={**base, "on": "2099-01-01", "injured": "Неизвестный"})
    for response in (unknown, late, client.post("/incidents/new", data=base)):
        assert response.status_code == 400 and not _cli_words(response.text), _alerts(response.text)
    assert client.get("/incidents/999/correct").status_code == 404
    assert "номера — в журнале «Происшествия»" in client.get("/incidents/999/correct").text
