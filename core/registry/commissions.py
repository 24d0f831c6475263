"""Commissions and appointments by order: the data behind «приказ о создании комиссии» and
«приказ о назначении ответственного», and behind the specialist contest's «участие в работе комиссий».

A commission row is the record of one order and is never edited: a new composition is a new order,
stored as a new commission that ``replaces`` the old one. Services never print; they refuse with a
Russian ``OhsError`` before anything is written.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import select

from core.registry.commission_models import (
    APPOINTMENT_ROLES, COMMISSION_KINDS, MEMBER_ROLES, SCOPED_ROLES, Appointment, Commission, CommissionMember,
)
from core.errors import NotFoundError, OhsError
from core.storage.models import Department, Person

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

#: The minimum size of a commission: Правила обучения по охране труда (постановление Правительства РФ
#: от 24.12.2021 № 2464) require «не менее трёх человек» for the knowledge-check commission; the other
#: kinds are held to the same minimum, except ``other`` (a working group may be smaller).
MIN_MEMBERS = 3


@dataclass(frozen=True)
class CommissionSeat:
    """A person's place in one commission: what the contest counts as «участие в работе комиссии»."""

    commission_id: int
    kind: str
    kind_title: str
    title: str
    role: str
    role_title: str
    order_number: str
    order_date: datetime.date
    from_date: datetime.date
    until_date: datetime.date | None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in asdict(self).items()}


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def _check_order(order_number: str, order_date: datetime.date, today: datetime.date) -> str:
    number = " ".join((order_number or "").split())
    if not number:
        raise OhsError("Не указан номер приказа; задайте его параметром --order-number.")
    if order_date > today:
        raise OhsError(f"Дата приказа {_fmt(order_date)} ещё не наступила; укажите прошедшую дату или --today.")
    return number


def _check_period(start: datetime.date, end: datetime.date | None, order_date: datetime.date) -> None:
    # Nothing acts before the order that creates it; an end before the start is a typo.
    if start < order_date:
        raise OhsError(f"Начало {_fmt(start)} раньше даты приказа {_fmt(order_date)}; исправьте дату.")
    if end is not None and end < start:
        raise OhsError(f"Дата окончания {_fmt(end)} раньше начала {_fmt(start)}; исправьте даты.")


def _check_active(person: Person, on: datetime.date, what: str) -> None:
    """A dismissed or not yet hired worker cannot sit on a commission or sign an order."""
    if person.hired_on > on:
        raise OhsError(
            f"{what} {person.full_name} принят(а) {_fmt(person.hired_on)}, позже даты приказа {_fmt(on)}; "
            "выберите другого работника."
        )
    if person.dismissed_on is not None and person.dismissed_on < on:
        raise OhsError(
            f"{what} {person.full_name} уволен(а) {_fmt(person.dismissed_on)}, до даты приказа {_fmt(on)}; "
            "выберите другого работника."
        )


def resolve_signer(session: Session, org: Organization, on: datetime.date, signer: Person | None) -> Person:
    """The head of the organization on the order date; a given signer must be that head."""
    from core.registry.org import role_holder

    head = role_holder(session, org, "head", on)
    if head is None:
        raise OhsError(
            f"Не указан руководитель организации на {_fmt(on)}, а приказ подписывает он; "
            "укажите его: ohs org set head=<работник>."
        )
    if signer is not None and signer.id != head.id:
        raise OhsError(
            f"{signer.full_name} не руководитель организации на {_fmt(on)}: приказ подписывает "
            f"{head.full_name}; уберите --signed-by или укажите руководителя."
        )
    _check_active(head, on, "Руководитель")
    return head


def add_commission(
    session: Session,
    org: Organization,
    kind: str,
    order_number: str,
    order_date: datetime.date,
    members: list[tuple[str, Person]],
    today: datetime.date,
    signed_by: Person | None = None,
    replaces_id: int | None = None,
    title: str | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> Commission:
    """Record an order creating a commission with its composition, after every rule holds."""
    from core.audit import audit

    if kind not in COMMISSION_KINDS:
        raise OhsError(f"Неизвестный вид комиссии «{kind}»; возможны: {', '.join(COMMISSION_KINDS)}.")
    number = _check_order(order_number, order_date, today)
    valid_from = valid_from or order_date
    _check_period(valid_from, valid_until, order_date)
    _check_composition(kind, members, order_date)
    signer = resolve_signer(session, org, order_date, signed_by)
    if _order_taken(session, org, number, order_date):
        raise OhsError(
            f"Приказ № {number} от {_fmt(order_date)} уже записан; проверьте номер и дату: ohs commission list."
        )
    old = _replaced(session, org, kind, replaces_id, valid_from) if replaces_id is not None else None
    commission = Commission(
        org_id=org.id, kind=kind, title=" ".join((title or COMMISSION_KINDS[kind]).split()),
        order_number=number, order_date=order_date, signed_by_id=signer.id,
        valid_from=valid_from, valid_until=valid_until, replaces_id=old.id if old else None,
    )
    session.add(commission)
    session.flush()
    for role, person in members:
        session.add(CommissionMember(
            org_id=org.id, commission_id=commission.id, person_id=person.id, role=role, from_date=valid_from,
        ))
    audit(
        session, org, "commission.add", "commission", commission.id, kind=kind, order_number=number,
        order_date=order_date, signed_by=signer.full_name, replaces_id=commission.replaces_id,
        members=[{"role": role, "person_id": p.id, "full_name": p.full_name} for role, p in members],
    )
    return commission


def _check_composition(kind: str, members: list[tuple[str, Person]], on: datetime.date) -> None:
    chairs = [p for role, p in members if role == "chair"]
    if not chairs:
        raise OhsError("В составе комиссии нет председателя; укажите его параметром --chair.")
    if len(chairs) > 1:
        names = ", ".join(p.full_name for p in chairs)
        raise OhsError(f"У комиссии может быть только один председатель, а указаны: {names}; оставьте одного.")
    if sum(1 for role, _p in members if role == "secretary") > 1:
        raise OhsError("У комиссии может быть только один секретарь; оставьте одного --secretary.")
    seen: dict[int, str] = {}
    for role, person in members:
        if person.id in seen:
            raise OhsError(
                f"{person.full_name} указан(а) в составе дважды ({MEMBER_ROLES[seen[person.id]]} и "
                f"{MEMBER_ROLES[role]}); каждый входит в комиссию один раз."
            )
        seen[person.id] = role
    if kind != "other" and len(members) < MIN_MEMBERS:
        rule = (
            "Правила обучения по охране труда (постановление Правительства РФ № 2464) требуют "
            if kind == "knowledge_check" else "комиссия должна состоять "
        )
        raise OhsError(
            f"В составе {len(members)} чел., а {rule}не менее трёх человек; добавьте членов параметром --member."
        )
    for role, person in members:
        _check_active(person, on, MEMBER_ROLES[role].capitalize())


def _order_taken(session: Session, org: Organization, number: str, on: datetime.date) -> bool:
    query = select(Commission.id).where(
        Commission.org_id == org.id, Commission.order_number == number, Commission.order_date == on
    )
    return session.exec(query).first() is not None


def _replaced(session: Session, org: Organization, kind: str, replaces_id: int, valid_from: datetime.date) -> Commission:
    old = session.get(Commission, replaces_id)
    if old is None or old.org_id != org.id:
        raise NotFoundError(f"Комиссии №{replaces_id} нет; посмотрите номера: ohs commission list --all.")
    if old.kind != kind:
        raise OhsError(
            f"Комиссия №{old.id} — {COMMISSION_KINDS.get(old.kind, old.kind)}, а новая — "
            f"{COMMISSION_KINDS[kind]}; заменять можно только комиссию того же вида."
        )
    successor = session.exec(select(Commission).where(Commission.replaces_id == old.id)).first()
    if successor is not None:
        raise OhsError(
            f"Комиссия №{old.id} уже заменена приказом № {successor.order_number} от "
            f"{_fmt(successor.order_date)} (комиссия №{successor.id}); заменяйте действующую."
        )
    if valid_from < old.valid_from:
        raise OhsError(
            f"Новый состав действует с {_fmt(valid_from)}, раньше заменяемого (с {_fmt(old.valid_from)}); исправьте дату."
        )
    return old


def commission_ends(session: Session, org: Organization) -> dict[int, datetime.date | None]:
    """Commission id → its last day: the day before its successor starts, ``valid_until`` or dissolution."""
    rows = list(session.exec(select(Commission).where(Commission.org_id == org.id)))
    successor_start = {c.replaces_id: c.valid_from for c in rows if c.replaces_id is not None}
    ends: dict[int, datetime.date | None] = {}
    for c in rows:
        candidates = [d for d in (c.valid_until, c.dissolved_on) if d is not None]
        if c.id in successor_start:
            candidates.append(successor_start[c.id] - datetime.timedelta(days=1))
        ends[c.id] = min(candidates) if candidates else None
    return ends


def list_commissions(
    session: Session, org: Organization, on: datetime.date | None = None, kind: str | None = None
) -> list[Commission]:
    """Commissions in force on ``on`` (not replaced by then), or every one when ``on`` is None."""
    if kind is not None and kind not in COMMISSION_KINDS:
        raise OhsError(f"Неизвестный вид комиссии «{kind}»; возможны: {', '.join(COMMISSION_KINDS)}.")
    query = select(Commission).where(Commission.org_id == org.id)
    if kind:
        query = query.where(Commission.kind == kind)
    rows = list(session.exec(query.order_by(Commission.valid_from, Commission.id)))
    if on is None:
        return rows
    ends = commission_ends(session, org)
    return [c for c in rows if c.valid_from <= on and (ends[c.id] is None or ends[c.id] >= on)]


def get_commission(session: Session, org: Organization, commission_id: int) -> Commission:
    """The commission with that number in this organization."""
    commission = session.get(Commission, commission_id)
    if commission is None or commission.org_id != org.id:
        raise NotFoundError(f"Комиссии №{commission_id} нет; посмотрите номера: ohs commission list --all.")
    return commission


def members_of(session: Session, commission: Commission) -> list[tuple[CommissionMember, Person]]:
    """The composition, chair first, then deputy, secretary and members by surname."""
    query = select(CommissionMember, Person).join(Person, Person.id == CommissionMember.person_id).where(
        CommissionMember.commission_id == commission.id
    )
    order = list(MEMBER_ROLES)
    return sorted(session.exec(query).all(), key=lambda mp: (order.index(mp[0].role), mp[1].surname, mp[1].id))


def commission_json(
    session: Session, org: Organization, commission: Commission, ends: dict[int, datetime.date | None] | None = None
) -> dict[str, Any]:
    """A commission with its order, period and members as a JSON-ready dict (``ends`` from ``commission_ends``)."""
    ends = ends if ends is not None else commission_ends(session, org)
    signer = session.get(Person, commission.signed_by_id)
    successor = session.exec(select(Commission.id).where(Commission.replaces_id == commission.id)).first()
    return {
        "id": commission.id,
        "kind": commission.kind,
        "kind_title": COMMISSION_KINDS.get(commission.kind, commission.kind),
        "title": commission.title,
        "order_number": commission.order_number,
        "order_date": commission.order_date.isoformat(),
        "signed_by": {"id": signer.id, "full_name": signer.full_name, "position": signer.position},
        "valid_from": commission.valid_from.isoformat(),
        "valid_until": commission.valid_until.isoformat() if commission.valid_until else None,
        "ends_on": ends[commission.id].isoformat() if ends[commission.id] else None,
        "replaces_id": commission.replaces_id,
        "replaced_by_id": successor,
        "members": [
            {"person_id": p.id, "full_name": p.full_name, "position": p.position, "role": m.role,
             "role_title": MEMBER_ROLES[m.role]}
            for m, p in members_of(session, commission)
        ],
    }


def commissions_of(
    session: Session, org: Organization, person: Person, since: datetime.date | None = None
) -> list[CommissionSeat]:
    """Every commission the person sits or sat on, with role and period; ``since`` drops those ended before it."""
    ends = commission_ends(session, org)
    query = select(CommissionMember, Commission).join(Commission, Commission.id == CommissionMember.commission_id).where(
        CommissionMember.org_id == org.id, CommissionMember.person_id == person.id
    )
    seats = []
    for member, c in session.exec(query.order_by(Commission.valid_from, Commission.id)).all():
        until = min((d for d in (member.until_date, ends[c.id]) if d is not None), default=None)
        if since is not None and until is not None and until < since:
            continue
        seats.append(CommissionSeat(
            commission_id=c.id, kind=c.kind, kind_title=COMMISSION_KINDS.get(c.kind, c.kind), title=c.title,
            role=member.role, role_title=MEMBER_ROLES[member.role], order_number=c.order_number,
            order_date=c.order_date, from_date=member.from_date, until_date=until,
        ))
    return seats


def add_appointment(
    session: Session,
    org: Organization,
    role: str,
    person: Person,
    order_number: str,
    order_date: datetime.date,
    today: datetime.date,
    department: Department | None = None,
    from_date: datetime.date | None = None,
    until_date: datetime.date | None = None,
) -> Appointment:
    """Record an appointment by order; a later one for the same role and scope takes over from its date."""
    from core.audit import audit

    if role not in APPOINTMENT_ROLES:
        raise OhsError(f"Неизвестная обязанность «{role}»; возможны: {', '.join(APPOINTMENT_ROLES)}.")
    if department is not None and role not in SCOPED_ROLES:
        raise OhsError(f"«{APPOINTMENT_ROLES[role]}» назначается на всю организацию; уберите --department.")
    number = _check_order(order_number, order_date, today)
    from_date = from_date or order_date
    _check_period(from_date, until_date, order_date)
    _check_active(person, order_date, "Работник")
    if _order_taken(session, org, number, order_date):
        raise OhsError(
            f"Приказ № {number} от {_fmt(order_date)} уже записан как приказ о комиссии; проверьте номер и дату."
        )
    scope = Appointment.department_id == department.id if department else Appointment.department_id.is_(None)
    duplicate = session.exec(select(Appointment.id).where(
        Appointment.org_id == org.id, Appointment.role == role, Appointment.person_id == person.id,
        Appointment.order_number == number, Appointment.order_date == order_date, scope,
    )).first()
    if duplicate is not None:
        raise OhsError(f"Это назначение по приказу № {number} от {_fmt(order_date)} уже записано (№{duplicate}).")
    appointment = Appointment(
        org_id=org.id, role=role, person_id=person.id, department_id=department.id if department else None,
        order_number=number, order_date=order_date, from_date=from_date, until_date=until_date,
    )
    session.add(appointment)
    session.flush()
    audit(
        session, org, "appointment.add", "appointment", appointment.id, role=role, full_name=person.full_name,
        department=department.name if department else None, order_number=number, order_date=order_date,
    )
    return appointment


def current_appointments(session: Session, org: Organization, on: datetime.date) -> list[tuple[Appointment, Person]]:
    """Appointments in force on ``on``: per role and department, the latest that has started and not ended."""
    query = select(Appointment, Person).join(Person, Person.id == Appointment.person_id).where(
        Appointment.org_id == org.id, Appointment.from_date <= on
    )
    latest: dict[tuple[str, int | None], tuple[Appointment, Person]] = {}
    for appointment, person in session.exec(query.order_by(Appointment.from_date, Appointment.id)).all():
        # A later order for the same duty and scope takes over: the earlier one is history, not edited.
        latest[(appointment.role, appointment.department_id)] = (appointment, person)
    order = list(APPOINTMENT_ROLES)
    return sorted(
        ((a, p) for a, p in latest.values() if a.until_date is None or a.until_date >= on),
        key=lambda ap: (order.index(ap[0].role) if ap[0].role in order else len(order), ap[0].department_id or 0),
    )


def appointment_json(appointment: Appointment, person: Person, dept_names: dict[int, str]) -> dict[str, Any]:
    """An appointment as a JSON-ready dict."""
    return {
        "id": appointment.id,
        "role": appointment.role,
        "role_title": APPOINTMENT_ROLES.get(appointment.role, appointment.role),
        "person_id": person.id,
        "full_name": person.full_name,
        "position": person.position,
        "department": dept_names.get(appointment.department_id) if appointment.department_id else None,
        "order_number": appointment.order_number,
        "order_date": appointment.order_date.isoformat(),
        "from_date": appointment.from_date.isoformat(),
        "until_date": appointment.until_date.isoformat() if appointment.until_date else None,
    }
