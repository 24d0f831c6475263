"""Refusals on the desk's forms in the form's own words: no command-line options or commands on a page, the
message next to the field it concerns, and the command line's wording unchanged (OhsError.form, on_form)."""

import json
import re

import pytest

from core.errors import OhsError
from core.testing import csrf_of
from core.web.unit import FieldError, on_form

pytestmark = pytest.mark.storage


def _cli_words(html):
    """Command-line syntax: options («--cost») and commands («ohs suot measure …»)."""
    return re.findall(r"--[a-z][a-z-]+|\bohs [a-z]+", html)


def test_on_form_puts_the_form_wording_next_to_the_mapped_field():
    refusal = OhsError("Укажите причину: --reason \"…\".", ["строка"], form="Укажите причину.", concerns="reason")
    shown = on_form(refusal, {"reason": "why"})
    assert isinstance(shown, FieldError) and (shown.field, shown.message, shown.details) == (
        "why", "Укажите причину.", ["строка"])
    above = on_form(refusal)  # no field of the form for it: above the form, still in the form's words
    assert not isinstance(above, FieldError) and above.message == "Укажите причину."
    marked = OhsError("СНИЛС уже у работника №3: ohs people show 3.", form="СНИЛС уже у работника №3.")
    marked.field = "snils"  # type: ignore[attr-defined]  # a service that names the form's field itself
    assert (on_form(marked).field, on_form(marked).message) == ("snils", "СНИЛС уже у работника №3.")
    plain = OhsError("Дата ещё не наступила.")
    assert on_form(plain) is plain
    assert refusal.message.endswith("--reason \"…\".")  # the command line's text is untouched


def test_measure_refusals_name_no_options_and_the_command_line_still_does(demo, desk_client, invoke):
    client = desk_client(demo)
    people = json.loads(invoke("-w", demo, "people", "list", "--json").output)
    token = csrf_of(client.get("/measures/new").text)
    form = {"csrf": token, "measure": "Заменить маты", "deadline": "2026-06-30", "responsible": people[0]["full_name"],
            "funding": "бюджет учреждения", "source": "analysis"}
    cost = client.post("/measures/new", data={**form, "cost": "много"})
    assert cost.status_code == 400
    assert re.search(r'id="err-cost" role="alert">Стоимость «много» не число; укажите сумму в рублях, например 180000',
                     cost.text) and not _cli_words(cost.text)
    year = client.post("/measures/new", data={**form, "year": "2027"})
    assert re.search(r'id="err-deadline" role="alert">[^<]*или другой год плана', year.text)
    stranger = client.post("/measures/new", data={**form, "responsible": "Несуществующий Н.Н."})
    assert 'id="err-responsible"' in stranger.text and "на странице «Работники»" in stranger.text
    assert not _cli_words(year.text + stranger.text)
    cli = invoke("-w", demo, "suot", "measure", "add", "--measure", "Маты", "--deadline", "2026-06-30",
                 "--responsible", people[0]["full_name"], "--funding", "бюджет", "--cost", "много")
    assert cli.exit_code == 1 and "--cost 180000" in cli.stderr
    done = client.post("/measures/new", data=form, follow_redirects=True)
    number = re.search(r"Добавлено мероприятие № (\d+)", done.text).group(1)
    card = client.get(f"/measures/{number}").text
    client.post(f"/measures/{number}/status", data={"csrf": token, "status": "in_progress", "on": "2026-06-01"})
    twice = client.post(f"/measures/{number}/status", data={"csrf": token, "status": "in_progress",
                                                             "on": "2026-06-02"})
    assert twice.status_code == 400 and "отметьте его выполнение" in twice.text and not _cli_words(twice.text)
    early = client.post(f"/measures/{number}/status", data={"csrf": csrf_of(card), "status": "done",
                                                             "on": "2026-05-01", "note": "заменены"})
    assert re.search(r'id="err-on" role="alert">Дата 01.05.2026 раньше начала выполнения', early.text)
    missing = client.get("/measures/999999")
    assert missing.status_code == 404 and "Мероприятия №999999 нет; номера — в плане" in missing.text
    assert not _cli_words(missing.text)


def test_register_refusals_name_no_options(demo, desk_client):
    client = desk_client(demo)
    token = csrf_of(client.get("/sout/new").text)
    sout = {"csrf": token, "position": "Лаборант химии", "report_on": "2025-10-01"}
    malformed = client.post("/sout/new", data={**sout, "sout_class": "2", "factors": "шум"})
    assert re.search(r'id="err-factors" role="alert">Фактор «шум» записан неверно; пишите НАЗВАНИЕ=КЛАСС, например '
                     r"шум=2", malformed.text)
    differ = client.post("/sout/new", data={**sout, "sout_class": "2", "factors": "шум=3.1"})
    assert re.search(r'id="err-sout_class" role="alert">[^<]*проверьте итоговый класс и классы факторов', differ.text)
    nowhere = client.post("/sout/new", data={**sout, "sout_class": "2", "department": "Нет такого"})
    assert re.search(r'id="err-department" role="alert">Подразделения «Нет такого» нет', nowhere.text)
    for response in (malformed, differ, nowhere):
        assert response.status_code == 400 and not _cli_words(response.text)
    medical = client.get("/medical/new").text
    psychiatric = client.post("/medical/new", data={"csrf": csrf_of(medical), "people": "1", "kind": "psychiatric",
                                                    "on": "2025-10-01", "result": "fit",
                                                    "basis": next(iter(re.findall(r'<option value="([^"]+)"',
                                                                                  medical.split('name="basis"')[1])[1:2]),
                                                                  "")})
    assert psychiatric.status_code == 400 and re.search(r'id="err-basis" role="alert">Основание периодичности',
                                                        psychiatric.text) and not _cli_words(psychiatric.text)


def test_a_briefing_by_a_worker_not_appointed_says_where_to_appoint(demo, desk_client, invoke):
    client = desk_client(demo)
    people = json.loads(invoke("-w", demo, "people", "list", "--json").output)
    appointed = {a["person_id"] for a in json.loads(invoke("-w", demo, "appointments", "--json").output)}
    instructor = next(p for p in people if p["id"] not in appointed)
    worker = next(p for p in people if p["id"] != instructor["id"])
    sheet = client.get("/briefings/new", params={"sheet": "1", "kind": "repeat", "on": "2026-11-02",
                                                 "instructor": str(instructor["id"]), "people": str(worker["id"])})
    assert sheet.status_code == 400
    assert re.search(r'id="err-instructor" role="alert">[^<]*не назначен\(а\) приказом проводить инструктажи[^<]*'
                     r"«Первый запуск»", sheet.text) and not _cli_words(sheet.text)


def test_a_kind_page_says_where_on_the_desk_each_missing_value_is_filled(workspace, desk_client):
    from core.web.links import fill_link

    client = desk_client(workspace)
    policy = client.get("/documents/kind/policy").text
    assert 'заполнить: <a href="/setup/head">Первый запуск: руководитель организации</a>' in policy
    assert 'href="/setup/goals"' in policy and "<code>ohs" not in policy
    questionnaire = client.get("/documents/kind/contest_digital_questionnaire").text
    assert 'href="/contest/digital/questionnaire#q-owner-region"' in questionnaire and not _cli_words(questionnaire)
    # A value no page sets yet still names its command, said to be one.
    assert fill_link("ohs ppe norm add ДОЛЖНОСТЬ --item …") is None
    assert "на странице пока не задаётся; командой: <code>ohs ppe norm add" in client.get(
        "/documents/kind/ppe_norms").text
