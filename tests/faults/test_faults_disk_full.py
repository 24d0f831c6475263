"""A full disk: the command fails (non-zero), the previous good file is intact, nothing half-written remains.

Needs a small file system of its own: a tmpfs of 2 MB mounted as root; skipped (with the reason) elsewhere.
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
    """A 2 MB tmpfs, unmounted afterwards."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("нужен root и mount, чтобы смонтировать маленькую файловую систему (tmpfs)")
    folder = tmp_path / "small"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True)
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


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "filler" and p.name.startswith("."))


@pytest.mark.parametrize("option, name", [("--xlsx", "due.xlsx"), ("--ics", "due.ics")])
def test_due_export_onto_a_full_disk_keeps_the_old_file(invoke, demo, small_disk, option, name):
    target = small_disk / name
    assert invoke("-w", demo, "due", "--today", TODAY, option, target).exit_code == 0
    before = target.read_bytes()
    _fill(small_disk)
    result = invoke("-w", demo, "due", "--today", "2027-06-01", "--until", "2030-12-31", option, target)
    assert result.exit_code != 0
    assert target.read_bytes() == before
    assert _leftovers(small_disk) == []


def test_docs_make_onto_a_full_disk_registers_nothing(invoke, demo, small_disk):
    out = small_disk / "out"
    out.mkdir()
    _fill(small_disk)
    result = invoke("-w", demo, "docs", "make", "suot_regulation", "--out", out, "--today", TODAY)
    assert result.exit_code != 0
    assert list(out.iterdir()) == []
    assert json.loads(invoke("-w", demo, "docs", "list", "--json", "--kind", "suot_regulation").stdout) == []
