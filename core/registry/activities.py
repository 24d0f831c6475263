"""The organization's declared activities: ``ohs org set activities=плавание,футбол``.

The names a user may type come from the plugins (``known_activities`` hook); the organization stores their
keys, comma-separated, in ``core_organization.activities``. An unknown name refuses the whole value, naming
it and the names known.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from core.errors import OhsError
from core.registry.names import fold

if TYPE_CHECKING:
    import pluggy

    from core.payloads import KnownActivity
    from core.storage.models import Organization


def catalogue(pm: pluggy.PluginManager) -> list[KnownActivity]:
    """Every activity the installed plugins know, in the order they give them."""
    return [activity for found in pm.hook.known_activities() for activity in found]


def parse_activities(value: str, known: Iterable[KnownActivity]) -> str:
    """«плавание, Футбол» as the stored «swimming,football» (each once, in the order typed); empty clears."""
    names: dict[str, str] = {}
    for activity in known:
        for name in (activity["key"], activity["title"], *activity["aliases"]):
            names.setdefault(fold(name), activity["key"])
    keys: list[str] = []
    unknown: list[str] = []
    for part in value.replace(";", ",").split(","):
        if not part.strip():
            continue
        key = names.get(fold(part))
        if key is None:
            unknown.append(part.strip())
        elif key not in keys:
            keys.append(key)
    if unknown:
        titles = ", ".join(sorted({a["title"] for a in known})) or "ни одного: нет модуля, который их описывает"
        raise OhsError(f"Неизвестные виды деятельности: {', '.join(f'«{u}»' for u in unknown)}; известны: {titles}.")
    return ",".join(keys)


def declared(org: Organization) -> list[str]:
    """The keys the organization declared, in its order."""
    return [key for key in (org.activities or "").split(",") if key]


def titles(keys: Iterable[str], known: Iterable[KnownActivity]) -> list[str]:
    """The Russian names of the keys (an unknown key — a plugin removed since — as it is stored)."""
    by_key = {a["key"]: a["title"] for a in known}
    return [by_key.get(key, key) for key in keys]
