"""Benchmarks of ohs-toolkit against the budgets in DESIGN.md. Run: ``python bench/run.py``.

Each figure is measured in the same run as its baseline, so the ratio holds on any machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).parent
OHS = [sys.executable, "-m", "core"]


def timed(cmd: list[str], runs: int, cwd: str | None = None) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=cwd)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_startup(runs: int) -> list[dict]:
    """``ohs --help`` and a group's help against ``python -c "import click, pluggy"``."""
    baseline = timed([sys.executable, "-c", "import click, pluggy"], runs)
    rows = [{"name": 'python -c "import click, pluggy" (baseline)', "value": baseline, "unit": "s", "budget": "", "ok": True}]
    for args in (["--help"], ["people", "--help"]):
        value = timed([*OHS, *args], runs)
        ratio = value / baseline
        rows.append({"name": f"ohs {' '.join(args)}", "value": value, "unit": "s",
                     "budget": f"≤ 2.5× baseline (is {ratio:.2f}×)", "ok": ratio <= 2.5})
    return rows


def bench_demo(employees: int, years: int) -> list[dict]:
    """``ohs init --demo --employees N --years Y`` and reading it back."""
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        subprocess.run([*OHS, "init", "--demo", "--employees", str(employees), "--years", str(years), f"{tmp}/ws"],
                       check=True, capture_output=True)
        build = time.perf_counter() - started
        listing = timed([*OHS, "-w", f"{tmp}/ws", "people", "list", "--json", "--all"], 3)
    return [
        {"name": f"ohs init --demo --employees {employees} --years {years}", "value": build, "unit": "s",
         "budget": "reported", "ok": True},
        {"name": f"ohs people list --json --all ({employees} employees)", "value": listing, "unit": "s",
         "budget": "reported", "ok": True},
    ]


def bench_import(employees: int) -> list[dict]:
    """``ohs people import`` of an HR export of ``employees`` people (XLSX and CSV) into a new workspace."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*OHS, "init", "--demo", "--employees", str(employees), "--years", "1", f"{tmp}/src"],
                       check=True, capture_output=True)
        for ext in ("xlsx", "csv"):
            export = f"{tmp}/staff.{ext}"
            subprocess.run([*OHS, "-w", f"{tmp}/src", "people", "export", export], check=True, capture_output=True)
            subprocess.run([*OHS, "init", f"{tmp}/dst_{ext}"], check=True, capture_output=True)
            started = time.perf_counter()
            subprocess.run([*OHS, "-w", f"{tmp}/dst_{ext}", "people", "import", export], check=True, capture_output=True)
            took = time.perf_counter() - started
            budget, ok = ("≤ 5 s", took <= 5.0) if ext == "xlsx" else ("reported", True)
            rows.append({"name": f"ohs people import ({employees} people, {ext.upper()})", "value": took, "unit": "s",
                         "budget": budget, "ok": ok})
    return rows


def bench_pack(runs: int = 3) -> list[dict]:
    """``ohs suot pack`` on the demo school: every СУОТ document at once (budget ≤ 3 s)."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*OHS, "init", "--demo", f"{tmp}/ws"], check=True, capture_output=True)
        for i in range(runs):
            started = time.perf_counter()
            subprocess.run([*OHS, "-w", f"{tmp}/ws", "suot", "pack", "--out", f"{tmp}/pack{i}"], check=True,
                           capture_output=True)
            times.append(time.perf_counter() - started)
        made = len(list(Path(f"{tmp}/pack0").glob("*.docx")))
    value = statistics.median(times)
    return [{"name": f"ohs suot pack, demo school ({made} documents, whole command)", "value": value, "unit": "s",
             "budget": "≤ 3 s", "ok": value <= 3.0}]


def bench_due(employees: int, years: int, runs: int = 3) -> list[dict]:
    """``ohs due`` on the benchmark organization (budget ≤ 1.5 s), with the schedule part's share in-process.

    The schedule part (briefings, trainings, retakes, new hires, medical exams, СОУТ, breaks) reads its
    journals in a few bulk queries; the in-process figure isolates it from start-up and other plugins.
    """
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*OHS, "init", "--demo", "--employees", str(employees), "--years", str(years), f"{tmp}/ws"],
                       check=True, capture_output=True)
        value = timed([*OHS, "-w", f"{tmp}/ws", "due", "--today", "2026-11-23", "--json"], runs)
        code = ("import datetime, time; from core.app import App; from core.plugins import get_plugin_manager; "
                "from plugins.suot.schedule.due import schedule_due_items; "
                f"app = App(get_plugin_manager(), workspace={f'{tmp}/ws'!r}); d = datetime.date(2026, 11, 23)\n"
                "with app.session(write=False) as s:\n"
                "    org = app.org(s); t = time.perf_counter()\n"
                "    n = len(schedule_due_items(s, org, d, d + datetime.timedelta(days=30)))\n"
                "    print(time.perf_counter() - t, n)")
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    part, items = float(out[0]), int(out[1])
    return [
        {"name": f"ohs due --json, {employees} employees × {years} years (whole command)", "value": value,
         "unit": "s", "budget": "≤ 1.5 s", "ok": value <= 1.5},
        {"name": f"  of which the schedule part's due items ({items} items, in-process)", "value": part, "unit": "s",
         "budget": "reported", "ok": None},
    ]


def plugin_benches() -> list[dict]:
    """Other bench_*.py scripts in this folder that expose ``run()``."""
    rows = []
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if hasattr(module, "run"):
            rows.extend(module.run())
    return rows


def print_table(rows: list[dict]) -> None:
    """A Markdown table, ready for bench/README.md."""
    print("| what | measured | budget | ok |")
    print("|---|---|---|---|")
    for r in rows:
        value = f"{r['value']:.3f} {r['unit']}" if isinstance(r["value"], float) else f"{r['value']} {r['unit']}"
        budget = r["budget"]
        if budget is None or budget == "":
            budget = "reported"
        elif isinstance(budget, (int, float)):
            budget = f"≤ {budget:g} {r['unit']}"
        # ok is None for figures reported without a budget.
        verdict = {True: "yes", False: "NO", None: "—"}[r["ok"]]
        print(f"| {r['name']} | {value} | {budget} | {verdict} |")


def main() -> None:
    """Run the selected benchmarks and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="repetitions of the start-up measurement")
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--only", choices=["startup", "demo", "import", "pack", "due", "modules"], default=None)
    args = parser.parse_args()
    rows: list[dict] = []
    if args.only in (None, "startup"):
        rows += bench_startup(args.runs)
    if args.only in (None, "demo"):
        rows += bench_demo(args.employees, args.years)
    if args.only in (None, "import"):
        rows += bench_import(args.employees)
    if args.only in (None, "pack"):
        rows += bench_pack()
    if args.only in (None, "due"):
        rows += bench_due(args.employees, args.years)
    if args.only in (None, "modules"):
        rows += plugin_benches()
    print_table(rows)
    if any(r["ok"] is False for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
