"""Planning and writing a people import: who is new, who changed, who is missing from the file.

A row meets a stored person by СНИЛС, else by табельный номер, else by ФИО and birth date. Only what the
file gives changes a person; departments and positions are written in the register's existing spelling
(ё/е, case and spaces aside); people the file does not list are reported as candidates for dismissal and
never dismissed by the import.

A person's main position is the row kept for them (the main place of work); a new position or department
there is a transfer from the row's «Дата перевода» (else the import day), kept as employment history
(core/registry/employments.py). The other rows of the same person are part-time employments
(core/registry/people_import_jobs.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from core.registry.names import fold
from core.registry.people_import_jobs import JobChange, job_text
from core.registry.people_values import personnel_key

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from core.registry.people_io import PersonRow

#: Fields compared when a re-imported row meets a person already in the register.
SYNCED_FIELDS = (
    "surname", "name", "patronymic", "birth_date", "position", "hired_on",
    "dismissed_on", "snils", "email", "osh_role", "gender", "personnel_number", "employment_kind", "rate",
)


@dataclass
class Respelling:
    """A name written in the file differently from the register's spelling, and the lines it was on."""

    what: str  # «подразделение» | «должность»
    written: str
    used: str
    lines: list[int] = field(default_factory=list)


@dataclass
class ImportPlan:
    """What an import will do: new people, changed people, unchanged count, people the file lacks."""

    added: list[PersonRow] = field(default_factory=list)
    updated: list[tuple[int, PersonRow, dict[str, tuple[Any, Any]]]] = field(default_factory=list)
    unchanged: int = 0
    absent: list[Person] = field(default_factory=list)  # employed today, not in the file: never dismissed here
    respelled: list[Respelling] = field(default_factory=list)
    transfers: dict[int, datetime.date] = field(default_factory=dict)  # person id → from when the new position holds
    jobs: dict[int, list[JobChange]] = field(default_factory=dict)  # person id → part-time positions to add or move
    on: datetime.date | None = None  # the import day: the date of a transfer when the file gives none

    def summary(self) -> dict[str, int]:
        """Counts for messages and ``--json``."""
        return {"added": len(self.added), "updated": len(self.updated), "unchanged": self.unchanged,
                "absent": len(self.absent)}


def mask_snils(snils: str | None) -> str:
    """A СНИЛС with only its last five digits shown («***-***-445 95»): enough to tell two apart in a message."""
    return f"***-***-{snils[-6:]}" if snils else "—"


def _spell(rows: list[PersonRow], departments: list[str], positions: list[str]) -> tuple[list[PersonRow], list[Respelling]]:
    """Rows with departments and positions in their existing spelling (the register's, else the file's first)."""
    known = {"department": {fold(n): n for n in departments}, "position": {}}
    for name in positions:
        known["position"].setdefault(fold(name), name)
    what = {"department": "подразделение", "position": "должность"}
    notes: dict[tuple[str, str, str], Respelling] = {}

    def spelled(row: PersonRow) -> PersonRow:
        changes: dict[str, Any] = {}
        for name in ("department", "position"):
            written = getattr(row, name)
            if not written:
                continue
            used = known[name].setdefault(fold(written), written)
            if used != written:
                changes[name] = used
                notes.setdefault((name, written, used), Respelling(what[name], written, used)).lines.append(row.line)
        if row.other_jobs:
            changes["other_jobs"] = tuple(spelled(job) for job in row.other_jobs)
        return replace(row, **changes) if changes else row

    return [spelled(row) for row in rows], list(notes.values())


def plan_import(session: Session, org: Organization, rows: list[PersonRow], today: datetime.date) -> ImportPlan:
    """Match rows with the register (СНИЛС, табельный номер, then ФИО and birth date) without writing.

    A dismissed person stays dismissed unless the row hires them again after the dismissal. A row that
    matches by name but carries another СНИЛС, a табельный номер held by someone of another name, or two
    rows that meet the same person are errors (``OhsError`` listing every such row): all or nothing.
    """
    from sqlmodel import select

    from core.storage.models import Person
    from core.registry.people import department_names, departments
    from core.registry.people_import_jobs import plan_jobs

    existing = list(session.exec(select(Person).where(Person.org_id == org.id)))
    dept_names = department_names(session, org)
    rows, respelled = _spell(rows, [d.name for d in departments(session, org)],
                             sorted({p.position for p in existing}))
    by_snils = {p.snils: p for p in existing if p.snils}
    by_number: dict[str, list[Person]] = {}
    by_name: dict[tuple[str, str, str], list[Person]] = {}
    for p in existing:
        by_name.setdefault((fold(p.surname), fold(p.name), fold(p.patronymic)), []).append(p)
        if p.personnel_number:
            by_number.setdefault(personnel_key(p.personnel_number), []).append(p)
    plan = ImportPlan(respelled=respelled, on=today)
    conflicts: list[str] = []
    claimed: dict[int, int] = {}  # person id → the file line that matched them first
    for row in rows:
        person, problem = _match(row, by_snils, by_number, by_name)
        if problem:
            conflicts.append(problem)
            continue
        if person is None:
            plan.added.append(row)
            continue
        if (first := claimed.setdefault(person.id, row.line)) != row.line:
            conflicts.append(f"строки {first} и {row.line} относятся к одному работнику №{person.id}; "
                             "оставьте в файле одну из них")
            continue
        changes = _row_changes(person, row)
        if row.gives("department") and (row.department or None) != dept_names.get(person.department_id):
            changes["department"] = (dept_names.get(person.department_id), row.department)
        if changes.keys() & {"position", "department"}:
            plan.transfers[person.id] = row.transferred_on or today
        jobs = plan_jobs(session, person, row, dept_names)
        if jobs:
            plan.jobs[person.id] = jobs
            changes["part_time"] = (None, "; ".join(job_text(j.row) for j in jobs))
        if changes:
            plan.updated.append((person.id, row, changes))
        else:
            plan.unchanged += 1
    if conflicts:
        raise OhsError(f"Файл не импортирован: строк, которые нельзя сопоставить с работниками однозначно, "
                       f"{len(conflicts)}; исправьте их и повторите.", details=conflicts)
    plan.absent = sorted((p for p in existing if p.id not in claimed and p.is_active(today)),
                         key=lambda p: (p.surname, p.name, p.patronymic or "", p.id))
    return plan


def _match(row: PersonRow, by_snils: dict[str, Person], by_number: dict[str, list[Person]],
           by_name: dict[tuple[str, str, str], list[Person]]) -> tuple[Person | None, str | None]:
    """The stored person a row is about (None: a new one) or the reason it cannot be told."""
    person = by_snils.get(row.snils) if row.snils else None
    if person is not None:
        return person, None
    full = (fold(row.surname), fold(row.name), fold(row.patronymic))
    if row.personnel_number:
        holders = by_number.get(personnel_key(row.personnel_number), [])
        same = [p for p in holders if _same_person(p, row)]
        if len(same) == 1:
            return _snils_checked(row, same[0], "табельный номер")
        freed = all(p.dismissed_on is not None and p.dismissed_on < row.hired_on for p in holders)
        if holders and not same and not freed:  # a number freed by a dismissal may go to a new worker
            holder = holders[0]
            return None, (f"строка {row.line}: табельный номер {row.personnel_number} в реестре у работника "
                          f"№{holder.id} с другими ФИО или датой рождения; проверьте табельный номер в файле или "
                          f"карточку: ohs people show {holder.id}")
    namesakes = by_name.get(full, [])
    if row.birth_date:  # the same birth date, else a namesake whose birth date is not recorded yet
        namesakes = ([p for p in namesakes if p.birth_date == row.birth_date]
                     or [p for p in namesakes if p.birth_date is None])
    if len(namesakes) > 1:
        numbers = ", ".join(f"№{p.id}" for p in namesakes[:10])
        return None, (f"строка {row.line}: ФИО подходят нескольким работникам ({numbers}); укажите в файле "
                      "СНИЛС, табельный номер или дату рождения")
    return _snils_checked(row, namesakes[0], "ФИО и дата рождения") if namesakes else (None, None)


def _same_person(person: Person, row: PersonRow) -> bool:
    """A табельный номер's holder is the row's person when the name and patronymic agree (a surname changes on
    marriage) and the birth dates do not differ."""
    if row.birth_date and person.birth_date and row.birth_date != person.birth_date:
        return False
    return (fold(person.name), fold(person.patronymic)) == (fold(row.name), fold(row.patronymic))


def _snils_checked(row: PersonRow, person: Person, by: str) -> tuple[Person | None, str | None]:
    if row.snils and person.snils and person.snils != row.snils:
        return None, (f"строка {row.line}: {by} совпадают с работником №{person.id}, а СНИЛС другой "
                      f"(в файле {mask_snils(row.snils)}, в карточке {mask_snils(person.snils)}); исправьте СНИЛС в "
                      f"файле или проверьте карточку: ohs people show {person.id}")
    return person, None


def _row_changes(person: Person, row: PersonRow) -> dict[str, tuple[Any, Any]]:
    """Field → (stored, new) for what the row changes; employment dates follow the re-hiring rule."""
    new = {name: getattr(row, name) for name in SYNCED_FIELDS if row.gives(name)}
    dismissed = person.dismissed_on
    if dismissed is not None and not row.gives("dismissed_on"):
        # The file says nothing about the dismissal: a hire date after it is a new hiring, anything else
        # (the same or a corrected hire date) leaves the person dismissed.
        if row.hired_on > dismissed:
            new["dismissed_on"] = None
    if "personnel_number" in new and personnel_key(new["personnel_number"]) == personnel_key(person.personnel_number):
        del new["personnel_number"]  # «15» from a number cell is the stored «00015»: keep the HR program's form
    return {name: (getattr(person, name), value) for name, value in new.items() if getattr(person, name) != value}


def row_fields(row: PersonRow) -> dict[str, Any]:
    """The stored fields of a file row."""
    return {name: getattr(row, name) for name in SYNCED_FIELDS}


def apply_import(session: Session, org: Organization, plan: ImportPlan, source: str, sha256: str) -> None:
    """Write an import plan in the caller's transaction, with one audit entry for the file."""
    from sqlalchemy import func, select

    from core.audit import audit
    from core.registry.employments import backfill, sync_main
    from core.registry.people import get_department
    from core.registry.people_import_jobs import apply_jobs, new_people_jobs
    from core.storage.models import Person, utcnow

    dept_cache: dict[str, int | None] = {}

    def dept_id(name: str | None) -> int | None:
        if not name:
            return None
        if name not in dept_cache:
            dept = get_department(session, org, name)
            dept_cache[name] = dept.id if dept else None
        return dept_cache[name]

    now = utcnow()
    first_new_id = int(session.connection().execute(select(func.coalesce(func.max(Person.id), 0))).scalar_one()) + 1
    if plan.added:
        # A Core insert of the table with a list of dicts: one executemany, not 10,000 ORM round trips (the ORM's
        # bulk path still splits it into batches of statements).
        session.connection().execute(
            Person.__table__.insert(),
            [{"org_id": org.id, "department_id": dept_id(r.department), "created_at": now, **row_fields(r)}
             for r in plan.added],
        )
        backfill(session, org)
        new_people_jobs(session, org, plan.added, first_new_id, dept_id)
    for person_id, row, changes in plan.updated:
        person = session.get(Person, person_id)
        for name, (_old, value) in changes.items():
            if name == "department":
                person.department_id = dept_id(value)
            elif name != "part_time":
                setattr(person, name, value)
        session.add(person)
        sync_main(session, person, plan.transfers.get(person_id))
        apply_jobs(session, org, person, plan.jobs.get(person_id, []), dept_id, row.transferred_on or plan.on or row.hired_on)
    audit(
        session, org, "people.import", "person", None, file=source, sha256=sha256, **plan.summary(),
        updated_ids=[pid for pid, _r, _c in plan.updated], absent_ids=[p.id for p in plan.absent],
        transfers={str(pid): on for pid, on in plan.transfers.items()},
    )
