"""``/contest/specialist`` and ``/contest/digital``: the score the commands compute, lost points, the application ZIP."""

import io
import json
import re
import zipfile

import pytest
from markupsafe import escape
from starlette.testclient import TestClient

from core.testing import csrf_of, finished_job

pytestmark = pytest.mark.storage


def test_the_specialist_page_shows_the_score_by_section_and_sends_the_application(demo, desk_client, invoke):
    client = desk_client(demo)
    page = client.get("/contest/specialist")
    assert page.status_code == 200
    person = re.search(r'name="person" value="(\d+)"', page.text).group(1)
    expected = json.loads(invoke("-w", demo, "contest", "specialist", "score", person, "--json").output)
    assert f"<b>{expected['total']}</b> из {expected['max']} баллов" in page.text
    sections = page.text.split('id="sections"')[1].split("</section>")[0]
    # Each section folds under a heading carrying its score (the page was 16,000 px long unfolded).
    folds = re.findall(r'<summary><span class="fold-title">(\d+)\. ([^<]+)</span>\s*<span class="fold-score"><b>(\d+)</b> из (\d+)',
                       sections)
    assert folds == [(str(number), str(escape(section["title"])), str(section["points"]), str(section["max"]))
                     for number, section in enumerate(expected["sections"], 1)]
    lost = page.text.split('id="lost"')[1].split("</section>")[0]
    assert f"Где теряются баллы ({len(expected['missing'])})" in lost
    assert all(m["title"] in lost for m in expected["missing"][:5])
    # The pack is long work (core.web.jobs): its page offers the archive the service wrote.
    started = client.post("/contest/specialist/pack", data={"csrf": csrf_of(page.text), "person": person},
                          follow_redirects=False)
    done = finished_job(client, started)
    assert "Заявка собрана: zayavka-" in done.text and f'{started.headers["location"]}/download' in done.text
    response = client.get(f'{started.headers["location"]}/download')
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    assert "attachment" in response.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "facts.yaml" in names and any(n.endswith(".docx") for n in names)


def test_the_digital_page_scores_as_the_command_and_names_what_is_missing(demo, desk_client, invoke):
    client = desk_client(demo)
    page = client.get("/contest/digital")
    assert page.status_code == 200
    expected = json.loads(invoke("-w", demo, "contest", "digital", "score", "--json").output)
    assert f"<b>{expected['total']}</b> из {expected['max']} баллов" in page.text
    sections = page.text.split('id="sections"')[1].split("</section>")[0]
    for section in expected["sections"]:
        assert re.search(rf"{re.escape(str(escape(section['title'])))}</th><th>{section['points']}</th><th>{section['max']}</th>",
                         sections), section
    lost = page.text.split('id="lost"')[1].split("</section>")[0]
    assert f"нет сведений ({len(expected['missing'])})" in lost
    started = client.post("/contest/digital/pack", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert "Заявка собрана" in finished_job(client, started).text
    response = client.get(f'{started.headers["location"]}/download')
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    other = TestClient(client.app, raise_server_exceptions=False)  # another browser: not its file
    assert other.get(f'{started.headers["location"]}/download').status_code == 404
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "score.json" in names and sum(n.endswith(".docx") for n in names) == 3


def test_contest_pages_of_an_empty_workspace_say_what_is_missing(workspace, desk_client):
    client = desk_client(workspace)
    specialist = client.get("/contest/specialist")
    assert specialist.status_code == 200 and "Участника нет" in specialist.text
    assert client.get("/contest/digital").status_code == 200


def test_an_evidence_file_is_attached_on_the_page_and_the_points_count(demo, desk_client, invoke):
    client = desk_client(demo)
    person = re.search(r'name="person" value="(\d+)"', client.get("/contest/specialist").text).group(1)

    def unevidenced():
        data = json.loads(invoke("-w", demo, "contest", "specialist", "score", person, "--json").output)
        return {m["id"]: m for m in data["missing"] if m["reason"] == "нет подтверждающего документа"}

    # The demo's specialist has a record without its file: the score names it.
    row, lost = next(iter(unevidenced().items()))
    item = re.search(r"запись портфолио №(\d+)", lost["detail"]).group(1)
    page = client.get(f"/contest/specialist?person={person}").text
    assert f'name="item" value="{item}"' in page
    form = {"csrf": csrf_of(page), "person": person, "item": item}
    refused = client.post("/contest/specialist/evidence", data=form,
                          files={"file": ("скан.pdf", b"MZ\x90\x00 a program, not a scan", "application/pdf")})
    assert refused.status_code == 400 and "ожидается скан или документ" in refused.text
    assert row in unevidenced()
    done = client.post("/contest/specialist/evidence", data=form, follow_redirects=True,
                       files={"file": ("../../скан.pdf", b"%PDF-1.4 the scan\n", "application/pdf")})
    assert "Подтверждение «скан.pdf» приложено" in done.text
    listed = json.loads(invoke("-w", demo, "contest", "specialist", "portfolio", "list", person, "--json").output)
    [entry] = [i for i in listed if str(i["id"]) == item]
    assert [e["filename"] for e in entry["evidence"]] == ["скан.pdf"]  # the folders of the name dropped
    assert f"№{item} " not in unevidenced().get(row, {"detail": ""})["detail"]  # the record now counts
    assert "скан.pdf" in done.text.split('id="portfolio"')[1].split("</section>")[0]
