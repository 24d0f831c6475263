"""Medical exams (preliminary, periodic) and the psychiatric examination: record, correct, list.

Current rules (REGULATION.md §5): preliminary and periodic exams per 29н, their frequency set by the
harmful factors or kinds of work of 29н / 988н-1420н (here a *basis* naming the periodicity rule);
the psychiatric examination per 342н at hiring and afterwards only when the psychiatrist at the
periodic exam suspects contraindications (``referral``) — not every 5 years. Entries are a hash
chain like the training journal.
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

KINDS: dict[str, str] = {
    "preliminary": "предварительный медицинский осмотр",
    "periodic": "периодический медицинский осмотр",
    "psychiatric": "обязательное психиатрическое освидетельствование",
}
RESULTS: dict[str, str] = {
    "fit": "медицинских противопоказаний к работе не выявлено",
    "unfit": "выявлены медицинские противопоказания к работе",
    "temporarily_unfit": "выявлены временные медицинские противопоказания к работе",
}
#: How long before hiring a preliminary exam or a psychiatric examination may be dated (they precede the contract).
BEFORE_HIRING_DAYS = 2 * 366

LOCK_NAMESPACE = 0x0B53


def _label(session: Session, entry: Any) -> str:
    from core.storage.models import Person

    person = session.get(Person, entry.person_id)
    name = person.short_name if person else f"работник №{entry.person_id}"
    return f"запись № {entry.seq} от {fmt(entry.on)} ({name}, {KINDS.get(entry.kind, entry.kind)})"


@functools.lru_cache(maxsize=1)
def spec() -> ChainSpec:
    """The medical journal's chain description."""
    from plugins.suot.schedule.models import SuotMedicalExam

    return ChainSpec(
        key="medical_exams", title="Журнал медицинских осмотров и психиатрических освидетельствований",
        model=SuotMedicalExam, entity="medical_exam", namespace=LOCK_NAMESPACE,
        hashed=("org_id", "seq", "person_id", "kind", "on", "result", "basis", "referral", "conclusion", "reason",
                "corrects_id", "created_at", "actor"),
        label=_label, list_command="ohs medical list", corrects="corrects_id",
    )


@dataclass(frozen=True)
class ExamData:
    """One exam: kind, date, result, the conclusion's text, the 29н basis, a referral to the psychiatrist."""

    kind: str
    on: datetime.date
    result: str
    conclusion: str | None = None
    basis: str | None = None
    referral: bool = False


def check_exam(person: Person, data: ExamData, today: datetime.date) -> None:
    """Refuse, in one Russian sentence, an exam the journal must not hold."""
    from core.obligations.rules.periodicity import medical_bases

    if data.kind not in KINDS:
        raise OhsError(f"Вида осмотра «{data.kind}» нет; выберите: {', '.join(KINDS)}.")
    if data.result not in RESULTS:
        raise OhsError(f"Результата «{data.result}» нет; выберите: {', '.join(RESULTS)}.")
    bases = medical_bases()
    if data.basis is not None and data.basis not in bases:
        raise OhsError(f"Основания медосмотра «{data.basis}» нет; выберите: {', '.join(bases)}.")
    if data.kind == "psychiatric" and data.basis:
        raise OhsError("Основание (--basis) относится к медосмотрам по 29н, а не к психиатрическому "
                       "освидетельствованию; уберите --basis.", concerns="basis",
                       form="Основание периодичности относится к медосмотрам по 29н, а не к психиатрическому "
                            "освидетельствованию; оставьте его пустым.")
    if data.referral and data.kind != "periodic":
        raise OhsError("Направление на психиатрическое освидетельствование (--refer-psychiatric) даётся по итогам "
                       "периодического осмотра; укажите --kind periodic.", concerns="referral",
                       form="Направление на психиатрическое освидетельствование даётся по итогам периодического "
                            "осмотра; выберите вид «периодический» или снимите отметку.")
    if data.on > today:
        raise OhsError(f"Дата осмотра {fmt(data.on)} ещё не наступила; укажите день заключения.")
    earliest = person.hired_on - datetime.timedelta(days=BEFORE_HIRING_DAYS if data.kind != "periodic" else 0)
    if data.on < earliest:
        what = "периодический осмотр проходят работники" if data.kind == "periodic" else "осмотр так задолго до приёма"
        raise OhsError(f"{person.full_name} принят(а) {fmt(person.hired_on)}, а {KINDS[data.kind]} датирован "
                       f"{fmt(data.on)} ({what}); проверьте дату.")
    if person.dismissed_on is not None and data.on > person.dismissed_on:
        raise OhsError(f"{person.full_name} уволен(а) {fmt(person.dismissed_on)}, осмотр {fmt(data.on)} записать "
                       "нельзя; проверьте работника и дату.")


def _values(person: Person, data: ExamData, reason: str | None = None, corrects_id: int | None = None) -> dict:
    return {"person_id": person.id, "kind": data.kind, "on": data.on, "result": data.result,
            "basis": data.basis, "referral": bool(data.referral),
            "conclusion": (data.conclusion or "").strip() or None, "reason": reason, "corrects_id": corrects_id}


def _details(entry: Any) -> dict[str, Any]:
    return {"person_id": entry.person_id, "kind": entry.kind, "on": entry.on, "result": entry.result}


def add_exams(session: Session, org: Organization, people: list[Person], data: ExamData,
              today: datetime.date) -> list[Any]:
    """Record the same exam for several workers: all are checked first, then all written, or none."""
    return append_for_people(session, org, spec(), people, lambda p: check_exam(p, data, today),
                             lambda p: _values(p, data), _details,
                             "Не указано, кто прошёл осмотр: перечислите работников.")


def correct_exam(session: Session, org: Organization, seq: int, reason: str, today: datetime.date,
                 **changes: Any) -> Any:
    """Add a correction entry: the corrected entry's data with the given fields replaced."""
    return correct_entry(session, org, spec(), seq, reason, changes, ExamData,
                         ("kind", "on", "result", "conclusion", "basis", "referral"),
                         lambda person, data: check_exam(person, data, today), _values, _details)


def list_exams(session: Session, org: Organization, person: Person | None = None, kind: str | None = None) -> list:
    """Entries in journal order, optionally of one worker or one kind."""
    from sqlmodel import select

    from plugins.suot.schedule.models import SuotMedicalExam as M

    query = select(M).where(M.org_id == org.id)
    if person is not None:
        query = query.where(M.person_id == person.id)
    if kind is not None:
        query = query.where(M.kind == kind)
    return list(session.exec(query.order_by(M.seq)))


def exams_json(session: Session, org: Organization, entries: list[Any]) -> list[dict[str, Any]]:
    """Entries as plain dicts with names and the correction links."""
    from sqlmodel import select

    from core.storage.models import Person
    from plugins.suot.schedule.models import SuotMedicalExam as M

    ids = {e.person_id for e in entries}
    people = {p.id: p for p in session.exec(select(Person).where(Person.id.in_(ids)))} if ids else {}
    corrects = {e.corrects_id for e in entries if e.corrects_id}
    seqs = dict(session.exec(select(M.id, M.seq).where(M.id.in_(corrects))).all()) if corrects else {}
    corrected_by = corrected_ids(session, org, spec())
    rows = []
    for e in entries:
        person = people.get(e.person_id)
        rows.append({
            "seq": e.seq, "on": e.on.isoformat(), "person_id": e.person_id,
            "person": person.full_name if person else None, "position": person.position if person else None,
            "kind": e.kind, "kind_title": KINDS[e.kind], "result": e.result, "result_title": RESULTS[e.result],
            "basis": e.basis, "referral": e.referral, "conclusion": e.conclusion, "reason": e.reason,
            "corrects": seqs.get(e.corrects_id) if e.corrects_id else None,
            "corrected_by": sorted(corrected_by.get(e.id, [])), "actor": e.actor,
            "created_at": e.created_at.isoformat(), "hash": e.hash,
        })
    return rows


def effective_exams(session: Session, org: Organization) -> list[tuple]:
    """(id, seq, person_id, kind, on, result, basis, referral) of entries not superseded, in journal order."""
    from plugins.suot.schedule.due import as_date, fetch

    rows = fetch(session, 'SELECT '
                          'id, seq, person_id, kind, "on", result, basis, referral, corrects_id'
                          ' FROM suot_medical_exam WHERE org_id = :org ORDER BY seq', org.id)
    superseded = {r[8] for r in rows if r[8]}
    return [(*r[:4], as_date(r[4]), *r[5:8]) for r in rows if r[0] not in superseded]
