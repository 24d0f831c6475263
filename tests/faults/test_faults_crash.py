"""Every writing command killed (SIGKILL) at seeded random moments: nothing lost, nothing half-made.

After the kills: ``ohs verify`` passes (journals and every stored file), no document file lies in the
output folders without a registry row, an overwritten file is either the old one or the new one,
whole, and the same command run again succeeds.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from fault_harness import (
    TODAY,
    check_intact,
    delays,
    kills,
    misnamed_store_files,
    ohs,
    run_and_kill,
    timed,
    unregistered_documents,
    visible_files,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_original(tmp_path_factory) -> Path:
    """A small demo workspace made once; each test works on a copy."""
    folder = tmp_path_factory.mktemp("faults") / "demo"
    result = ohs("init", folder, "--demo", "--employees", "12", "--as-of", TODAY)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def ws(demo_original, tmp_path) -> Path:
    """A fresh copy of the demo workspace."""
    folder = tmp_path / "ws"
    shutil.copytree(demo_original, folder)
    return folder


PACKS = {
    "docs make": lambda ws, out: ["-w", ws, "docs", "make", "suot_regulation", "--out", out, "--today", TODAY],
    "suot pack": lambda ws, out: ["-w", ws, "suot", "pack", "--out", out, "--today", TODAY],
    "contest specialist pack": lambda ws, out: ["-w", ws, "contest", "specialist", "pack", "Колесникова",
                                                "--out", out, "--as-of", TODAY],
    "contest digital pack": lambda ws, out: ["-w", ws, "contest", "digital", "pack", "--out", out,
                                             "--today", TODAY],
}


@pytest.mark.parametrize("name", PACKS)
def test_killed_pack_leaves_no_orphan_and_reruns(ws, name):
    out = ws / "out" / "killed"
    args = PACKS[name](ws, out)
    duration = timed(args)
    for delay in delays(name, duration, kills()):
        run_and_kill(args, delay)
        assert not unregistered_documents(ws, out), f"{name}: a document without a registry row after a kill"
        assert not misnamed_store_files(ws)
    result = ohs(*args)
    assert result.returncode == 0, result.stderr
    assert "уже существует" not in result.stderr
    check_intact(ws)
    assert not unregistered_documents(ws, out)
    for archive in (p for p in visible_files(out) if p.suffix == ".zip"):
        with zipfile.ZipFile(archive) as z:
            assert z.testzip() is None


def _valid_xlsx(path: Path) -> bool:
    from openpyxl import load_workbook

    load_workbook(path, read_only=True).close()
    return True


OVERWRITES = {
    "training registry --out": (lambda ws, target: ["-w", ws, "training", "registry", "--year", "2026", "--out",
                                                    target], "reg.xlsx", _valid_xlsx),
    "due --xlsx": (lambda ws, target: ["-w", ws, "due", "--today", TODAY, "--xlsx", target], "due.xlsx", _valid_xlsx),
    "due --ics": (lambda ws, target: ["-w", ws, "due", "--today", TODAY, "--ics", target], "due.ics",
                  lambda p: p.read_bytes().rstrip().endswith(b"END:VCALENDAR")),
}


@pytest.mark.parametrize("name", OVERWRITES)
def test_killed_overwrite_keeps_a_whole_file(ws, name):
    make_args, filename, whole = OVERWRITES[name]
    target = ws / "out" / filename
    args = make_args(ws, target)
    duration = timed(args)
    assert whole(target)
    for delay in delays(name, duration, kills()):
        run_and_kill(args, delay)
        assert whole(target), f"{name}: the previous good file was damaged by a kill"
        assert visible_files(target.parent) >= {target.resolve()}
    assert ohs(*args).returncode == 0
    assert whole(target)


def test_killed_init_demo_is_resumed(tmp_path):
    folder = tmp_path / "new"
    args = ["init", folder, "--demo", "--employees", "8", "--as-of", TODAY]
    for delay in delays("init", 2.5, kills()):
        if not run_and_kill(args, delay):
            break  # finished before the kill: the workspace is complete
        # A killed init never leaves ohs.toml without its organization: ohs.toml appears at commit.
        if (folder / "ohs.toml").exists():
            break
    if not (folder / "ohs.toml").exists():
        result = ohs(*args)
        assert result.returncode == 0, result.stderr
    check_intact(folder)
    assert not misnamed_store_files(folder)
    assert ohs("-w", folder, "people", "list", "--json").returncode == 0


def test_killed_evidence_copy_never_leaves_a_half_file_under_its_hash(ws, tmp_path):
    """``portfolio evidence`` of a large scan killed while copying: the store holds whole files only."""
    import json

    listed = json.loads(ohs("-w", ws, "contest", "specialist", "portfolio", "list", "Колесникова", "--json").stdout)
    scan = tmp_path / "большой-скан.pdf"
    scan.write_bytes(b"%PDF-1.7\n" + os.urandom(24 << 20))
    args = ["-w", ws, "contest", "specialist", "portfolio", "evidence", listed[0]["id"], scan, "--today", TODAY]
    for delay in delays("evidence", 1.5, kills()):
        run_and_kill(args, delay)
        assert not misnamed_store_files(ws)
    result = ohs(*args)
    assert result.returncode == 0, result.stderr
    check_intact(ws)
    assert not misnamed_store_files(ws)
