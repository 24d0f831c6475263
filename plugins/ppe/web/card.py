"""«СИЗ» on a worker's card: issue, return and write-off entries of the journal, and what the worker holds now.

A corrected entry is shown as corrected (the journal's computations read it so, see :func:`plugins.ppe.journal.
effective`); the entry's number names the record in ``ohs ppe history``.
"""

from __future__ import annotations

from typing import Any

from core.web.pages import CardRow, CardSection


def _mark(entry: Any) -> str:
    parts = []
    if entry.wear_percent is not None:
        parts.append(f"износ {entry.wear_percent} %")
    if entry.reason:
        parts.append(entry.reason)
    return "; ".join(parts)


def ppe_section(ctx: Any, person: Any) -> CardSection:
    """The worker's СИЗ entries, newest first, with the items on hand under the table."""
    from plugins.ppe.journal import all_entries, effective, holdings
    from plugins.ppe.models import ENTRY_KINDS

    entries = all_entries(ctx.session, ctx.org, [person.id])
    shown = list(reversed(effective(entries)))
    held = [(h.open_lots[0].entry.item, h.quantity) for h in holdings(entries).values() if h.quantity > 0]
    note = ("На руках: " + "; ".join(f"{item} — {quantity}" for item, quantity in sorted(held)) + "."
            if held else None)
    return CardSection(
        key="ppe", title="СИЗ: выдача и возврат", position=56,
        columns=("№", "Дата", "Операция", "СИЗ", "Кол-во", "Размер", "Модель, сертификат", "Отметка"),
        rows=[CardRow((str(e.seq), f"{e.on:%d.%m.%Y}", ENTRY_KINDS.get(e.kind, e.kind), e.item, str(e.quantity),
                       e.size or "", e.certificate or "", _mark(e))) for e in shown],
        empty="СИЗ не выдавались (записей в журнале выдачи СИЗ нет).", note=note)


def sections(ctx: Any, person: Any) -> list[CardSection]:
    """The plugin's one section."""
    return [ppe_section(ctx, person)]
