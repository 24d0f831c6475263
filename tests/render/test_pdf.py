"""PDF through LibreOffice: real conversions when soffice is installed, failures always."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core.errors import OhsError
from core.render import pdf
from core.render.docx_writer import write_docx

needs_soffice = pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice (soffice) не установлен")
needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("pdfinfo")),
    reason="poppler-utils (pdftotext, pdftoppm, pdfinfo) не установлены",
)
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")


def pdftotext(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def page_sizes(path: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True,
                          check=True).stdout
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and " size:" in line:
            width, _, height = line.split("size:")[1].split()[:3]
            sizes.append((float(width), float(height)))
    return sizes


@pytest.mark.libreoffice
@needs_soffice
@needs_poppler
def test_every_element_document_converts_and_reads_in_russian(every_element_docx, tmp_path):
    result = pdf.to_pdf(every_element_docx, tmp_path)
    assert result == tmp_path / "every.pdf" and result.stat().st_size > 1000
    text = pdftotext(result)
    for phrase in ("ПОЛОЖЕНИЕ", "о системе управления охраной труда", "1.1. Положение разработано",
                   "а) порядок обучения;", "УТВЕРЖДАЮ", "ЛИСТ ОЗНАКОМЛЕНИЯ", "Иванов Иван Иванович"):
        assert phrase in text
    sizes = page_sizes(result)
    portrait = (595.3, 841.9)
    assert sizes[0] == pytest.approx(portrait, abs=1)
    assert any(size == pytest.approx(portrait[::-1], abs=1) for size in sizes)  # the landscape section
    # Page numbers from page 2: nothing but text on page 1's top line, «2» heads page 2.
    assert pdftotext(result, 2).strip().splitlines()[0].strip() == "2"
    assert pdftotext(result, 1).strip().splitlines()[0].strip() != "1"


@pytest.mark.libreoffice
@needs_soffice
@needs_poppler
def test_page_renders_to_png(every_element_docx, tmp_path):
    result = pdf.to_pdf(every_element_docx, tmp_path)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(result), str(tmp_path / "page")],
                   check=True)
    image = next(tmp_path.glob("page*.png"))
    header = image.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert height / width == pytest.approx(297 / 210, rel=0.02)  # an A4 portrait page


@pytest.mark.libreoffice
@needs_soffice
@needs_poppler
def test_long_journal_split_into_tables_keeps_every_row(tmp_path):
    rows = "".join(f"<tr><td>{n}</td><td>Работник {n}</td></tr>" for n in range(1, 301))
    markup = f'<document><section orientation="landscape"><table widths="1,5"><tr><th>№</th><th>ФИО</th></tr>{rows}</table></section></document>'
    result = pdf.to_pdf(write_docx(markup, tmp_path / "journal.docx", split_rows=100), tmp_path)
    text = pdftotext(result)
    assert all(f"Работник {n}" in text for n in (1, 100, 101, 300))
    assert text.count("ФИО") >= 3  # the header heads every part and every page


@pytest.mark.libreoffice
@needs_soffice
def test_concurrent_conversions_do_not_clash(tmp_path):
    sources = [write_docx(f"<document><p>Документ {n}</p></document>", tmp_path / f"d{n}.docx") for n in range(3)]
    results: dict[int, Path | Exception] = {}

    def convert(n: int) -> None:
        try:
            results[n] = pdf.to_pdf(sources[n], tmp_path / "out")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results[n] = exc

    threads = [threading.Thread(target=convert, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(results[n], Path) and results[n].is_file() for n in range(3)), results


def test_missing_libreoffice_says_how_to_install(tmp_path, monkeypatch):
    source = write_docx("<document><p>x</p></document>", tmp_path / "a.docx")
    monkeypatch.setenv("OHS_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(OhsError) as caught:
        pdf.to_pdf(source, tmp_path)
    message = caught.value.message
    assert message.startswith("LibreOffice не установлен")
    assert "apt-get install libreoffice" in message and "OHS_SOFFICE" in message


def test_missing_docx_is_explained(tmp_path):
    with pytest.raises(OhsError) as caught:
        pdf.to_pdf(tmp_path / "none.docx", tmp_path)
    assert "Нет файла" in caught.value.message


def fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(0o755)
    return script


@posix_only
def test_hung_libreoffice_is_stopped(tmp_path, monkeypatch):
    source = write_docx("<document><p>x</p></document>", tmp_path / "a.docx")
    monkeypatch.setenv("OHS_SOFFICE", str(fake_soffice(tmp_path, "sleep 30")))
    with pytest.raises(OhsError) as caught:
        pdf.to_pdf(source, tmp_path, timeout=1)
    assert "не успел" in caught.value.message and "a.docx" in caught.value.message


@posix_only
def test_failing_libreoffice_is_reported(tmp_path, monkeypatch):
    source = write_docx("<document><p>x</p></document>", tmp_path / "a.docx")
    monkeypatch.setenv("OHS_SOFFICE", str(fake_soffice(tmp_path, "echo 'Error: source file could not be loaded'; exit 3")))
    with pytest.raises(OhsError) as caught:
        pdf.to_pdf(source, tmp_path)
    assert "код 3" in caught.value.message
    assert caught.value.details == ["Error: source file could not be loaded"]


@posix_only
def test_silent_libreoffice_without_output_is_reported(tmp_path, monkeypatch):
    source = write_docx("<document><p>x</p></document>", tmp_path / "a.docx")
    monkeypatch.setenv("OHS_SOFFICE", str(fake_soffice(tmp_path, "exit 0")))
    with pytest.raises(OhsError) as caught:
        pdf.to_pdf(source, tmp_path)
    assert "не создал PDF" in caught.value.message


@posix_only
def test_each_run_gets_its_own_profile(tmp_path, monkeypatch):
    source = write_docx("<document><p>x</p></document>", tmp_path / "a.docx")
    log = tmp_path / "args.txt"
    body = f'echo "$@" >> {log}\nfor last; do :; done\noutdir=$(echo "$@" | sed "s/.*--outdir \\([^ ]*\\) .*/\\1/")\n: > "$outdir/a.pdf"'
    monkeypatch.setenv("OHS_SOFFICE", str(fake_soffice(tmp_path, body)))
    pdf.to_pdf(source, tmp_path / "one")
    pdf.to_pdf(source, tmp_path / "two")
    calls = log.read_text(encoding="utf-8").splitlines()
    profiles = [next(arg for arg in call.split() if arg.startswith("-env:UserInstallation=file://")) for call in calls]
    assert len(set(profiles)) == 2
    assert all("--headless" in call and "--convert-to pdf" in call for call in calls)
    assert not any(Path(profile.split("file://", 1)[1]).exists() for profile in profiles)  # cleaned up
    assert os.path.isfile(tmp_path / "two" / "a.pdf")
