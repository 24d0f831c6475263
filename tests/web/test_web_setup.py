"""«Первый запуск» on the desk: the steps of ``ohs setup`` as forms, from an empty workspace to the pack."""

import json
import re

import pytest

from core.testing import csrf_of, docx_text, finished_job
from tests.test_setup import ZUP, xlsx

pytestmark = pytest.mark.storage


def _flash(html):
    return re.findall(r'class="flash"[^>]*>([^<]*)<', html)


def _post(client, url, data, **kwargs):
    token = csrf_of(client.get(url).text)
    return client.post(url, data={"csrf": token, **data}, **kwargs)


def _import(client, path, after="/setup/people/next"):
    """The HR file through the people import pages, opened from the setup path (upload, preview, import)."""
    form = client.get(f"/people/import?next={after}")
    assert f'name="next" value="{after}"' in form.text
    preview = client.post("/people/import", data={"csrf": csrf_of(form.text), "next": after},
                          files={"file": ("Список сотрудников.xlsx", path.read_bytes())})
    assert preview.status_code == 200 and "добавлено <b>5</b>" in preview.text
    upload = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
    return client.post("/people/import/apply", data={"csrf": csrf_of(preview.text), "token": upload, "next": after},
                       follow_redirects=False)


def test_the_first_run_goes_from_an_empty_workspace_to_the_pack(workspace, desk_client, invoke, tmp_path):
    client = desk_client(workspace)
    home = client.get("/").text
    assert "В рабочей папке пока нет работников" in home and 'href="/setup"' in home
    steps = client.get("/setup").text
    titles = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', steps.split('class="steps"')[1])
    assert [t for _, t in titles][:3] == ["Профиль организации", "Работники из файла кадровой программы",
                                          "Руководитель организации"]
    assert titles[-1] == ("/setup/pack", "Пакет документов СУОТ")

    # A wrong ИНН is named next to its field, the typed values stay, nothing is written.
    profile = {"name": "МБУ «Спортивная школа олимпийского резерва № 3»", "short_name": "МБУ СШОР № 3",
               "inn": "7107000000", "okved": "93.19", "sector": "education", "legal_address": "300041, г. Тула, ул. Ленина, д. 1"}
    refused = _post(client, "/setup/profile", profile)
    assert refused.status_code == 400
    assert re.search(r'id="err-inn" role="alert">ИНН 7107000000 неверен[^<]*контрольн', refused.text), refused.text[-2000:]
    assert 'value="МБУ СШОР № 3"' in refused.text
    assert json.loads(invoke("-w", workspace, "org", "show", "--json").output).get("inn") in (None, "")
    done = _post(client, "/setup/profile", {**profile, "inn": "7107000013"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/people/import?next=")
    assert json.loads(invoke("-w", workspace, "org", "show", "--json").output)["inn"] == "7107000013"
    assert '<span class="org">МБУ СШОР № 3</span>' in client.get("/setup").text  # the header follows the profile

    # The HR file through the import pages, back to the next step.
    after = _import(client, xlsx(tmp_path / "hr.xlsx", ZUP))
    assert after.status_code == 303 and after.headers["location"] == "/setup/people/next"
    head = client.get(after.headers["location"], follow_redirects=True)
    assert head.url.path == "/setup/head" and "Петрова Ольга Ивановна" in head.text  # offered in the list

    # A name not in the register is refused next to the field.
    wrong = _post(client, "/setup/head", {"person": "Никто Никтоевич"})
    assert wrong.status_code == 400 and 'id="err-person"' in wrong.text
    _post(client, "/setup/head", {"person": "Петрова Ольга Ивановна"})
    _post(client, "/setup/specialist", {"person": "Колесникова Анна Сергеевна", "order_number": "12-ОТ",
                                        "order_date": "2026-01-12", "intro_briefing": "on"})
    _post(client, "/setup/commission", {"chair": "Петрова Ольга Ивановна", "order_number": "14-ОТ",
                                        "order_date": "2026-01-15",
                                        "members": "Колесникова Анна Сергеевна\nЁлкин Семён Петрович"})
    form = client.get("/setup/instructors").text
    departments = dict((label, name) for name, label in re.findall(
        r'<label for="f-(by_department__\d+)">([^<]+)</label>', form))
    assert set(departments) == {"Администрация", "Отделение плавания"}
    _post(client, "/setup/instructors", {departments["Администрация"]: "Ёлкин Семён Петрович",
                                         departments["Отделение плавания"]: "Иванова Мария Петровна",
                                         "order_number": "13-ОТ", "order_date": "2026-01-12"})
    _post(client, "/setup/goals", {"items": "Отсутствие несчастных случаев на производстве"})
    sector = client.get("/setup/sector").text
    assert re.search(r'value="sports_school" checked', sector)  # fits by name and ОКВЭД
    _post(client, "/setup/sector", {"profiles": "sports_school"})
    district = _post(client, "/setup/district", {"required": "on", "deadline_day": "20"}, follow_redirects=False)
    assert district.headers["location"] == "/setup/pack"
    # The step's button is the СУОТ plugin's pack (its page lists what was made and leads to approving it); the
    # step's own form target, which goes on to «Документы», stays for a desk without that plugin's pages.
    step = client.get("/setup/pack").text
    assert 'action="/documents/pack"' in step and "Сделать пакет документов СУОТ" in step
    # The pack is long work (core.web.jobs): its page goes on to «Документы» when it is done.
    pack = finished_job(client, _post(client, "/setup/pack", {}, follow_redirects=False))
    assert pack.url.path == "/documents" and "Сделано документов" in " ".join(_flash(pack.text))

    # What the forms wrote is what ``ohs setup --answers`` writes, read back through the commands.
    def as_json(*args):
        return json.loads(invoke("-w", workspace, *args, "--json").output)

    org = as_json("org", "show")
    assert org["short_name"] == "МБУ СШОР № 3" and org["head"]["full_name"] == "Петрова Ольга Ивановна"
    assert org["sector"] == "education"
    roles = {(a["role"], a["department"]): a["full_name"] for a in as_json("appointments")}
    assert roles[("osh_responsible", None)] == "Колесникова Анна Сергеевна"
    assert roles[("briefing_instructor", "Отделение плавания")] == "Иванова Мария Петровна"
    assert roles[("briefing_instructor", "Администрация")] == "Ёлкин Семён Петрович"
    [commission] = as_json("commission", "list")
    assert {m["full_name"] for m in commission["members"]} == {
        "Петрова Ольга Ивановна", "Колесникова Анна Сергеевна", "Ёлкин Семён Петрович"}
    docs = {d["kind"]: d for d in as_json("docs", "list")}
    assert {"suot_regulation", "policy", "order_responsible", "order_commission", "order_briefings"} <= set(docs)
    assert "Отсутствие несчастных случаев на производстве" in docx_text(docs["policy"]["path"])
    assert "Безопасность учебно-тренировочного процесса" in docx_text(docs["suot_regulation"]["path"])
    [report_item] = [i for i in as_json("due")["items"] if i["source"] == "best_practices"]
    assert report_item["due"].endswith("-20")  # deadline_day = 20, as typed on the district step
    assert "В рабочей папке пока нет работников" not in client.get("/").text


def test_a_step_refused_by_its_service_writes_nothing(workspace, desk_client, invoke):
    client = desk_client(workspace)
    response = _post(client, "/setup/specialist", {"person": "Кто-то", "order_number": "", "order_date": ""})
    assert response.status_code == 400 and 'id="err-order_number"' in response.text  # a required field left empty
    assert 'value="Кто-то"' in response.text
    response = _post(client, "/setup/specialist", {"person": "Кто-то", "order_number": "1", "order_date": "2026-01-12"})
    assert response.status_code == 400 and 'id="err-person"' in response.text  # then the worker is looked up
    response = _post(client, "/setup/goals", {"items": ""})
    assert response.status_code == 400 and 'id="err-items"' in response.text
    assert client.get("/setup/nope").status_code == 404
    assert invoke("-w", workspace, "appointments", "--json").output.strip() == "[]"
