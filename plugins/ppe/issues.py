"""Issue, return and write-off of СИЗ: every entry checked first, then all written, or none.

Refused, in one Russian sentence naming the field: an item not in the person's norm (``--item``), a
position without a norm, a quantity above the norm without ``--reason`` (``--qty``), a date before
hiring or after dismissal (``--on``), a return or write-off of more than the person holds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from plugins.ppe import certificates
from plugins.ppe.journal import all_entries, append, fold_item, holdings
from plugins.ppe.norms import find_item, norm_items, norm_on

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from plugins.ppe.models import PpeEntry


def _fmt(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def _clean(value: str | None) -> str | None:
    return " ".join((value or "").split()) or None


@dataclass(frozen=True)
class IssueData:
    """What one issue records besides the person (the same for everyone issued together)."""

    item: str
    quantity: int
    on: datetime.date
    size: str | None = None
    certificate: str | None = None
    reason: str | None = None
    #: The last day the certificate (declaration) of conformity is valid; kept once per certificate.
    certificate_until: datetime.date | None = None


def _check_dates(person: Person, on: datetime.date, today: datetime.date, what: str) -> None:
    if on > today:
        raise OhsError(f"Дата {what} {_fmt(on)} (--on) ещё не наступила; укажите день, когда это было.")
    if on < person.hired_on:
        raise OhsError(f"{person.full_name} принят на работу {_fmt(person.hired_on)}, а дата {what} {_fmt(on)} "
                       "(--on) раньше; проверьте дату.")


def _check_quantity(quantity: int | None) -> int:
    if quantity is None or quantity < 1:
        raise OhsError("Количество (--qty) должно быть целым числом не меньше 1.")
    return quantity


def issue_row(session: Session, org: Organization, person: Person, data: IssueData,
              today: datetime.date, norms: dict[str, Any] | None = None) -> dict[str, Any]:
    """Check one person's issue against the norm and the dates; the journal row to write.

    ``norms`` caches position → (norm, lines) across the people of one issue.
    """
    _check_quantity(data.quantity)
    _check_dates(person, data.on, today, "выдачи")
    if person.dismissed_on is not None and data.on > person.dismissed_on:
        raise OhsError(f"{person.full_name} уволен {_fmt(person.dismissed_on)}, выдачу {_fmt(data.on)} (--on) "
                       "записать нельзя; проверьте работника и дату.")
    cache = norms if norms is not None else {}
    if person.position not in cache:
        found = norm_on(session, org, person.position, data.on)
        cache[person.position] = (found, norm_items(session, found) if found else [])
    norm, items = cache[person.position]
    if norm is None:
        raise OhsError(f"Для должности «{person.position}» нет норм выдачи СИЗ на {_fmt(data.on)}; "
                       f"добавьте их: ohs ppe norm add \"{person.position}\" --item … .")
    item = find_item(items, data.item)
    if item is None:
        listed = "; ".join(i.name for i in items) or "пусто"
        raise OhsError(f"СИЗ «{data.item}» (--item) нет в нормах должности «{person.position}» "
                       f"(в нормах: {listed}).")
    if data.quantity > item.quantity and not _clean(data.reason):
        raise OhsError(f"Количество {data.quantity} (--qty) больше нормы ({item.quantity} {item.unit}) для "
                       f"«{item.name}»; укажите причину: --reason \"…\".")
    return {"person_id": person.id, "kind": "issue", "on": data.on, "item": item.name, "norm_item_id": item.id,
            "quantity": data.quantity, "size": _clean(data.size), "certificate": _clean(data.certificate),
            "wear_percent": None, "reason": _clean(data.reason)}


def issue(session: Session, org: Organization, people: list[Person], data: IssueData,
          today: datetime.date) -> list[PpeEntry]:
    """Record one issue to several people: all are checked first, then all are written, or none."""
    if not people:
        raise OhsError("Не указано, кому выданы СИЗ: перечислите работников или укажите --department.")
    seen: set[int] = set()
    unique = [p for p in people if not (p.id in seen or seen.add(p.id))]
    norms: dict[str, Any] = {}
    rows = [issue_row(session, org, p, data, today, norms) for p in unique]
    certificates.check_issue(session, org, data.certificate, data.certificate_until, data.on)
    certificates.record(session, org, data.certificate, data.certificate_until, today)
    return append(session, org, rows, {p.id: p.full_name for p in unique})


def close(session: Session, org: Organization, person: Person, *, kind: str, item: str, quantity: int,
          on: datetime.date, today: datetime.date, wear_percent: int | None = None,
          reason: str | None = None) -> PpeEntry:
    """Record a return (``kind="return"``) or a write-off of items the person holds."""
    what = "возврата" if kind == "return" else "списания"
    _check_quantity(quantity)
    _check_dates(person, on, today, what)
    if wear_percent is not None and not 0 <= wear_percent <= 100:
        raise OhsError("Процент износа (--wear) — целое число от 0 до 100.")
    if kind == "writeoff" and not _clean(reason):
        raise OhsError("Укажите причину списания: --reason \"…\" (например, «износ», «утрата при аварии»).")
    holding = holdings(all_entries(session, org, [person.id])).get((person.id, fold_item(item)))
    if holding is None or not holding.lots:
        raise OhsError(f"«{item}» (--item) работнику {person.full_name} не выдавался; {what[:-1]} записать нельзя "
                       "— посмотрите его карточку: ohs ppe card.")
    if quantity > holding.quantity:
        raise OhsError(f"У работника {person.full_name} на руках {holding.quantity} «{item}», а указано "
                       f"{quantity} (--qty); проверьте количество.")
    first = holding.open_lots[0].entry
    if on < first.on:
        raise OhsError(f"«{item}» выдан {_fmt(first.on)}, а дата {what} {_fmt(on)} (--on) раньше; проверьте дату.")
    row = {"person_id": person.id, "kind": kind, "on": on, "item": first.item, "norm_item_id": first.norm_item_id,
           "quantity": quantity, "size": None, "certificate": None, "wear_percent": wear_percent,
           "reason": _clean(reason)}
    return append(session, org, [row], {person.id: person.full_name})[0]


def history_json(session: Session, org: Organization, entries: list[PpeEntry]) -> list[dict[str, Any]]:
    """Entries as plain data with the person's name and the corrected entry's number."""
    from sqlmodel import select

    from core.storage.models import Person
    from plugins.ppe.models import ENTRY_KINDS, PpeEntry

    names = {p.id: p.full_name for p in session.exec(select(Person).where(Person.org_id == org.id))}
    seqs = dict(session.exec(select(PpeEntry.id, PpeEntry.seq).where(PpeEntry.org_id == org.id)).all())
    return [{"seq": e.seq, "on": e.on.isoformat(), "kind": e.kind, "kind_title": ENTRY_KINDS[e.kind],
             "person_id": e.person_id, "person": names.get(e.person_id), "item": e.item, "quantity": e.quantity,
             "size": e.size, "certificate": e.certificate, "wear_percent": e.wear_percent, "reason": e.reason,
             "corrects": seqs.get(e.corrects_id) if e.corrects_id else None, "hash": e.hash} for e in entries]


def correct(session: Session, org: Organization, seq: int, today: datetime.date, *, reason: str,
            on: datetime.date | None = None, quantity: int | None = None, item: str | None = None,
            size: str | None = None, certificate: str | None = None, wear_percent: int | None = None,
            certificate_until: datetime.date | None = None) -> PpeEntry:
    """Add a correction: the entry ``seq`` with the given fields replaced; the old entry stays in the chain.

    Computations (holdings, due dates, the card) read the correction in the corrected entry's place.
    """
    from core.journal import get_entry
    from core.storage.models import Person
    from plugins.ppe.journal import ppe_spec

    if not _clean(reason):
        raise OhsError("Укажите причину исправления: --reason \"…\".")
    old = get_entry(session, org, ppe_spec(), seq)
    person = session.get(Person, old.person_id)
    if old.kind == "issue":
        data = IssueData(item=item or old.item, quantity=quantity or old.quantity, on=on or old.on,
                         size=size if size is not None else old.size,
                         certificate=certificate if certificate is not None else old.certificate, reason=reason)
        row = issue_row(session, org, person, data, today)
        certificates.check_issue(session, org, data.certificate, certificate_until, data.on)
        certificates.record(session, org, data.certificate, certificate_until, today)
    else:
        if certificate_until is not None:
            raise OhsError("Срок действия сертификата (--certificate-until) исправляется только в записи о выдаче.")
        what = "возврата" if old.kind == "return" else "списания"
        day, qty = on or old.on, _check_quantity(quantity or old.quantity)
        _check_dates(person, day, today, what)
        # The person's entries without the corrected one and its earlier corrections.
        dropped, others = {old.id}, []
        for entry in all_entries(session, org, [person.id]):
            if entry.id in dropped or entry.corrects_id in dropped:
                dropped.add(entry.id)
            else:
                others.append(entry)
        holding = holdings(others).get((person.id, fold_item(old.item)))
        if holding is None or qty > holding.quantity:
            raise OhsError(f"После исправления у работника {person.full_name} вернулось бы больше «{old.item}», "
                           f"чем выдано; проверьте количество (--qty).")
        row = {"person_id": person.id, "kind": old.kind, "on": day, "item": old.item, "norm_item_id": old.norm_item_id,
               "quantity": qty, "size": None, "certificate": None,
               "wear_percent": wear_percent if wear_percent is not None else old.wear_percent, "reason": _clean(reason)}
    row["corrects_id"] = old.id
    return append(session, org, [row], {person.id: person.full_name})[0]
