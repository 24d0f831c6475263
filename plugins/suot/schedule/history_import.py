"""``ohs history import``: the history file's rows become ordinary journal entries, all or nothing.

Every row is matched with the register (by СНИЛС, else by ФИО and birth date, as the people import
matches) and every date is checked by the journal's own rules (core/journal/briefings.py, training.py, the
medical exam's dates, the СОУТ date); one bad cell stops the whole file and every problem is listed
with its row and column. Entries already in a journal (the same worker, kind and date; the same
workplace and report date) are not added again, so importing the same file twice changes nothing.
Each entry's reason (СОУТ: its note) is «перенесено из бумажного журнала; источник: …» — the row's
«Источник» or, when empty, the file and row.

Why bulk inserts with one audit row per journal: a 50,000-row history file must import in seconds
(bench/), and an audit row per entry would be most of that time; the audit row names the file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from core.registry.people_io import RowError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from plugins.suot.schedule.history_file import HistoryRow


@dataclass
class HistoryPlan:
    """What an import will write, and what it found already recorded."""

    briefings: list[tuple[int, str, datetime.date, str]] = field(default_factory=list)
    trainings: list[dict[str, Any]] = field(default_factory=list)
    exams: list[dict[str, Any]] = field(default_factory=list)
    sout: list[dict[str, Any]] = field(default_factory=list)
    present: int = 0
    people: int = 0
    workplaces: int = 0

    def summary(self) -> dict[str, int]:
        """Counts for messages and ``--json``."""
        return {"briefings": len(self.briefings), "trainings": len(self.trainings),
                "medical_exams": len(self.exams), "sout": len(self.sout), "already_recorded": self.present,
                "people": self.people, "workplaces": self.workplaces}


def _fold(text: str | None) -> str:
    return " ".join((text or "").lower().replace("ё", "е").split())


def _fmt(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


class _Worker:
    """The columns of a registered worker the checks read (what the journals' check functions use of a Person)."""

    __slots__ = ("id", "surname", "name", "patronymic", "snils", "birth_date", "hired_on", "dismissed_on",
                 "department_id", "position")

    def __init__(self, *values: Any) -> None:
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)

    @property
    def full_name(self) -> str:
        """«Фамилия Имя Отчество»."""
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)

    def is_active(self, on: datetime.date) -> bool:
        """Employed on that day (the day of dismissal is the last working day)."""
        return self.hired_on <= on and (self.dismissed_on is None or self.dismissed_on >= on)


class _Register:
    """The organization's people, departments and journal keys, read once (the file may have 50,000 rows).

    Workers are read with one plain query into :class:`_Worker` rather than ORM objects: at 50,000 workers the
    ORM's loading was a third of the planning time.
    """

    def __init__(self, session: Session, org: Organization) -> None:
        from sqlmodel import select

        from core.storage.models import Department
        from plugins.suot.schedule.due import as_date, fetch

        people = [_Worker(r[0], r[1], r[2], r[3], r[4], as_date(r[5]), as_date(r[6]), as_date(r[7]), r[8], r[9])
                  for r in fetch(session, "SELECT id, surname, name, patronymic, snils, birth_date, hired_on, "
                                          "dismissed_on, department_id, position FROM core_person "
                                          "WHERE org_id = :org", org.id)]
        self.by_snils = {p.snils: p for p in people if p.snils}
        self.by_name: dict[tuple[str, str, str], list[_Worker]] = {}
        for p in people:
            self.by_name.setdefault((_fold(p.surname), _fold(p.name), _fold(p.patronymic)), []).append(p)
        self.departments = {_fold(d.name): d for d in session.exec(select(Department).where(
            Department.org_id == org.id))}
        self.positions: dict[tuple[int | None, str], str] = {}
        for p in people:
            self.positions.setdefault((p.department_id, _fold(p.position)), p.position)
        self.briefings = {(r[0], r[1], as_date(r[2])) for r in fetch(
            session, 'SELECT person_id, kind, "on" FROM core_briefing WHERE org_id = :org', org.id)}
        self.trainings = {(r[0], r[1], as_date(r[2])) for r in fetch(
            session, 'SELECT person_id, program, "on" FROM suot_training WHERE org_id = :org', org.id)}
        self.exams = {(r[0], "psychiatric" if r[1] == "psychiatric" else "exam", as_date(r[2])) for r in fetch(
            session, 'SELECT person_id, kind, "on" FROM suot_medical_exam WHERE org_id = :org', org.id)}
        self.sout = {(r[0], _fold(r[1]), as_date(r[2])) for r in fetch(
            session, "SELECT department_id, position, report_on FROM suot_sout WHERE org_id = :org", org.id)}

    def person(self, row: HistoryRow) -> tuple[Person | None, str | None]:
        """The worker a row names, or a Russian reason why none (or several) match."""
        from core.registry.people import mask_snils

        found = self.by_snils.get(row.snils) if row.snils else None
        if found is not None:
            return found, None
        surname, name, patronymic = row.person
        namesakes = self.by_name.get((_fold(surname), _fold(name), _fold(patronymic)), [])
        if row.birth_date:
            namesakes = ([p for p in namesakes if p.birth_date == row.birth_date]
                         or [p for p in namesakes if p.birth_date is None])
        if not namesakes:
            return None, ("Работника нет в реестре: сначала импортируйте кадровый список (ohs people import ФАЙЛ) "
                          "или проверьте ФИО и СНИЛС.")
        if len(namesakes) > 1:
            active = [p for p in namesakes if p.dismissed_on is None]
            if len(active) != 1:
                numbers = ", ".join(f"№{p.id}" for p in namesakes[:10])
                return None, f"ФИО подходят нескольким работникам ({numbers}); укажите в файле СНИЛС или дату рождения."
            namesakes = active
        person = namesakes[0]
        if row.snils and person.snils and person.snils != row.snils:
            return None, (f"ФИО совпадают с работником №{person.id}, а СНИЛС другой (в файле {mask_snils(row.snils)}, "
                          f"в карточке {mask_snils(person.snils)}); исправьте СНИЛС в файле или проверьте карточку: "
                          f"ohs people show {person.id}")
        return person, None


def plan_history(session: Session, org: Organization, rows: list[HistoryRow], today: datetime.date,
                 file: str) -> tuple[HistoryPlan, list[RowError]]:
    """Match every row and check every date without writing: the plan and every problem found."""
    register = _Register(session, org)
    plan = HistoryPlan()
    errors: list[RowError] = []
    claimed: dict[int, int] = {}  # person id → the first row naming them
    workplaces: dict[tuple, tuple[int, tuple]] = {}  # workplace key → (row, (card, date, class))
    for row in rows:
        source = row.source or f"файл {file}, строка {row.line}"
        person = None
        if row.person is not None:
            person, why = register.person(row)
            if person is None:
                errors.append(RowError(row.line, _title(row, "full_name"), why))
                continue
            if (first := claimed.setdefault(person.id, row.line)) != row.line:
                errors.append(RowError(row.line, _title(row, "full_name"), (
                    f"Строка относится к тому же работнику №{person.id}, что и строка {first}; оставьте одну из них.")))
                continue
            plan.people += 1
            _person_entries(plan, register, row, person, today, source, errors)
        if row.sout is not None:
            _workplace_entry(plan, register, row, person, today, source, errors, workplaces)
    return plan, errors


def _title(row: HistoryRow, name: str) -> str:
    from plugins.suot.schedule.history_file import TITLES

    return row.columns.get(name, TITLES[name])


def _person_entries(plan: HistoryPlan, register: _Register, row: HistoryRow, person: Person, today: datetime.date,
                    source: str, errors: list[RowError]) -> None:
    """The briefings, trainings and exams of one worker's row, each checked by its journal's rules."""
    from core.journal.briefings import check_transferred_briefing, transferred_reason
    from plugins.suot.schedule.training import TrainingData, check_training

    reason = transferred_reason(source)
    for kind, on in row.briefings.items():
        try:
            check_transferred_briefing(person, kind, on, today)
        except OhsError as exc:
            errors.append(RowError(row.line, _title(row, f"briefing.{kind}"), exc.message))
            continue
        if (person.id, kind, on) in register.briefings:
            plan.present += 1
        else:
            plan.briefings.append((person.id, kind, on, source))
    for program, (on, protocol) in row.trainings.items():
        try:
            if len(protocol) > 100:
                raise OhsError(f"Номер протокола длиннее 100 знаков ({len(protocol)}); сократите его.")
            check_training(person, TrainingData(program, on, protocol, "passed"), today)
        except OhsError as exc:
            errors.append(RowError(row.line, _title(row, f"training.{program}.on"), exc.message))
            continue
        if (person.id, program, on) in register.trainings:
            plan.present += 1
        else:
            plan.trainings.append({"person_id": person.id, "program": program, "on": on, "protocol": protocol,
                                   "result": "passed", "hours": None, "provider": None, "reason": reason,
                                   "corrects_id": None})
    for name, on in (("medical", row.medical), ("psychiatric", row.psychiatric)):
        if on is None:
            continue
        kind = "psychiatric" if name == "psychiatric" else ("periodic" if on >= person.hired_on else "preliminary")
        why = _exam_problem(person, kind, on, today)
        if why:
            errors.append(RowError(row.line, _title(row, name), why))
        elif (person.id, "psychiatric" if kind == "psychiatric" else "exam", on) in register.exams:
            plan.present += 1
        else:
            plan.exams.append({"person_id": person.id, "kind": kind, "on": on, "result": "fit", "basis": None,
                               "referral": False, "conclusion": None, "reason": reason, "corrects_id": None})


def _exam_problem(person: Person, kind: str, on: datetime.date, today: datetime.date) -> str | None:
    """The date checks of plugins/suot/schedule/medical.py ``check_exam`` for a carried-over exam."""
    from plugins.suot.schedule.medical import BEFORE_HIRING_DAYS, KINDS

    if on > today:
        return f"Дата осмотра {_fmt(on)} ещё не наступила; проверьте дату."
    if on < person.hired_on - datetime.timedelta(days=BEFORE_HIRING_DAYS):
        return (f"{person.full_name} принят(а) {_fmt(person.hired_on)}, а {KINDS[kind]} датирован {_fmt(on)} "
                "(осмотр так задолго до приёма); проверьте дату.")
    if person.dismissed_on is not None and on > person.dismissed_on:
        return (f"{person.full_name} уволен(а) {_fmt(person.dismissed_on)}, осмотр {_fmt(on)} записать нельзя; "
                "проверьте работника и дату.")
    return None


def _workplace_entry(plan: HistoryPlan, register: _Register, row: HistoryRow, person: Person | None,
                     today: datetime.date, source: str, errors: list[RowError], seen: dict) -> None:
    """The СОУТ of the row's workplace: its own department and position, else the worker's."""
    card, on, sout_class = row.sout
    if on > today:
        errors.append(RowError(row.line, _title(row, "sout.on"), (
            f"Дата отчёта о СОУТ {_fmt(on)} ещё не наступила; укажите дату утверждения отчёта.")))
        return
    if card and len(card) > 40:
        errors.append(RowError(row.line, _title(row, "sout.card"), "Номер карты СОУТ длиннее 40 знаков; сократите его."))
        return
    if row.department:
        dept = register.departments.get(_fold(row.department))
        if dept is None:
            errors.append(RowError(row.line, _title(row, "department"), (
                f"Подразделения «{row.department}» нет; список: ohs people departments.")))
            return
        dept_id = dept.id
    else:
        dept_id = person.department_id if person is not None else None
    position = row.position or (person.position if person is not None else None)
    if not position:
        errors.append(RowError(row.line, _title(row, "position"), "Для СОУТ укажите должность рабочего места."))
        return
    spelled = register.positions.get((dept_id, _fold(position)), " ".join(position.split()))
    key = (dept_id, _fold(spelled))
    if key in seen:
        first, values = seen[key]
        if values != (card, on, sout_class):
            errors.append(RowError(row.line, _title(row, "sout.on"), (
                f"Для этого рабочего места в строке {first} указана другая СОУТ; оставьте одну.")))
        return
    seen[key] = (row.line, (card, on, sout_class))
    plan.workplaces += 1
    if (dept_id, _fold(spelled), on) in register.sout:
        plan.present += 1
        return
    from core.journal.briefings import transferred_reason

    plan.sout.append({"department_id": dept_id, "position": spelled, "workplace_no": card, "report_on": on,
                      "sout_class": sout_class, "factors": None, "declaration": False,
                      "note": transferred_reason(source)})


def apply_history(session: Session, org: Organization, plan: HistoryPlan, file: str, sha256: str) -> None:
    """Write a plan in the caller's transaction: each journal in one insert, one audit row per journal."""
    from sqlalchemy import insert

    from core.audit import audit
    from core.journal.briefings import add_transferred_briefings
    from core.storage.models import utcnow
    from plugins.suot.schedule import medical, training
    from plugins.suot.schedule.chain import bulk_append
    from plugins.suot.schedule.models import SuotSout

    # Chronological, so the chain reads as the paper did.
    add_transferred_briefings(session, org, sorted(plan.briefings, key=lambda e: (e[2], e[0])), file)
    bulk_append(session, org, training.spec(), sorted(plan.trainings, key=lambda e: (e["on"], e["person_id"])))
    bulk_append(session, org, medical.spec(), sorted(plan.exams, key=lambda e: (e["on"], e["person_id"])))
    if plan.sout:
        created = utcnow()
        session.execute(insert(SuotSout), [{**s, "org_id": org.id, "created_at": created} for s in plan.sout])
    audit(session, org, "history.import", "file", None, file=file, sha256=sha256, **plan.summary())
