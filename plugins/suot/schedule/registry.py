"""Export of trainings in the structure of the register of trained persons (реестр обученных по охране труда лиц).

REGULATION.md §2.7: employers who train in-house report trained persons to Mintrud's register
(пп. 118–119 of 2464 per a secondary source [S]); the register entry number goes into the protocol.
The columns follow the register's data about the worker, the employer, the program and the check
(the field list is working knowledge [K]: verify against the register's current loading template).
XLSX (openpyxl), not a DocumentKind: the register takes a table, not a document.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

HEADERS = ("№ п/п", "Фамилия", "Имя", "Отчество", "СНИЛС", "Профессия (должность)", "ИНН работодателя",
           "Наименование работодателя", "Программа обучения", "Дата проверки знания",
           "Результат проверки знания", "Номер протокола", "Обучающая организация")


def registry_rows(session: Session, org: Organization, year: int) -> list[tuple]:
    """Effective checks (corrections applied) dated in ``year``, in date order."""
    from sqlmodel import select

    from core.storage.models import Person
    from plugins.suot.schedule.training import PROGRAMS, RESULTS, effective_trainings

    found = [r for r in effective_trainings(session, org) if r[4].year == year]
    people = {p.id: p for p in session.exec(select(Person).where(Person.org_id == org.id))}
    providers = _providers(session, [r[0] for r in found])
    rows = []
    for i, (entry_id, _seq, person_id, program, on, result, protocol) in enumerate(
            sorted(found, key=lambda r: (r[4], r[1])), start=1):
        p = people[person_id]
        rows.append((i, p.surname, p.name, p.patronymic or "", p.snils or "", p.position, org.inn or "", org.name,
                     PROGRAMS[program], on, RESULTS[result], protocol, providers.get(entry_id) or ""))
    return rows


def _providers(session: Session, ids: list[int]) -> dict[int, str | None]:
    from sqlmodel import select

    from plugins.suot.schedule.models import SuotTraining as T

    found: dict[int, str | None] = {}
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        chunk = ids[start:start + 900]
        found.update(session.exec(select(T.id, T.provider).where(T.id.in_(chunk))).all())
    return found


def write_registry(session: Session, org: Organization, year: int, out: Path) -> int:
    """Write the year's checks to ``out`` (XLSX); returns the number of rows. No checks: an error, no file."""
    from core.io.xlsx import SheetSpec, write_table

    if out.suffix.lower() != ".xlsx":
        raise OhsError(f"Файл «{out.name}» — не .xlsx; укажите --out реестр-{year}.xlsx.")
    rows = registry_rows(session, org, year)
    if not rows:
        raise OhsError(f"Проверок знания за {year} год нет; записать: ohs training add РАБОТНИК --program A "
                       "--on ДАТА --protocol НОМЕР --result passed.")
    spec = SheetSpec(f"Обученные {year}", HEADERS, widths=(6, 18, 14, 18, 15, 30, 14, 40, 60, 14, 20, 14, 30),
                     wrap_headers=True)
    from core.io.atomic import write_atomic

    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, lambda tmp: write_table(tmp, spec, rows))  # the previous registry survives a crash or a full disk
    return len(rows)
