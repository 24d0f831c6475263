"""Training and knowledge checks (обучение по охране труда и проверка знания): record, correct, list, verify.

Programs А, Б, В, first aid and the use of СИЗ (REGULATION.md §2.3–2.5). Each entry is one worker's
result in one protocol of the knowledge-check commission. Entries are never edited: a correction is
a new entry naming the corrected one (see plugins/suot/schedule/chain.py).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from plugins.suot.schedule.chain import ChainSpec, append_for_people, corrected_ids, correct_entry, fmt

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person

#: Programs as the protocol and the register of trained persons name them.
PROGRAMS: dict[str, str] = {
    "A": "Программа А: обучение по общим вопросам охраны труда и функционирования системы управления охраной труда",
    "B": "Программа Б: обучение безопасным методам и приемам выполнения работ при воздействии вредных и (или) "
         "опасных производственных факторов, источников опасности, идентифицированных в рамках специальной оценки "
         "условий труда и оценки профессиональных рисков",
    "V": "Программа В: обучение безопасным методам и приемам выполнения работ повышенной опасности",
    "first_aid": "Обучение по оказанию первой помощи пострадавшим",
    "ppe": "Обучение безопасным методам и приемам выполнения работ с использованием (применением) средств "
           "индивидуальной защиты",
}
#: Short program names for tables and due items.
PROGRAM_SHORT: dict[str, str] = {"A": "программа А", "B": "программа Б", "V": "программа В",
                                 "first_aid": "первая помощь", "ppe": "применение СИЗ"}
#: The periodicity rule of each program (core/obligations/rules/periodicities.toml).
PROGRAM_RULES: dict[str, str] = {
    "A": "knowledge_check_a_years", "B": "knowledge_check_b_years", "V": "knowledge_check_v_years",
    "first_aid": "first_aid_years", "ppe": "siz_training_years",
}
RESULTS: dict[str, str] = {"passed": "удовлетворительно", "failed": "неудовлетворительно"}
MAX_HOURS = 1000

#: Advisory-lock namespace of this journal on PostgreSQL (unique among journals).
LOCK_NAMESPACE = 0x0B52


def _label(session: Session, entry: Any) -> str:
    from core.storage.models import Person

    person = session.get(Person, entry.person_id)
    name = person.short_name if person else f"работник №{entry.person_id}"
    return (f"запись № {entry.seq} от {fmt(entry.on)} ({name}, {PROGRAM_SHORT.get(entry.program, entry.program)}, "
            f"протокол № {entry.protocol})")


def _spec() -> ChainSpec:
    from plugins.suot.schedule.models import SuotTraining

    return ChainSpec(
        key="trainings", title="Журнал обучения и проверки знания требований охраны труда", model=SuotTraining,
        entity="training", namespace=LOCK_NAMESPACE,
        hashed=("org_id", "seq", "person_id", "program", "on", "protocol", "result", "hours", "provider", "reason",
                "corrects_id", "created_at", "actor"),
        label=_label, list_command="ohs training list", corrects="corrects_id",
    )


@functools.lru_cache(maxsize=1)
def spec() -> ChainSpec:
    """The training journal's chain description (built on first use: it imports the table)."""
    return _spec()


@dataclass(frozen=True)
class TrainingData:
    """One protocol's result, the same for every worker listed with it."""

    program: str
    on: datetime.date
    protocol: str
    result: str
    hours: int | None = None
    provider: str | None = None


def check_training(person: Person, data: TrainingData, today: datetime.date) -> None:
    """Refuse, in one Russian sentence, a training the journal must not hold."""
    if data.program not in PROGRAMS:
        raise OhsError(f"Программы «{data.program}» нет; выберите: {', '.join(PROGRAMS)}.")
    if data.result not in RESULTS:
        raise OhsError(f"Результат проверки знания «{data.result}» неизвестен: укажите passed (удовлетворительно) "
                       "или failed (неудовлетворительно).")
    if not (data.protocol or "").strip():
        raise OhsError("Укажите номер протокола проверки знания: --protocol НОМЕР.", concerns="protocol",
                       form="Укажите номер протокола проверки знания.")
    if data.hours is not None and not 0 < data.hours <= MAX_HOURS:
        raise OhsError(f"Часов обучения {data.hours} — так не бывает; укажите число от 1 до {MAX_HOURS}.")
    if data.on > today:
        raise OhsError(f"Дата проверки знания {fmt(data.on)} ещё не наступила; укажите день заседания комиссии.")
    if data.on < person.hired_on:
        raise OhsError(f"{person.full_name} принят(а) {fmt(person.hired_on)}, а проверка знания датирована "
                       f"{fmt(data.on)}; проверьте дату.")
    if not person.is_active(data.on):
        raise OhsError(f"{person.full_name} уволен(а) {fmt(person.dismissed_on)}, проверку знания {fmt(data.on)} "
                       "записать нельзя; проверьте работника и дату.")


def _values(person: Person, data: TrainingData, reason: str | None = None, corrects_id: int | None = None) -> dict:
    return {"person_id": person.id, "program": data.program, "on": data.on, "protocol": data.protocol.strip(),
            "result": data.result, "hours": data.hours, "provider": (data.provider or "").strip() or None,
            "reason": reason, "corrects_id": corrects_id}


def _details(entry: Any) -> dict[str, Any]:
    return {"person_id": entry.person_id, "program": entry.program, "on": entry.on, "result": entry.result,
            "protocol": entry.protocol}


def add_trainings(session: Session, org: Organization, people: list[Person], data: TrainingData,
                  today: datetime.date) -> list[Any]:
    """Record one protocol's result for several workers: all are checked first, then all written, or none."""
    return append_for_people(session, org, spec(), people, lambda p: check_training(p, data, today),
                             lambda p: _values(p, data), _details,
                             "Не указано, кто проходил проверку знания: перечислите работников или укажите --department.")


def correct_training(session: Session, org: Organization, seq: int, reason: str, today: datetime.date,
                     **changes: Any) -> Any:
    """Add a correction: the corrected entry's data with the given fields replaced; ``reason`` says why."""
    return correct_entry(session, org, spec(), seq, reason, changes, TrainingData,
                         ("program", "on", "protocol", "result", "hours", "provider"),
                         lambda person, data: check_training(person, data, today), _values, _details)


def list_trainings(session: Session, org: Organization, person: Person | None = None,
                   program: str | None = None, protocol: str | None = None) -> list[Any]:
    """Entries in journal order, optionally of one worker, one program or one protocol."""
    from sqlmodel import select

    from plugins.suot.schedule.models import SuotTraining

    query = select(SuotTraining).where(SuotTraining.org_id == org.id)
    if person is not None:
        query = query.where(SuotTraining.person_id == person.id)
    if program is not None:
        query = query.where(SuotTraining.program == program)
    if protocol is not None:
        query = query.where(SuotTraining.protocol == protocol)
    return list(session.exec(query.order_by(SuotTraining.seq)))


def trainings_json(session: Session, org: Organization, entries: list[Any]) -> list[dict[str, Any]]:
    """Entries as plain dicts with names, the entry each corrects and the entries correcting it."""
    from sqlmodel import select

    from core.storage.models import Person
    from plugins.suot.schedule.models import SuotTraining

    ids = {e.person_id for e in entries}
    people = {p.id: p for p in session.exec(select(Person).where(Person.id.in_(ids)))} if ids else {}
    corrects = {e.corrects_id for e in entries if e.corrects_id}
    seqs = dict(session.exec(select(SuotTraining.id, SuotTraining.seq).where(SuotTraining.id.in_(corrects))).all()) \
        if corrects else {}
    corrected_by = corrected_ids(session, org, spec())
    rows = []
    for e in entries:
        person = people.get(e.person_id)
        rows.append({
            "seq": e.seq, "on": e.on.isoformat(), "person_id": e.person_id,
            "person": person.full_name if person else None, "position": person.position if person else None,
            "snils": person.snils if person else None,
            "program": e.program, "program_title": PROGRAMS[e.program], "protocol": e.protocol,
            "result": e.result, "result_title": RESULTS[e.result], "hours": e.hours, "provider": e.provider,
            "reason": e.reason, "corrects": seqs.get(e.corrects_id) if e.corrects_id else None,
            "corrected_by": sorted(corrected_by.get(e.id, [])), "actor": e.actor,
            "created_at": e.created_at.isoformat(), "hash": e.hash,
        })
    return rows


def effective_trainings(session: Session, org: Organization) -> list[tuple]:
    """(id, seq, person_id, program, on, result, protocol) of entries not superseded by a correction, in order.

    One query for the whole organization: the due items and the schedule work from this in memory.
    """
    from plugins.suot.schedule.due import as_date, fetch

    rows = fetch(session, 'SELECT '
                          'id, seq, person_id, program, "on", result, protocol, corrects_id'
                          ' FROM suot_training WHERE org_id = :org ORDER BY seq', org.id)
    superseded = {r[7] for r in rows if r[7]}
    return [(*r[:4], as_date(r[4]), *r[5:7]) for r in rows if r[0] not in superseded]
