"""The organization's declared activities (``ohs org set activities=…``) as the СУОТ documents use them.

The catalogue is ``data/activities.toml``: each activity with its instructions by type of work, the coaching
staff's briefing topics and its hazards. The core stores the keys the organization declared
(``core.registry.activities``); this module answers what they bring, in the order declared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.payloads import KnownActivity
    from core.storage.models import Organization


def catalogue() -> list[dict[str, Any]]:
    """Every activity of the data file, in file order."""
    from plugins.suot.documents.programs import load_data

    return list(load_data("activities.toml")["activity"])


def known() -> list[KnownActivity]:
    """The catalogue as the ``known_activities`` hook gives it to ``ohs org set``."""
    return [{"key": a["key"], "title": a["title"], "aliases": list(a.get("aliases", []))} for a in catalogue()]


def declared(org: Organization) -> list[dict[str, Any]]:
    """The organization's activities found in the catalogue, in the order it declared them."""
    from core.registry.activities import declared as keys

    by_key = {a["key"]: a for a in catalogue()}
    return [by_key[key] for key in keys(org) if key in by_key]


def instructions(org: Organization) -> list[dict[str, Any]]:
    """The declared activities' instructions by type of work (title, keywords)."""
    return [dict(item) for activity in declared(org) for item in activity.get("instruction", [])]


def topics(org: Organization) -> list[str]:
    """The coaching staff's briefing topics the declared activities bring (each once)."""
    found: list[str] = []
    for activity in declared(org):
        found += [t for t in activity.get("topics", []) if t not in found]
    return found


def hazards(org: Organization) -> list[dict[str, Any]]:
    """The declared activities' hazards (code, group, text) for the organization's catalogue."""
    return [dict(item) for activity in declared(org) for item in activity.get("hazard", [])]
