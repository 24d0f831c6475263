"""The briefing journal: record briefings, record corrections, list entries, verify the chain.

Entries are appended, never edited: the journal is a :class:`~core.journal.JournalSpec` of the one
hash-chain framework (core/journal/), which numbers, hashes, audits and verifies them.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.journal.briefing_models import BRIEFING_KINDS, KINDS_WITH_REASON, SIGNATURES, Briefing
from core.errors import NotFoundError, OhsError
from core.journal import JournalReport, JournalSpec, append_entries, get_entry

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person

#: Advisory-lock namespace of this journal on PostgreSQL (any constant unique among journals).
LOCK_NAMESPACE = 0x0B51

#: The fields an entry's hash covers (everything recorded except the id and the two hashes; version 2
#: hashes the corrected entry's number instead of ``corrects_id``).
HASHED_FIELDS = (
    "org_id", "seq", "person_id", "kind", "on", "instructor_id", "reason", "act", "signature",
    "corrects_id", "created_at", "actor",
)


def _fmt(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


@dataclass(frozen=True)
class BriefingData:
    """What one briefing records besides the worker (the same for everyone briefed together)."""

    kind: str
    on: datetime.date
    instructor: Person
    reason: str | None = None
    act: str | None = None
    signature: str = "paper"


def check_briefing(session: Session, org: Organization, person: Person, data: BriefingData, today: datetime.date,
                   held: list[tuple[str, int | None]] | None = None) -> None:
    """Refuse, in one Russian sentence, a briefing the journal must not hold.

    ``held`` is the instructor's appointments on the date (computed once for a group by the caller).
    """
    if data.kind not in BRIEFING_KINDS:
        raise OhsError(f"Вида инструктажа «{data.kind}» нет; выберите: {', '.join(BRIEFING_KINDS)}.")
    if data.signature not in SIGNATURES:
        raise OhsError(f"Способа подписи «{data.signature}» нет; выберите: {', '.join(SIGNATURES)}.")
    if data.on > today:
        raise OhsError(f"Дата инструктажа {_fmt(data.on)} ещё не наступила; укажите день, когда он проведён.")
    if data.kind in KINDS_WITH_REASON and not (data.reason or "").strip():
        needs = f"Для инструктажа вида «{BRIEFING_KINDS[data.kind]}» журнал требует причину; укажите её"
        raise OhsError(needs + ": --reason \"…\".", concerns="reason", form=needs + ".")
    if data.on < person.hired_on:
        raise OhsError(
            f"{person.full_name} принят(а) {_fmt(person.hired_on)}, а инструктаж датирован {_fmt(data.on)}; "
            "проверьте дату инструктажа."
        )
    if not person.is_active(data.on):
        raise OhsError(
            f"{person.full_name} уволен(а) {_fmt(person.dismissed_on)}, инструктаж {_fmt(data.on)} записать нельзя; "
            "проверьте работника и дату."
        )
    if person.id == data.instructor.id:
        raise OhsError(f"{person.full_name} не может инструктировать сам(а) себя; укажите в --by другого работника.",
                       concerns="instructor",
                       form=f"{person.full_name} не может инструктировать сам(а) себя; выберите другого инструктирующего.")
    if not data.instructor.is_active(data.on):
        raise OhsError(
            f"Инструктирующий {data.instructor.full_name} не работал(а) в организации {_fmt(data.on)}; "
            "укажите другого инструктирующего."
        )
    _check_instructor(session, org, person, data, held if held is not None else instructor_appointments(session, org, data))


def instructor_appointments(session: Session, org: Organization, data: BriefingData) -> list[tuple[str, int | None]]:
    """(role, department id) of every appointment the instructor holds on the briefing date."""
    from core.registry.commissions import current_appointments

    return [(a.role, a.department_id) for a, p in current_appointments(session, org, data.on) if p.id == data.instructor.id]


def _check_instructor(session: Session, org: Organization, person: Person, data: BriefingData,
                      held: list[tuple[str, int | None]]) -> None:
    """Intro: appointed for the introductory briefing or OSH-responsible; workplace kinds: the department's instructor."""
    from core.registry.people import department_names

    roles = {role for role, _dept in held}
    who = data.instructor.full_name
    order = '--order-number НОМЕР --order-date ДАТА'
    if data.kind == "intro":
        if roles & {"intro_briefing", "osh_responsible"}:
            return
        raise OhsError(
            f"{who} не назначен(а) проводить вводный инструктаж на {_fmt(data.on)} (нет назначения intro_briefing); "
            f"запишите приказ: ohs appoint intro_briefing \"{who}\" {order}.", concerns="instructor",
            form=f"{who} не назначен(а) приказом проводить вводный инструктаж на {_fmt(data.on)}; выберите "
                 "назначенного (вводный инструктаж проводит специалист по охране труда или работник, назначенный "
                 "приказом).")
    from core.registry.employments import employments

    # A part-timer, or a worker transferred since, is briefed in the department of any employment held that day.
    places = {person.department_id, *(e.department_id for e in employments(session, person) if e.in_force(data.on))}
    if "osh_responsible" in roles or any(
        role == "briefing_instructor" and (dept is None or dept in places) for role, dept in held
    ):
        return
    dept = department_names(session, org).get(person.department_id)
    where = f" в подразделении «{dept}»" if dept else ""
    scope = f" --department \"{dept}\"" if dept else ""
    raise OhsError(
        f"{who} не назначен(а) проводить инструктажи на рабочем месте{where} на {_fmt(data.on)} "
        f"(нет назначения briefing_instructor), а инструктируется {person.full_name}; "
        f"запишите приказ: ohs appoint briefing_instructor \"{who}\"{scope} {order}.", concerns="instructor",
        form=f"{who} не назначен(а) приказом проводить инструктажи на рабочем месте{where} на {_fmt(data.on)}, "
             f"а инструктируется {person.full_name}; выберите назначенного или назначьте проводящих инструктажи "
             "на странице «Первый запуск» (шаг «Проводящие инструктажи по подразделениям»)."
    )


def _row(person: Person, data: BriefingData, corrects: Briefing | None = None) -> dict[str, Any]:
    """The journal's own fields of one entry (the framework adds number, time, actor and hashes)."""
    return {"person_id": person.id, "kind": data.kind, "on": data.on, "instructor_id": data.instructor.id,
            "reason": (data.reason or "").strip() or None, "act": (data.act or "").strip() or None,
            "signature": data.signature, "corrects_id": corrects.id if corrects else None}


def _append(session: Session, org: Organization, people: list[Person], data: BriefingData,
            corrects: Briefing | None = None) -> list[Briefing]:
    """Append one entry per worker at the end of the organization's chain, each audited."""
    names = {p.id: p.full_name for p in people}

    def audit_for(entry: Briefing) -> tuple[str, dict[str, Any]]:
        return ("briefing.correct" if corrects else "briefing.add",
                {"person": names[entry.person_id], "kind": entry.kind, "on": entry.on,
                 "corrects": corrects.seq if corrects else None})

    return append_entries(session, org, briefing_spec(), [_row(p, data, corrects) for p in people], audit_for)


def add_briefings(session: Session, org: Organization, people: list[Person], data: BriefingData,
                  today: datetime.date) -> list[Briefing]:
    """Record one briefing of several workers: all are checked first, then all are written, or none."""
    if not people:
        raise OhsError("Не указано, кого инструктировали: перечислите работников или укажите --department.",
                       form="Не указано, кого инструктировали: перечислите работников или выберите подразделение.")
    seen: set[int] = set()
    unique = [p for p in people if not (p.id in seen or seen.add(p.id))]
    held = instructor_appointments(session, org, data)
    for person in unique:
        check_briefing(session, org, person, data, today, held)
    return _append(session, org, unique, data)


#: The reason of an entry carried over from a paper journal starts with this (``ohs history import``).
TRANSFERRED_MARK = "перенесено из бумажного журнала"


def check_transferred_briefing(person: Person, kind: str, on: datetime.date, today: datetime.date) -> None:
    """Refuse, in one Russian sentence, a carried-over briefing the journal must not hold.

    The checks of :func:`check_briefing` that a paper record can meet: the kind, the date against today and
    against the worker's employment. The instructor and their appointment are on the paper, not in the register.
    """
    if kind not in ("intro", "primary", "repeat"):
        raise OhsError(f"Из бумажного журнала переносятся вводный, первичный и повторный инструктажи, а не «{kind}».")
    if on > today:
        raise OhsError(f"Дата инструктажа {_fmt(on)} ещё не наступила; проверьте дату.")
    if on < person.hired_on:
        raise OhsError(f"{person.full_name} принят(а) {_fmt(person.hired_on)}, а инструктаж датирован {_fmt(on)}; "
                       "проверьте дату инструктажа.")
    if not person.is_active(on):
        raise OhsError(f"{person.full_name} уволен(а) {_fmt(person.dismissed_on)}, инструктаж {_fmt(on)} записать "
                       "нельзя; проверьте работника и дату.")


def transferred_reason(source: str) -> str:
    """«перенесено из бумажного журнала; источник: …»: the reason every carried-over entry of any journal holds."""
    return f"{TRANSFERRED_MARK}; источник: {source}"


def add_transferred_briefings(session: Session, org: Organization,
                              entries: list[tuple[int, str, datetime.date, str]], file: str) -> int:
    """Append carried-over entries ``(person id, kind, date, source)`` checked by the caller; one audit row.

    Each entry's reason is :func:`transferred_reason` of its source, so the printed journal and
    ``ohs briefing list`` show where it came from; the instructor stays unknown (None).
    """
    from core.journal import bulk_append

    rows = [{"person_id": person_id, "kind": kind, "on": on, "instructor_id": None,
             "reason": transferred_reason(source), "act": None, "signature": "paper", "corrects_id": None}
            for person_id, kind, on, source in entries]
    return bulk_append(session, org, briefing_spec(), rows, "briefing.transfer", file=file)


def get_briefing(session: Session, org: Organization, seq: int) -> Briefing:
    """The entry with that journal number."""
    try:
        return get_entry(session, org, briefing_spec(), seq)
    except NotFoundError:
        raise NotFoundError(f"Записи № {seq} в журнале инструктажей нет; посмотрите номера: ohs briefing list.",
                            form=f"Записи № {seq} в журнале инструктажей нет; номера — в журнале на странице "
                                 "«Инструктажи».") from None


def correct_briefing(session: Session, org: Organization, seq: int, reason: str, today: datetime.date,
                     kind: str | None = None, on: datetime.date | None = None, instructor: Person | None = None,
                     act: str | None = None, signature: str | None = None) -> Briefing:
    """Add a correction entry: the corrected entry's data with the given fields replaced; ``reason`` says why."""
    from core.storage.models import Person

    if not (reason or "").strip():
        raise OhsError("Укажите причину исправления: --reason \"…\".", concerns="reason",
                       form="Укажите причину исправления.")
    old = get_briefing(session, org, seq)
    person = session.get(Person, old.person_id)
    instructor = instructor or (session.get(Person, old.instructor_id) if old.instructor_id else None)
    if instructor is None:
        raise OhsError(f"В записи № {seq} инструктирующий не указан (перенесена из бумажного журнала); укажите его "
                       "в исправлении: --by РАБОТНИК.", concerns="instructor",
                       form=f"В записи № {seq} инструктирующий не указан (перенесена из бумажного журнала); "
                            "укажите его в исправлении.")
    data = BriefingData(
        kind=kind or old.kind, on=on or old.on, instructor=instructor,
        reason=reason, act=act if act is not None else old.act, signature=signature or old.signature,
    )
    check_briefing(session, org, person, data, today)
    return _append(session, org, [person], data, corrects=old)[0]


def list_briefings(session: Session, org: Organization, person: Person | None = None,
                   kind: str | None = None) -> list[Briefing]:
    """Entries in journal order, optionally of one worker or one kind."""
    from sqlmodel import select

    query = select(Briefing).where(Briefing.org_id == org.id)
    if person is not None:
        query = query.where(Briefing.person_id == person.id)
    if kind is not None:
        query = query.where(Briefing.kind == kind)
    return list(session.exec(query.order_by(Briefing.seq)))


def briefings_json(session: Session, org: Organization, entries: list[Briefing]) -> list[dict[str, Any]]:
    """Entries as plain dicts, with names, the entry each corrects and the entries correcting it."""
    from sqlmodel import select

    from core.storage.models import Person

    people = {p.id: p for p in session.exec(select(Person).where(Person.org_id == org.id))}
    seqs = dict(session.exec(select(Briefing.id, Briefing.seq).where(Briefing.org_id == org.id)).all())
    corrected_by: dict[int, list[int]] = {}
    for _entry_id, seq, corrects_id in session.exec(
        select(Briefing.id, Briefing.seq, Briefing.corrects_id).where(
            Briefing.org_id == org.id, Briefing.corrects_id.is_not(None))
    ).all():
        corrected_by.setdefault(corrects_id, []).append(seq)
    rows = []
    for e in entries:
        person, instructor = people.get(e.person_id), people.get(e.instructor_id)
        rows.append({
            "seq": e.seq, "on": e.on.isoformat(), "kind": e.kind, "kind_title": BRIEFING_KINDS.get(e.kind, e.kind),
            "person_id": e.person_id, "person": person.full_name if person else None,
            "position": person.position if person else None,
            "birth_date": person.birth_date.isoformat() if person and person.birth_date else None,
            "instructor_id": e.instructor_id, "instructor": instructor.full_name if instructor else None,
            "instructor_position": instructor.position if instructor else None,
            "reason": e.reason, "act": e.act, "signature": e.signature,
            "corrects": seqs.get(e.corrects_id) if e.corrects_id else None,
            "corrected_by": sorted(corrected_by.get(e.id, [])),
            "actor": e.actor, "created_at": e.created_at.isoformat(), "hash": e.hash,
        })
    return rows


def _label(session: Session, entry: Briefing) -> str:
    """«запись № 3 от 12.03.2026 (Климова Н.П., повторный)»."""
    from core.storage.models import Person

    person = session.get(Person, entry.person_id)
    name = person.short_name if person else f"работник №{entry.person_id}"
    return f"запись № {entry.seq} от {_fmt(entry.on)} ({name}, {BRIEFING_KINDS.get(entry.kind, entry.kind)})"


@functools.lru_cache(maxsize=1)
def briefing_spec() -> JournalSpec:
    """The briefing journal as the framework and ``ohs verify`` see it."""
    return JournalSpec(key="briefings", title="Журнал инструктажей", model=Briefing, entity="briefing",
                       namespace=LOCK_NAMESPACE, hashed=HASHED_FIELDS, label=_label,
                       list_command="ohs briefing list", corrects="corrects_id")


def verify_briefings(session: Session, org: Organization) -> JournalReport:
    """Walk the organization's briefing chain and name the first entry that does not match."""
    return briefing_spec().verify(session, org)


def briefing_journal() -> JournalSpec:
    """The briefing journal's spec (the core's ``journals`` hook)."""
    return briefing_spec()
