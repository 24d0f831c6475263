"""Crash harness: run an ``ohs`` command in a subprocess, SIGKILL it at seeded random moments, check what is left.

``OHS_FAULT_KILLS`` sets how many kills per command (default 3, a few seconds per command in the test run);
``bench/crash_run.py`` runs the same harness longer.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

TODAY = "2026-11-23"


def kills() -> int:
    """How many kills per command (``OHS_FAULT_KILLS``)."""
    return int(os.environ.get("OHS_FAULT_KILLS", "3"))


def ohs_env() -> dict[str, str]:
    """The environment of a user's ``ohs`` process (the test clock stays fixed)."""
    env = dict(os.environ)
    env.setdefault("OHS_TODAY", "2031-03-17")
    env.pop("OHS_WORKSPACE", None)
    return env


def ohs(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``ohs`` as a user would, to the end."""
    return subprocess.run([sys.executable, "-m", "core", *map(str, args)], capture_output=True, text=True,
                          env=ohs_env(), cwd=cwd)


def run_and_kill(args: list[object], delay: float, cwd: Path | None = None) -> bool:
    """Start ``ohs ARGS`` and SIGKILL it after ``delay`` seconds; True when it was killed before finishing."""
    process = subprocess.Popen([sys.executable, "-m", "core", *map(str, args)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=ohs_env(), cwd=cwd)
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def timed(args: list[object], cwd: Path | None = None) -> float:
    """How long the command takes when it is not killed (the range kills are drawn from)."""
    start = time.perf_counter()
    result = ohs(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return time.perf_counter() - start


def registered_paths(workspace: Path) -> set[Path]:
    """Files the registry knows: every document version's file (``ohs docs list --json``)."""
    result = ohs("-w", workspace, "docs", "list", "--json")
    assert result.returncode == 0, result.stderr
    return {Path(d["path"]).resolve() for d in json.loads(result.stdout)}


def visible_files(folder: Path) -> set[Path]:
    """Files under ``folder`` a user sees (hidden temporary files of a killed process are not output)."""
    if not folder.exists():
        return set()
    return {p.resolve() for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")}


def check_intact(workspace: Path) -> None:
    """``ohs verify`` passes: journals whole, every stored file matches its record."""
    result = ohs("-w", workspace, "verify", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    sections = json.loads(result.stdout)
    assert any(s["journal"] == "files" for s in sections)
    assert all(s["ok"] for s in sections), sections


def misnamed_store_files(workspace: Path) -> list[Path]:
    """Files in ``files/`` whose content does not match the sha256 they are named by (a half-written copy)."""
    import hashlib

    bad = []
    for path in visible_files(workspace / "files"):
        if hashlib.sha256(path.read_bytes()).hexdigest() != path.name:
            bad.append(path)
    return bad


def unregistered_documents(workspace: Path, out: Path) -> set[Path]:
    """DOCX files in ``out`` no registry row names (what a rerun would trip on before the fix)."""
    return {p for p in visible_files(out) if p.suffix == ".docx"} - registered_paths(workspace)


def delays(seed: str, duration: float, count: int) -> list[float]:
    """``count`` kill moments spread over the command's run, the same for the same seed."""
    rng = random.Random(seed)
    return [rng.uniform(0.05, max(duration, 0.2)) for _ in range(count)]
