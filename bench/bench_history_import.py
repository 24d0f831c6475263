"""``ohs history import`` of a 50,000-row history file (budget ≤ 10 s), against reading the same file with openpyxl.

The organization holds 50,000 workers (inserted directly: the people import has its own figure); each row of
the file carries a worker's last repeat briefing, program Б check with its protocol and periodic medical exam,
so the import writes 150,000 hash-chained journal entries. Run: ``python bench/bench_history_import.py [rows]``.
"""

from __future__ import annotations

import datetime
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 10.0
OHS = [sys.executable, "-m", "core"]
SURNAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Ёлкин", "Соколов", "Михайлов")
NAMES = ("Иван", "Пётр", "Алексей", "Сергей", "Дмитрий", "Андрей")


def snils(number: int) -> str:
    """A valid СНИЛС for a 9-digit number."""
    digits = f"{number:09d}"
    total = sum(int(d) * w for d, w in zip(digits, range(9, 0, -1)))
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]} {total % 101 % 100:02d}"


def _people(count: int) -> list[dict]:
    return [{"surname": SURNAMES[i % len(SURNAMES)], "name": NAMES[i % len(NAMES)], "patronymic": f"Отчество{i}",
             "position": "Слесарь-ремонтник", "hired_on": datetime.date(2010, 1, 1) + datetime.timedelta(days=i % 3000),
             "snils": snils(100_000_000 + i * 7919)} for i in range(count)]


def _register(folder: Path, people: list[dict]) -> None:
    """The workers, inserted in one statement (setup, not measured)."""
    from sqlalchemy import insert

    from core.app import App
    from core.storage.models import Department, Person
    from core.plugins import get_plugin_manager

    app = App(get_plugin_manager(), workspace=str(folder))
    with app.session() as session:
        org = app.org(session)
        dept = Department(org_id=org.id, name="Цех № 1")
        session.add(dept)
        session.flush()
        session.execute(insert(Person), [{**p, "org_id": org.id, "department_id": dept.id} for p in people])


def _history(path: Path, people: list[dict]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("История")
    sheet.append(["ФИО", "СНИЛС", "Повторный инструктаж", "Программа Б: дата", "Программа Б: протокол", "Медосмотр",
                  "Источник"])
    for i, p in enumerate(people):
        hired = p["hired_on"]
        sheet.append([f"{p['surname']} {p['name']} {p['patronymic']}", p["snils"],
                      datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
                      max(hired, datetime.date(2024, 3, 15)), f"{i % 97 + 1}/2024",
                      datetime.date(2026, 2, 1) + datetime.timedelta(days=i % 200), "журнал цеха № 1"])
    book.save(path)


def raw_xlsx(path: Path) -> int:
    """Rows as openpyxl gives them, without any checks: the floor for reading XLSX."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def toolkit_xlsx(path: Path) -> int:
    """Rows as the imports get them: archive and sheet checks, then python-calamine (core.io.tabular)."""
    from core.io.tabular import xlsx_records

    return sum(1 for _ in xlsx_records(path))


def run(rows: int = 50_000) -> list[dict]:
    """The import's wall time (a subprocess, as a user runs it) and its ratio to openpyxl reading the file."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, path = Path(tmp) / "ws", Path(tmp) / "history.xlsx"
        subprocess.run([*OHS, "init", str(folder)], check=True, capture_output=True)
        people = _people(rows)
        _register(folder, people)
        _history(path, people)
        started, cpu = time.perf_counter(), time.process_time()
        raw_xlsx(path)
        floor, floor_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        toolkit_xlsx(path)
        read, read_cpu = time.perf_counter() - started, time.process_time() - cpu
        # CPU time too: on a shared machine the wall time mostly measures the neighbours.
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([*OHS, "-w", str(folder), "history", "import", str(path), "--today", "2026-11-23",
                               "--json"], capture_output=True, text=True)
        took = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        took_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
    return [
        {"name": f"openpyxl reads the {rows}-row history file (read-only, values only; CPU {floor_cpu:.2f} s)",
         "value": floor, "unit": "s", "budget": "reported", "ok": None},
        {"name": f"core.io.tabular.xlsx_records reads it (checks + python-calamine; CPU {read_cpu:.2f} s)",
         "value": read, "unit": "s",
         "budget": f"reported (is {read / floor:.2f}× openpyxl alone; CPU {read_cpu / floor_cpu:.2f}×)", "ok": None},
        {"name": f"ohs history import ({rows} rows, {3 * rows} journal entries, XLSX; CPU {took_cpu:.2f} s)",
         "value": took, "unit": "s",
         "budget": f"≤ {BUDGET_S:g} s (is {took / floor:.1f}× openpyxl alone; CPU {took_cpu / floor_cpu:.1f}×)",
         "ok": took <= BUDGET_S},
    ]


if __name__ == "__main__":
    for row in run(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000):
        print(f"{row['name']}: {row['value']:.3f} {row['unit']} ({row['budget']})")
