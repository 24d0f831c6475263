"""A full disk: the command fails (non-zero), the previous good file is intact, nothing half-written remains.

Needs a small file system of its own: a tmpfs of 4 MB mounted as root; skipped (with the reason) elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from fault_harness import TODAY


@pytest.fixture
def small_disk(tmp_path) -> Path:
    """A 4 MB tmpfs, unmounted afterwards."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("нужен root и mount, чтобы смонтировать маленькую файловую систему (tmpfs)")
    folder = tmp_path / "small"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"tmpfs не монтируется: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _fill(folder: Path) -> None:
    """Leave almost no room on the small disk."""
    with open(folder / "filler", "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    # Free a little, less than any table the commands write.
    size = (folder / "filler").stat().st_size
    os.truncate(folder / "filler", max(size - 2048, 0))


def _baseline(result) -> None:
    """The first, good write; a tmpfs short of memory on a crowded machine cannot even take that."""
    if result.exit_code != 0 and "нет места" in result.output:
        pytest.skip("маленькая файловая система переполнилась ещё до заполнения (нехватка памяти у tmpfs)")
    assert result.exit_code == 0, result.output


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "filler" and p.name.startswith("."))


EXPORTS = {
    "due --xlsx": (lambda target: ["due", "--today", TODAY, "--xlsx", target],
                   lambda target: ["due", "--today", "2027-06-01", "--until", "2030-12-31", "--xlsx", target]),
    "due --ics": (lambda target: ["due", "--today", TODAY, "--ics", target],
                  lambda target: ["due", "--today", "2027-06-01", "--until", "2030-12-31", "--ics", target]),
    "training registry --out": (lambda target: ["training", "registry", "--year", "2026", "--out", target],
                                lambda target: ["training", "registry", "--year", "2025", "--out", target]),
}


@pytest.mark.parametrize("name", EXPORTS)
def test_export_onto_a_full_disk_keeps_the_old_file(invoke, demo, small_disk, name):
    first, second = EXPORTS[name]
    target = small_disk / ("export.ics" if "ics" in name else "export.xlsx")
    _baseline(invoke("-w", demo, *first(target)))
    before = target.read_bytes()
    _fill(small_disk)
    result = invoke("-w", demo, *second(target))
    assert result.exit_code != 0
    assert target.read_bytes() == before
    assert _leftovers(small_disk) == []


def test_contest_pack_onto_a_full_disk_keeps_the_previous_pack(invoke, demo, small_disk):
    """The second pack fails for want of space: the first pack's ZIP and answers stay whole, nothing new appears."""
    out = small_disk / "pack"
    _baseline(invoke("-w", demo, "contest", "digital", "pack", "--out", out, "--today", TODAY))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    _fill(small_disk)
    result = invoke("-w", demo, "contest", "digital", "pack", "--out", out, "--today", TODAY)
    assert result.exit_code != 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _leftovers(small_disk) == [] and _leftovers(out) == []


def test_docs_make_onto_a_full_disk_registers_nothing(invoke, demo, small_disk):
    out = small_disk / "out"
    out.mkdir()
    _fill(small_disk)
    result = invoke("-w", demo, "docs", "make", "suot_regulation", "--out", out, "--today", TODAY)
    assert result.exit_code != 0
    assert list(out.iterdir()) == []
    assert json.loads(invoke("-w", demo, "docs", "list", "--json", "--kind", "suot_regulation").stdout) == []
