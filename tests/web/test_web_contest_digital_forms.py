"""``/contest/digital``: the self-assessment and the questionnaire typed on forms, without the YAML answers file."""

import json
import re

import pytest

from core.testing import csrf_of, finished_job

pytestmark = pytest.mark.storage

#: A complete questionnaire as a specialist would type it (the ИНН is a real checksum-valid one).
QUESTIONNAIRE = {
    "owner.inn": "7707083893", "owner.name": "МБОУ «Школа № 5»", "owner.region": "Тульская область",
    "owner.address": "г. Тула, ул. Ленина, д. 1", "owner.head_position": "Директор",
    "owner.head_name": "Иванова Мария Петровна", "owner.phone": "+7 4872 00-00-00", "owner.email": "school5@example.ru",
    "owner.website": "school5.example.ru", "contact.position": "Специалист по охране труда",
    "contact.name": "Петров Пётр Петрович", "contact.phone": "+7 900 000-00-00", "contact.email": "ot@example.ru",
    "solution.name": "ohs-toolkit", "solution.tasks": "Журналы инструктажей, сроки обучения\nи медосмотров",
    "solution.effect": "Нет просроченных инструктажей", "solution.example": "Школа № 5, с 2025 года",
    "solution.url": "https://example.ru/ohs", "demo.access": "http://demo.example.ru, логин demo",
}


def _score(invoke, folder):
    return json.loads(invoke("-w", folder, "contest", "digital", "score", "--json").output)


def _cli_words(html):
    return re.findall(r"--[a-z][a-z-]+|\bohs [a-z]+", html)


def test_the_self_assessment_is_typed_on_the_page_and_the_score_follows(workspace, desk_client, invoke):
    client = desk_client(workspace)
    main = client.get("/contest/digital").text
    assert 'href="/contest/digital/assessment"' in main and 'href="/contest/digital/questionnaire"' in main
    assert 'href="/contest/digital/assessment#c-tasks"' in main and not _cli_words(main)  # «Ответить», not a command
    before = _score(invoke, workspace)
    form = client.get("/contest/digital/assessment")
    assert form.status_code == 200 and 'id="c-tasks"' in form.text
    # The data's own answers are shown with their source and are not in the form (they would freeze).
    assert "Срок промышленной эксплуатации" in form.text and "первая запись в журнале изменений" in form.text
    answers = {"csrf": csrf_of(form.text), "tasks": "acute", "methods": "common", "design": ["modern", "consistent_style"],
               "program_registry": "yes", "russian_software_registry": "no"}
    bad = client.post("/contest/digital/assessment", data={**answers, "deployments": "двенадцать"})
    assert bad.status_code == 400
    assert re.search(r'id="err-deployments" role="alert">Нужно целое число \(внедрений\), а указано «двенадцать»', bad.text)
    assert '<option value="acute" selected>' in bad.text and 'value="consistent_style" checked' in bad.text
    assert _score(invoke, workspace) == before  # nothing written
    done = client.post("/contest/digital/assessment", data={**answers, "deployments": "12"}, follow_redirects=True)
    after = _score(invoke, workspace)
    points = {i["key"]: i["points"] for i in after["items"]}
    assert (points["tasks"], points["methods"], points["design"], points["program_registry"],
            points["russian_software_registry"], points["deployments"]) == (100, 50, 30, 100, 0, 50)
    assert f"Самооценка записана (изменено ответов: 6); баллов: {after['total']} из {after['max']}." in done.text
    assert f"<b>{after['total']}</b> из {after['max']} баллов" in done.text  # the score page, recomputed
    # Saved answers come back into the form; an emptied one is cleared (the data's count applies again).
    again = client.get("/contest/digital/assessment").text
    assert '<option value="acute" selected>' in again and 'name="deployments" type="text" inputmode="decimal" value="12"' in again
    client.post("/contest/digital/assessment", data={**answers, "tasks": "", "deployments": ""})
    cleared = {i["key"]: i for i in _score(invoke, workspace)["items"]}
    assert not cleared["tasks"]["provided"] and cleared["deployments"]["points"] == before_points(before, "deployments")
    history = json.loads(invoke("-w", workspace, "contest", "digital", "questionnaire", "history", "--json").output)
    assert [h["value"] for h in history if h["key"] == "criteria.tasks"] == ['"acute"', None]  # dated, never overwritten


def before_points(score, key):
    return next(i["points"] for i in score["items"] if i["key"] == key)


def test_the_questionnaire_is_filled_on_the_page_and_the_application_is_assembled(workspace, desk_client, invoke):
    client = desk_client(workspace)
    page = client.get("/contest/digital/questionnaire")
    assert page.status_code == 200 and "Не заполнено обязательных полей" in page.text
    token = csrf_of(page.text)
    # The pack lacks the questionnaire: the job names each field with a link to it, never a command.
    started = client.post("/contest/digital/pack", data={"csrf": token}, follow_redirects=False)
    lacking = finished_job(client, started).text
    assert "Архив не собран" in lacking and 'href="/contest/digital/questionnaire#q-owner-region"' in lacking
    assert not _cli_words(lacking)
    bad = client.post("/contest/digital/questionnaire", data={"csrf": token, **QUESTIONNAIRE, "owner.inn": "123",
                                                              "operation.launch_year": "2099"})
    assert bad.status_code == 400 and "Анкета не изменена: есть ошибки в значениях (2)." in bad.text
    assert re.search(r'id="err-q-owner-inn" role="alert">[^<]*ИНН', bad.text)
    assert re.search(r'id="err-q-operation-launch_year" role="alert">Год запуска 2099 ещё не наступил', bad.text)
    assert "Журналы инструктажей, сроки обучения\nи медосмотров" in bad.text  # typed values kept
    shown = json.loads(invoke("-w", workspace, "contest", "digital", "questionnaire", "show", "--json").output)
    assert all(f["source"] != "questionnaire" for f in shown["fields"])
    done = client.post("/contest/digital/questionnaire", data={"csrf": token, **QUESTIONNAIRE}, follow_redirects=True)
    assert "Анкета записана (изменено полей: 19); все обязательные поля заполнены." in done.text
    shown = {f["key"]: f for f in json.loads(invoke("-w", workspace, "contest", "digital", "questionnaire", "show",
                                                    "--json").output)["fields"]}
    assert shown["owner.region"]["value"] == "Тульская область" and shown["owner.region"]["source"] == "questionnaire"
    assert shown["operation.launch_year"]["source"] == "facts"  # left empty: the data's value applies
    started = client.post("/contest/digital/pack", data={"csrf": token}, follow_redirects=False)
    assert "Заявка собрана" in finished_job(client, started).text
