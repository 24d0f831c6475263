"""The risks family's pages of the desk: the risk register with levels, the assessment form."""

import json
import re

import pytest

from core.testing import csrf_of

pytestmark = pytest.mark.storage

ROUTES = ("/risks", "/risks?all=1", "/risks/assess")
LEAKS = ("Traceback", "File \"", "Internal Server Error", "Exception", "sqlalchemy", "jinja2")


def _alerts(html):
    return re.findall(r'role="alert">(?:<p>)?([^<]*)<', html)


def _risks(invoke, folder, *extra):
    return json.loads(invoke("-w", folder, "risk", "list", *extra, "--json").output)


def _answers(client):
    for path in ROUTES:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert not [leak for leak in LEAKS if leak in response.text], path


def test_every_risk_page_answers_on_the_demo(demo, desk_client, invoke):
    client = desk_client(demo)
    _answers(client)
    page = client.get("/risks").text
    current = _risks(invoke, demo)
    # Every current assessment is listed with its score and level as ``ohs risk list`` gives them.
    for r in current:
        assert f"{r['probability']}×{r['severity']}={r['score']}" in page and r["level_name"] in page
    first = current[0]["id"]
    assert client.get(f"/risks/assess?risk={first}").status_code == 200


def test_every_risk_page_answers_on_an_empty_workspace(workspace, desk_client):
    client = desk_client(workspace)
    _answers(client)
    assert "Риски пока не оценены" in client.get("/risks").text


def test_assess_writes_the_risk_and_its_measure(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _risks(invoke, demo, "--all")
    people = json.loads(invoke("-w", demo, "people", "list", "--json").output)
    token = csrf_of(client.get("/risks/assess").text)
    response = client.post("/risks/assess", data={
        "csrf": token, "hazard": "mechanical.fall", "position": "Водитель погрузчика", "probability": "4",
        "severity": "3", "on": "2025-12-01", "controls": "ограждения", "measure": "Установить поручни",
        "deadline": "2026-03-01", "responsible": people[0]["full_name"], "funding": "бюджет"}, follow_redirects=True)
    assert response.status_code == 200, response.text[:400]
    after = _risks(invoke, demo, "--all")
    assert len(after) == len(before) + 1
    new = next(r for r in after if r["position"] == "Водитель погрузчика")
    assert (new["hazard_code"], new["probability"], new["severity"], new["score"]) == ("mechanical.fall", 4, 3, 12)
    assert [m["measure"] for m in new["measures"]] == ["Установить поручни"]
    assert "Водитель погрузчика" in client.get("/risks").text


def test_assess_refused_keeps_values_and_writes_nothing(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _risks(invoke, demo, "--all")
    token = csrf_of(client.get("/risks/assess").text)
    no_severity = client.post("/risks/assess", data={"csrf": token, "hazard": "mechanical.fall",
                                                     "position": "Водитель погрузчика", "probability": "2",
                                                     "severity": "", "on": "2025-12-01"})
    assert no_severity.status_code == 400 and 'id="err-severity"' in no_severity.text
    assert 'value="Водитель погрузчика"' in no_severity.text
    # Residual risk above the initial one: the service's message; a measure without its funding: the field's.
    higher = client.post("/risks/assess", data={"csrf": token, "hazard": "mechanical.fall", "position": "Водитель",
                                                "probability": "2", "severity": "2", "on": "2025-12-01",
                                                "residual_probability": "3", "residual_severity": "3"})
    assert higher.status_code == 400 and any("больше исходного" in a for a in _alerts(higher.text))
    no_funding = client.post("/risks/assess", data={"csrf": token, "hazard": "mechanical.fall", "position": "Водитель",
                                                    "probability": "2", "severity": "2", "on": "2025-12-01",
                                                    "measure": "Поручни", "deadline": "2026-03-01",
                                                    "responsible": "x", "funding": ""})
    assert no_funding.status_code == 400 and "Заполните поле «Источник финансирования»." in _alerts(no_funding.text)
    assert 'value="Поручни"' in no_funding.text
    assert _risks(invoke, demo, "--all") == before


def _acts(invoke, folder):
    return json.loads(invoke("-w", folder, "control", "list", "--json").output)


def test_control_pages_answer(demo, workspace, desk_client, invoke):
    for folder in (demo, workspace):
        client = desk_client(folder)
        for path in ("/control", "/control/new"):
            response = client.get(path)
            assert response.status_code == 200, (path, response.text[:300])
            assert not [leak for leak in LEAKS if leak in response.text], path
    assert "Актов контроля пока нет" in desk_client(workspace).get("/control").text
    page = desk_client(demo).get("/control").text
    assert all(f["text"] in page for act in _acts(invoke, demo) for f in act["findings"])


def test_control_add_writes_the_act_with_its_findings(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _acts(invoke, demo)
    people = json.loads(invoke("-w", demo, "people", "list", "--json").output)
    department = next(p["department"] for p in people if p["department"])
    token = csrf_of(client.get("/control/new").text)
    client.post("/control/new", data={"csrf": token, "stage": "1", "on": "2025-12-02", "by": people[0]["full_name"],
                                      "department": department, "scope": "рабочие места",
                                      "findings": "Нет инструкции | ст. 214 ТК РФ\nЗагромождён проход | п. 5 ПОТ"})
    after = _acts(invoke, demo)
    assert len(after) == len(before) + 1
    new = next(a for a in after if a["scope"] == "рабочие места")
    assert (new["stage"], new["held_on"], new["department"]) == (1, "2025-12-02", department)
    assert [(f["text"], f["requirement"]) for f in new["findings"]] == \
        [("Нет инструкции", "ст. 214 ТК РФ"), ("Загромождён проход", "п. 5 ПОТ")]


def test_control_add_refused_keeps_values_and_writes_nothing(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _acts(invoke, demo)
    people = json.loads(invoke("-w", demo, "people", "list", "--json").output)
    token = csrf_of(client.get("/control/new").text)
    # The first stage is held in a department: the service refuses an act without one.
    no_department = client.post("/control/new", data={"csrf": token, "stage": "1", "on": "2025-12-02",
                                                      "by": people[0]["full_name"], "findings": "Нет инструкции"})
    assert no_department.status_code == 400 and any("Первую ступень" in a for a in _alerts(no_department.text))
    assert "Нет инструкции" in no_department.text
    unknown = client.post("/control/new", data={"csrf": token, "stage": "2", "on": "2025-12-02",
                                                "by": "Никто Н.Н.", "conclusion": "Нарушений не выявлено"})
    assert unknown.status_code == 400 and 'id="err-by"' in unknown.text
    assert 'value="Нарушений не выявлено"' in unknown.text
    assert _acts(invoke, demo) == before
