"""Benchmark: a 10,000-row × 10-column journal through template → markup → DOCX.

Measured in the same run against a bare writer (one document.xml string with the same table,
written into a zip: the floor for any DOCX writer), with peak memory of the full path in a fresh
subprocess and the time at 2,500/5,000/10,000/20,000 rows to show the growth is linear.

    python bench/bench_docx.py          # prints a table
    from bench.bench_docx import run    # rows for bench/run.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a script from anywhere
    sys.path.insert(0, str(ROOT))

from core.render.docx_writer import COMPRESSLEVEL  # noqa: E402
from core.render.environment import make_environment, render_docx  # noqa: E402

ROWS = 10_000
COLUMNS = 10
REPEATS = 5
SCALING = (2_500, 5_000, 10_000, 20_000)
BUDGET_SECONDS = 1.0
BUDGET_RATIO = 5.0
BUDGET_MEMORY_MB = 300.0
BUDGET_GROWTH = 1.5  # seconds per row at 20,000 rows over seconds per row at 2,500 rows

# The bench document: a landscape journal built with the shared table macro, as plugins do.
TEMPLATE = """{% from "base/tables.xml.j2" import simple_table %}
<document>
<section orientation="landscape">
<title>Журнал регистрации инструктажа на рабочем месте</title>
{{ simple_table(headers, rows, widths="4,9,20,7,14,9,12,12,6,7") }}
</section>
</document>
"""

HEADERS = [
    "№ п/п", "Дата", "Фамилия, имя, отчество", "Год рождения", "Профессия, должность",
    "Вид инструктажа", "Инструктирующий", "Инструкция", "Подпись", "Стажировка",
]


def journal_rows(count: int) -> list[list[str]]:
    """Deterministic journal rows with the characters real data has (quotes, «ёлочки», &)."""
    kinds = ("вводный", "первичный", "повторный", "внеплановый", "целевой")
    return [
        [
            str(n + 1),
            f"{n % 28 + 1:02d}.{n % 12 + 1:02d}.2025",
            f"Иванов-{n} Пётр Сергеевич",
            str(1960 + n % 45),
            "учитель «физики» & информатики" if n % 7 == 0 else "учитель",
            kinds[n % 5],
            "М.А. Ульянова",
            f"ИОТ № {n % 40 + 1}",
            "",
            "2 смены" if n % 3 == 0 else "не требуется",
        ]
        for n in range(count)
    ]


def bare_docx(rows: list[list[str]], path: Path, compresslevel: int | None) -> None:
    """The floor: a minimal valid DOCX with one table, built as one string and zipped."""
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(value)}</w:t></w:r></w:p></w:tc>" for value in row) + "</w:tr>"
        for row in rows
    )
    grid = "".join('<w:gridCol w:w="1500"/>' for _ in range(COLUMNS))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{cells}</w:tbl>"
        "<w:p/><w:sectPr/></w:body></w:document>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)


def _median(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _full_path(folder: Path):
    (folder / "bench").mkdir(exist_ok=True)
    (folder / "bench" / "journal.xml.j2").write_text(TEMPLATE, encoding="utf-8")
    env = make_environment({"bench": folder / "bench"})
    out = folder / "journal.docx"

    def make(rows: list[list[str]]) -> Path:
        return render_docx(env, "bench/journal.xml.j2", {"headers": HEADERS, "rows": rows}, out)

    return make


def _peak_memory_mb(rows: int) -> float:
    """Peak resident memory of a fresh interpreter making the document once (ru_maxrss)."""
    code = (
        "import resource, sys, tempfile; from pathlib import Path; sys.path.insert(0, %r)\n"
        "from bench.bench_docx import _full_path, journal_rows\n"
        "with tempfile.TemporaryDirectory() as d:\n"
        "    _full_path(Path(d))(journal_rows(%d))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    ) % (str(ROOT), rows)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(result.stdout.strip().splitlines()[-1]) / 1024  # Linux reports kilobytes


def run() -> list[dict]:
    """Measure and return rows ``{name, value, unit, budget, ok}``; ``ok`` is None for figures without a budget."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make = _full_path(folder)
        rows = journal_rows(ROWS)
        make(rows)  # warm: imports, template compilation
        full = _median(lambda: make(rows), REPEATS)
        bare_path = folder / "bare.docx"
        bare = _median(lambda: bare_docx(rows, bare_path, COMPRESSLEVEL), REPEATS)
        bare_default = _median(lambda: bare_docx(rows, bare_path, None), REPEATS)
        scaling = {}
        for count in SCALING:
            sample = journal_rows(count)
            scaling[count] = _median(lambda sample=sample: make(sample), 3)
    memory = _peak_memory_mb(ROWS)
    ratio = full / bare
    growth = (scaling[SCALING[-1]] / SCALING[-1]) / (scaling[SCALING[0]] / SCALING[0])
    out = [
        _row(f"docx: {ROWS:,} × {COLUMNS} journal, template → DOCX", full, "s", BUDGET_SECONDS),
        _row(f"docx: bare zipfile+XML writer, same table (deflate level {COMPRESSLEVEL})", bare, "s", None),
        _row("docx: bare writer at zipfile's default deflate level (for reference)", bare_default, "s", None),
        _row("docx: full path ÷ bare writer", ratio, "×", BUDGET_RATIO),
        _row(f"docx: peak memory, {ROWS:,} rows (fresh process, maxrss)", memory, "MB", BUDGET_MEMORY_MB),
    ]
    out += [_row(f"docx: {count:,} rows", seconds, "s", None) for count, seconds in scaling.items()]
    out.append(_row(f"docx: time per row at {SCALING[-1]:,} ÷ at {SCALING[0]:,} rows", growth, "×", BUDGET_GROWTH))
    return out


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
