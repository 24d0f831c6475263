"""Hooks the specialist contest declares for the plugins that own its evidence (DESIGN: the consumer declares).

Added to the plugin manager by ``core.plugins.get_plugin_manager`` through ``plugins.contest_specialist.HOOKSPECS``;
implementations are marked
``@hookimpl(optionalhook=True)`` so they stay harmless when this plugin is disabled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.hookspecs import hookspec

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization


@hookspec(firstresult=True)
def project_description(session: Session, org: Organization, ref: str) -> dict[str, Any] | None:
    """What a project named by ``ref`` (``practice:3``, ``measure:12``) was, for the note on projects.

    Returns ``{"ref", "title", "description", "effect", "implemented_on", "place"}`` (``description``,
    ``effect``, ``place`` text or None; ``implemented_on`` a :class:`datetime.date` or None), or None when
    the plugin does not own that kind of reference or the record does not exist.
    """

