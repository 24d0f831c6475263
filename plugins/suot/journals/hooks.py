"""Generated briefing journals (a family of the СУОТ plugin, registered as a built-in plugin of its own).

``journal_intro`` and ``journal_workplace`` print the core's hash-chained briefing journal in the
ten columns Постановление 2464 asks for; ``ohs suot journal intro|workplace`` makes them for one
department or one period. Code is in plugins/suot/journals/.
"""

from __future__ import annotations

from core.hookspecs import hookimpl

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click



@hookimpl
def document_kinds() -> list:
    """``journal_intro`` and ``journal_workplace``."""
    from plugins.suot.journals.documents import kinds as journal_kinds
    from plugins.suot.documents import with_default_authors

    return with_default_authors(journal_kinds())


@hookimpl
def suot_subcommands(group: click.Group) -> None:
    """``ohs suot journal intro`` and ``ohs suot journal workplace --department …``."""
    from plugins.suot.journals.commands import journal_group

    if "journal" not in group.commands:
        group.add_command(journal_group)
