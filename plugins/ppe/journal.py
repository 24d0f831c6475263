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

    from core.models import Organization

#: Advisory-lock namespace of this chain on PostgreSQL (unique among journals).
LOCK_NAMESPACE = 0x0B5E
HASHED_FIELDS = (
    "org_id", "seq", "person_id", "kind", "on", "item", "norm_item_id", "quantity", "size", "certificate",
    "wear_percent", "reason", "corrects_id", "created_at", "actor",
)


def _label(session: Session, entry: PpeEntry) -> str:
    """«запись № 3 от 12.03.2026 (Климова Н.П., выдача: Перчатки)»."""
    from core.models import Person

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


#: The columns computations need (due items): rows instead of ORM objects, about 4× faster to load.
LIGHT_COLUMNS = ("id", "seq", "person_id", "kind", "on", "item", "norm_item_id", "quantity", "corrects_id")


def light_entries(session: Session, org: Organization) -> list[Any]:
    """Every entry in journal order as a row of LIGHT_COLUMNS (attribute access like an entry)."""
    from sqlmodel import select

    columns = [getattr(PpeEntry, name) for name in LIGHT_COLUMNS]
    return list(session.execute(select(*columns).where(PpeEntry.org_id == org.id).order_by(PpeEntry.seq)).all())


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
