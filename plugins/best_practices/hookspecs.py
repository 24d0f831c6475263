"""Hooks the best-practice register declares for the plugins whose records a practice links to.

Added to the plugin manager by ``core.plugins.get_plugin_manager`` through ``plugins.best_practices.HOOKSPECS``;
implementations are marked ``@hookimpl(optionalhook=True)`` so they stay harmless when this plugin is disabled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.hookspecs import hookspec

if TYPE_CHECKING:
    from core.context import Context
    from core.payloads import RecordRef


@hookspec(firstresult=True)
def describe_record(ctx: Context, ref: str) -> RecordRef | None:
    """A record named by another plugin (``measure:12``, ``incident:3``, ``risk:5``), or None when this plugin
    does not own that kind of reference or the record does not exist.

    Lets a best practice link to the measure, incident or risk it answered without importing them.
    """
