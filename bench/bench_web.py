"""``ohs serve`` on the 10,000-person demo: time to the first page, and each main page against its service alone.

Run: ``python bench/bench_web.py [DEMO_FOLDER] [--requests 50]``. Without a folder, builds
``ohs init --demo --employees 10000`` in a temporary folder first (a few minutes). The server is the real
command (``python -m core -w DEMO serve``) on a free port; pages are fetched over HTTP one after another,
and the service call each page makes is timed in this process on the same database, in the same run, so
the page's overhead (routing, templates, HTTP) reads as the difference. Budgets (issue #17): ≤ 150 ms for a
paginated list, ≤ 400 ms for ``/``; both as the 95th percentile.
"""

from __future__ import annotations

import argparse
import datetime
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BUDGETS_MS = {"/": 400, "/people": 150, "/people?q=Иванов": 150, "/briefings/journal": 150}


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentiles(times: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def fetch(url: str) -> float:
    """Seconds to read one page whole."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        assert response.status == 200, url
    return time.perf_counter() - started


def start_server(demo: Path, port: int) -> tuple[subprocess.Popen, float, float]:
    """Start ``ohs serve``; seconds until it listens and until its first ``/`` is read."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "core", "-w", str(demo), "serve", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    listening = None
    while True:
        if process.poll() is not None:
            raise SystemExit(f"ohs serve stopped: {process.stderr.read().decode()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                listening = time.perf_counter() - started
                break
        time.sleep(0.01)
    fetch(f"http://127.0.0.1:{port}/")
    return process, listening, time.perf_counter() - started


def service_calls(demo: Path) -> dict[str, object]:
    """What each page asks of the services, as a callable over a fresh unit of work."""
    from core.app import App
    from core.journal.briefing_sheet import journal_page
    from core.obligations.checks import collect_findings
    from core.obligations.due import collect_due_items
    from core.plugins import get_plugin_manager
    from core.registry.people import department_names
    from core.registry.people_search import search_people

    app = App(get_plugin_manager(), workspace=str(demo))

    def today_services() -> None:
        with app.context(write=False) as ctx:
            collect_due_items(ctx, ctx.today + datetime.timedelta(days=30))
            collect_findings(ctx)

    def people(query: str = "") -> None:
        with app.context(write=False) as ctx:
            department_names(ctx.session, ctx.org)
            search_people(ctx.session, ctx.org, on=ctx.today, query=query)

    def journal() -> None:
        with app.context(write=False) as ctx:
            department_names(ctx.session, ctx.org)
            journal_page(ctx, since=ctx.today.replace(month=1, day=1))

    return {"/": today_services, "/people": people, "/people?q=Иванов": lambda: people("Иванов"),
            "/briefings/journal": journal}


def after_a_change(demo: Path, url: str, times: int) -> list[float]:
    """``/`` read right after ``ohs org set`` wrote to the database from another process (an audit entry)."""
    found = []
    for n in range(times):
        subprocess.run([sys.executable, "-m", "core", "-w", str(demo), "org", "set", f"phone=(4872) 47-12-{n:02d}"],
                       check=True, capture_output=True)
        found.append(fetch(url))
    return found


def main() -> None:
    """Measure and print a Markdown table for bench/README.md."""
    parser = argparse.ArgumentParser()
    parser.add_argument("demo", nargs="?", type=Path)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--changes", type=int, default=5, help="changes made by a command before reading «/»")
    args = parser.parse_args()
    demo = args.demo
    if demo is None:
        demo = Path(tempfile.mkdtemp()) / "demo10k"
        subprocess.run([sys.executable, "-m", "core", "init", str(demo), "--demo", "--employees", "10000"], check=True,
                       capture_output=True)
    os.environ.setdefault("OHS_USER", "bench")
    port = free_port()
    process, listening, first = start_server(demo, port)
    rows = [("ohs serve: listening", listening * 1000, None, "reported"),
            ("ohs serve: start to first `/` read", first * 1000, None, "reported")]
    try:
        services = service_calls(demo)
        for path, service in services.items():
            url = f"http://127.0.0.1:{port}{urllib.request.quote(path, safe='/?=&')}"
            fetch(url)  # warm: the first request of a page compiles its template
            page = [fetch(url) for _ in range(args.requests)]
            alone = []
            for _ in range(args.requests):
                started = time.perf_counter()
                service()
                alone.append(time.perf_counter() - started)
            page_median, page_p95 = percentiles(page)
            service_median, service_p95 = percentiles(alone)
            budget = BUDGETS_MS[path]
            ok = "ok" if page_p95 <= budget else "NO"
            if path == "/":
                rows.append(("`/` page (snapshot ready: computed once per change)", page_median, page_p95,
                             f"≤ {budget} ms p95: {ok}"))
                changed = after_a_change(demo, url, args.changes)
                rows.append((f"`/` page right after a change by a command ({args.changes} changes)", *percentiles(changed),
                             "reported: the snapshot is recomputed in that request"))
                rows.append(("`/` services alone (due_items + checks)", service_median, service_p95,
                             f"page over services, right after a change: "
                             f"{statistics.median(changed) * 1000 - service_median:.0f} ms (median)"))
                continue
            rows.append((f"`{path}` page", page_median, page_p95, f"≤ {budget} ms p95: {ok}"))
            rows.append((f"`{path}` service alone", service_median, service_p95,
                         f"page overhead {page_median - service_median:.0f} ms (median)"))
    finally:
        process.terminate()
        process.wait(timeout=20)
    print(f"| what ({args.requests} requests each) | median, ms | p95, ms | budget |")
    print("|---|---|---|---|")
    for name, median, p95, note in rows:
        print(f"| {name} | {median:.0f} | {'' if p95 is None else f'{p95:.0f}'} | {note} |")


if __name__ == "__main__":
    main()
