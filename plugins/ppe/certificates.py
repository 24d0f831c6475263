"""Certificates and declarations of conformity of issued СИЗ, with the day each stops being valid.

An issue names its certificate as text (``--certificate``); the day it is valid until is kept once
per certificate (``ppe_certificate``), because one delivery under one certificate is issued to many
people. Items still in use whose certificate has expired, or expires within the ``ohs due`` window,
are due items and ``ohs check`` findings (the rule: plugins/ppe/data/regulation.toml, ``certified``).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from plugins.ppe.journal import fold_item

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.obligations.checks import Finding
    from core.obligations.due import DueItem
    from core.storage.models import Organization
    from plugins.ppe.journal import Holding
    from plugins.ppe.models import PpeCertificate


def clean(text: str | None) -> str | None:
    """The certificate as written, spaces collapsed; None when empty."""
    return " ".join((text or "").split()) or None


def validity(session: Session, org: Organization) -> dict[str, PpeCertificate]:
    """Folded certificate text → its row (one query)."""
    from sqlmodel import select

    from plugins.ppe.models import PpeCertificate

    return {c.key: c for c in session.exec(select(PpeCertificate).where(PpeCertificate.org_id == org.id))}


def check_issue(session: Session, org: Organization, certificate: str | None, until: datetime.date | None,
                on: datetime.date, option: str = "--certificate-until") -> None:
    """Refuse a validity date without a certificate, a date that contradicts the recorded one, and an
    issue made after the certificate expired. Writes nothing."""
    text = clean(certificate)
    if until is not None and text is None:
        raise OhsError(f"Срок действия сертификата ({option}) указан без самого сертификата: добавьте "
                       "--certificate \"номер сертификата или декларации\".")
    if text is None:
        return
    known = validity(session, org).get(fold_item(text))
    if until is not None and known is not None and known.valid_until != until:
        raise OhsError(f"Для «{known.text}» уже записан срок действия до {known.valid_until:%d.%m.%Y}, а указано "
                       f"{until:%d.%m.%Y} ({option}); проверьте дату или номер сертификата.")
    valid_until = until or (known.valid_until if known else None)
    if valid_until is not None and on > valid_until:
        raise OhsError(f"Срок действия «{text}» истёк {valid_until:%d.%m.%Y}, а дата выдачи {on:%d.%m.%Y} (--on) "
                       f"позже ({option if until else '--certificate'}): выдавать СИЗ без действующего "
                       "сертификата или декларации нельзя.")


def record(session: Session, org: Organization, certificate: str | None, until: datetime.date | None,
           today: datetime.date) -> PpeCertificate | None:
    """Keep the certificate's validity (after :func:`check_issue`); a certificate already kept is left as it is."""
    from core.audit import audit
    from plugins.ppe.models import PpeCertificate

    text = clean(certificate)
    if text is None or until is None:
        return None
    key = fold_item(text)
    known = validity(session, org).get(key)
    if known is not None:
        return known
    row = PpeCertificate(org_id=org.id, key=key, text=text, valid_until=until, added_on=today)
    session.add(row)
    session.flush()
    audit(session, org, "ppe.certificate", "ppe_certificate", row.id, certificate=text, valid_until=until)
    return row


def set_validity(session: Session, org: Organization, certificate: str, until: datetime.date | None,
                 today: datetime.date) -> PpeCertificate:
    """``ohs ppe certificate set``: the validity of a certificate that issues already name."""
    from sqlmodel import select

    from plugins.ppe.models import PpeEntry

    text = clean(certificate)
    if text is None:
        raise OhsError("Не указан сертификат или декларация (СЕРТИФИКАТ).")
    if until is None:
        raise OhsError("Укажите, до какого дня действует сертификат: --until ГГГГ-ММ-ДД.")
    named = {fold_item(c) for c in session.exec(select(PpeEntry.certificate).where(
        PpeEntry.org_id == org.id, PpeEntry.certificate.is_not(None)).distinct())}
    if fold_item(text) not in named:
        raise OhsError(f"«{text}» (СЕРТИФИКАТ) не указан ни в одной выдаче СИЗ; посмотрите журнал: ohs ppe history.")
    check_issue(session, org, text, until, datetime.date.min, option="--until")
    return record(session, org, text, until, today)


def certificate_json(row: PpeCertificate) -> dict[str, Any]:
    """One certificate as plain data."""
    return {"certificate": row.text, "valid_until": row.valid_until.isoformat(), "added_on": row.added_on.isoformat()}


def expiring(held: dict[tuple[int, str], Holding], certs: dict[str, PpeCertificate], active: set[int],
             until: datetime.date) -> list[tuple[Any, int, PpeCertificate]]:
    """(lot's entry, quantity held, certificate) of items in use whose certificate is valid only until ``until`` or before."""
    found = []
    for (person_id, _key), holding in held.items():
        if person_id not in active:
            continue
        for lot in holding.open_lots:
            text = getattr(lot.entry, "certificate", None)
            cert = certs.get(fold_item(text)) if text else None
            if cert is not None and cert.valid_until <= until:
                found.append((lot.entry, lot.remaining, cert))
    return found


def due_items(session: Session, org: Organization, held: dict, people: dict, today: datetime.date,
              until: datetime.date, name_of) -> list[DueItem]:
    """Items in use whose certificate expired or expires by ``until`` (due on its last valid day)."""
    from core.obligations.due import DueItem
    from plugins.ppe.regulation import regulation

    certs = validity(session, org)
    if not certs:
        return []
    active = {pid for pid, p in people.items() if p.hired_on <= today and (p.dismissed_on is None or p.dismissed_on > today)}
    rule = regulation().rule("certified").citation
    found = []
    for entry, quantity, cert in expiring(held, certs, active, until):
        verb = "истёк" if cert.valid_until < today else "истекает"
        found.append(DueItem(due=cert.valid_until, title=f"Срок действия сертификата СИЗ {verb}: {entry.item} "
                             f"({quantity}; {cert.text}, действует до {cert.valid_until:%d.%m.%Y}) — заменить СИЗ",
                             source="ppe", subject=name_of(people[entry.person_id]), rule=rule,
                             record=f"ppe:{entry.seq}", kind="ppe.certificate"))
    return found


def findings(session: Session, org: Organization, today: datetime.date) -> list[Finding]:
    """An error per expired certificate whose СИЗ are still in use (how many items, how many people)."""
    from sqlmodel import select

    from core.obligations.checks import Finding
    from core.storage.models import Person
    from core.render.russian_numbers import plural
    from plugins.ppe.journal import open_holdings
    from plugins.ppe.regulation import regulation

    certs = validity(session, org)
    if not certs:
        return []
    active = {pid for pid, hired, dismissed in session.execute(select(Person.id, Person.hired_on, Person.dismissed_on)
                                                                .where(Person.org_id == org.id))
              if hired <= today and (dismissed is None or dismissed > today)}
    by_cert: dict[int, list] = {}
    yesterday = today - datetime.timedelta(days=1)
    for entry, quantity, cert in expiring(open_holdings(session, org), certs, active, yesterday):
        by_cert.setdefault(cert.id, [cert, 0, set()])
        by_cert[cert.id][1] += quantity
        by_cert[cert.id][2].add(entry.person_id)
    rule = regulation().rule("certified").citation
    return [Finding("error", "В применении СИЗ с истёкшим сертификатом (декларацией)", "ppe",
                    detail=f"«{cert.text}» действовал до {cert.valid_until:%d.%m.%Y}; на руках {quantity} ед. у "
                           f"{plural(len(people), 'работника', 'работников', 'работников')} ({rule}).",
                    fix="ohs due — замените эти СИЗ: ohs ppe writeoff … и ohs ppe issue … --certificate …",
                    subject=cert.text)
            for cert, quantity, people in by_cert.values()]
