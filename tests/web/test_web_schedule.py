"""The schedule registers of the desk: «Обучение», «Медосмотры», «СОУТ» — lists, add and correct forms."""

import json
import re

import pytest

from core.testing import csrf_of

pytestmark = pytest.mark.storage

ROUTES = ("/training", "/training/new", "/medical", "/medical/new", "/sout", "/sout/new", "/sout/event")
LEAKS = ("Traceback", "File \"", "Internal Server Error", "Exception", "sqlalchemy", "jinja2")


def _alerts(html):
    return re.findall(r'role="alert">(?:<p>)?([^<]*)<', html)


def _listed(invoke, folder, *args):
    return json.loads(invoke("-w", folder, *args, "--json").output)


def _answers(client):
    for path in ROUTES:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert not [leak for leak in LEAKS if leak in response.text], path
    menu = re.findall(r'<nav aria-label="Разделы">(.*?)</nav>', client.get("/").text, re.S)[0]
    for path in ("/training", "/medical", "/sout"):
        assert f'href="{path}"' in menu


def test_every_schedule_page_answers_on_the_demo(demo, desk_client):
    _answers(desk_client(demo))


def test_every_schedule_page_answers_on_an_empty_workspace(workspace, desk_client):
    client = desk_client(workspace)
    _answers(client)
    assert "В журнале обучения пока нет записей" in client.get("/training").text


def _a_worker(invoke, folder):
    people = _listed(invoke, folder, "people", "list")
    return people[0]


def test_training_add_writes_the_protocol_for_each_worker(demo, desk_client, invoke):
    client = desk_client(demo)
    worker = _a_worker(invoke, demo)
    before = _listed(invoke, demo, "training", "list")
    form = client.get("/training/new").text
    response = client.post("/training/new", data={
        "csrf": csrf_of(form), "people": worker["full_name"], "program": "A", "on": "2025-12-01",
        "protocol": "77-В", "result": "passed", "hours": "16", "provider": "своими силами"}, follow_redirects=True)
    assert response.status_code == 200, response.text[:500]
    after = _listed(invoke, demo, "training", "list")
    assert len(after) == len(before) + 1
    new = after[-1]
    assert (new["person"], new["program"], new["on"], new["protocol"], new["result"], new["hours"]) == \
        (worker["full_name"], "A", "2025-12-01", "77-В", "passed", 16)
    assert "Записано в журнал обучения: 1" in response.text
    assert "77-В" in client.get("/training").text


def test_training_add_refused_keeps_values_and_writes_nothing(demo, desk_client, invoke):
    client = desk_client(demo)
    worker = _a_worker(invoke, demo)
    before = _listed(invoke, demo, "training", "list")
    token = csrf_of(client.get("/training/new").text)
    # No protocol number: the field's message; a protocol in the future: the service's message.
    bad = client.post("/training/new", data={"csrf": token, "people": worker["full_name"], "program": "B",
                                             "on": "2025-12-01", "protocol": "", "result": "passed"})
    assert bad.status_code == 400
    assert "Заполните поле «Номер протокола»." in _alerts(bad.text)
    assert worker["full_name"] in bad.text and 'value="B" selected' in bad.text
    future = client.post("/training/new", data={"csrf": token, "people": worker["full_name"], "program": "A",
                                                "on": "2099-01-01", "protocol": "5", "result": "passed"})
    assert future.status_code == 400
    assert any("ещё не наступила" in a for a in _alerts(future.text))
    assert 'value="5"' in future.text
    nobody = client.post("/training/new", data={"csrf": token, "people": "Несуществующий Н.Н.", "program": "A",
                                                "on": "2025-12-01", "protocol": "5", "result": "passed"})
    assert nobody.status_code == 400 and 'id="err-people"' in nobody.text
    assert _listed(invoke, demo, "training", "list") == before


def test_training_correction_is_a_new_entry(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _listed(invoke, demo, "training", "list")
    target = next(r for r in before if not r["corrected_by"] and not r["corrects"])
    page = client.get(f"/training/{target['seq']}/correct").text
    assert f'value="{target["protocol"]}"' in page
    refused = client.post(f"/training/{target['seq']}/correct", data={
        "csrf": csrf_of(page), "reason": "", "program": target["program"], "on": target["on"],
        "protocol": "99", "result": target["result"]})
    assert refused.status_code == 400 and "Заполните поле «Причина исправления»." in _alerts(refused.text)
    assert 'value="99"' in refused.text
    assert _listed(invoke, demo, "training", "list") == before
    client.post(f"/training/{target['seq']}/correct", data={
        "csrf": csrf_of(page), "reason": "опечатка в номере", "program": target["program"], "on": target["on"],
        "protocol": "99", "result": target["result"]})
    after = _listed(invoke, demo, "training", "list")
    assert len(after) == len(before) + 1
    assert after[-1]["corrects"] == target["seq"] and after[-1]["protocol"] == "99"
    assert after[-1]["reason"] == "опечатка в номере"
    original = next(r for r in after if r["seq"] == target["seq"])
    assert original["protocol"] == target["protocol"] and original["corrected_by"] == [after[-1]["seq"]]


def test_medical_add_and_refusal(demo, desk_client, invoke):
    client = desk_client(demo)
    worker = _a_worker(invoke, demo)
    before = _listed(invoke, demo, "medical", "list")
    token = csrf_of(client.get("/medical/new").text)
    bad = client.post("/medical/new", data={"csrf": token, "people": "", "kind": "psychiatric", "on": "2025-11-03",
                                            "result": "fit", "conclusion": "Закл. 15"})
    assert bad.status_code == 400 and "Перечислите работников, прошедших осмотр." in _alerts(bad.text)
    assert 'value="psychiatric" selected' in bad.text and 'value="Закл. 15"' in bad.text
    referral = client.post("/medical/new", data={"csrf": token, "people": worker["full_name"], "kind": "preliminary",
                                                 "on": "2025-11-03", "result": "fit", "referral": "1"})
    assert referral.status_code == 400 and any("периодического осмотра" in a for a in _alerts(referral.text))
    assert _listed(invoke, demo, "medical", "list") == before
    good = client.post("/medical/new", data={"csrf": token, "people": worker["full_name"], "kind": "periodic",
                                             "on": "2025-11-03", "result": "fit", "conclusion": "Закл. 15"},
                       follow_redirects=True)
    assert good.status_code == 200
    after = _listed(invoke, demo, "medical", "list")
    assert len(after) == len(before) + 1
    assert (after[-1]["person"], after[-1]["kind"], after[-1]["on"], after[-1]["conclusion"]) == \
        (worker["full_name"], "periodic", "2025-11-03", "Закл. 15")


def test_medical_correction_is_a_new_entry(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _listed(invoke, demo, "medical", "list")
    target = next(r for r in before if not r["corrected_by"] and not r["corrects"])
    page = client.get(f"/medical/{target['seq']}/correct").text
    client.post(f"/medical/{target['seq']}/correct", data={
        "csrf": csrf_of(page), "reason": "неверный результат", "kind": target["kind"], "on": target["on"],
        "result": "temporarily_unfit"})
    after = _listed(invoke, demo, "medical", "list")
    assert len(after) == len(before) + 1
    assert (after[-1]["corrects"], after[-1]["result"]) == (target["seq"], "temporarily_unfit")
    assert next(r for r in after if r["seq"] == target["seq"])["result"] == target["result"]
    assert "исправляет № %d" % target["seq"] in client.get("/medical").text


def test_sout_add_and_refusal(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _listed(invoke, demo, "sout", "list")["workplaces"]
    token = csrf_of(client.get("/sout/new").text)
    # The final class must be the highest factor class: the service refuses, nothing is written.
    bad = client.post("/sout/new", data={"csrf": token, "position": "Лаборант химии", "report_on": "2025-10-01",
                                         "sout_class": "2", "factors": "шум=3.1"})
    assert bad.status_code == 400 and any("не совпадает" in a for a in _alerts(bad.text))
    assert 'value="Лаборант химии"' in bad.text and "шум=3.1" in bad.text
    malformed = client.post("/sout/new", data={"csrf": token, "position": "Лаборант химии",
                                               "report_on": "2025-10-01", "sout_class": "2", "factors": "шум"})
    assert malformed.status_code == 400 and 'id="err-factors"' in malformed.text
    assert _listed(invoke, demo, "sout", "list")["workplaces"] == before
    good = client.post("/sout/new", data={"csrf": token, "position": "Лаборант химии", "report_on": "2025-10-01",
                                          "sout_class": "3.1", "factors": "шум=3.1\nмикроклимат=2",
                                          "workplace_no": "17А"}, follow_redirects=True)
    assert good.status_code == 200
    after = _listed(invoke, demo, "sout", "list")["workplaces"]
    assert len(after) == len(before) + 1
    new = after[-1] if after[-1]["position"] == "Лаборант химии" else \
        next(r for r in after if r["position"] == "Лаборант химии")
    assert (new["class"], new["report_date"], new["workplace_no"]) == ("3.1", "2025-10-01", "17А")
    assert {f["factor"]: f["class"] for f in new["factors"]} == {"шум": "3.1", "микроклимат": "2"}
    assert "Лаборант химии" in client.get("/sout").text


def test_today_links_overdue_trainings_and_exams_to_their_forms(demo, desk_client, invoke):
    """An overdue training or exam on «Сегодня» opens the register's form with the worker filled in."""
    from html import unescape
    from urllib.parse import parse_qs, urlparse

    client = desk_client(demo)
    due = json.loads(invoke("-w", demo, "due", "--json").output)["items"]
    kinds = {i["kind"] for i in due if i["status"] == "overdue"}
    assert any(k.startswith("training") for k in kinds), kinds
    links = [unescape(h) for h in re.findall(r'href="(/(?:training|medical)/new\?[^"]+)"', client.get("/").text)]
    assert links, "no register link on «Сегодня»"
    for link in links:
        who = parse_qs(urlparse(link).query)["people"][0]
        form = client.get(link)
        assert form.status_code == 200
        assert f">{who}</textarea>" in unescape(form.text)


def test_the_training_journal_pages_newest_first(demo, desk_client, invoke):
    client = desk_client(demo)
    rows = _listed(invoke, demo, "training", "list")
    assert len(rows) > 50, "the demo's journal spans two pages"
    first, second = client.get("/training").text, client.get("/training?page=2").text
    seqs = [int(s) for s in re.findall(r"<tr[^>]*><td>(\d+)</td>", first)]
    assert seqs == sorted((r["seq"] for r in rows), reverse=True)[:50]
    later = [int(s) for s in re.findall(r"<tr[^>]*><td>(\d+)</td>", second)]
    assert later == sorted((r["seq"] for r in rows), reverse=True)[50:100]
    assert 'href="/training?page=2"' in first and "Страница 2 из" in second


def test_sout_event_sets_an_unscheduled_sout(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _listed(invoke, demo, "sout", "list")["events"]
    token = csrf_of(client.get("/sout/event").text)
    bad = client.post("/sout/event", data={"csrf": token, "position": "Лаборант химии", "reason": "",
                                           "on": "2025-12-01", "note": "предписание 12"})
    assert bad.status_code == 400 and 'id="err-reason"' in bad.text and 'value="предписание 12"' in bad.text
    assert _listed(invoke, demo, "sout", "list")["events"] == before
    client.post("/sout/event", data={"csrf": token, "position": "Лаборант химии", "reason": "inspector_order",
                                     "on": "2025-12-01", "note": "предписание 12"})
    events = _listed(invoke, demo, "sout", "list")["events"]
    assert len(events) == len(before) + 1
    new = events[-1] if events[-1]["position"] == "Лаборант химии" else \
        next(e for e in events if e["position"] == "Лаборант химии")
    assert (new["reason"], new["date"], new["note"]) == ("inspector_order", "2025-12-01", "предписание 12")
    due = json.loads(invoke("-w", demo, "due", "--json").output)["items"]
    assert any(i["kind"] == "sout_unscheduled" and "Лаборант химии" in i["subject"] for i in due)
