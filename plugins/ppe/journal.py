"""The journal of issue, return and write-off of СИЗ: one hash chain per organization.

Why one journal for the three kinds: the personal card (Приложение № 2 to the Правила 766н) shows
issue and return side by side, and what a person holds is the running balance of all three; a single
chain keeps their order beyond dispute. Entries are never edited: a wrong one is corrected by a new
entry naming it (``corrects_id``), and computations read the corrected entry's replacement instead.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.journal import JournalSpec, append_entries
from plugins.ppe.models import ENTRY_KINDS, PpeEntry

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

#: Advisory-lock namespace of this chain on PostgreSQL (unique among journals).
LOCK_NAMESPACE = 0x0B5E
HASHED_FIELDS = (
    "org_id", "seq", "person_id", "kind", "on", "item", "norm_item_id", "quantity", "size", "certificate",
    "wear_percent", "reason", "corrects_id", "created_at", "actor",
)


def _label(session: Session, entry: PpeEntry) -> str:
    """«запись № 3 от 12.03.2026 (Климова Н.П., выдача: Перчатки)»."""
    from core.storage.models import Person

    person = session.get(Person, entry.person_id)
    name = person.short_name if person else f"работник №{entry.person_id}"
    return f"запись № {entry.seq} от {entry.on:%d.%m.%Y} ({name}, {ENTRY_KINDS.get(entry.kind, entry.kind)}: {entry.item})"


@functools.lru_cache(maxsize=1)
def ppe_spec() -> JournalSpec:
    """The journal as the framework and ``ohs verify`` see it."""
    return JournalSpec(key="ppe", title="Журнал выдачи СИЗ", model=PpeEntry, entity="ppe_entry",
                       namespace=LOCK_NAMESPACE, hashed=HASHED_FIELDS, label=_label,
                       list_command="ohs ppe history", corrects="corrects_id")


def append(session: Session, org: Organization, rows: list[dict[str, Any]], names: dict[int, str]) -> list[PpeEntry]:
    """Append entries (the journal's own fields) at the chain's end, each audited."""
    def audit_for(entry: PpeEntry) -> tuple[str, dict[str, Any]]:
        return f"ppe.{entry.kind}", {"person": names.get(entry.person_id), "item": entry.item,
                                     "quantity": entry.quantity, "on": entry.on}

    return append_entries(session, org, ppe_spec(), rows, audit_for)


def all_entries(session: Session, org: Organization, person_ids: list[int] | None = None) -> list[PpeEntry]:
    """Every entry in journal order (of the given people only, if named)."""
    from sqlmodel import select

    query = select(PpeEntry).where(PpeEntry.org_id == org.id)
    if person_ids is not None:
        query = query.where(PpeEntry.person_id.in_(person_ids))
    return list(session.exec(query.order_by(PpeEntry.seq)))


def effective(entries: list[PpeEntry]) -> list[PpeEntry]:
    """The entries that count: a corrected entry is replaced by its latest correction, in the original's place."""
    replaced: dict[int, PpeEntry] = {}
    for entry in entries:
        if entry.corrects_id is not None:
            replaced[entry.corrects_id] = entry
    if not replaced:
        return sorted(entries, key=lambda e: (e.on, e.seq))
    result = []
    for entry in entries:
        if entry.corrects_id is not None:
            continue
        current = entry
        while current.id in replaced:
            current = replaced[current.id]
        result.append(current)
    return sorted(result, key=lambda e: (e.on, e.seq))


@dataclass
class Lot:
    """One issue still (partly) held: the entry and how many of it are not yet returned or written off."""

    entry: PpeEntry
    remaining: int
    #: The returns and write-offs that closed this lot, with how many each took from it.
    closed: list[tuple[PpeEntry, int]] = field(default_factory=list)


@dataclass
class Holding:
    """One person's lots of one item, oldest first (closed ones kept for the card), and the last closing day."""

    lots: list[Lot] = field(default_factory=list)
    last_closed: datetime.date | None = None
    #: Returned or written-off quantity not yet set against an issue (open_holdings' running sum).
    to_close: int = 0

    @property
    def quantity(self) -> int:
        """Items on hand."""
        return sum(lot.remaining for lot in self.lots)

    @property
    def open_lots(self) -> list[Lot]:
        """Lots not yet fully returned or written off."""
        return [lot for lot in self.lots if lot.remaining > 0]


@functools.lru_cache(maxsize=4096)
def fold_item(name: str) -> str:
    """An item's name for matching (case and «ё» ignored); cached: a journal repeats a few names."""
    return " ".join(name.replace("ё", "е").replace("Ё", "Е").split()).casefold()


def holdings(entries: list[PpeEntry]) -> dict[tuple[int, str], Holding]:
    """(person id, folded item) → lots; returns and write-offs close the oldest lots first."""
    found: dict[tuple[int, str], Holding] = {}
    for entry in effective(entries):
        holding = found.setdefault((entry.person_id, fold_item(entry.item)), Holding())
        if entry.kind == "issue":
            holding.lots.append(Lot(entry, entry.quantity))
            continue
        left = entry.quantity
        for lot in holding.lots:
            if left <= 0:
                break
            take = min(left, lot.remaining)
            if take > 0:
                lot.remaining -= take
                lot.closed.append((entry, take))
                left -= take
        holding.last_closed = entry.on
    return found


def open_holdings(session: Session, org: Organization) -> dict[tuple[int, str], Holding]:
    """What :func:`holdings` gives for the items still held, computed mostly in the database (``ohs due``).

    Returns and write-offs arrive as one sum per person and item; the issues (rows, not ORM objects)
    then absorb that sum oldest first. Equivalent to walking the journal, because a return is accepted
    only up to what is held when it is made, and every issue before it is older than any issue after it.
    Entries that a correction replaced are left out (the correction counts instead).
    """
    from sqlalchemy import func
    from sqlmodel import select

    corrected = select(PpeEntry.corrects_id).where(PpeEntry.org_id == org.id, PpeEntry.corrects_id.is_not(None))
    current = (PpeEntry.org_id == org.id, PpeEntry.id.not_in(corrected))
    closed: dict[tuple[int, str], list] = {}
    for person_id, item, quantity, last in session.execute(
            select(PpeEntry.person_id, PpeEntry.item, func.sum(PpeEntry.quantity), func.max(PpeEntry.on))
            .where(*current, PpeEntry.kind != "issue").group_by(PpeEntry.person_id, PpeEntry.item)):
        found = closed.setdefault((person_id, fold_item(item)), [0, None])
        found[0] += int(quantity)
        found[1] = last if found[1] is None or last > found[1] else found[1]
    result: dict[tuple[int, str], Holding] = {}
    for entry in session.execute(
            select(PpeEntry.id, PpeEntry.seq, PpeEntry.person_id, PpeEntry.on, PpeEntry.item, PpeEntry.norm_item_id,
                   PpeEntry.quantity, PpeEntry.certificate).where(*current, PpeEntry.kind == "issue").order_by(PpeEntry.on, PpeEntry.seq)):
        key = (entry.person_id, fold_item(entry.item))
        holding = result.get(key)
        if holding is None:
            taken, last = closed.get(key, (0, None))
            holding = result[key] = Holding(last_closed=last)
            holding.to_close = taken
        take = min(holding.to_close, entry.quantity)
        holding.to_close -= take
        if entry.quantity > take:
            holding.lots.append(Lot(entry, entry.quantity - take))
    return result
