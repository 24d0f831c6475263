"""``/practices`` (the best-practice plugin's pages): the register, a new practice, the report and «Отправлено»."""

import json
import re

import pytest

from core.testing import csrf_of, fixed_test_today

pytestmark = pytest.mark.storage


def _submissions(invoke, folder):
    return json.loads(invoke("-w", folder, "practice", "submissions", "--json").output)


def test_a_practice_is_added_through_the_form_and_refused_without_its_fields(demo, desk_client, invoke):
    client = desk_client(demo)
    before = json.loads(invoke("-w", demo, "practice", "list", "--json").output)
    form = client.get("/practices/new")
    practice = {"csrf": csrf_of(form.text), "category": "technique", "title": "Подъёмник для матов",
                "description": "Установлен ручной подъёмник в зале", "effect": "Нет травм спины при переноске",
                "implemented": "2026-11-20", "source": "proposal"}
    refused = client.post("/practices/new", data={**practice, "title": "  "})
    assert refused.status_code == 400 and re.search(r'id="err-title" role="alert">Заполните поле «Название»', refused.text)
    assert "Установлен ручной подъёмник в зале" in refused.text  # the typed text is kept
    future = client.post("/practices/new", data={**practice, "implemented": "2099-01-01"})
    assert future.status_code == 400 and re.search(r'id="err-implemented" role="alert">Дата внедрения', future.text)
    assert json.loads(invoke("-w", demo, "practice", "list", "--json").output) == before
    done = client.post("/practices/new", data=practice, follow_redirects=True)
    assert done.url.path == "/practices" and "«Подъёмник для матов» добавлена" in done.text
    after = json.loads(invoke("-w", demo, "practice", "list", "--json").output)
    assert [p["title"] for p in after if p not in before] == ["Подъёмник для матов"]
    assert "Подъёмник для матов" in done.text.split('id="register"')[1]


def test_the_quarterly_report_shows_its_deadline_and_is_marked_sent(demo, desk_client, invoke):
    client = desk_client(demo)
    page = client.get("/practices").text
    due = [i for i in json.loads(invoke("-w", demo, "due", "--json").output)["items"] if i["source"] == "best_practices"]
    assert due, "the demo's current quarter waits for its report"
    item = due[0]
    year, number = item["record"].removeprefix("report:").split("-Q")
    day = "{2}.{1}.{0}".format(*item["due"].split("-"))
    assert re.search(rf"срок — <b>{re.escape(day)}</b>", page)
    sent_before = len(_submissions(invoke, demo))
    data = {"csrf": csrf_of(page), "year": year, "quarter": number, "number": "15/01"}
    refused = client.post("/practices/submit", data={**data, "on": "2099-01-01"})
    assert refused.status_code == 400 and "ещё не наступила" in refused.text
    assert len(_submissions(invoke, demo)) == sent_before
    done = client.post("/practices/submit", data={**data, "on": "2026-11-20"}, follow_redirects=True)
    assert "отмечен отправленным 20.11.2026" in done.text
    rows = _submissions(invoke, demo)
    assert len(rows) == sent_before + 1
    assert (rows[-1]["year"], rows[-1]["quarter"], rows[-1]["submitted_on"], rows[-1]["number"]) == (
        int(year), int(number), "2026-11-20", "15/01")
    assert item["record"] not in [i["record"] for i in json.loads(invoke("-w", demo, "due", "--json").output)["items"]]


def _cli_words(html: str) -> list[str]:
    """Command-line syntax that must not reach a page: options («--reason») and commands («ohs practice …»)."""
    return re.findall(r"--[a-z][a-z-]+|\bohs [a-z]+", html)


def test_a_sent_report_is_sent_again_with_the_reason_typed_on_the_page(demo, desk_client, invoke):
    client = desk_client(demo)
    sent = _submissions(invoke, demo)
    last = sent[-1]
    page = client.get("/practices").text
    section = page.split('id="again"')[1].split("</details>")[0]
    assert "Направить исправленный отчёт" in section and "Причина повторной отправки" in section
    period = f"{last['year']}-{last['quarter']}"
    assert f'<option value="{period}" selected>' in section  # the latest quarter sent comes first
    form = {"csrf": csrf_of(page), "again": "1", "period": period, "on": fixed_test_today(), "number": "15/02"}
    # Without the reason: refused next to the field, the typed values kept, nothing recorded.
    refused = client.post("/practices/submit", data={**form, "reason": "  "})
    assert refused.status_code == 400
    assert re.search(r'id="err-reason" role="alert">Заполните поле «Причина повторной отправки»', refused.text)
    assert 'value="15/02"' in refused.text and '<details class="fold" id="again" open>' in refused.text
    # A date before the version it replaces: the service's refusal, in the form's words, next to the date.
    early = client.post("/practices/submit", data={**form, "on": "2000-01-05", "reason": "добавлен видеоролик"})
    assert early.status_code == 400 and re.search(r'id="err-on" role="alert">[^<]*проверьте дату отправки', early.text)
    assert "добавлен видеоролик" in early.text and not _cli_words(early.text)
    assert len(_submissions(invoke, demo)) == len(sent)
    done = client.post("/practices/submit", data={**form, "reason": "добавлен видеоролик"}, follow_redirects=True)
    assert f"редакция {last['version'] + 1}" in done.text
    again = _submissions(invoke, demo)[-1]
    assert (again["year"], again["quarter"], again["version"], again["reason"], again["number"]) == (
        last["year"], last["quarter"], last["version"] + 1, "добавлен видеоролик", "15/02")
    assert "добавлен видеоролик" in done.text.split("Отправленные отчёты")[1]


def test_sending_a_quarter_already_sent_asks_for_the_reason_without_command_line_options(demo, desk_client, invoke):
    client = desk_client(demo)
    last = _submissions(invoke, demo)[-1]
    page = client.get("/practices").text
    # A page left open while the quarter was sent elsewhere: its «Отправлено» posts the quarter again.
    stale = client.post("/practices/submit", data={"csrf": csrf_of(page), "year": last["year"],
                                                   "quarter": last["quarter"], "on": fixed_test_today()})
    assert stale.status_code == 400
    assert "уже направлен" in stale.text and "укажите причину повторной отправки" in stale.text
    assert not _cli_words(stale.text)
    # The command line still says which option to add.
    cli = invoke("-w", demo, "practice", "submit", "--year", str(last["year"]), "--quarter", str(last["quarter"]),
                 "--on", fixed_test_today())
    assert cli.exit_code == 1 and "--reason" in cli.stderr
