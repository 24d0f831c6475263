"""``ohs due`` items of the ppe plugin and the ``ohs check`` findings about its norms.

Due items, each with the rule it comes from (plugins/ppe/data/regulation.toml):
- replacement: an issue still held whose period (months) ends — issue date + period;
- missing: a line of the person's current norm (or its «или» alternatives) held in a smaller quantity
  than the norm says — due from the later of hiring (a new hire gets СИЗ on day one), the first day
  the position's norms carried that line, and the day the person's last one was returned;
- return: a dismissed person still holding items.
«До износа» and «дежурный» lines have no replacement date; duty items stay at the workplace, so they
are not counted as missing for a person either.
"""

from __future__ import annotations

import calendar
import datetime
from typing import TYPE_CHECKING

from plugins.ppe.journal import fold_item, open_holdings
from plugins.ppe.norms import all_norms, applying, items_by_norm

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.obligations.checks import Finding
    from core.obligations.due import DueItem
    from core.storage.models import Organization

SOURCE = "ppe"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day when it has no such day: 31.01 + 1 → 28.02)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _first_listed(versions, name: str, day: datetime.date, by_norm) -> datetime.date | None:
    """The first day of the versions up to ``day`` from which the position's norms carry ``name`` without a gap."""
    since = None
    for norm in versions:
        if norm.valid_from > day:
            break
        listed = any(fold_item(i.name) == name for i in by_norm.get(norm.id, ()))
        since = (since or norm.valid_from) if listed else None
    return since


def _full_name(person) -> str:
    """«Фамилия Имя Отчество» of a person row."""
    return " ".join(part for part in (person.surname, person.name, person.patronymic) if part)


def due_items(session: Session, org: Organization, today: datetime.date, until: datetime.date) -> list[DueItem]:
    """Replacement, missing, transfer, certificate and return items of every person (overdue and due by ``until``)."""
    from sqlmodel import select

    from core.obligations.due import DueItem
    from core.storage.models import Person
    from plugins.ppe import certificates
    from plugins.ppe.models import PpeNormItem
    from plugins.ppe.regulation import regulation
    from plugins.ppe.transfer import NormShape, difference, norm_shape, position_changes

    reg = regulation()
    norms = all_norms(session, org)
    by_norm = items_by_norm(session, org)
    held = open_holdings(session, org)
    norm_item = {i.id: i for items in by_norm.values() for i in items}
    # Rows, not ORM objects: 10,000 people load in a fraction of the time (``ohs due`` has a budget).
    people = {p.id: p for p in session.execute(select(
        Person.id, Person.surname, Person.name, Person.patronymic, Person.position, Person.hired_on,
        Person.dismissed_on).where(Person.org_id == org.id)).all()}
    by_person: dict[int, dict[str, object]] = {}
    for (person_id, key), holding in held.items():
        by_person.setdefault(person_id, {})[key] = holding
    current: dict[int, list[PpeNormItem]] = {}
    no_items: list[PpeNormItem] = []  # one shared list: shapes are cached by the list's identity below
    for person in people.values():
        norm = applying(norms.get(person.position, []), today)
        current[person.id] = by_norm.get(norm.id, no_items) if norm else no_items
    shapes: dict[int, NormShape] = {}

    def shape_of(items: list[PpeNormItem]) -> NormShape:
        # Thousands of people share a handful of norms: fold their names and group their lines once.
        found = shapes.get(id(items))
        if found is None:
            found = shapes[id(items)] = norm_shape(items)
        return found
    moved = position_changes(session, org)
    found: list[DueItem] = []
    for (person_id, key), holding in held.items():
        person = people[person_id]
        name = _full_name(person)
        dismissed = person.dismissed_on is not None and person.dismissed_on <= today
        listed = shape_of(current[person_id]).listed
        for lot in holding.open_lots:
            item: PpeNormItem | None = norm_item.get(lot.entry.norm_item_id)
            unit = item.unit if item else "шт."
            if dismissed:
                found.append(DueItem(due=person.dismissed_on, title=f"Вернуть СИЗ при увольнении: {lot.entry.item} "
                                     f"({lot.remaining} {unit})", source=SOURCE,
                                     subject=name, rule=reg.rule("return_on_dismissal").citation,
                                     record=f"ppe:{lot.entry.seq}", kind="ppe.return"))
                continue
            if key not in listed and person.hired_on <= today:
                # Issued under another position's norm: the person was transferred (see plugins/ppe/transfer.py).
                found.append(DueItem(due=min(moved.get(person_id, (today, False))[0], today),
                                     title=f"Перевод: {lot.entry.item} ({lot.remaining} {unit}) нет в нормах "
                                           f"должности «{person.position}» — вернуть или оставить по решению "
                                           "работодателя", source=SOURCE, subject=name,
                                     rule=reg.rule("transfer").citation, record=f"ppe:{lot.entry.seq}",
                                     kind="ppe.transfer"))
                continue
            if item is None or item.period_kind != "months":
                continue
            due = add_months(lot.entry.on, item.period_months)
            if due > until and due >= today:
                continue
            found.append(DueItem(due=due, title=f"Заменить СИЗ: {lot.entry.item} (выдан {lot.entry.on:%d.%m.%Y}, "
                                 f"срок {item.period_months} мес.)", source=SOURCE, subject=name,
                                 rule=reg.rule("replacement").citation, record=f"ppe:{lot.entry.seq}",
                                 kind="ppe.replacement"))
    found += certificates.due_items(session, org, held, people, today, until, _full_name)
    for person in people.values():
        if person.hired_on > today or (person.dismissed_on is not None and person.dismissed_on < today):
            continue
        if not current[person.id]:
            continue
        versions = norms[person.position]
        norm = applying(versions, today)
        mine = by_person.get(person.id, {})
        # A transferred person gets the new norm's items from the day of the transfer (an import's
        # update counts as one only when the person still holds another position's items).
        day, sure = moved.get(person.id, (None, False))
        listed = shape_of(current[person.id]).listed
        # A change recorded after the day asked about (``--today`` in the past) counts from that day.
        transferred = [min(day, today)] if day is not None and (sure or any(k not in listed for k in mine)) else []
        for group, missing in difference(mine, current[person.id], shape_of(current[person.id])).issue:
            main = group[0]
            names = " или ".join(i.name for i in group)
            since = _first_listed(versions, fold_item(main.name), today, by_norm) or norm.valid_from
            closed = [h.last_closed for i in group if (h := mine.get(fold_item(i.name))) and h.last_closed]
            due = max([person.hired_on, since, *closed, *transferred])
            found.append(DueItem(due=due, title=f"Выдать СИЗ по нормам: {names} ({missing} {main.unit})",
                                 source=SOURCE, subject=_full_name(person), rule=reg.rule("issue_on_hire").citation,
                                 record=f"ppe-norm:{norm.position}:{norm.version}:{main.line}", kind="ppe.missing"))
    return [d for d in found if d.due <= until or d.due < today]


def checks(session: Session, org: Organization, today: datetime.date,
           pm: pluggy.PluginManager | None = None) -> list[Finding]:
    """Norms never approved as a document, and which basis each current norm rests on (with the transition dates)."""
    from sqlmodel import select

    from core.obligations.checks import Finding
    from core.documents.models import Document
    from plugins.ppe.models import BASIS_KINDS
    from plugins.ppe.norms import current_norms
    from plugins.ppe.regulation import regulation

    from plugins.ppe import certificates, hazards

    reg = regulation()
    norms = current_norms(session, org, today)
    if not norms:
        return []
    # The risk-register checks only where the plugin is in use (norms kept): a register alone is not its business.
    found: list[Finding] = [*certificates.findings(session, org, today), *hazards.findings(session, org, today, pm)]
    approved = [d for d in session.exec(select(Document).where(Document.org_id == org.id, Document.kind == "ppe_norms"))
                if d.status == "approved" and (d.approved_on or d.made_on) <= today]
    latest = max((n.created_at for n in norms), default=None)
    if not approved:
        found.append(Finding("warning", "Нормы выдачи СИЗ не утверждены", SOURCE,
                             detail=f"Должностей с нормами: {len(norms)}, но документа «Нормы бесплатной выдачи СИЗ "
                                    f"и смывающих средств» в статусе «утверждён» нет ({reg.rule('norms_approved').citation}).",
                             fix="ohs docs make ppe_norms, затем ohs docs approve"))
    elif latest is not None and all(d.created_at < latest for d in approved):
        found.append(Finding("warning", "Нормы выдачи СИЗ изменены после утверждения", SOURCE,
                             detail=f"Последнее изменение норм позже утверждённой редакции документа "
                                    f"({reg.rule('norms_revision').citation}).",
                             fix="ohs docs make ppe_norms, затем ohs docs approve"))
    by_norm = items_by_norm(session, org)
    ended = {t.basis: t for t in reg.transitions if t.until is not None}
    for norm in norms:
        kinds = sorted({i.basis_kind for i in by_norm.get(norm.id, [])})
        words = ", ".join(BASIS_KINDS[k] for k in kinds) or "строк нет"
        old = ended.get("typical_old")
        if "typical_old" in kinds and old is not None and today > old.until:
            found.append(Finding("error", "Нормы опираются на прежние типовые нормы после переходного периода", SOURCE,
                                 detail=f"{old.text} ({old.act}); сегодня {today:%d.%m.%Y}.",
                                 fix=f"ohs ppe norm add \"{norm.position}\" … --basis etn:…",
                                 subject=norm.position))
        found.append(Finding("info", "Основание норм выдачи СИЗ", SOURCE,
                             detail=f"Редакция {norm.version} с {norm.valid_from:%d.%m.%Y}: {words}.",
                             subject=norm.position))
    return found


def stats(session: Session, org: Organization) -> list[tuple[str, str, int]]:
    """Journal entries, people with a card (any entry), positions with norms, norms approved."""
    from sqlmodel import func, select

    from core.documents.models import Document
    from plugins.ppe.models import PpeEntry, PpeNorm

    entries = session.exec(select(func.count()).select_from(PpeEntry).where(PpeEntry.org_id == org.id)).one()
    cards = session.exec(select(func.count(func.distinct(PpeEntry.person_id))).where(PpeEntry.org_id == org.id)).one()
    positions = session.exec(select(func.count(func.distinct(PpeNorm.position))).where(PpeNorm.org_id == org.id)).one()
    approved = session.exec(select(func.count()).select_from(Document).where(
        Document.org_id == org.id, Document.kind == "ppe_norms", Document.status == "approved")).one()
    return [("ppe", "Записи о выдаче СИЗ", entries), ("ppe.cards", "Личные карточки учёта выдачи СИЗ", cards),
            ("ppe.norms", "Должности с нормами выдачи СИЗ", positions),
            ("ppe.norms_approved", "Утверждённые редакции норм выдачи СИЗ", approved)]
