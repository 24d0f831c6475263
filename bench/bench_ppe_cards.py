"""Benchmark: personal cards of issue of СИЗ (Приложение № 2 to the Правила 766н) for 10,000 people as one document.

Setup (not timed): a new workspace, 10,000 cleaners of one department imported from CSV, the cleaners'
norm (three lines), sizes of nobody (blank fields are the common case), and three issues recorded with
``ohs ppe issue --department`` (so every entry passes the plugin's checks and joins the hash chain):
30,000 journal entries.

Timed, in the same run, medians:

- the cards: building the context (queries, holdings), the template to markup, the markup to DOCX;
- the journal benchmark's bare writer (bench_docx.bare_docx: one document.xml string zipped) given the
  same cells — every card's front fields, norm lines and issue rows as table rows — the floor for any
  DOCX writer; and the ratio of the two, in wall and CPU time. The two are timed alternately, so a busy
  machine slows both alike.

    python bench/bench_ppe_cards.py [--json]

Measured 2026-12-06 on the shared 2-core machine with five other sessions running (nice'd, so the
absolute times are inflated; the ratio is the figure to compare): 10,000 cards 42.5 s (context 9.3 s,
template → markup 3.3 s, markup → DOCX 20.9 s); bare writer on the same 190,000 rows 2.8 s; ratio 15.3×
(CPU 14.6×). Why far above the journal's ≤ 5×: 10,000 cards are 20,000 sections and 30,000 small tables,
and the writer fits every table's columns to its words (core/render/column_fit.py) — half of the DOCX
time — where the journal is one long table.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bench.bench_docx import COLUMNS, bare_docx  # noqa: E402
from bench.bench_journal import _median, _paired, _row  # noqa: E402
from core.render.docx_writer import COMPRESSLEVEL  # noqa: E402

OHS = [sys.executable, "-m", "core"]
DEPARTMENT = "Хозяйственный отдел"
POSITION = "Уборщик служебных помещений"
PEOPLE = 10_000
TODAY = datetime.date(2026, 11, 23)
NORM = (("Халат для защиты от общих производственных загрязнений", "1", "12", "2025-02-03"),
        ("Перчатки резиновые или из полимерных материалов", "12", "6", "2025-02-03"),
        ("Перчатки резиновые или из полимерных материалов", "12", "6", "2025-08-04"))


def _ohs(workspace: Path, *args: str) -> None:
    subprocess.run([*OHS, "-w", str(workspace), *args], check=True, capture_output=True)


def make_workspace(folder: Path) -> Path:
    """10,000 cleaners with a norm and 30,000 issue entries."""
    from core.registry.people_io import PersonRow, write_people_file

    workspace = folder / "ws"
    subprocess.run([*OHS, "init", str(workspace), "--name", "ООО «Чистота & Ко»"], check=True, capture_output=True)
    surnames = ("Иванова", "Смирнова", "Кузнецова", "Ёлкина", "Соколова", "Михайлова", "Орлова", "Попова")
    rows = [PersonRow(line=i + 2, surname=f"{surnames[i % len(surnames)]}-{i}", name="Анна",
                      patronymic="Сергеевна" if i % 5 else None, gender="f",
                      birth_date=datetime.date(1960, 1, 1) + datetime.timedelta(days=i * 7 % 15000),
                      position=POSITION, department=DEPARTMENT,
                      hired_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 700), dismissed_on=None,
                      snils=None, email=None, osh_role="none") for i in range(PEOPLE)]
    staff = folder / "staff.csv"
    write_people_file(staff, rows)
    _ohs(workspace, "people", "import", str(staff), "--today", TODAY.isoformat())
    for name, qty, period, _on in NORM[:2]:
        _ohs(workspace, "ppe", "norm", "add", POSITION, "--item", name, "--qty", qty, "--period", period,
             "--basis", "etn:Прил. 1", "--from", "2025-01-09")
    for name, qty, _period, on in NORM:
        _ohs(workspace, "ppe", "issue", "--department", DEPARTMENT, "--item", name, "--qty", qty, "--on", on,
             "--certificate", "сертификат соответствия № 0457812", "--today", TODAY.isoformat())
    return workspace


class Cards:
    """The measured path on an open workspace: context → markup → DOCX."""

    def __init__(self, workspace: Path) -> None:
        from core.app import App
        from core.documents.templates import document_environment
        from core.plugins import get_plugin_manager
        from plugins.ppe.documents import kinds

        self.app = App(get_plugin_manager(), workspace=str(workspace))
        self.kind = next(k for k in kinds() if k.key == "ppe_card")
        self.env = document_environment(self.app.pm, self.app.workspace)
        self.out = workspace / "bench-cards.docx"
        with self.app.session(write=False) as session:
            from sqlmodel import select

            from core.storage.models import Person

            self.ids = list(session.exec(select(Person.id).order_by(Person.id)))

    def context(self) -> dict:
        """The template's context as make_document builds it (the queries included)."""
        from core.documents.context import common_context
        from core.documents.kinds import BuildRequest

        with self.app.session(write=False) as session:
            org = self.app.org(session)
            request = BuildRequest(session=session, org=org, today=TODAY, workspace=self.app.workspace,
                                   pm=self.app.pm, version=1, options={"person_ids": self.ids})
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
        """Database → context → markup → DOCX."""
        return self.docx(self.markup(self.context()))


def table_rows(context: dict) -> list[list[str]]:
    """Every card's cells as plain table rows (front fields, norm lines, issue rows), for the bare writer."""
    def pad(cells: list[str]) -> list[str]:
        return (cells + [""] * COLUMNS)[:COLUMNS]

    def day(value) -> str:
        return f"{value:%d.%m.%Y}" if value else ""

    rows = []
    for card in context["cards"]:
        for key in ("surname", "name", "patronymic", "personnel_number", "department", "position", "gender",
                    "height", "clothing", "shoes", "headwear", "respirator", "gloves"):
            rows.append(pad([key, str(card[key])]))
        rows.append(pad(["hired_on", day(card["hired_on"])]))
        rows += [pad([n["name"], n["basis"], n["unit_period"], n["quantity"]]) for n in card["norm"]]
        rows += [pad([r["name"], r["model"], day(r["issued_on"]), r["issued_qty"], "", day(r["returned_on"]),
                      r["returned_qty"], r["wear"], ""]) for r in card["rows"]]
    return rows


def run() -> list[dict]:
    """Measure and return rows ``{name, value, unit, budget, ok}``."""
    with tempfile.TemporaryDirectory() as tmp:
        workspace = make_workspace(Path(tmp))
        cards = Cards(workspace)
        context = cards.context()
        if len(context["cards"]) != PEOPLE:
            raise RuntimeError(f"the bench made {len(context['cards'])} cards, expected {PEOPLE}")
        cards.whole()  # warm: imports, template compilation, the database's page cache
        rows = table_rows(context)
        bare_path = Path(tmp) / "bare.docx"
        full, bare, full_cpu, bare_cpu = _paired(cards.whole, lambda: bare_docx(rows, bare_path, COMPRESSLEVEL), 3)
        build = _median(cards.context, 3)
        markup = cards.markup(context)
        render = _median(lambda: cards.markup(context), 3)
        write = _median(lambda: cards.docx(markup), 3)
    return [
        _row(f"ppe cards: {PEOPLE:,} personal cards as one document, database → context → DOCX", full, "s", None),
        _row("ppe cards: of which context (queries, holdings)", build, "s", None),
        _row("ppe cards: of which template → markup", render, "s", None),
        _row("ppe cards: of which markup → DOCX", write, "s", None),
        _row(f"ppe cards: bare zipfile+XML writer, the same cells as {len(rows):,} table rows", bare, "s", None),
        _row("ppe cards: cards ÷ bare writer", full / bare, "×", None),
        _row("ppe cards: cards ÷ bare writer, CPU time", full_cpu / bare_cpu, "×", None),
    ]


def main() -> None:
    """Print the figures as a table (``--json`` for machine-readable output)."""
    results = run()
    if "--json" in sys.argv:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    width = max(len(r["name"]) for r in results)
    for r in results:
        print(f"{r['name']:<{width}}  {r['value']:>9.3f} {r['unit']}")


if __name__ == "__main__":
    main()
