"""Hooks the specialist contest declares for the plugins that own its evidence (DESIGN: the consumer declares).

Added to the plugin manager by ``core.plugins.get_plugin_manager`` through ``plugins.contest_specialist.HOOKSPECS``;
implementations are marked
``@hookimpl(optionalhook=True)`` so they stay harmless when this plugin is disabled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.hookspecs import hookspec

if TYPE_CHECKING:
    import datetime

    from core.context import Context
    from core.payloads import Activity


@hookspec(firstresult=True)
def project_description(ctx: Context, ref: str) -> dict[str, Any] | None:
    """What a project named by ``ref`` (``practice:3``, ``measure:12``) was, for the note on projects.

    Returns ``{"ref", "title", "description", "effect", "implemented_on", "place"}`` (``description``,
    ``effect``, ``place`` text or None; ``implemented_on`` a :class:`datetime.date` or None), or None when
    the plugin does not own that kind of reference or the record does not exist.
    """



@hookspec
def person_activity(ctx: Context, person_id: int, since: datetime.date, until: datetime.date) -> list[Activity]:
    """What a person did between two dates, as evidence for the specialist contest.

    Each item is a :class:`core.payloads.Activity` (``kind``, ``title``, ``date``, ``ref``); ``ref`` names
    the record (``incident:12``, ``practice:3``).
    """
