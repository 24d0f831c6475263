"""``ohs suot pack``: every СУОТ document for the demo school at once, and what a new workspace lacks."""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from core.testing import docx_text
from plugins.suot.documents import all_kinds
from plugins.suot.scan import scan_text

TODAY = "2026-11-23"
KINDS = {"suot_regulation", "policy", "order_responsible", "order_commission", "order_briefings", "intro_program",
         "workplace_program", "briefing_exemptions", "instructions_list", "department_documents",
         "measures_plan"}


def pack(invoke, ws, *extra):
    result = invoke("-w", ws, "suot", "pack", "--today", TODAY, "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_every_kind_of_the_issue_is_contributed():
    assert {k.key for k in all_kinds()} == KINDS


def test_the_demo_pack_is_complete_and_current(invoke, demo):
    data = pack(invoke, demo)
    assert data["complete"] is True and data["missing"] == []
    assert {d["kind"] for d in data["made"]} == KINDS
    today = datetime.date.fromisoformat(TODAY)
    for made in data["made"]:
        text = docx_text(made["path"])
        assert "МБУ СШОР «Спортивная гимнастика»" in text, made["kind"]
        report = scan_text(text, today)
        assert report.outdated == [], (made["kind"], [c.describe() for c in report.outdated])
    regulation = docx_text(next(d["path"] for d in data["made"] if d["kind"] == "suot_regulation"))
    # The school's own rule from the demo's ohs.toml: coaches every 3 months, the rest every 6.
    assert "1 раз в 3 месяца" in regulation and "1 раз в 6 месяцев" in regulation
    listing = json.loads(invoke("-w", demo, "docs", "list", "--json").output)
    assert {d["kind"] for d in listing} == KINDS and {d["status"] for d in listing} == {"draft"}


def test_a_second_pack_remakes_only_what_changed(invoke, demo):
    first = pack(invoke, demo)
    # Unchanged data: no new draft, no file, every kind reported «без изменений».
    second = demo / "out" / "second"
    again = pack(invoke, demo, "--out", str(second))
    assert again["made"] == [] and not second.exists()
    assert {d["kind"] for d in again["unchanged"]} == {d["kind"] for d in first["made"]}
    text = invoke("-w", demo, "suot", "pack", "--today", TODAY, "--out", str(second)).output
    assert text.count("— без изменений") == len(first["made"])
    # A new goal changes the policy (and the Положение, which states the goals): those get ред. 2.
    added = invoke("-w", demo, "suot", "goal", "add", "Снижение числа микротравм вдвое", "--today", TODAY)
    assert added.exit_code == 0, added.output
    third = pack(invoke, demo, "--out", str(demo / "out" / "third"))
    assert "policy" in {d["kind"] for d in third["made"]}
    assert {d["version"] for d in third["made"]} == {2}
    assert "order_commission" in {d["kind"] for d in third["unchanged"]}


def test_a_new_workspace_is_told_what_is_missing(invoke, workspace, tmp_path):
    invoke("-w", workspace, "people", "add", "Иванов Иван Иванович", "--position", "Директор", "--hired-on", "2020-01-01")
    data = pack(invoke, workspace)
    assert data["complete"] is False
    missing = {m["kind"]: m for m in data["missing"]}
    assert "order_responsible" in missing and "policy" in missing
    commands = " ".join(f["command"] for m in data["missing"] for f in m["fields"])
    assert "ohs appoint osh_responsible" in commands and "ohs suot goal add" in commands and "ohs org set head" in commands
    made_paths = {Path(d["path"]) for d in data["made"]}
    on_disk = set((workspace / "out").rglob("*.docx"))
    assert on_disk == made_paths  # nothing half-made is left for the kinds that lacked data
    text = invoke("-w", workspace, "suot", "pack", "--today", TODAY, "--out", str(tmp_path / "p2")).output
    assert "Не сделано — нужны данные" in text


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice не установлен")
def test_libreoffice_opens_every_document_of_the_pack(invoke, demo, tmp_path):
    data = pack(invoke, demo)
    paths = [d["path"] for d in data["made"]]
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *paths],
        check=True, capture_output=True, timeout=300,
    )
    pdfs = {p.stem for p in (tmp_path / "pdf").glob("*.pdf")}
    assert pdfs == {Path(p).stem for p in paths}
