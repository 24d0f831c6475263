"""Generated briefing journals (a part of the СУОТ plugin, see plugins/suot/parts.py).

``journal_intro`` and ``journal_workplace`` print the core's hash-chained briefing journal in the
ten columns Постановление 2464 asks for; ``ohs suot journal intro|workplace`` makes them for one
department or one period. Code is in plugins/suot/journals/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click

    from core.documents.kinds import DocumentKind


def kinds() -> list[DocumentKind]:
    """``journal_intro`` and ``journal_workplace``."""
    from plugins.suot.journals.documents import kinds as journal_kinds

    return journal_kinds()


def suot_commands(suot_group: click.Group) -> None:
    """``ohs suot journal intro`` and ``ohs suot journal workplace --department …``."""
    from plugins.suot.journals.commands import journal_group

    if "journal" not in suot_group.commands:
        suot_group.add_command(journal_group)
