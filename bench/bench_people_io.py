"""Time to write and read 10,000 people as XLSX and CSV (core/people_io.py).

The whole import, database included, must take at most 5 s for 10,000 people; this
measures the file part of it. Run: ``python bench/bench_people_io.py [rows]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from core.people_io import PersonRow, read_people_file, write_people_file

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
    return status


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
