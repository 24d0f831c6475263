"""The district server under load: 300 organizations × 40 people on PostgreSQL, its pages, 50 users at once.

Run: ``python bench/bench_district.py [POSTGRESQL_URL] [--orgs 300] [--people 40] [--requests 30] [--users 50]
[--seconds 60]``. The URL names a server where a database may be created (default ``OHS_TEST_DATABASE_URL``,
else ``postgresql://postgres@127.0.0.1:5432/test``); the bench creates a database of its own and drops it at the
end, and works in a temporary folder. Loopback only; every step is bounded (each request waits at most 60 s,
the load stops after ``--seconds``), so the run ends in minutes; progress goes to stderr, the Markdown table
for bench/README.md to stdout.

1. Builds the district (``district_build.py``: the services behind ``ohs org add``, ``ohs people import``,
   ``ohs briefing add``, ``ohs practice submit``, ``ohs user add``) and reports how long each step took.
2. Starts the real ``ohs serve`` and times, over ``--requests`` requests each, the district officer's status page
   and the quarter's summary (DOCX, XLSX) against the budget of 1 s, and a school's «Сегодня» (``/``) against
   400 ms — the first visit (it computes the snapshot) over several schools, then warm — each next to the service
   calls the page makes, run in this process on the same database in the same run.
3. ``--users`` specialists (``--users-per-org`` to a school) sign in and for ``--seconds`` read pages and record
   briefings at random, all at once; then the journal entries in the database are counted against the
   successful «Записать в журнал» and ``ohs verify`` runs on every school touched. Exit code 1 when a budget is
   missed, a request failed or an entry is missing.
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from district_build import PASSWORD, District, add_accounts, build_district, org_key  # noqa: E402
from district_direct import Databases, Direct, cpu_seconds, rss_mb  # noqa: E402
from district_http import PAGES, RECORD, Browser, UserPlan, run_load  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
BUDGET_DISTRICT_MS = 1000
BUDGET_TODAY_MS = 400
STARTED = time.perf_counter()


def say(message: str) -> None:
    """Progress on stderr, with the seconds since the start."""
    print(f"[{time.perf_counter() - STARTED:6.0f} s] {message}", file=sys.stderr, flush=True)


def percentiles(times: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(call: Callable[[], Any], times: int) -> list[float]:
    """Seconds of each of ``times`` calls."""
    found = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        found.append(time.perf_counter() - started)
    return found


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(today: datetime.date) -> dict[str, str]:
    """The environment of ``ohs`` subprocesses: the bench's day, no database or workspace from outside."""
    env = {**os.environ, "OHS_TODAY": today.isoformat(), "OHS_USER": "администратор"}
    for name in ("OHS_DATABASE_URL", "OHS_WORKSPACE", "OHS_DISABLE_PLUGINS"):
        env.pop(name, None)
    return env


def start_server(root: Path, port: int, env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], float]:
    """``ohs serve`` on ``port`` (its stderr into ``log``); seconds until it listens (at most 120)."""
    started = time.perf_counter()
    with open(log, "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "core", "-w", str(root), "serve", "--port", str(port)],
                                   stdout=subprocess.DEVNULL, stderr=err, env=env)
    while time.perf_counter() - started < 120:
        if process.poll() is not None:
            raise SystemExit(f"ohs serve stopped: {log.read_text(errors='replace')}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process, time.perf_counter() - started
        time.sleep(0.05)
    process.kill()
    raise SystemExit("ohs serve did not listen within 120 s")


Row = tuple[str, float | None, float | None, str]


def district_pages(port: int, direct: Direct, requests: int) -> list[Row]:
    """The district officer's pages over HTTP against the same services in this process."""
    officer = Browser(port)
    officer.sign_in("okrug", PASSWORD)
    q = direct.quarter
    rows: list[Row] = []
    pages = [(f"/district?year={q.year}&quarter={q.number}", direct.summary, "district_summary()"),
             (f"/district/summary.docx?year={q.year}&quarter={q.number}", direct.summary_docx,
              "render + DOCX writer"),
             (f"/district/summary.xlsx?year={q.year}&quarter={q.number}", direct.summary_xlsx,
              "district_summary() + XLSX writer")]
    for path, service, what in pages:
        officer.timed_get(path)  # warm: the first request of a page compiles its template
        say(f"  {path.split('?')[0]}: {requests} requests, then the services alone")
        page = [officer.timed_get(path) for _ in range(requests)]
        alone = timed(service, requests)
        page_median, page_p95 = percentiles(page)
        alone_median, alone_p95 = percentiles(alone)
        ok = "ok" if page_p95 <= BUDGET_DISTRICT_MS else "NO"
        rows.append((f"`{path.split('?')[0]}` page", page_median, page_p95,
                     f"≤ {BUDGET_DISTRICT_MS} ms p95: {ok} ({page_p95 / BUDGET_DISTRICT_MS:.2f} of it)"))
        rows.append((f"  same query alone: {what}", alone_median, alone_p95,
                     f"page overhead {page_median - alone_median:.0f} ms (median)"))
    return rows


def today_pages(port: int, direct: Direct, district: District, keys: list[str], requests: int) -> list[Row]:
    """A school's «Сегодня»: the server's first ``/`` (imports, templates), then the first visit of each of the
    other schools (the snapshot computed in the request), then warm on one; against the services alone."""
    ids = {o.key: o.org_id for o in district.orgs}
    browsers = []
    for key in keys:
        browser = Browser(port)
        browser.sign_in(f"first-{key}", PASSWORD)
        browsers.append(browser)
    say(f"  / first visits of {len(keys)} schools (the first one also the server's first «/»)")
    server_first = browsers[0].timed_get("/")
    first = [browser.timed_get("/") for browser in browsers[1:]]
    say(f"  first visits, ms: {[round(x * 1000) for x in first]}")
    say(f"  / warm: {requests} requests, then the services alone")
    warm = [browsers[1].timed_get("/") for _ in range(requests)]
    service = direct.today_of(keys[1], ids[keys[1]])
    service()  # warm, as the page was
    alone = timed(service, requests)
    first_median, first_p95 = percentiles(first)
    warm_median, warm_p95 = percentiles(warm)
    alone_median, alone_p95 = percentiles(alone)
    return [
        ("`/` the server's first (imports and templates loaded in the request)", server_first * 1000, None,
         "reported"),
        (f"`/` first visit of a school ({len(first)} schools, snapshot computed in the request)", first_median,
         first_p95, f"≤ {BUDGET_TODAY_MS} ms p95: {'ok' if first_p95 <= BUDGET_TODAY_MS else 'NO'} "
         f"({first_p95 / BUDGET_TODAY_MS:.2f} of it)"),
        ("`/` warm (snapshot ready)", warm_median, warm_p95,
         f"≤ {BUDGET_TODAY_MS} ms p95: {'ok' if warm_p95 <= BUDGET_TODAY_MS else 'NO'} "
         f"({warm_p95 / BUDGET_TODAY_MS:.2f} of it)"),
        ("  same query alone: collect_due_items + collect_findings", alone_median, alone_p95,
         f"first visit over services: {first_median - alone_median:.0f} ms (median)"),
    ]


def verify(root: Path, keys: list[str], env: dict[str, str]) -> dict[str, str]:
    """``ohs verify`` of each organization; key → the failure's output (empty dict: all passed)."""
    failed = {}
    for key in keys:
        result = subprocess.run([sys.executable, "-m", "core", "-w", str(root / "orgs" / key), "verify"],
                                capture_output=True, text=True, env=env, timeout=300)
        if result.returncode != 0:
            failed[key] = (result.stdout + result.stderr)[-2000:]
    return failed


def main() -> int:
    """Build, measure, print the table; 1 when a budget or a check failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", nargs="?", default=os.environ.get("OHS_TEST_DATABASE_URL") or DEFAULT_URL)
    parser.add_argument("--orgs", type=int, default=300)
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--first", type=int, default=20, help="schools whose first visit of «/» is timed")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--users-per-org", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause of a user between requests, seconds (0: the next request at once)")
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)
    args = parser.parse_args()
    from core.clock import today as clock_today

    today = args.today or clock_today()
    load_orgs = -(-args.users // args.users_per_org)
    if args.orgs < load_orgs + args.first + 1 or args.first < 1:
        parser.error(f"--orgs must be at least {load_orgs + args.first + 1} (the load's schools, the first visits "
                     "and one more for the server's first «/»); --first at least 1")
    databases = Databases(args.url)
    folder = Path(tempfile.mkdtemp(prefix="ohs-bench-district-"))
    process = None
    rows: list[Row] = []
    failures: list[str] = []
    try:
        url = databases.create()
        say(f"database {databases.name}; building {args.orgs} organizations × {args.people} people (day {today})")
        district = build_district(folder / "server", url, today, orgs=args.orgs, people=args.people, progress=say)
        load_keys = [org_key(n) for n in range(load_orgs)]
        first_keys = [org_key(n) for n in range(load_orgs, load_orgs + args.first + 1)]
        logins: dict[str, str | None] = {"okrug": None}
        logins.update({f"first-{key}": key for key in first_keys})
        users = []
        for i in range(args.users):
            key = load_keys[i // args.users_per_org]
            login = f"spec-{key}-{i % args.users_per_org + 1}"
            logins[login] = key
            facts = next(o for o in district.orgs if o.key == key)
            users.append(UserPlan(login=login, org_key=key, instructor_id=facts.instructor_id,
                                  departments=facts.departments))
        add_accounts(district, logins)
        t = district.timings
        submitted = sum(1 for o in district.orgs if o.submitted)
        rows.append(("build: `ohs init` of the administration", None, None, f"{t['init']:.1f} s, reported"))
        rows.append((f"build: {args.orgs} organizations × {args.people} people, briefings, {submitted} reports "
                     "submitted", None, None, f"{t['orgs']:.1f} s, reported (minutes at most)"))
        rows.append((f"build: {len(logins)} accounts (Argon2)", None, None, f"{t['accounts']:.1f} s, reported"))
        say(f"built in {sum(t.values()):.0f} s; starting ohs serve")
        env = server_env(today)
        port = free_port()
        log = folder / "serve.log"
        process, listening = start_server(district.root, port, env, log)
        rows.append(("ohs serve: listening", listening * 1000, None, "reported"))
        direct = Direct(district)
        try:
            say("district pages")
            rows += district_pages(port, direct, args.requests)
            say("a school's «Сегодня»")
            rows += today_pages(port, direct, district, first_keys, args.requests)
            ids = [o.org_id for o in district.orgs if o.key in load_keys]
            before = direct.briefings(ids)
            say(f"{args.users} users on {load_orgs} schools for {args.seconds:g} s (think {args.think:g} s)")
            cpu_before: dict[int, float] = {}
            load = run_load(port, users, PASSWORD, today.isoformat(), args.seconds, args.think, on_start=lambda: (
                cpu_before.update(cpu_seconds([process.pid, *direct.backends()]))))
            cpu_after = cpu_seconds([process.pid, *direct.backends()])
            after = direct.briefings(ids)
            size, counts = direct.size()
        finally:
            direct.close()
        rows += load_rows(load, args)
        server_cpu = cpu_after.get(process.pid, 0) - cpu_before.get(process.pid, 0)
        pg_cpu = sum(v - cpu_before.get(pid, 0) for pid, v in cpu_after.items() if pid != process.pid)
        rows.append((f"  load: CPU of ohs serve {server_cpu:.1f} s, of its PostgreSQL backends {pg_cpu:.1f} s "
                     f"in {args.seconds:g} s: {1000 * server_cpu / max(load.requests, 1):.1f} + "
                     f"{1000 * pg_cpu / max(load.requests, 1):.1f} ms a request", None, None, "reported"))
        key_of = {o.org_id: o.key for o in district.orgs}
        recorded = {key_of[i]: after.get(i, 0) - before.get(i, 0) for i in ids}
        sent = sum(load.entries.values())
        lost = sum(max(load.entries.get(k, 0) - recorded[k], 0) for k in recorded)
        extra = sum(max(recorded[k] - load.entries.get(k, 0), 0) for k in recorded)
        rows.append((f"«Записать в журнал» answered 303: {sum(load.posts.values())}; entries they carried {sent}; "
                     f"entries in the journals {sum(recorded.values())}", None, None,
                     f"0 lost: {'ok' if lost == 0 else f'NO ({lost} lost)'}"
                     + (f"; {extra} more than answered ({sum(load.unsure.values())} POSTs unanswered)"
                        if extra else "")))
        if lost:
            failures.append(f"{lost} journal entries lost")
        if load.errors:
            failures.append(f"{len(load.errors)} requests failed, first: {load.errors[:5]}")
        rows.append((f"after the load: database {size / 2**20:.0f} MB ("
                     + ", ".join(f"{t} {n}" for t, n in counts.items())
                     + f"); ohs serve resident memory {rss_mb(process.pid):.0f} MB", None, None, "reported"))
        process.terminate()
        process.wait(timeout=30)
        say(f"ohs verify on {len(load_keys)} schools")
        broken = verify(district.root, load_keys, env)
        rows.append((f"`ohs verify` on the {len(load_keys)} schools written to", None, None,
                     "all pass" if not broken else f"NO: {', '.join(broken)}"))
        if broken:
            failures.append(f"ohs verify failed: {broken}")
        server_errors = log.read_text(errors="replace").count("failed")
        if server_errors:
            failures.append(f"the server logged {server_errors} failures (see its log)")
            print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
    finally:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        databases.drop()
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    for name, _m, p95, note in rows:
        if "NO" in note and p95 is not None:
            failures.append(f"over budget: {name}")
    print(f"| what ({args.requests} requests each unless said) | median, ms | p95, ms | budget |")
    print("|---|---|---|---|")
    for name, median, p95, note in rows:
        print(f"| {name} | {'' if median is None else f'{median:.0f}'} | {'' if p95 is None else f'{p95:.0f}'} "
              f"| {note} |")
    say(f"done in {time.perf_counter() - STARTED:.0f} s; load average {os.getloadavg()[0]:.1f}")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


def load_rows(load: Any, args: argparse.Namespace) -> list[Row]:
    """Per page of the load: requests, median and p95; the totals and the errors."""
    rows: list[Row] = []
    total = load.requests
    rows.append((f"load: {args.users} users × {args.seconds:g} s: {total} requests ({total / args.seconds:.1f}/s), "
                 f"errors {len(load.errors)}", None, None, "0 errors: " + ("ok" if not load.errors else "NO")))
    for what in [*PAGES, RECORD]:
        times = load.times.get(what, [])
        if times:
            median, p95 = percentiles(times)
            rows.append((f"  load: `{what}` ({len(times)} requests)", median, p95, "reported"))
    return rows


if __name__ == "__main__":
    sys.exit(main())
