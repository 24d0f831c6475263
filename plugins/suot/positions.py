"""Facts about positions that decide exemption from первичный and повторный instruction.

Source of the conditions: REGULATION.md §2.2, confidence [S] (Rostrud as reported by
buhgalteria.ru, on the Правила обучения по охране труда, постановление Правительства РФ от
24.12.2021 № 2464, act key ``gov_2464_2021`` in core/obligations/rules/acts.toml). The employer may exempt
workers when ALL of these hold:

1. the only hazard sources are PCs, desktop and single stationary copiers, other office equipment,
   or household appliances not used in production (``office_only``);
2. there are no other hazard sources (``other_hazards`` is False);
3. the special assessment (СОУТ) classed the conditions optimal (1) or acceptable (2).

The 2026 draft that would drop condition 2 is not adopted, so all three are checked.
Facts are records: a new ``position set`` adds a row and the latest row per position wins.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization
    from plugins.suot.models import SuotPositionFact

#: Classes of working conditions under 426-ФЗ, as written on the СОУТ card.
SOUT_CLASSES = ("1", "2", "3.1", "3.2", "3.3", "3.4", "4")
#: Optimal and acceptable: the only classes that allow the exemption (condition 3).
SAFE_CLASSES = ("1", "2")


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def held_positions(session: Session, org: Organization, on: datetime.date) -> dict[str, list[Any]]:
    """Positions of the people employed on ``on``, in the register's spelling, with their holders."""
    from core.registry.people import list_people

    held: dict[str, list[Any]] = {}
    for person in list_people(session, org, on=on):
        held.setdefault(person.position, []).append(person)
    return dict(sorted(held.items()))


def resolve_position(session: Session, org: Organization, name: str, on: datetime.date) -> str:
    """The position as the register spells it, or a Russian error with the close matches."""
    held = held_positions(session, org, on)
    by_fold = {_fold(p): p for p in held}
    wanted = _fold(name)
    if wanted in by_fold:
        return by_fold[wanted]
    close = difflib.get_close_matches(wanted, list(by_fold), n=5, cutoff=0.6)
    hint = (f"похожие: {', '.join(by_fold[c] for c in close)}" if close
            else "посмотрите должности: ohs suot position list")
    raise OhsError(f"Должность «{' '.join(name.split())}» не занимает ни один работник; {hint}.")


def normalize_class(value: str) -> str:
    """A СОУТ class as stored: "1", "2", "3.1"…"3.4", "4", or "" (no СОУТ yet)."""
    value = value.strip().replace(",", ".")
    if value.lower() in ("", "-", "—", "нет"):
        return ""
    if value not in SOUT_CLASSES:
        raise OhsError(f"Класс условий труда «{value}» неизвестен; укажите один из: {', '.join(SOUT_CLASSES)} "
                       "или пустую строку, если СОУТ ещё не проведена.")
    return value


#: Programme names a user may type for ``--programs`` → the training journal's keys.
_PROGRAM_NAMES = {"a": "A", "а": "A", "b": "B", "б": "B", "v": "V", "в": "V", "first_aid": "first_aid",
                  "первая помощь": "first_aid", "пп": "first_aid", "ppe": "ppe", "сиз": "ppe"}


def parse_programs(text: str) -> str:
    """«А, Б, первая помощь» → "A,B,first_aid" (the stored form, in the journal's order); unknown names refused."""
    from plugins.suot.schedule.training import PROGRAMS

    found = []
    for part in text.split(","):
        name = " ".join(part.lower().replace("программа", "").split())
        if not name:
            continue
        if name not in _PROGRAM_NAMES:
            raise OhsError(f"Программы «{part.strip()}» нет; укажите через запятую: A, B, V, first_aid, ppe "
                           "(или А, Б, В, первая помощь, СИЗ).")
        found.append(_PROGRAM_NAMES[name])
    return ",".join(p for p in PROGRAMS if p in found)


def fact_programs(fact: SuotPositionFact | None) -> list[str]:
    """The programmes a position's fact requires (none when not declared)."""
    return [p for p in (getattr(fact, "programs", None) or "").split(",") if p]


def latest_facts(session: Session, org: Organization) -> dict[str, SuotPositionFact]:
    """The latest fact record per position."""
    from sqlmodel import select

    from plugins.suot.models import SuotPositionFact

    rows = session.exec(select(SuotPositionFact).where(SuotPositionFact.org_id == org.id)
                        .order_by(SuotPositionFact.id))
    return {row.position: row for row in rows}


def set_fact(
    session: Session, org: Organization, position: str, today: datetime.date, office_only: bool | None = None,
    other_hazards: bool | None = None, sout_class: str | None = None, sout_date: datetime.date | None = None,
    note: str | None = None, programs: str | None = None,
) -> SuotPositionFact:
    """Record facts about a held position; values not given are kept from the previous record.

    A СОУТ class with its date is also written to the СОУТ register (plugins/suot/schedule/sout.py) for each
    department holding the position, so ``ohs due``, the schedule and the documents read one record
    whichever command entered it.
    """
    from core.audit import audit
    from plugins.suot.models import SuotPositionFact

    position = resolve_position(session, org, position, today)
    if sout_date is not None and sout_date > today:
        raise OhsError(f"Дата СОУТ {sout_date:%d.%m.%Y} ещё не наступила; укажите дату утверждения отчёта.")
    previous = latest_facts(session, org).get(position)

    def keep(value: Any, attr: str, empty: Any) -> Any:
        if value is not None:
            return value
        return getattr(previous, attr) if previous is not None else empty

    fact = SuotPositionFact(
        org_id=org.id, position=position, since=today,
        office_only=keep(office_only, "office_only", None),
        other_hazards=keep(other_hazards, "other_hazards", None),
        sout_class=normalize_class(sout_class) if sout_class is not None else keep(None, "sout_class", ""),
        sout_date=keep(sout_date, "sout_date", None),
        note=" ".join(note.split()) if note is not None else keep(None, "note", ""),
        programs=parse_programs(programs) if programs is not None else keep(None, "programs", None),
    )
    session.add(fact)
    session.flush()
    if sout_class is not None and sout_date is not None and fact.sout_class:
        _register_sout(session, org, position, fact.sout_class, sout_date, today)
    audit(session, org, "suot.position.set", "suot_position_fact", fact.id, position=position,
          office_only=fact.office_only, other_hazards=fact.other_hazards, sout_class=fact.sout_class,
          sout_date=fact.sout_date, note=fact.note, programs=fact.programs)
    return fact


def _register_sout(session: Session, org: Organization, position: str, sout_class: str, on: datetime.date,
                   today: datetime.date) -> None:
    """The СОУТ result given with the position's facts, as a register row per department holding the position
    (unless that workplace already has a result of that date)."""
    from core.storage.models import Department
    from plugins.suot.schedule.models import SuotSout
    from plugins.suot.schedule.sout import add_sout, list_sout

    existing = {(r.department_id, _fold(r.position), r.report_on) for r in list_sout(session, org)[0]}
    departments = sorted({p.department_id for p in held_positions(session, org, today).get(position, [])},
                         key=lambda d: (d is None, d or 0))
    for dept_id in departments:
        if (dept_id, _fold(position), on) in existing:
            continue
        dept = session.get(Department, dept_id) if dept_id else None
        row: SuotSout = add_sout(session, org, dept.name if dept else None, position, on, sout_class, [], False, today)
        row.note = f"из сведений о должности (ohs suot position set «{position}»)"
        session.add(row)


def register_sout_classes(session: Session, org: Organization) -> dict[str, tuple[datetime.date, str]]:
    """Folded position → (date, class) of its latest СОУТ in the register, the highest class across departments."""
    from plugins.suot.schedule.due_workplaces import latest_reports
    from plugins.suot.schedule.models import SuotSout
    from plugins.suot.schedule.sout import class_rank
    from sqlmodel import select

    found: dict[str, tuple[datetime.date, str]] = {}
    for (_dept, folded), row in latest_reports(list(session.exec(
            select(SuotSout).where(SuotSout.org_id == org.id)))).items():
        known = found.get(folded)
        if known is None or (row.report_on, class_rank(row.sout_class)) > (known[0], class_rank(known[1])):
            found[folded] = (row.report_on, row.sout_class)
    return found


@dataclass
class ExemptionCheck:
    """Whether a position qualifies for the exemption, and every reason it does not."""

    position: str
    people: int
    departments: list[str]
    fact: SuotPositionFact | None
    reasons: list[str] = field(default_factory=list)

    @property
    def qualifies(self) -> bool:
        """All three conditions hold (facts present and no reason against)."""
        return self.fact is not None and not self.reasons

    def to_json(self) -> dict[str, Any]:
        """The check as a JSON object."""
        fact = self.fact
        return {"position": self.position, "people": self.people, "departments": self.departments,
                "qualifies": self.qualifies, "reasons": self.reasons,
                "office_only": fact.office_only if fact else None,
                "other_hazards": fact.other_hazards if fact else None,
                "sout_class": fact.sout_class if fact else None, "sout_date": fact.sout_date if fact else None}


def _reasons(position: str, fact: SuotPositionFact | None,
             registered: tuple[datetime.date, str] | None = None) -> list[str]:
    command = f'ohs suot position set "{position}"'
    if registered is not None and fact is not None and (
            not fact.sout_class or (fact.sout_date is not None and registered[0] > fact.sout_date)):
        # The СОУТ register (ohs sout add, ohs history import) is newer than the position's own facts.
        from types import SimpleNamespace

        fact = SimpleNamespace(office_only=fact.office_only, other_hazards=fact.other_hazards,
                               sout_class=registered[1])
    if fact is None:
        return [f"нет данных: {command} --office-only yes|no --other-hazards yes|no --sout-class 2"]
    reasons = []
    if fact.office_only is None:
        reasons.append(f"нет данных об источниках опасности: {command} --office-only yes|no")
    elif not fact.office_only:
        reasons.append("источники опасности — не только ПЭВМ, копировальная и иная офисная техника, бытовые приборы")
    if fact.other_hazards is None:
        reasons.append(f"нет данных об иных источниках опасности: {command} --other-hazards yes|no")
    elif fact.other_hazards:
        reasons.append("есть иные источники опасности")
    if not fact.sout_class:
        reasons.append(f"нет данных о СОУТ (класс условий труда не указан): {command} --sout-class 2 --sout-date ДАТА")
    elif fact.sout_class not in SAFE_CLASSES:
        reasons.append(f"класс условий труда {fact.sout_class} по СОУТ — вредные или опасные условия; "
                       "нужен оптимальный (1) или допустимый (2)")
    return reasons


def exemption_checks(session: Session, org: Organization, on: datetime.date) -> list[ExemptionCheck]:
    """Every position held on ``on``, checked against all three conditions."""
    from core.registry.people import department_names

    names = department_names(session, org)
    facts = latest_facts(session, org)
    registered = register_sout_classes(session, org)
    checks = []
    for position, holders in held_positions(session, org, on).items():
        fact = facts.get(position)
        departments = sorted({names[p.department_id] for p in holders if p.department_id in names})
        checks.append(ExemptionCheck(position, len(holders), departments, fact,
                                     _reasons(position, fact, registered.get(_fold(position)))))
    return checks


def approved_exemptions(session: Session, org: Organization, on: datetime.date) -> tuple[set[str], Any]:
    """Positions freed from primary and repeat briefings on ``on``, and the approved list that frees them.

    Only once the organization has approved its ``briefing_exemptions`` list (the employer's decision): the
    positions of that list that meet the three conditions of REGULATION §2.2; none, and no document, before.
    """
    from sqlmodel import select

    from core.documents.models import Document

    approved = session.exec(select(Document).where(
        Document.org_id == org.id, Document.kind == "briefing_exemptions", Document.status == "approved",
        Document.approved_on <= on)).first()
    if approved is None:
        return set(), None
    return {check.position for check in exemption_checks(session, org, on) if check.qualifies}, approved


def fact_json(fact: SuotPositionFact) -> dict[str, Any]:
    """A position fact for ``--json`` output."""
    from core.io.json_values import record_view

    return record_view(fact, "position office_only other_hazards sout_class sout_date note since",
                       programs=fact_programs(fact))
