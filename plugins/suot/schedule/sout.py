"""Special assessment of working conditions (СОУТ, 426-ФЗ) by workplace, and the cases that call for an unscheduled one.

A workplace here is a position in a department (the people register's spelling). A СОУТ row is the
result of one report (date, final class, class per factor, declaration yes/no); a later report of the
same workplace supersedes it. An event is a case of ст. 17 ч. 1 (REGULATION.md §4): it sets an
unscheduled СОУТ due within 12 or 6 months (ст. 17 ч. 2) until a report dated on or after it exists.
A declaration (ст. 11) is open-ended since 503-ФЗ; an accident, an occupational disease or violations
found by supervision end it (ч. 5 ст. 11) — those events set the unscheduled СОУТ as any other.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

#: Cases of ст. 17 ч. 1 426-ФЗ: key → (wording, periodicity rule of the deadline, confidence of the case).
EVENT_REASONS: dict[str, tuple[str, str, str]] = {
    "new_workplace": ("ввод в эксплуатацию вновь организованного рабочего места", "sout_unscheduled_new_months", "C"),
    "process_change": ("изменение технологического процесса или замена производственного оборудования",
                       "sout_unscheduled_new_months", "C"),
    "materials_change": ("изменение состава применяемых материалов и (или) сырья", "sout_unscheduled_other_months",
                         "C"),
    "inspector_order": ("предписание государственного инспектора труда", "sout_unscheduled_other_months", "C"),
    "ppe_change": ("изменение применяемых средств индивидуальной и коллективной защиты",
                   "sout_unscheduled_other_months", "K"),
    "accident": ("несчастный случай на производстве на рабочем месте (кроме происшедшего по вине третьих лиц)",
                 "sout_unscheduled_other_months", "K"),
    "occupational_disease": ("профессиональное заболевание, вызванное воздействием вредных и (или) опасных "
                             "производственных факторов", "sout_unscheduled_other_months", "K"),
    "union_proposal": ("мотивированное предложение выборного органа первичной профсоюзной организации",
                       "sout_unscheduled_other_months", "K"),
    "supervision_violation": ("нарушения требований трудового законодательства, выявленные государственным "
                              "надзором (прекращение действия декларации, ч. 5 ст. 11)",
                              "sout_unscheduled_other_months", "K"),
}
#: Classes that allow a declaration (ст. 11: no harmful factors, or optimal / acceptable conditions).
DECLARABLE = ("1", "2")
_CLASS_ORDER = ("1", "2", "3.1", "3.2", "3.3", "3.4", "4")


def class_rank(value: str) -> int:
    """Order of a class (1 lowest … 4 highest); an unknown text ranks below all."""
    return _CLASS_ORDER.index(value) if value in _CLASS_ORDER else -1


def _fmt(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def workplace_key(department_id: int | None, position: str) -> tuple[int | None, str]:
    """How workplaces are matched: the department and the position folded (case, «ё», spaces)."""
    from core.obligations.rules.periodicity import fold_position

    return department_id, fold_position(position)


def resolve_workplace(session: Session, org: Organization, department: str | None, position: str) -> tuple:
    """(department or None, position as the register spells it in that department) or a Russian error."""
    from sqlmodel import select

    from core.storage.models import Person
    from core.registry.people import get_department
    from core.obligations.rules.periodicity import fold_position

    if not (position or "").strip():
        raise OhsError("Укажите рабочее место: --workplace \"Должность\" (и --department \"Подразделение\").",
                       concerns="position", form="Укажите рабочее место: должность (и подразделение).")
    dept = None
    if department:
        dept = get_department(session, org, department, create=False)
        if dept is None:
            raise NotFoundError(f"Подразделения «{department}» нет; список: ohs people departments.",
                                concerns="department",
                                form=f"Подразделения «{department}» нет; проверьте название по списку подразделений.")
    query = select(Person.position).where(Person.org_id == org.id).distinct()
    if dept is not None:
        query = query.where(Person.department_id == dept.id)
    spelled = {fold_position(p): p for p in session.exec(query)}
    return dept, spelled.get(fold_position(position), " ".join(position.split()))


def parse_factors(pairs: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    """«шум=2» pairs as (factor, class); a malformed pair or class is refused."""
    from plugins.suot.positions import normalize_class

    factors = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise OhsError(f"Фактор «{pair}» записан неверно; пишите НАЗВАНИЕ=КЛАСС, например --factor шум=2.",
                           concerns="factors", form=f"Фактор «{pair}» записан неверно; пишите НАЗВАНИЕ=КЛАСС, "
                                                    "например шум=2.")
        factors.append((" ".join(name.split()), normalize_class(value)))
    return factors


def add_sout(session: Session, org: Organization, department: str | None, position: str, report_on: datetime.date,
             sout_class: str, factors: list[tuple[str, str]], declaration: bool, today: datetime.date,
             workplace_no: str | None = None) -> Any:
    """Record one workplace's СОУТ result; the final class must be the highest factor class."""
    from core.audit import audit
    from plugins.suot.positions import normalize_class
    from plugins.suot.schedule.models import SuotSout

    sout_class = normalize_class(sout_class)
    if not sout_class:
        raise OhsError("Укажите итоговый класс условий труда: --class 1, 2, 3.1 … 4.", concerns="sout_class",
                       form="Укажите итоговый класс условий труда: 1, 2, 3.1 … 4.")
    if report_on > today:
        raise OhsError(f"Дата отчёта о СОУТ {_fmt(report_on)} ещё не наступила; укажите дату утверждения отчёта.")
    if factors:
        highest = max((c for _n, c in factors), key=class_rank)
        if highest != sout_class:
            differ = (f"Итоговый класс {sout_class} не совпадает с наивысшим классом по факторам ({highest}); "
                      "итоговый класс — наивысший из классов факторов, проверьте ")
            raise OhsError(differ + "--class и --factor.", concerns="sout_class",
                           form=differ + "итоговый класс и классы факторов.")
    if declaration and sout_class not in DECLARABLE:
        only = (f"Декларация соответствия подаётся только для классов 1 и 2 (426-ФЗ, ст. 11), а здесь класс "
                f"{sout_class}; ")
        raise OhsError(only + "уберите --declaration.", concerns="declaration", form=only + "снимите отметку.")
    dept, position = resolve_workplace(session, org, department, position)
    row = SuotSout(org_id=org.id, department_id=dept.id if dept else None, position=position,
                   workplace_no=(workplace_no or "").strip() or None, report_on=report_on, sout_class=sout_class,
                   factors="; ".join(f"{n}={c}" for n, c in factors) or None, declaration=declaration)
    session.add(row)
    session.flush()
    audit(session, org, "sout.add", "sout", row.id, department=dept.name if dept else None, position=position,
          report_on=report_on, sout_class=sout_class, declaration=declaration)
    return row


def add_event(session: Session, org: Organization, department: str | None, position: str, reason: str,
              on: datetime.date, today: datetime.date, note: str | None = None) -> Any:
    """Record a case of ст. 17 ч. 1 for a workplace (it sets an unscheduled СОУТ due)."""
    from core.audit import audit
    from plugins.suot.schedule.models import SuotSoutEvent

    if reason not in EVENT_REASONS:
        raise OhsError(f"Случая «{reason}» в ст. 17 426-ФЗ нет; выберите: {', '.join(EVENT_REASONS)}.")
    if on > today:
        raise OhsError(f"Дата случая {_fmt(on)} ещё не наступила; укажите, когда он произошёл.")
    dept, position = resolve_workplace(session, org, department, position)
    row = SuotSoutEvent(org_id=org.id, department_id=dept.id if dept else None, position=position, reason=reason,
                        on=on, note=(note or "").strip() or None)
    session.add(row)
    session.flush()
    audit(session, org, "sout_event.add", "sout_event", row.id, position=position, reason=reason, on=on)
    return row


def list_sout(session: Session, org: Organization) -> tuple[list[Any], list[Any]]:
    """All СОУТ rows and all events, oldest first."""
    from sqlmodel import select

    from plugins.suot.schedule.models import SuotSout, SuotSoutEvent

    reports = list(session.exec(select(SuotSout).where(SuotSout.org_id == org.id)
                                .order_by(SuotSout.report_on, SuotSout.id)))
    events = list(session.exec(select(SuotSoutEvent).where(SuotSoutEvent.org_id == org.id)
                               .order_by(SuotSoutEvent.on, SuotSoutEvent.id)))
    return reports, events


def sout_json(row: Any, dept_names: dict[int, str], next_on: datetime.date | None) -> dict[str, Any]:
    """A СОУТ row as a plain dict, with the next planned date (None under a declaration)."""
    factors = []
    for pair in (row.factors or "").split("; "):
        if pair:
            name, _sep, value = pair.rpartition("=")
            factors.append({"factor": name, "class": value})
    return {"id": row.id, "department": dept_names.get(row.department_id), "position": row.position,
            "workplace_no": row.workplace_no, "report_date": row.report_on.isoformat(), "class": row.sout_class,
            "factors": factors, "declaration": row.declaration,
            "next_date": next_on.isoformat() if next_on else None}


def event_json(row: Any, dept_names: dict[int, str]) -> dict[str, Any]:
    """An event as a plain dict with the wording of its case."""
    return {"id": row.id, "department": dept_names.get(row.department_id), "position": row.position,
            "reason": row.reason, "reason_title": EVENT_REASONS[row.reason][0], "date": row.on.isoformat(),
            "note": row.note}
