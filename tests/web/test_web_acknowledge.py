"""Acknowledgement on an approved document's card: who must still, ticked with the day, recorded in one step."""

import datetime
import json
import re

import pytest

from core.testing import csrf_of

pytestmark = pytest.mark.storage


def _approved_regulation(invoke, folder):
    """The regulation (every worker must acknowledge it), made and approved by an order, as ``docs show`` has it."""
    made = json.loads(invoke("-w", folder, "docs", "make", "suot_regulation", "--json").output)
    head = json.loads(invoke("-w", folder, "org", "show", "--json").output)["head"]["full_name"]
    today = json.loads(invoke("-w", folder, "due", "--json").output)["today"]
    approved = invoke("-w", folder, "docs", "approve", str(made["id"]), "--by", head, "--on", today,
                      "--order-number", "3-ОД")
    assert approved.exit_code == 0, approved.output
    return _show(invoke, folder, made["id"]), today


def _show(invoke, folder, doc_id):
    shown = invoke("-w", folder, "docs", "show", str(doc_id), "--json")
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.output)


def _pending_ids(html):
    return [int(n) for n in re.findall(r'name="person" value="(\d+)"', html)]


def test_three_workers_are_marked_acknowledged_in_one_step(demo, desk_client, invoke):
    doc, today = _approved_regulation(invoke, demo)
    assert doc["acknowledgement_required"] and doc["acknowledged"] == [] and len(doc["to_acknowledge"]) >= 3
    client = desk_client(demo)
    card = client.get(f"/documents/{doc['id']}")
    listed = _pending_ids(card.text)
    assert listed == [p["person_id"] for p in doc["to_acknowledge"]]  # every one who must, nobody else
    assert f"ещё не ознакомлены {len(listed)}" in card.text
    three = listed[:3]
    on = today
    done = client.post(f"/documents/{doc['id']}/acknowledge",
                       data={"csrf": csrf_of(card.text), "person": [str(n) for n in three], "ack_on": on,
                             "method": "paper"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/documents/{doc['id']}#ack"
    after = client.get(done.headers["location"])
    assert "Записано ознакомлений: 3" in after.text
    # Read back through the command line: the three with the day and the way; nobody else.
    shown = _show(invoke, demo, doc["id"])
    assert sorted(a["person_id"] for a in shown["acknowledged"]) == sorted(three)
    assert {a["on"] for a in shown["acknowledged"]} == {on} and {a["method"] for a in shown["acknowledged"]} == {"paper"}
    assert [p["person_id"] for p in shown["to_acknowledge"]] == listed[3:]
    text = invoke("-w", demo, "docs", "show", str(doc["id"])).output
    assert f"Ознакомлены: 3; ещё не ознакомлены: {len(listed) - 3}" in text
    # ``ohs due`` no longer asks for theirs; it still asks for everyone else's.
    due = json.loads(invoke("-w", demo, "due", "--json").output)
    still = [i["subject"] for i in due["items"] if i.get("record") == f"document:{doc['id']}"]
    assert len(still) == len(listed) - 3
    for a in shown["acknowledged"]:
        surname, *names = a["person"].split()
        assert f"{surname} {''.join(n[0] + '.' for n in names)}" not in still
    # The card: the three among those done, with their day; no longer offered.
    assert _pending_ids(after.text) == listed[3:]
    done_part = after.text.split("Ознакомлены <span")[1]
    for a in shown["acknowledged"]:
        assert a["person"] in done_part
    assert datetime.date.fromisoformat(on).strftime("%d.%m.%Y") in done_part


def test_a_refused_acknowledgement_writes_nothing_and_keeps_the_ticks(demo, desk_client, invoke):
    doc, today = _approved_regulation(invoke, demo)
    client = desk_client(demo)
    card = client.get(f"/documents/{doc['id']}")
    token, listed = csrf_of(card.text), _pending_ids(card.text)
    url = f"/documents/{doc['id']}/acknowledge"
    none = client.post(url, data={"csrf": token, "ack_on": today})
    assert none.status_code == 400 and re.search(r'id="err-person" role="alert">Отметьте', none.text)
    early = (datetime.date.fromisoformat(today) - datetime.timedelta(days=1)).isoformat()
    refused = client.post(url, data={"csrf": token, "person": [str(listed[0]), str(listed[1])], "ack_on": early})
    assert refused.status_code == 400 and "раньше утверждения документа" in refused.text
    assert all(re.search(rf'name="person" value="{n}" checked', refused.text) for n in listed[:2])
    assert f'value="{early}"' in refused.text  # the date typed is kept
    no_date = client.post(url, data={"csrf": token, "person": [str(listed[0])], "ack_on": ""})
    assert no_date.status_code == 400 and 'id="err-ack_on"' in no_date.text
    assert _show(invoke, demo, doc["id"])["acknowledged"] == []
    # Once recorded, the same worker again is refused by the service, and nothing more is written.
    assert client.post(url, data={"csrf": token, "person": [str(listed[0])], "ack_on": today},
                       follow_redirects=False).status_code == 303
    twice = client.post(url, data={"csrf": token, "person": [str(listed[0]), str(listed[1])], "ack_on": today})
    assert twice.status_code == 400 and "уже ознакомлен(а)" in twice.text
    assert [a["person_id"] for a in _show(invoke, demo, doc["id"])["acknowledged"]] == [listed[0]]
    # A number that is no worker of this organization.
    ghost = client.post(url, data={"csrf": token, "person": ["999999"], "ack_on": today})
    assert ghost.status_code == 400 and "Работника №999999 нет в реестре" in ghost.text


def test_a_draft_asks_for_acknowledgement_only_after_approval(demo, desk_client, invoke):
    made = json.loads(invoke("-w", demo, "docs", "make", "suot_regulation", "--json").output)
    card = desk_client(demo).get(f"/documents/{made['id']}").text
    assert "после утверждения" in card and 'name="person"' not in card and 'id="ack"' not in card
    assert not _show(invoke, demo, made["id"])["to_acknowledge"]
