"""Benchmark: the 10,000-row workplace briefing journal of one department, from the database to DOCX.

Setup (not timed): a new workspace, 2,501 people of one department imported from CSV, the department's
instructor appointed, and four repeat briefings of the other 2,500 recorded with ``ohs briefing add
--department`` (so the rows pass the journal's own rules and form its hash chain): 10,000 entries.

Timed, in the same run, medians:

- the journal: building its context (the database query included, with names and corrections
  resolved), the template to markup, and the markup to DOCX. This is the figure the budget
  (DESIGN.md: ≤ 1 s, ≤ 5× the bare writer, ≤ 300 MB) is about;
- its parts: context (query), template → markup, markup → DOCX;
- the bare writer: the same 11-column table as one document.xml string zipped (bench_docx.bare_docx),
  the floor for any DOCX writer;
- the whole ``make_document`` (the journal plus the registry's text copy, sha256 and row), and the
  whole command ``ohs suot journal workplace --department …`` in a subprocess, for reference;
- peak memory of the journal in a fresh interpreter (ru_maxrss);
- growth: the journal of the first briefing date only (2,500 rows, the same department, ``until``)
  against the full one, per row.

The journal and the bare writer are timed alternately, so a busy machine slows both alike; the ratio
is also given in CPU time, which other work on the machine disturbs less. (The DOCX writer pauses the
garbage collector while it writes the body: 4.7× → 4.4× here.)

    python bench/bench_journal.py [--json]    # prints a table
    from bench.bench_journal import run       # rows for bench/run.py
"""

from __future__ import annotations

import datetime
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bench.bench_docx import bare_docx  # noqa: E402
from core.render.docx_writer import COMPRESSLEVEL  # noqa: E402

OHS = [sys.executable, "-m", "core"]
DEPARTMENT = "Учебно-тренировочный отдел"
PEOPLE = 2_500          # briefed at each date; the instructor is one more
BRIEFING_DATES = ("2024-03-04", "2024-09-02", "2025-03-03", "2025-09-01")
ROWS = PEOPLE * len(BRIEFING_DATES)
TODAY = datetime.date(2026, 11, 23)
REPEATS = 5
BUDGET_SECONDS = 1.0
BUDGET_RATIO = 5.0
BUDGET_MEMORY_MB = 300.0
BUDGET_GROWTH = 1.5  # as in bench_docx: no step may grow faster than linearly
INSTRUCTOR = "Наставникова Анна Петровна"


def _ohs(workspace: Path, *args: str) -> None:
    subprocess.run([*OHS, "-w", str(workspace), *args], check=True, capture_output=True)


def make_workspace(folder: Path) -> Path:
    """The benchmark organization: one department of 2,501 people with 10,000 workplace briefings."""
    from core.registry.people_io import PersonRow, write_people_file

    workspace = folder / "ws"
    subprocess.run([*OHS, "init", str(workspace), "--name", "ООО «Журнал & Ко»"], check=True, capture_output=True)
    surnames = ("Иванов", "Смирнов", "Кузнецов", "Ёлкин", "Соколов", "Михайлов", "Орлов", "Попов")
    rows = [PersonRow(line=2, surname="Наставникова", name="Анна", patronymic="Петровна", gender="f",
                      birth_date=datetime.date(1975, 5, 5), position="Старший тренер-преподаватель",
                      department=DEPARTMENT, hired_on=datetime.date(2015, 1, 12), dismissed_on=None, snils=None,
                      email=None, osh_role="none")]
    rows += [
        PersonRow(line=i + 3, surname=f"{surnames[i % len(surnames)]}-{i}", name="Пётр",
                  patronymic="Сергеевич" if i % 5 else None, gender="m",
                  birth_date=datetime.date(1960, 1, 1) + datetime.timedelta(days=i * 7 % 15000),
                  position="Тренер-преподаватель «по гимнастике» & акробатике" if i % 7 == 0
                  else "Тренер-преподаватель",
                  department=DEPARTMENT, hired_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 700),
                  dismissed_on=None, snils=None, email=None, osh_role="none")
        for i in range(PEOPLE)
    ]
    staff = folder / "staff.csv"
    write_people_file(staff, rows)
    _ohs(workspace, "people", "import", str(staff), "--today", TODAY.isoformat())
    _ohs(workspace, "appoint", "briefing_instructor", INSTRUCTOR, "--department", DEPARTMENT,
         "--order-number", "1-ОТ", "--order-date", "2022-01-10", "--today", TODAY.isoformat())
    for day in BRIEFING_DATES:
        _ohs(workspace, "briefing", "add", "--department", DEPARTMENT, "--kind", "repeat", "--date", day,
             "--by", INSTRUCTOR, "--act", "Инструкция по охране труда для тренера-преподавателя № 12",
             "--today", TODAY.isoformat())
    return workspace


class Journal:
    """The measured path, step by step, on an open workspace."""

    def __init__(self, workspace: Path, until: str | None = None) -> None:
        from core.app import App
        from core.documents.templates import document_environment
        from core.plugins import get_plugin_manager
        from plugins.suot.journals.documents import kinds

        self.app = App(get_plugin_manager(), workspace=str(workspace))
        # The kind itself rather than the registry of all kinds: the bench measures this journal only.
        self.kind = next(k for k in kinds() if k.key == "journal_workplace")
        self.env = document_environment(self.app.pm, self.app.workspace)
        self.out = workspace / "bench-journal.docx"
        self.options = {"department": DEPARTMENT, "until": until}

    def context(self) -> dict:
        """The template's context, as make_document builds it (the database query included)."""
        from core.documents.context import common_context
        from core.documents.kinds import BuildRequest

        with self.app.session(write=False) as session:
            org = self.app.org(session)
            request = BuildRequest(session=session, org=org, today=TODAY, workspace=self.app.workspace,
                                   pm=self.app.pm, version=1, options=self.options)
            context = common_context(session, org, self.kind, 1, TODAY, None)
            context.update(self.kind.build(request))
        return context

    def markup(self, context: dict) -> str:
        from core.render.environment import render_markup

        return render_markup(self.env, self.kind.template, context)

    def docx(self, markup: str) -> Path:
        from core.render.docx_writer import write_docx

        return write_docx(markup, self.out, source=self.kind.template)

    def whole(self) -> Path:
        """Database → context → markup → DOCX: the journal figure."""
        return self.docx(self.markup(self.context()))

    def make_document(self) -> None:
        """The registry's make_document (the journal plus text copy, sha256, registry row), rolled back."""
        from core.documents.registry import make_document

        out = self.app.workspace.root / "bench-out"
        out.mkdir(exist_ok=True)
        try:
            with self.app.session() as session:
                org = self.app.org(session)
                make_document(session, org, self.app.pm, self.app.workspace, self.kind, TODAY, out_dir=out,
                              options=self.options)
                raise _Rollback
        except _Rollback:
            pass
        for path in out.glob("*.docx"):  # make_document keeps its file only when the row is committed
            path.unlink()


class _Rollback(Exception):
    """Leave the registry as it was after a timed make_document."""


def table_rows(context: dict) -> list[list[str]]:
    """The journal's table as plain strings, for the bare writer (same cells, same count)."""
    from core.journal.briefing_models import BRIEFING_KINDS

    rows = []
    for (n, on, person, position, birth_date, kind, reason, instructor, instructor_position, act, _signature,
         *_ids) in context["journals"][0]["entries"]:
        rows.append([str(n), f"{on:%d.%m.%Y}", person, position, f"{birth_date:%d.%m.%Y}" if birth_date else "",
                     BRIEFING_KINDS[kind], reason, f"{instructor}, {instructor_position}", act, "", ""])
    return rows


def _paired(first, second, repeats: int = REPEATS) -> tuple[float, float, float, float]:
    """Medians of two actions timed alternately, so a busy machine slows both alike.

    Returns wall time of each, then CPU time of each (the process's own: less sensitive to other
    work on the machine).
    """
    wall: tuple[list[float], list[float]] = ([], [])
    cpu: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for index, action in enumerate((first, second)):
            start, start_cpu = time.perf_counter(), time.process_time()
            action()
            wall[index].append(time.perf_counter() - start)
            cpu[index].append(time.process_time() - start_cpu)
    return (statistics.median(wall[0]), statistics.median(wall[1]),
            statistics.median(cpu[0]), statistics.median(cpu[1]))


def _median(action, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _peak_memory_mb(workspace: Path) -> float:
    """Peak resident memory of a fresh interpreter making the journal once (ru_maxrss, Linux: KiB)."""
    code = (
        "import resource, sys; from pathlib import Path; sys.path.insert(0, %r)\n"
        "from bench.bench_journal import Journal\n"
        "Journal(Path(%r)).whole()\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    ) % (str(ROOT), str(workspace))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(result.stdout.strip().splitlines()[-1]) / 1024


def run() -> list[dict]:
    """Measure and return rows ``{name, value, unit, budget, ok}``; ``ok`` is None for figures without a budget."""
    with tempfile.TemporaryDirectory() as tmp:
        workspace = make_workspace(Path(tmp))
        journal = Journal(workspace)
        context = journal.context()
        entries = len(context["journals"][0]["entries"])
        if entries != ROWS:
            raise RuntimeError(f"the bench journal has {entries} rows, expected {ROWS}")
        journal.whole()  # warm: imports, template compilation, the database's page cache
        rows = table_rows(context)
        bare_path = Path(tmp) / "bare.docx"
        full, bare, full_cpu, bare_cpu = _paired(journal.whole, lambda: bare_docx(rows, bare_path, COMPRESSLEVEL))
        build = _median(journal.context)
        markup = journal.markup(context)
        render = _median(lambda: journal.markup(context))
        write = _median(lambda: journal.docx(markup))
        registry = _median(journal.make_document, 3)
        small = Journal(workspace, until=BRIEFING_DATES[0])
        small.whole()
        small_rows = len(small.context()["journals"][0]["entries"])
        small_time, full_again, _small_cpu, _full_cpu = _paired(small.whole, journal.whole)
        started = time.perf_counter()
        _ohs(workspace, "suot", "journal", "workplace", "--department", DEPARTMENT, "--out", str(Path(tmp) / "cmd"),
             "--today", TODAY.isoformat())
        command = time.perf_counter() - started
        memory = _peak_memory_mb(workspace)
    ratio = full / bare
    growth = (full_again / ROWS) / (small_time / small_rows)
    return [
        _row(f"journal: {ROWS:,}-row workplace journal, database → context → DOCX", full, "s", BUDGET_SECONDS),
        _row("journal: of which context (query, names, corrections)", build, "s", None),
        _row("journal: of which template → markup", render, "s", None),
        _row("journal: of which markup → DOCX", write, "s", None),
        _row(f"journal: bare zipfile+XML writer, same 11-column table (deflate {COMPRESSLEVEL})", bare, "s", None),
        _row("journal: journal ÷ bare writer", ratio, "×", BUDGET_RATIO),
        _row("journal: journal ÷ bare writer, CPU time", full_cpu / bare_cpu, "×", None),
        _row(f"journal: peak memory, {ROWS:,} rows (fresh process, maxrss)", memory, "MB", BUDGET_MEMORY_MB),
        _row(f"journal: {small_rows:,} rows (first briefing date only)", small_time, "s", None),
        _row(f"journal: time per row at {ROWS:,} ÷ at {small_rows:,} rows", growth, "×", BUDGET_GROWTH),
        _row("journal: make_document (+ registry text, sha256, row)", registry, "s", None),
        _row("journal: whole command ohs suot journal workplace (one run, incl. start-up)", command, "s", None),
    ]


def _row(name: str, value: float, unit: str, budget: float | None) -> dict:
    return {"name": name, "value": round(value, 3), "unit": unit, "budget": budget,
            "ok": None if budget is None else value <= budget}


def main() -> None:
    """Print the figures as a table (``--json`` for machine-readable output)."""
    results = run()
    if "--json" in sys.argv:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    width = max(len(r["name"]) for r in results)
    for r in results:
        budget = f"≤ {r['budget']} {r['unit']}" if r["budget"] is not None else ""
        verdict = {True: "ok", False: "OVER", None: ""}[r["ok"]]
        print(f"{r['name']:<{width}}  {r['value']:>9.3f} {r['unit']:<2}  {budget:<10} {verdict}")


if __name__ == "__main__":
    main()
