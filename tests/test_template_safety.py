"""Document templates as a user meets them: no file outside the template folders is read or written
through a template name or a link, and a runaway template ends in a Russian sentence, quickly."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import core.render.limits as limits
from core.testing import docx_text

ROOT = Path(__file__).resolve().parent.parent
SECRET = "СЕКРЕТНАЯ-СТРОКА-ИЗ-ЧУЖОГО-ФАЙЛА"
SECRET_DOCUMENT = f"<document><p>{SECRET}</p></document>\n"


def override(ws: Path, text: str, name: str = "policy.xml.j2") -> Path:
    """The workspace's own copy of a built-in СУОТ template, with ``text``."""
    path = ws / "templates" / "suot" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def made(invoke, ws: Path) -> list:
    result = invoke("-w", ws, "docs", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def refused(result, *phrases: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and SECRET not in result.output
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr


# --- links and special files in the workspace's templates/ ----------------------------------


def test_a_linked_template_is_refused_not_printed(invoke, demo, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET_DOCUMENT, encoding="utf-8")  # a well-formed "document": the old code printed it
    link = demo / "templates" / "suot" / "policy.xml.j2"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    result = invoke("-w", demo, "docs", "make", "policy", "--today", "2026-11-23")
    refused(result, "Шаблон suot/policy.xml.j2", "символическая ссылка")
    assert made(invoke, demo) == []
    assert not [p for p in (demo / "out").rglob("*.docx") if SECRET in docx_text(p)]


def test_a_linked_template_folder_is_refused(invoke, demo, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "policy.xml.j2").write_text(SECRET_DOCUMENT, encoding="utf-8")
    (demo / "templates").mkdir(exist_ok=True)
    (demo / "templates" / "suot").symlink_to(elsewhere, target_is_directory=True)
    result = invoke("-w", demo, "docs", "make", "policy", "--today", "2026-11-23")
    refused(result, "Шаблон suot/policy.xml.j2", "символическая ссылка")
    assert made(invoke, demo) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_place_of_a_template_is_refused_without_waiting(invoke, demo):
    fifo = demo / "templates" / "suot" / "policy.xml.j2"
    fifo.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(fifo)
    started = time.monotonic()
    result = invoke("-w", demo, "docs", "make", "policy", "--today", "2026-11-23")
    refused(result, "Шаблон suot/policy.xml.j2", "не обычный файл")
    assert time.monotonic() - started < 30
    assert made(invoke, demo) == []


def test_an_ordinary_override_still_makes_the_document(invoke, demo):
    override(demo, "<document><title>ПОЛИТИКА В ОБЛАСТИ ОХРАНЫ ТРУДА ОРГАНИЗАЦИИ</title>"
                   "<p>{{ org.short_name }}</p></document>")
    result = invoke("-w", demo, "docs", "make", "policy", "--today", "2026-11-23", "--json")
    assert result.exit_code == 0, result.output
    assert "ПОЛИТИКА В ОБЛАСТИ ОХРАНЫ ТРУДА ОРГАНИЗАЦИИ" in docx_text(json.loads(result.output)["path"])


# --- names that would leave the template folders ---------------------------------------------


@pytest.mark.parametrize("name", [
    "suot/" + "../" * 12 + "etc/passwd",
    "suot//etc/passwd",
    "suot/..\\..\\..\\etc\\passwd",
    "../suot/policy.xml.j2",
])
def test_template_show_never_leaves_the_template_folders(invoke, workspace, name):
    result = invoke("-w", workspace, "docs", "template", "show", name)
    refused(result, "Недопустимое имя шаблона")
    assert "root:" not in result.output


def test_template_copy_never_writes_outside_templates(invoke, workspace):
    # The source exists (the repository's README, reached from templates/suot), and so would the
    # target's folder: the copy would have landed next to the workspace.
    name = f"suot/../../../{ROOT.name}/README.md"
    assert (ROOT / "templates" / "suot" / ".." / ".." / ".." / ROOT.name / "README.md").is_file()
    result = invoke("-w", workspace, "docs", "template", "copy", name)
    refused(result, "Недопустимое имя шаблона")
    assert not (workspace.parent / ROOT.name).exists()
    assert not (workspace / "README.md").exists()


def test_template_copy_does_not_write_through_a_link(invoke, workspace, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("чужой файл", encoding="utf-8")
    link = workspace / "templates" / "suot" / "policy.xml.j2"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(victim)
    result = invoke("-w", workspace, "docs", "template", "copy", "policy", "--force")
    refused(result, "Шаблон suot/policy.xml.j2", "символическая ссылка")
    assert victim.read_text(encoding="utf-8") == "чужой файл"


def test_template_copy_does_not_write_into_a_linked_folder(invoke, workspace, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (workspace / "templates").mkdir(exist_ok=True)
    (workspace / "templates" / "suot").symlink_to(elsewhere, target_is_directory=True)
    result = invoke("-w", workspace, "docs", "template", "copy", "policy")
    refused(result, "символическая ссылка")
    assert list(elsewhere.iterdir()) == []


def test_template_copy_and_show_still_work(invoke, workspace):
    shown = invoke("-w", workspace, "docs", "template", "show", "policy")
    assert shown.exit_code == 0 and "Политика" in shown.output
    result = invoke("-w", workspace, "docs", "template", "copy", "policy")
    assert result.exit_code == 0, result.output
    copied = workspace / "templates" / "suot" / "policy.xml.j2"
    assert copied.read_text(encoding="utf-8") == (ROOT / "templates" / "suot" / "policy.xml.j2").read_text(
        encoding="utf-8")
    assert [p.name for p in copied.parent.iterdir()] == ["policy.xml.j2"]  # no temporary file left
    again = invoke("-w", workspace, "docs", "template", "copy", "policy", "--force")
    assert again.exit_code == 0, again.output


# --- runaway templates -----------------------------------------------------------------------


def test_a_huge_format_width_fails_at_once_with_the_template_named(invoke, demo):
    override(demo, "<document>\n<p>{{ org.short_name }}</p>\n<p>{{ '%999999999d' % 1 }}</p>\n</document>\n")
    started = time.monotonic()
    result = invoke("-w", demo, "docs", "make", "policy", "--today", "2026-11-23")
    refused(result, "Шаблон suot/policy.xml.j2, строка 3", "ширина поля 999999999")
    assert time.monotonic() - started < 5
    assert made(invoke, demo) == []


def test_nested_loops_stop_at_the_deadline_with_the_template_named(invoke, demo, monkeypatch):
    monkeypatch.setattr(limits, "RENDER_SECONDS", 1.0)  # the real cap is 20 s: the same path, sooner
    override(demo, "<document>\n{% for i in range(100000) %}{% for j in range(100000) %}"
                   "{% endfor %}{% endfor %}\n</document>\n")
    started = time.monotonic()
    result = invoke("-w", demo, "docs", "make", "policy", "--today", "2026-11-23")
    refused(result, "Шаблон suot/policy.xml.j2, строка 2", "документ не сделан за 1 с — проверьте циклы в шаблоне")
    assert time.monotonic() - started < 10
    assert made(invoke, demo) == []


def test_an_over_long_document_stops_early(invoke, demo, monkeypatch):
    monkeypatch.setattr(limits, "MAX_OUTPUT_MB", 1)
    monkeypatch.setattr(limits, "MAX_OUTPUT_CHARS", 1_000_000)
    override(demo, "<document>{% for i in range(100000) %}{% for j in range(100000) %}<p>{{ j }}</p>"
                   "{% endfor %}{% endfor %}</document>")
    started = time.monotonic()
    result = invoke("-w", demo, "docs", "make", "policy", "--today", "2026-11-23")
    refused(result, "Шаблон suot/policy.xml.j2: документ длиннее 1 МБ — проверьте циклы в шаблоне")
    assert time.monotonic() - started < 10
    assert made(invoke, demo) == []
