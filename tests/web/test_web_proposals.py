"""``/practices/proposals``: workers' proposals recorded, a survey's answers uploaded, accepted and rejected on the page."""

import io
import json
import re

import pytest

from core.testing import csrf_of, fixed_test_today

pytestmark = pytest.mark.storage

SURVEY_CSV = (
    '"Отметка времени","Ваше ФИО","Подразделение","Ваше предложение","Оцените обучение от 1 до 5"\n'
    '"20.11.2026 14:05:12","Незнакомцев Н.Н.","Зал № 1","Повесить памятки у снарядов","5"\n'
    '"21.11.2026 09:00:00","Иванов Пётр","","",""\n'
    '"22.11.2026 10:30:00","","Зал № 2","Разминка перед снарядами, с тестами","4"\n'
)


def _proposals(invoke, folder):
    return {p["id"]: p for p in json.loads(invoke("-w", folder, "practice", "proposal", "list", "--json").output)}


def _practices(invoke, folder):
    return json.loads(invoke("-w", folder, "practice", "list", "--json").output)


def _cli_words(html):
    return re.findall(r"--[a-z][a-z-]+|\bohs [a-z]+", html)


def test_the_proposals_page_is_linked_from_practices_and_answers_on_an_empty_workspace(workspace, demo, desk_client):
    empty = desk_client(workspace).get("/practices/proposals")
    assert empty.status_code == 200 and "Предложений пока нет" in empty.text
    client = desk_client(demo)
    assert 'href="/practices/proposals"' in client.get("/practices").text
    page = client.get("/practices/proposals")
    assert page.status_code == 200 and "Предложения работников" in page.text
    assert client.get("/practices/proposals?status=accepted&page=9").status_code == 200


def test_a_proposal_is_recorded_and_refused_without_its_text(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _proposals(invoke, demo)
    page = client.get("/practices/proposals").text
    form = {"csrf": csrf_of(page), "received": "2026-11-20", "channel": "union", "department": "Зал № 2",
            "category": "technique", "effect": "меньше ушибов"}
    empty = client.post("/practices/proposals", data={**form, "text": "   "})
    assert empty.status_code == 400
    assert re.search(r'id="err-text" role="alert">Текст предложения пуст; впишите, что предлагает работник', empty.text)
    assert 'value="меньше ушибов"' in empty.text and '<details class="fold" id="add" open>' in empty.text
    assert not _cli_words(empty.text)
    stranger = client.post("/practices/proposals", data={**form, "text": "Маты", "author": "Несуществующий Н.Н."})
    assert stranger.status_code == 400 and 'id="err-author"' in stranger.text and not _cli_words(stranger.text)
    assert _proposals(invoke, demo) == before
    done = client.post("/practices/proposals", data={**form, "text": "Маты у шведской стенки"}, follow_redirects=True)
    [new] = [p for i, p in _proposals(invoke, demo).items() if i not in before]
    assert f"Записано предложение №{new['id']}" in done.text
    assert (new["text"], new["channel"], new["received_on"], new["category"], new["status"]) == (
        "Маты у шведской стенки", "union", "2026-11-20", "technique", "new")
    assert "Маты у шведской стенки" in done.text.split(f'id="p{new["id"]}"')[1]


def test_a_survey_export_is_uploaded_checked_by_content_and_imported_once(demo, desk_client, invoke):
    client = desk_client(demo)
    before = _proposals(invoke, demo)
    token = csrf_of(client.get("/practices/proposals").text)
    form = {"csrf": token, "channel": "survey", "survey": "Опрос ноября"}
    picture = client.post("/practices/proposals/import", data=form,
                          files={"file": ("опрос.xlsx", b"MZ\x90\x00\x03\x00 a program", "application/octet-stream")})
    assert picture.status_code == 400 and "не принят" in picture.text
    assert '<details class="fold" id="import" open>' in picture.text
    bad = SURVEY_CSV.replace("20.11.2026 14:05:12", "в понедельник")
    wrong = client.post("/practices/proposals/import", data=form,
                        files={"file": ("опрос.csv", bad.encode(), "text/csv")})
    # Every bad row listed, the file named as the user knows it (not the temporary copy's name).
    assert wrong.status_code == 400 and "Файл опрос.csv не импортирован" in wrong.text
    assert "строка 2: «в понедельник»" in wrong.text and "ohs-upload" not in wrong.text
    assert _proposals(invoke, demo) == before
    done = client.post("/practices/proposals/import", data=form, follow_redirects=True,
                       files={"file": ("опрос.csv", io.BytesIO(SURVEY_CSV.encode()), "text/csv")})
    assert "Из «опрос.csv» импортировано предложений: 2; ответов без предложения: 1." in done.text
    added = [p for i, p in _proposals(invoke, demo).items() if i not in before]
    assert sorted(p["text"] for p in added) == ["Повесить памятки у снарядов", "Разминка перед снарядами, с тестами"]
    assert {p["survey"] for p in added} == {"Опрос ноября"}
    assert "Другие ответы опроса (1)" in done.text
    again = client.post("/practices/proposals/import", data=form,
                        files={"file": ("опрос-копия.csv", SURVEY_CSV.encode(), "text/csv")})
    assert again.status_code == 400 and "уже импортирован" in again.text


def test_a_proposal_is_accepted_into_the_register_or_rejected_with_the_reason(demo, desk_client, invoke):
    client = desk_client(demo)
    page = client.get("/practices/proposals").text
    token = csrf_of(page)
    for text in ("Памятки у снарядов", "Купить новый тренажёр"):
        client.post("/practices/proposals", data={"csrf": token, "text": text, "received": "2026-11-20",
                                                  "channel": "proposal"})
    rows = {p["text"]: p for p in _proposals(invoke, demo).values()}
    first, second = rows["Памятки у снарядов"]["id"], rows["Купить новый тренажёр"]["id"]
    page = client.get("/practices/proposals?status=new").text
    assert f'action="/practices/proposals/{first}/accept"' in page
    accept = {"csrf": token, "title": "Памятки у снарядов", "implemented": "2026-11-25", "on": fixed_test_today(),
              "status": "new"}
    # The proposal has no category: the practice needs one, asked next to the field, nothing written.
    no_area = client.post(f"/practices/proposals/{first}/accept", data=accept)
    assert no_area.status_code == 400 and re.search(r'id="err-category" role="alert">Выберите область практики',
                                                    no_area.text)
    assert '<details open><summary class="button small">Принять' in no_area.text and not _cli_words(no_area.text)
    # Nor an effect: the service's sentence for a form, next to the field.
    no_effect = client.post(f"/practices/proposals/{first}/accept", data={**accept, "category": "organization"})
    assert no_effect.status_code == 400 and re.search(r'id="err-effect" role="alert">Не указан эффект практики: что '
                                                      r"изменилось", no_effect.text) and not _cli_words(no_effect.text)
    accept["effect"] = "памятки читают перед подходом"
    early = client.post(f"/practices/proposals/{first}/accept", data={**accept, "category": "organization",
                                                                       "on": "2026-11-01"})
    assert early.status_code == 400 and re.search(r'id="err-on" role="alert">Дата решения 01.11.2026 раньше', early.text)
    count = len(_practices(invoke, demo))
    assert _proposals(invoke, demo)[first]["status"] == "new" and len(_practices(invoke, demo)) == count
    done = client.post(f"/practices/proposals/{first}/accept", data={**accept, "category": "organization"},
                       follow_redirects=True)
    practice = _practices(invoke, demo)[-1]
    assert f"Предложение №{first} принято: в реестр добавлена практика №{practice['id']}" in done.text
    assert (practice["title"], practice["category"], practice["source"], practice["implemented_on"]) == (
        "Памятки у снарядов", "organization", "proposal", "2026-11-25")
    assert _proposals(invoke, demo)[first]["practice_id"] == practice["id"]
    # Rejecting needs the reason told to the worker: the service's sentence, without «--reason».
    silent = client.post(f"/practices/proposals/{second}/reject", data={"csrf": token, "on": fixed_test_today()})
    assert silent.status_code == 400
    assert re.search(r'id="err-reason" role="alert">Не указана причина отклонения \(её сообщают автору\)', silent.text)
    assert not _cli_words(silent.text) and _proposals(invoke, demo)[second]["status"] == "new"
    client.post(f"/practices/proposals/{second}/reject", data={"csrf": token, "on": fixed_test_today(),
                                                                "reason": "нет средств в этом году"})
    assert _proposals(invoke, demo)[second]["reason"] == "нет средств в этом году"
    decided = client.get("/practices/proposals?status=rejected").text
    assert "Причина: нет средств в этом году" in decided and f'/practices/proposals/{second}/reject' not in decided
    # A decision is made once: a stale page's form is refused with the service's sentence.
    twice = client.post(f"/practices/proposals/{second}/accept", data={**accept, "category": "organization"})
    assert twice.status_code == 400 and "уже отклонено" in twice.text
