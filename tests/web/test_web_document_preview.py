"""A document's card shows it as it prints: the PDF LibreOffice makes (once, kept beside the DOCX), else its text."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from core.render import pdf as pdf_module

pytestmark = pytest.mark.storage

needs_soffice = pytest.mark.skipif(pdf_module.find_soffice() is None or shutil.which("pdftotext") is None,
                                   reason="нужны LibreOffice (soffice) и poppler-utils (pdftotext)")


def _make(invoke, folder, kind="order_responsible"):
    made = invoke("-w", folder, "docs", "make", kind, "--json")
    assert made.exit_code == 0, made.output
    return json.loads(invoke("-w", folder, "docs", "show", str(json.loads(made.output)["id"]), "--json").output)


def _pdf_of(client, doc_id):
    """The frame's address followed as the browser does: the waiting page reloads until the PDF is the answer."""
    answer = client.get(f"/documents/{doc_id}/pdf")
    if answer.headers["content-type"].startswith("text/html"):
        assert answer.status_code == 200 and "LibreOffice оформляет PDF" in answer.text, answer.text
        again = re.search(r'http-equiv="refresh" content="1; url=([^"]+)"', answer.text).group(1)
        client.app.state.desk.job_runner().wait(again.rsplit("=", 1)[1], 180)
        answer = client.get(again)
    return answer


def _pdf_text(tmp_path, content):
    """The PDF's text as poppler reads it, on one line."""
    (tmp_path / "got.pdf").write_bytes(content)
    text = subprocess.run(["pdftotext", str(tmp_path / "got.pdf"), "-"], capture_output=True, text=True, check=True)
    return " ".join(text.stdout.split())


def _no_soffice(monkeypatch):
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)


@needs_soffice
def test_the_card_embeds_the_pdf_made_once_beside_the_docx(demo, desk_client, invoke, tmp_path, monkeypatch):
    doc = _make(invoke, demo, "suot_regulation")
    client = desk_client(demo)
    card = client.get(f"/documents/{doc['id']}")
    assert f'<iframe class="pdf-frame" src="/documents/{doc["id"]}/pdf"' in card.text
    assert f'href="/documents/{doc["id"]}/pdf?download=1"' in card.text
    assert "Текст документа" in card.text  # the text stays, folded under the frame
    answer = _pdf_of(client, doc["id"])
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("inline")
    kept = os.path.splitext(doc["path"])[0] + ".pdf"
    assert open(kept, "rb").read() == answer.content  # beside the DOCX, under its name
    assert doc["title"].lower() in _pdf_text(tmp_path, answer.content).lower()  # «ПОЛОЖЕНИЕ о системе управления…»

    # Approved with an order: the approved rendering (…-approved.docx) gets its own PDF, the grif filled in.
    head = json.loads(invoke("-w", demo, "org", "show", "--json").output)["head"]["full_name"]
    today = json.loads(invoke("-w", demo, "due", "--json").output)["today"]
    approved = invoke("-w", demo, "docs", "approve", str(doc["id"]), "--by", head, "--on", today,
                      "--order-number", "7-ОД")
    assert approved.exit_code == 0, approved.output
    grifed = _pdf_of(client, doc["id"])
    assert "№ 7-ОД" in _pdf_text(tmp_path, grifed.content) and grifed.content != answer.content
    shown = json.loads(invoke("-w", demo, "docs", "show", str(doc["id"]), "--json").output)
    approved_pdf = os.path.splitext(shown["path"])[0] + ".pdf"
    assert approved_pdf.endswith("-approved.pdf") and open(approved_pdf, "rb").read() == grifed.content
    assert open(kept, "rb").read() == answer.content  # the draft's PDF stays with the draft

    # Made once: the next visit is answered with the kept file, LibreOffice gone or not.
    made_at = os.stat(approved_pdf).st_mtime_ns
    _no_soffice(monkeypatch)
    download = client.get(f"/documents/{doc['id']}/pdf?download=1")
    assert download.status_code == 200 and download.headers["content-disposition"].startswith("attachment")
    assert download.content == grifed.content and os.stat(approved_pdf).st_mtime_ns == made_at


@needs_soffice
def test_a_download_of_a_pdf_not_made_yet_is_long_work_with_its_file(demo, desk_client, invoke):
    from core.testing import finished_job

    doc = _make(invoke, demo)
    client = desk_client(demo)
    done = finished_job(client, client.get(f"/documents/{doc['id']}/pdf?download=1", follow_redirects=False))
    assert "PDF сделан" in done.text
    link = re.search(r'href="(/jobs/[^"]+/download)"', done.text).group(1)
    got = client.get(link)
    assert got.headers["content-type"] == "application/pdf" and got.content.startswith(b"%PDF")


def test_without_libreoffice_the_card_shows_the_text(demo, desk_client, invoke, monkeypatch):
    _no_soffice(monkeypatch)
    doc = _make(invoke, demo)
    client = desk_client(demo)
    card = client.get(f"/documents/{doc['id']}")
    assert card.status_code == 200 and "pdf-frame" not in card.text and "Скачать PDF" not in card.text
    assert "<h2>Текст</h2>" in card.text and "охране труда" in card.text.split("<h2>Текст</h2>")[1]
    refused = client.get(f"/documents/{doc['id']}/pdf")
    assert refused.status_code == 400 and "нужен LibreOffice" in refused.text
    assert not os.path.exists(os.path.splitext(doc["path"])[0] + ".pdf")


def test_a_pdf_made_by_the_command_is_shown_without_libreoffice_unless_older_than_its_docx(
        demo, desk_client, invoke, monkeypatch):
    _no_soffice(monkeypatch)
    doc = _make(invoke, demo)
    kept = os.path.splitext(doc["path"])[0] + ".pdf"
    with open(kept, "wb") as fh:  # as ``ohs docs make --pdf`` leaves it beside the DOCX
        fh.write(b"%PDF-1.4 made by the command\n")
    client = desk_client(demo)
    assert "pdf-frame" in client.get(f"/documents/{doc['id']}").text
    assert client.get(f"/documents/{doc['id']}/pdf").content == b"%PDF-1.4 made by the command\n"
    docx_time = os.stat(doc["path"]).st_mtime
    os.utime(kept, (docx_time - 60, docx_time - 60))  # from an earlier file under the same name
    assert "pdf-frame" not in client.get(f"/documents/{doc['id']}").text
    assert client.get(f"/documents/{doc['id']}/pdf").status_code == 400


def test_a_changed_docx_gets_no_pdf(demo, desk_client, invoke):
    doc = _make(invoke, demo)
    with open(doc["path"], "ab") as fh:
        fh.write(b"tampered")
    client = desk_client(demo)
    card = client.get(f"/documents/{doc['id']}")
    assert "pdf-frame" not in card.text and "файл изменён после создания" in card.text
    refused = client.get(f"/documents/{doc['id']}/pdf")
    assert refused.status_code == 400 and "изменён после создания" in refused.text


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")
def test_a_failing_libreoffice_is_said_in_the_frame(demo, desk_client, invoke, monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded'\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("OHS_SOFFICE", str(fake))
    doc = _make(invoke, demo)
    client = desk_client(demo)
    answer = client.get(f"/documents/{doc['id']}/pdf")
    if answer.status_code == 200:  # still running after the first half second: the page reloads with its job
        again = re.search(r'url=([^"]+)"', answer.text).group(1)
        client.app.state.desk.job_runner().wait(again.rsplit("=", 1)[1], 60)
        answer = client.get(again)
    assert answer.status_code == 400 and "LibreOffice завершился с ошибкой (код 3)" in answer.text
    assert 'http-equiv="refresh"' not in answer.text and "Попробовать ещё раз" in answer.text
