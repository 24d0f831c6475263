"""The difference of norms when a person's position changes (перевод): what to return, keep and issue.

A position changes in the people register (``ohs people edit PERSON position=…`` or an HR re-import);
the plugin is not told, so it compares what a person holds with the norm of the position they hold
now. The same comparison answers ``ohs ppe transfer PERSON --to POSITION`` before the change and
``ohs due`` after it:

- items held that the new norm does not list: to return, or to keep by the employer's decision;
- items held that the new norm lists: kept (their replacement dates run on);
- lines of the new norm (with their «или» alternatives) held in a smaller quantity: to issue.
Duty («дежурный») lines stay at the workplace and are never «to issue» for a person.

The day of the change is read from the audit log: the last ``people.edit`` that changed the
position, or the last HR import that updated the person (an import records which people it
updated, not what changed).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from plugins.ppe.journal import fold_item
from plugins.ppe.norms import norm_groups

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from plugins.ppe.journal import Holding, Lot
    from plugins.ppe.models import PpeNorm, PpeNormItem


@dataclass
class Difference:
    """One person's holdings against one norm (``items``: its lines; empty when the position has none)."""

    keep: list[Lot] = field(default_factory=list)
    give_back: list[Lot] = field(default_factory=list)
    #: (the line with its alternatives, quantity missing)
    issue: list[tuple[list[PpeNormItem], int]] = field(default_factory=list)


def difference(held: dict[str, Holding], items: list[PpeNormItem], shape: NormShape | None = None) -> Difference:
    """Compare holdings (folded item name → holding) with the lines of a norm.

    ``shape``: the norm's folded names and groups computed once (``ohs due`` compares thousands of people
    with a handful of norms); computed here when not given.
    """
    shape = shape or norm_shape(items)
    result = Difference()
    for name, holding in held.items():
        for lot in holding.open_lots:
            (result.keep if name in shape.listed else result.give_back).append(lot)
    for group, main_quantity, folded in shape.groups:
        have = sum(h.quantity for name in folded if (h := held.get(name)) is not None)
        if have < main_quantity:
            result.issue.append((group, main_quantity - have))
    return result


@dataclass(frozen=True)
class NormShape:
    """A norm's lines as the comparison needs them: folded names, and the groups that are issued («дежурные» left out)."""

    listed: frozenset[str]
    #: (the line with its alternatives, the main line's quantity, the group's folded names)
    groups: tuple[tuple[list[PpeNormItem], int, tuple[str, ...]], ...]


def norm_shape(items: list[PpeNormItem]) -> NormShape:
    """The :class:`NormShape` of a norm's lines."""
    groups = tuple((group, group[0].quantity, tuple(fold_item(i.name) for i in group))
                   for group in norm_groups(items) if group[0].period_kind != "duty")
    return NormShape(frozenset(fold_item(i.name) for i in items), groups)


def position_changes(session: Session, org: Organization) -> dict[int, tuple[datetime.date, bool]]:
    """Person id → (the day the register last recorded a change of their position, whether it surely was one).

    ``people.edit`` records the changed fields (sure); an HR import records only whom it updated (unsure).
    """
    from sqlmodel import select

    from core.storage.models import AuditEntry

    found: dict[int, tuple[datetime.date, bool]] = {}
    rows = session.exec(select(AuditEntry.action, AuditEntry.entity_id, AuditEntry.at, AuditEntry.details).where(
        AuditEntry.org_id == org.id, AuditEntry.action.in_(("people.edit", "people.import"))).order_by(AuditEntry.id))
    for action, entity_id, at, details in rows:
        data = json.loads(details or "{}")
        if action == "people.edit" and "position" in (data.get("changes") or {}) and entity_id:
            found[int(entity_id)] = (at.date(), True)
        elif action == "people.import":
            for person_id in data.get("updated_ids") or ():
                found[int(person_id)] = (at.date(), False)
    return found


def _lot_json(lot: Lot, unit: str) -> dict[str, Any]:
    entry = lot.entry
    return {"item": entry.item, "quantity": lot.remaining, "unit": unit, "issued_on": entry.on.isoformat(),
            "seq": entry.seq}


def report(session: Session, org: Organization, person: Person, to: str, on: datetime.date,
           today: datetime.date) -> dict[str, Any]:
    """``ohs ppe transfer``: the difference of norms if ``person`` moved to ``to`` on ``on`` (nothing is written)."""
    from core.registry.names import existing_spelling
    from plugins.ppe.journal import all_entries, holdings
    from plugins.ppe.models import PpeNormItem
    from plugins.ppe.norms import all_norms, known_positions, norm_items, norm_on

    position = " ".join((to or "").split())
    if not position:
        raise OhsError("Не указана новая должность (--to).")
    spelled = set(known_positions(session, org).values()) | set(all_norms(session, org))
    position = existing_spelling(position, spelled) or position
    if fold_item(position) == fold_item(person.position):
        raise OhsError(f"{person.full_name} уже занимает должность «{person.position}» (--to); укажите новую должность.")
    if on < person.hired_on:
        raise OhsError(f"{person.full_name} принят на работу {person.hired_on:%d.%m.%Y}, а дата перевода "
                       f"{on:%d.%m.%Y} (--on) раньше; проверьте дату.")
    if person.dismissed_on is not None and on > person.dismissed_on:
        raise OhsError(f"{person.full_name} уволен {person.dismissed_on:%d.%m.%Y}; перевод {on:%d.%m.%Y} (--on) "
                       "невозможен.")
    entries = [e for e in all_entries(session, org, [person.id]) if e.on <= on]
    held = {name: h for (_pid, name), h in holdings(entries).items() if h.open_lots}
    norm: PpeNorm | None = norm_on(session, org, position, on)
    items = norm_items(session, norm) if norm else []
    diff = difference(held, items)
    # The unit of what is held is the unit of the line it was issued under (the old position's norm).
    units = {i: line.unit for i in {e.norm_item_id for e in entries if e.norm_item_id}
             if (line := session.get(PpeNormItem, i)) is not None}
    return {
        "person": person.full_name, "person_id": person.id, "from": person.position, "to": position,
        "on": on.isoformat(), "today": today.isoformat(),
        "norm": {"version": norm.version, "valid_from": norm.valid_from.isoformat()} if norm else None,
        "keep": [_lot_json(lot, units.get(lot.entry.norm_item_id) or "шт.") for lot in diff.keep],
        "return": [_lot_json(lot, units.get(lot.entry.norm_item_id) or "шт.") for lot in diff.give_back],
        "issue": [{"item": " или ".join(i.name for i in group), "quantity": missing, "unit": group[0].unit,
                   "line": group[0].line} for group, missing in diff.issue],
    }
