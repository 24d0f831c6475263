"""A worker's card on the desk (``/people/{id}``), its edit form and the list's export.

The card shows what the commands recorded for that worker — positions and transfers, training, medical exams, СИЗ
— the plugins' parts through ``person_card_sections``; the edit form writes what ``ohs people edit`` and
``ohs people transfer`` write; the export is ``ohs people export``'s file for the list as searched.
"""

import csv
import datetime
import html
import io
import json
import re

import pytest
from core.testing import csrf_of, fixed_test_today, workspace_db_url

pytestmark = pytest.mark.storage

TODAY = datetime.date.fromisoformat(fixed_test_today())


def _day(days_ago: int) -> str:
    return (TODAY - datetime.timedelta(days=days_ago)).isoformat()


def _ok(result):
    assert result.exit_code == 0, result.output
    return result


def _person(invoke, folder, ref):
    return json.loads(_ok(invoke("-w", folder, "people", "show", ref, "--json")).output)


def _audit(folder, action):
    from sqlalchemy import create_engine, text

    engine = create_engine(workspace_db_url(folder))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT actor, details FROM core_audit WHERE action = :a ORDER BY id"),
                            {"a": action}).all()
    engine.dispose()
    return [(actor, json.loads(details)) for actor, details in rows]


@pytest.fixture
def staffed(workspace, invoke):
    """An empty workspace with three workers in two departments (one dismissed); the id of the first."""
    _ok(invoke("-w", workspace, "people", "add", "Серова Анна Петровна", "--position", "Уборщик служебных помещений",
               "--department", "Хозяйственный отдел", "--hired-on", _day(900), "--snils", "112-233-445 95",
               "--gender", "f"))
    _ok(invoke("-w", workspace, "people", "add", "Сомов Игорь Павлович", "--position", "Тренер-преподаватель",
               "--department", "Отделение гимнастики", "--hired-on", _day(800)))
    _ok(invoke("-w", workspace, "people", "add", "Седов Олег Ильич", "--position", "Дворник",
               "--department", "Хозяйственный отдел", "--hired-on", _day(700)))
    _ok(invoke("-w", workspace, "people", "dismiss", "Седов", "--on", _day(30)))
    return workspace, _person(invoke, workspace, "Серова")["id"]


def _form(page_html):
    """The edit form's fields as the browser would send them unchanged (inputs and the selected options)."""
    form = page_html.split('action="/people/')[1]
    values = {name: value for name, value in re.findall(r'<input id="f-[^"]+" name="([^"]+)" type="[^"]+" value="([^"]*)"',
                                                        form)}
    values["department"] = re.search(r'name="department" list="departments" value="([^"]*)"', form).group(1)
    for name, options in re.findall(r'<select id="f-[^"]+" name="([^"]+)">(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        values[name] = chosen.group(1) if chosen else ""
    values["csrf"] = csrf_of(page_html)
    return {key: html.unescape(value) for key, value in values.items()}


def test_the_card_shows_training_medical_exams_and_ppe_recorded_by_the_commands(staffed, invoke, desk_client):
    folder, person_id = staffed
    _ok(invoke("-w", folder, "training", "add", "Серова", "--program", "first_aid", "--on", _day(100),
               "--protocol", "7-ПП", "--result", "passed", "--hours", "8"))
    _ok(invoke("-w", folder, "medical", "add", "Серова", "--kind", "periodic", "--on", _day(90), "--result", "fit",
               "--conclusion", "Заключение № 41"))
    _ok(invoke("-w", folder, "ppe", "norm", "add", "Уборщик служебных помещений", "--item", "Перчатки резиновые",
               "--qty", "12", "--unit", "пара", "--period", "12", "--basis", 'etn:"Прил. 1, п. 7"', "--from", _day(800)))
    _ok(invoke("-w", folder, "ppe", "issue", "Серова", "--item", "Перчатки резиновые", "--qty", "6", "--on", _day(80),
               "--size", "8", "--certificate", "ЕАЭС RU С-RU.АЖ58.В.00123"))
    _ok(invoke("-w", folder, "people", "transfer", "Серова", "--position", "Кастелянша", "--on", _day(60)))
    _ok(invoke("-w", folder, "training", "add", "Сомов", "--program", "A", "--on", _day(50), "--protocol", "9",
               "--result", "passed"))  # someone else's: not on her card

    page = desk_client(folder).get(f"/people/{person_id}")
    assert page.status_code == 200
    text = page.text

    def section(key):
        return text.split(f'<section id="{key}">')[1].split("</section>")[0]

    jobs = section("employments")
    assert "Кастелянша" in jobs and "Уборщик служебных помещений" in jobs and "перевод" in jobs
    assert f"{TODAY - datetime.timedelta(days=61):%d.%m.%Y}" in jobs  # the first position closed the day before
    training = section("training")
    assert "первая помощь" in training and "7-ПП" in training and "удовлетворительно" in training
    assert "программа А" not in training
    assert f'href="/training/new?people={person_id}"' in training
    medical = section("medical")
    assert "периодический медицинский осмотр" in medical and "Заключение № 41" in medical
    assert f"{TODAY - datetime.timedelta(days=90):%d.%m.%Y}" in medical
    ppe = section("ppe")
    assert "Перчатки резиновые" in ppe and "выдача" in ppe and "ЕАЭС RU С-RU.АЖ58.В.00123" in ppe
    assert "На руках: Перчатки резиновые — 6." in ppe
    # The sections stand in the menu's order and each is reachable from the card's own table of contents.
    order = [text.index(f'<section id="{key}">') for key in ("employments", "briefings", "training", "medical", "ppe",
                                                               "acknowledged")]
    assert order == sorted(order)
    assert all(f'href="#{key}"' in text for key in ("training", "medical", "ppe"))


def test_a_card_without_records_says_so(staffed, desk_client):
    folder, person_id = staffed
    text = desk_client(folder).get(f"/people/{person_id}").text
    assert "Записей в журнале обучения нет." in text
    assert "Записей в журнале медосмотров нет." in text
    assert "СИЗ не выдавались" in text


def test_hook_person_card_sections(staffed, desk_client, register):
    """A plugin's section appears on the card, in its place, with its rows, links and buttons (escaped)."""
    from core.hookspecs import hookimpl
    from core.web.pages import CardLink, CardRow, CardSection

    seen = []

    class Lockers:
        @hookimpl
        def person_card_sections(self, ctx, person):
            seen.append(person.full_name)
            return [CardSection(key="lockers", title="Шкафчики", position=51, columns=("№", "Где"),
                                rows=[CardRow(("12", CardLink("Раздевалка <2>", "/lockers/12"))),
                                      CardRow(("3", "сдан"), muted=True)],
                                actions=[CardLink("Выдать шкафчик", f"/lockers/new?people={person.id}")],
                                note="Ключ — у вахтёра.")]

    register(Lockers())
    folder, person_id = staffed
    text = desk_client(folder).get(f"/people/{person_id}").text
    assert seen == ["Серова Анна Петровна"]
    lockers = text.split('<section id="lockers">')[1].split("</section>")[0]
    assert "<h2>Шкафчики</h2>" in lockers
    assert '<a href="/lockers/12">Раздевалка &lt;2&gt;</a>' in lockers
    assert '<tr class="muted"><td>3</td><td>сдан</td></tr>' in lockers
    assert f'href="/lockers/new?people={person_id}">Выдать шкафчик</a>' in lockers
    assert "Ключ — у вахтёра." in lockers
    assert text.index('<section id="training">') < text.index('<section id="lockers">') < \
        text.index('<section id="medical">')


def test_edit_with_a_bad_snils_shows_the_fields_message_and_writes_nothing(staffed, invoke, desk_client):
    folder, person_id = staffed
    client = desk_client(folder)
    before = _person(invoke, folder, str(person_id))
    form = _form(client.get(f"/people/{person_id}/edit").text)
    assert form["full_name"] == "Серова Анна Петровна" and form["snils"] == "112-233-445 95"
    form.update(snils="112-233-445 96", position="Кастелянша", email="serova@school.ru")
    response = client.post(f"/people/{person_id}/edit", data=form)
    assert response.status_code == 400
    field = response.text.split('id="f-snils"')[1].split("</div>")[0]
    assert 'class="field-error"' in field and "СНИЛС 112-233-445 96 неверен: не сходится контрольное число" in field
    assert 'value="112-233-445 96"' in response.text and 'value="serova@school.ru"' in response.text  # values kept
    assert _person(invoke, folder, str(person_id)) == before
    assert _audit(folder, "people.edit") == []


def test_edit_without_a_date_corrects_the_card_as_people_edit_does(staffed, invoke, desk_client):
    folder, person_id = staffed
    client = desk_client(folder)
    form = _form(client.get(f"/people/{person_id}/edit").text)
    form.update(position="Уборщица служебных помещений", rate="0,5", personnel_number="0042")
    done = client.post(f"/people/{person_id}/edit", data=form, follow_redirects=True)
    assert done.status_code == 200 and "Изменено: Должность, Табельный номер, Ставка." in done.text
    card = _person(invoke, folder, str(person_id))
    assert (card["position"], card["rate"], card["personnel_number"]) == ("Уборщица служебных помещений", 0.5, "0042")
    assert [e["position"] for e in card["employments"]] == ["Уборщица служебных помещений"]  # corrected, not moved
    [(actor, details)] = _audit(folder, "people.edit")
    assert actor == "тестировщик" and details["changes"]["rate"] == [None, 0.5]
    # The form sent again unchanged: nothing to write, said so.
    again = client.post(f"/people/{person_id}/edit", data=_form(client.get(f"/people/{person_id}/edit").text))
    assert again.status_code == 400 and "Ничего не изменено" in again.text


def test_a_new_position_with_a_date_is_a_transfer(staffed, invoke, desk_client):
    folder, person_id = staffed
    client = desk_client(folder)
    form = _form(client.get(f"/people/{person_id}/edit").text)
    assert "Дата перевода" in client.get(f"/people/{person_id}/edit").text
    form.update(position="Кастелянша", department="Швейная мастерская", transferred_on=_day(10), email="a@b.ru")
    done = client.post(f"/people/{person_id}/edit", data=form, follow_redirects=True)
    assert done.status_code == 200, done.text
    assert f"Переведен(а) с {TODAY - datetime.timedelta(days=10):%d.%m.%Y}: Кастелянша, Швейная мастерская" in done.text
    card = _person(invoke, folder, str(person_id))
    assert (card["position"], card["department"], card["email"]) == ("Кастелянша", "Швейная мастерская", "a@b.ru")
    old, new = card["employments"]
    assert (old["position"], old["ended_on"]) == ("Уборщик служебных помещений", _day(11))
    assert (new["position"], new["started_on"], new["reason"]) == ("Кастелянша", _day(10), "transfer")
    [(actor, moved)] = _audit(folder, "people.transfer")
    assert actor == "тестировщик" and moved["position"] == ["Уборщик служебных помещений", "Кастелянша"]
    assert [d["changes"].keys() for _a, d in _audit(folder, "people.edit")] == [{"email"}]
    # The card shows both positions, the new one first.
    jobs = done.text.split('<section id="employments">')[1].split("</section>")[0]
    assert jobs.index("Кастелянша") < jobs.index("Уборщик служебных помещений")


def test_a_transfer_date_is_checked_as_people_transfer_checks_it(staffed, invoke, desk_client):
    folder, person_id = staffed
    client = desk_client(folder)
    before = _person(invoke, folder, str(person_id))
    form = _form(client.get(f"/people/{person_id}/edit").text)
    form.update(position="Кастелянша", transferred_on=_day(-5))  # a date to come
    refused = client.post(f"/people/{person_id}/edit", data=form)
    assert refused.status_code == 400
    field = refused.text.split('id="f-transferred_on"')[1].split("</div>")[0]
    assert "ещё не наступила" in field
    form.update(position="Уборщик служебных помещений", transferred_on=_day(5), email="x@y.ru")  # no new place
    refused = client.post(f"/people/{person_id}/edit", data=form)
    assert refused.status_code == 400 and "меняется должность или подразделение" in refused.text
    assert _person(invoke, folder, str(person_id)) == before


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_the_export_downloads_the_list_as_searched(staffed, invoke, desk_client, suffix):
    folder, _ = staffed
    client = desk_client(folder)
    listing = client.get("/people").text
    departments = dict((name, id_) for id_, name in re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', listing))
    query = {"q": "с", "department": departments["Хозяйственный отдел"]}
    page = client.get("/people", params=query).text
    link = re.search(rf'href="(/people/export\.{suffix}\?[^"]+)"', page).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = _rows(response.content, suffix)
    assert [(r["Фамилия"], r["Подразделение"]) for r in rows] == [("Серова", "Хозяйственный отдел")]  # Седов: dismissed
    shown = re.findall(r'<a href="/people/\d+">([^<]+)</a>', page)
    assert shown == ["Серова Анна Петровна"]
    everyone = _rows(client.get(link + "&all=1").content, suffix)
    assert [r["Фамилия"] for r in everyone] == ["Седов", "Серова"]
    # Without a search: the file ``ohs people export`` writes, byte for byte where the format allows.
    whole = client.get(f"/people/export.{suffix}")
    written = folder / f"people.{suffix}"
    _ok(invoke("-w", folder, "people", "export", str(written)))
    assert _rows(whole.content, suffix) == _rows(written.read_bytes(), suffix)
    assert [r["Фамилия"] for r in _rows(whole.content, suffix)] == ["Серова", "Сомов"]


def _rows(content, suffix):
    if suffix == "csv":
        return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [{h: ("" if v is None else v) for h, v in zip(header, row, strict=True)} for row in rows]
