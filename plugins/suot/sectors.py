"""Sector profiles of the Положение о СУОТ: what an educational organization or a sports school adds.

Each profile is a data file under ``data/sectors/`` (see its README): when it fits the organization
(by ``sector``, ОКВЭД or the words of its name) its paragraphs go into the sections they name and its
own sections are added after the procedures. ``[suot] sector_profiles = ["education", …]`` in
ohs.toml names the profiles explicitly instead.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from core.storage.models import Organization

DATA_DIR = Path(__file__).parent / "data" / "sectors"


@dataclass(frozen=True)
class Profile:
    """One sector profile as its data file gives it."""

    key: str
    title: str
    match: dict[str, list[str]]
    sections: tuple[dict[str, str], ...]
    paragraphs: tuple[dict[str, Any], ...]

    def fits(self, org: Organization) -> bool:
        """The organization's sector, ОКВЭД or name matches the profile."""
        sector = (org.sector or "").strip()
        okved = (org.okved or "").strip()
        names = f"{org.name or ''} {org.short_name or ''}".lower().replace("ё", "е")
        return (sector in self.match.get("sectors", ())
                or any(okved.startswith(p) for p in self.match.get("okved_prefixes", ()))
                or any(word in names for word in self.match.get("name_words", ())))


@cache
def profiles() -> dict[str, Profile]:
    """Every profile by key, in file-name order."""
    found: dict[str, Profile] = {}
    for path in sorted(DATA_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
        found[raw["key"]] = Profile(
            key=raw["key"], title=raw["title"], match=raw.get("match", {}),
            sections=tuple(raw.get("section", ())), paragraphs=tuple(raw.get("paragraph", ())),
        )
    return found


def chosen_profiles(org: Organization, configured: list[str] | None = None) -> list[Profile]:
    """The profiles named in ohs.toml (``configured``), else those that fit the organization."""
    known = profiles()
    if configured is not None:
        unknown = [key for key in configured if key not in known]
        if unknown:
            raise OhsError(f"Профиля отрасли «{unknown[0]}» нет; в ohs.toml [suot] sector_profiles укажите "
                           f"одно из: {', '.join(known)}.")
        return [known[key] for key in known if key in configured]
    return [p for p in known.values() if p.fits(org)]


def regulation_content(
    org: Organization, rules: dict[str, Any], cited: dict[str, dict[str, Any]], on: datetime.date,
    configured: list[str] | None = None,
) -> dict[str, Any]:
    """The profiles' sections and paragraphs for the Положение, with periods filled from ``rules``.

    ``cited`` is the regulation's acts (key → ``in_force``): a paragraph citing an act not in force
    on ``on`` is printed in its ``text_without_acts`` wording. Returns ``{"profiles": [keys],
    "sections": [{"key", "title"}], "paragraphs": {section key: [text, …]}}``.
    """
    from core.obligations.rules.acts import is_citable, load_acts

    acts = load_acts()
    chosen = chosen_profiles(org, configured)
    paragraphs: dict[str, list[str]] = {}
    for profile in chosen:
        for item in profile.paragraphs:
            in_force = all(cited.get(key, {}).get("in_force", is_citable(acts[key], on)) for key in item.get("acts", ()))
            text = item["text"] if in_force else item.get("text_without_acts", item["text"])
            if item.get("rule"):
                text = text.replace("{period}", rules[item["rule"]].period)
            paragraphs.setdefault(item["section"], []).append(text)
    sections = [{"key": s["key"], "title": s["title"]} for p in chosen for s in p.sections]
    return {"profiles": [p.key for p in chosen], "sections": sections, "paragraphs": paragraphs}
