"""Time to write and read 10,000 people as XLSX and CSV (core/registry/people_io.py), and a whole 1С-layout import.

The whole import, database included, must take at most 5 s for 10,000 people. The first part measures
the file part of it; the second imports a 10,000-row XLSX laid out as 1С:ЗУП exports it (title rows,
«№», «Сотрудник», «Табельный номер», «Вид занятости», «Ставка», «Оклад», a total row) into a new workspace
with ``ohs people import`` and gives its ratio to reading the same file with openpyxl alone, in the same run.
Run: ``python bench/bench_people_io.py [rows]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from core.registry.people_io import PersonRow, read_people_file, write_people_file

IMPORT_BUDGET_S = 5.0
SURNAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Ёлкин", "Соколов", "Михайлов")
NAMES = ("Иван", "Пётр", "Алексей", "Сергей", "Дмитрий", "Андрей")
POSITIONS = ("Слесарь-ремонтник 5 разряда", "Инженер по охране труда", "Электромонтер", "Водитель погрузчика")


def snils(number: int) -> str:
    """A valid СНИЛС for a 9-digit number."""
    digits = f"{number:09d}"
    total = sum(int(d) * w for d, w in zip(digits, range(9, 0, -1)))
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]} {total % 101 % 100:02d}"


def people(count: int) -> list[PersonRow]:
    """``count`` distinct, valid people with every column filled in."""
    return [
        PersonRow(
            line=i + 2,
            surname=SURNAMES[i % len(SURNAMES)],
            name=NAMES[i % len(NAMES)],
            patronymic="Петрович" if i % 3 else None,
            birth_date=date(1950, 1, 1) + timedelta(days=i * 3 % 12000),  # born by 1983, hired from 2000
            position=POSITIONS[i % len(POSITIONS)],
            department=f"Цех № {i % 40 + 1}",
            hired_on=date(2000, 1, 1) + timedelta(days=i % 9000),
            dismissed_on=date(2026, 1, 1) if i % 10 == 0 else None,
            snils=snils(100_000_000 + i * 7919),
            email=f"worker{i}@example.ru",
            osh_role="specialist" if i % 500 == 0 else "none",
            gender="m" if i % 2 else "f",
        )
        for i in range(count)
    ]


def raw_xlsx(path: Path) -> int:
    """Rows as openpyxl gives them, without any checks: the floor for reading XLSX."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


ZUP_HEADER = ("№", "Сотрудник", "Табельный номер", "Подразделение", "Должность", "Дата приема", "Вид занятости",
              "Ставка", "Оклад", "Пол", "Дата рождения", "СНИЛС")
KINDS = ("Основное место работы", "Основное место работы", "Основное место работы", "Внешнее совместительство")


def write_zup_layout(path: Path, count: int) -> None:
    """``count`` people in the layout of a 1С:ЗУП «Список сотрудников» saved to XLSX (dates as date cells)."""
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Список сотрудников"])
    sheet.append(["Организация: МБУ СШОР «Спортивная гимнастика»"])
    sheet.append([None])
    sheet.append(list(ZUP_HEADER))
    for i, row in enumerate(people(count)):
        full = " ".join(filter(None, (row.surname, row.name, row.patronymic)))
        sheet.append([i + 1, full, f"0000-{i + 1:05d}", ("Отделение лёгкой атлетики", "Отделение легкой атлетики",
                      row.department)[i % 3], row.position, datetime.combine(row.hired_on, datetime.min.time()),
                      KINDS[i % len(KINDS)], (1, 0.5, 0.25, 1)[i % 4], 30000 + i, "Мужской" if i % 2 else "Женский",
                      datetime.combine(row.birth_date, datetime.min.time()), row.snils])
    sheet.append(["Итого", None, None, None, None, None, None, None, sum(30000 + i for i in range(count))])
    book.save(path)


def bench_zup_import(folder: Path, count: int) -> tuple[float, float, float, float]:
    """``ohs people import`` of a 1С-layout XLSX into a new workspace and openpyxl reading the same file.

    (import wall, import CPU, openpyxl wall, openpyxl CPU), seconds: on a shared machine the wall time mostly
    measures the neighbours, so CPU time is given beside it.
    """
    import resource
    import subprocess

    path = folder / "zup.xlsx"
    write_zup_layout(path, count)
    ohs = [sys.executable, "-m", "core"]
    subprocess.run([*ohs, "init", str(folder / "ws")], check=True, capture_output=True)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([*ohs, "-w", str(folder / "ws"), "people", "import", str(path), "--today", "2026-11-23"],
                          capture_output=True, text=True)
    import_s = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    import_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"import failed: {done.stderr[:2000]}")
    cpu = time.process_time()
    raw_s = timed(lambda: raw_xlsx(path))[0]
    return import_s, import_cpu, raw_s, time.process_time() - cpu


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main(count: int = 10_000) -> int:
    """Print write/read times per format; exit 1 if reading XLSX alone eats the import budget."""
    rows = people(count)
    status = 0
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".xlsx", ".csv"):
            path = Path(folder) / f"people{suffix}"
            write_s, _ = timed(lambda path=path: write_people_file(path, rows))
            read_s, (read, errors) = timed(lambda path=path: read_people_file(path, today=date(2025, 6, 1)))
            assert read == rows and not errors, "round trip failed"
            print(f"{suffix[1:].upper():4} {count} rows: write {write_s:5.2f} s, read {read_s:5.2f} s, "
                  f"{path.stat().st_size / 1024:,.0f} KiB")
            if suffix == ".xlsx":
                print(f"     of the read: openpyxl alone {timed(lambda path=path: raw_xlsx(path))[0]:5.2f} s, "
                      "the rest is validation")
            if suffix == ".xlsx" and read_s > IMPORT_BUDGET_S / 2:
                print(f"  reading XLSX takes more than half of the {IMPORT_BUDGET_S:.0f} s import budget")
                status = 1
        import_s, import_cpu, raw_s, raw_cpu = bench_zup_import(Path(folder), count)
        ok = import_s <= IMPORT_BUDGET_S
        print(f"1С:ЗУП layout XLSX, {count} rows: ohs people import {import_s:5.2f} s, CPU {import_cpu:5.2f} s "
              f"(budget {IMPORT_BUDGET_S:.0f} s, {'ok' if ok else 'OVER'}); openpyxl alone {raw_s:5.2f} s, "
              f"CPU {raw_cpu:5.2f} s; ratio {import_s / raw_s:.2f}×, CPU {import_cpu / raw_cpu:.2f}×")
        status = status or (0 if ok else 1)
    return status


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
