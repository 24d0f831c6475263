"""Hooks the СУОТ plugin calls and other plugins implement (declared by the consumer, as DESIGN asks).

Added to the plugin manager by ``core.plugins.get_plugin_manager`` through ``plugins.suot.HOOKSPECS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.hookspecs import hookspec

if TYPE_CHECKING:
    import click

    from core.context import Context


@hookspec(firstresult=True)
def suot_regulation_ppe(ctx: Context) -> dict[str, Any] | None:
    """The organization's norms of issue of СИЗ and washing agents for the Положение о СУОТ.

    Returns ``{"template": "ppe/….xml.j2", "context": {…}}``: the template (from the plugin's own
    ``template_dirs``) is included in the Положение's СИЗ section in place of the default paragraph about
    the norms, and sees ``ppe`` (the ``context``) besides the Положение's own context; it writes
    ``<item level="2">`` paragraphs. None (or no implementation): the default paragraph stays.
    """


@hookspec
def suot_subcommands(group: click.Group) -> None:
    """Add subcommands to ``ohs suot`` when that group loads (the СУОТ families: ``journal``, ``risk``…)."""
