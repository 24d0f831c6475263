"""«Документы» on the desk: the СУОТ pack as long work, approving several drafts with one order, comparing versions."""

import json
import re

import pytest

from core.testing import csrf_of, docx_text, finished_job

pytestmark = pytest.mark.storage


def _docs(invoke, folder):
    return {d["id"]: d for d in json.loads(invoke("-w", folder, "docs", "list", "--json").output)}


def _today(invoke, folder):
    return json.loads(invoke("-w", folder, "due", "--json").output)["today"]


def _pack(client):
    listing = client.get("/documents")
    assert "Сделать весь пакет СУОТ" in listing.text
    started = client.post("/documents/pack", data={"csrf": csrf_of(listing.text)}, follow_redirects=False)
    return finished_job(client, started)


def test_the_pack_is_made_as_long_work_and_its_documents_are_there(demo, desk_client, invoke):
    client = desk_client(demo)
    assert _docs(invoke, demo) == {}
    done = _pack(client)
    assert done.status_code == 200 and 'http-equiv="refresh"' not in done.text
    made = _docs(invoke, demo)
    assert made and all(d["status"] == "draft" for d in made.values())
    assert re.search(rf"Сделано проектов: {len(made)}; без изменений: 0; не хватает данных: \d+\.", done.text)
    # The lines of ``ohs suot pack``, without its command: the page links to its own approval form instead.
    assert "Положение о системе управления охраной труда, ред. 1" in done.text and "ohs docs approve" not in done.text
    ids = ",".join(str(i) for i in sorted(made))
    assert f'href="/documents?select={ids.replace(",", "%2C")}#approve"' in done.text
    regulation = next(d for d in made.values() if d["kind"] == "suot_regulation")
    text = docx_text(regulation["path"])
    assert "ПОЛОЖЕНИЕ" in text.upper() and "системе управления охраной труда" in text
    # The approval form opens with the pack's drafts ticked.
    listing = client.get(f"/documents?select={ids}")
    assert len(re.findall(r'name="doc" value="\d+" checked', listing.text)) == len(made)
    # Again: nothing changed, so nothing new is made (as the command says «без изменений»).
    again = _pack(client)
    assert re.search(r"Сделано проектов: 0; без изменений: \d+", again.text) and _docs(invoke, demo) == made


def test_three_drafts_are_approved_at_once_by_one_order(demo, desk_client, invoke):
    client = desk_client(demo)
    _pack(client)
    # Documents approved by the order (an order in the same approval is signed and keeps no number).
    drafts = [d for d in _docs(invoke, demo).values()
              if d["kind"] in ("suot_regulation", "intro_program", "workplace_program")]
    assert len(drafts) == 3
    head = json.loads(invoke("-w", demo, "org", "show", "--json").output)["head"]["full_name"]
    listing = client.get("/documents")
    token = csrf_of(listing.text)
    assert f'value="{head}"' in listing.text  # the head is offered as the approver
    form = {"csrf": token, "doc": [str(d["id"]) for d in drafts], "by": head, "on": _today(invoke, demo),
            "order_number": "45-од"}
    # Refused before any work starts: the field's message on the list, the ticks and values kept.
    refused = client.post("/documents/approve", data={**form, "by": "Нет Такого Работника"})
    assert refused.status_code == 400 and re.search(r'id="err-by" role="alert">', refused.text)
    assert all(re.search(rf'name="doc" value="{d["id"]}" checked', refused.text) for d in drafts)
    assert 'value="45-од"' in refused.text
    none = client.post("/documents/approve", data={**form, "doc": []})
    assert none.status_code == 400 and "Отметьте в списке проекты" in none.text
    started = client.post("/documents/approve", data=form, follow_redirects=False)
    done = finished_job(client, started)
    assert "Утверждено документов: 3 приказом № 45-од." in done.text
    after = _docs(invoke, demo)
    order = next(d for d in after.values() if d["kind"] == "order_approve")
    assert order["status"] == "approved" and f'href="/documents/{order["id"]}"' in done.text
    for d in drafts:
        shown = json.loads(invoke("-w", demo, "docs", "show", d["id"], "--json").output)
        assert shown["status"] == "approved" and shown["order_number"] == "45-од", shown
    # The order lists the three documents it approves.
    order_text = docx_text(after[order["id"]]["path"])
    assert all(d["title"] in order_text for d in drafts)


def test_an_approval_the_service_refuses_shows_why_and_approves_none(demo, desk_client, invoke):
    client = desk_client(demo)
    _pack(client)
    drafts = sorted(_docs(invoke, demo).values(), key=lambda d: d["id"])[:2]
    head = json.loads(invoke("-w", demo, "org", "show", "--json").output)["head"]["full_name"]
    token = csrf_of(client.get("/documents").text)
    form = {"csrf": token, "doc": [str(d["id"]) for d in drafts], "by": head, "on": "2000-01-01",
            "order_number": "45-од"}
    done = finished_job(client, client.post("/documents/approve", data=form, follow_redirects=False))
    assert "раньше даты создания проекта" in done.text and "Ничего не записано" in done.text
    assert all(d["status"] == "draft" for d in _docs(invoke, demo).values())
    # «Вернуться к документам» opens the list with the same ticks and values to correct.
    back = re.search(r'<a class="button" href="([^"]+)">Вернуться к документам', done.text).group(1)
    page = client.get(back.replace("&amp;", "&"))
    assert 'value="2000-01-01"' in page.text and 'value="45-од"' in page.text
    assert all(re.search(rf'name="doc" value="{d["id"]}" checked', page.text) for d in drafts)


def _two_policies(invoke, demo):
    """Policy ред. 1 with a goal, then ред. 2 with that goal's target changed (withdrawn, added again): a changed line."""
    added = invoke("-w", demo, "suot", "goal", "add", "Отсутствие несчастных случаев на производстве", "--indicator",
                   "Число несчастных случаев", "--target", "0")
    goal = re.search(r"цель №(\d+)", added.output).group(1)
    first = json.loads(invoke("-w", demo, "docs", "make", "policy", "--json").output)
    today = _today(invoke, demo)
    assert invoke("-w", demo, "suot", "goal", "withdraw", goal, "--on", today, "--reason", "уточнён показатель",
                  "--today", today).exit_code == 0
    assert invoke("-w", demo, "suot", "goal", "add", "Отсутствие несчастных случаев на производстве", "--indicator",
                  "Число несчастных случаев за год", "--target", "0").exit_code == 0
    second = json.loads(invoke("-w", demo, "docs", "make", "policy", "--json").output)
    return first, second


def _marked(html, tag):
    return re.findall(rf'<{tag} class="diff-line diff-\w+"><span class="mark" aria-hidden="true">.</span>([^<]*)</{tag}>',
                      html)


def test_the_diff_page_shows_what_changed_between_two_versions(demo, desk_client, invoke):
    first, second = _two_policies(invoke, demo)
    client = desk_client(demo)
    card = client.get(f"/documents/{second['id']}")
    assert f'href="/documents/{second["id"]}/diff"' in card.text
    page = client.get(f"/documents/{second['id']}/diff")  # by default against the version before
    assert page.status_code == 200
    assert _marked(page.text, "del") == ["Отсутствие несчастных случаев на производстве. Показатель: Число несчастных "
                                         "случаев; целевое значение: 0."]
    assert _marked(page.text, "ins") == ["Отсутствие несчастных случаев на производстве. Показатель: Число несчастных "
                                         "случаев за год; целевое значение: 0."]
    assert "удалено строк: 1" in page.text and "добавлено строк: 1" in page.text
    # The same lines as ``ohs docs diff``.
    cli = invoke("-w", demo, "docs", "diff", str(first["id"]), str(second["id"])).output.splitlines()
    assert ["-" + line for line in _marked(page.text, "del")] == [line for line in cli if line[:1] == "-"][1:]
    assert ["+" + line for line in _marked(page.text, "ins")] == [line for line in cli if line[:1] == "+"][1:]
    # From the first version, against the second: the same change, the older version still «было».
    reverse = client.get(f"/documents/{first['id']}/diff", params={"against": second["id"]})
    assert _marked(reverse.text, "ins") == _marked(page.text, "ins")
    assert re.search(rf'Было: <a href="/documents/{first["id"]}">', reverse.text)
    alone = json.loads(invoke("-w", demo, "docs", "make", "intro_program", "--json").output)
    assert "сравнивать не с чем" in client.get(f"/documents/{alone['id']}/diff").text
