"""Перечень инструкций по охране труда: one per position of the register, then by type of work.

Numbers run ИОТ-001, ИОТ-002… over both parts; a type of work is listed only when a position of
the register matches it (``plugins/suot/data/instructions.toml``); the sport or other activity the
organization declared (``ohs org set activities=…``) brings its own (``data/activities.toml``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.documents.kinds import DocumentKind

if TYPE_CHECKING:
    from core.documents.kinds import BuildRequest

TITLE = "Перечень инструкций по охране труда"
CODE_FORMAT = "ИОТ-{:03d}"


def build_instructions_list(request: BuildRequest) -> dict[str, Any]:
    """Instructions by position (each position of the register) and by type of work present."""
    from plugins.suot.documents.programs import load_data, matches, register_positions

    positions = register_positions(request)
    by_position = [{"code": CODE_FORMAT.format(i), "position": position, "departments": departments}
                   for i, (position, departments) in enumerate(positions.items(), start=1)]
    from plugins.suot.activities import instructions

    works: list[dict[str, Any]] = []
    for work in load_data("instructions.toml")["work"]:
        # The organization's own activities replace the generic entry (a swimming school: the pool, not gymnastics).
        works += (instructions(request.org) or [work]) if work.get("activities") else [work]
    by_work = []
    for work in works:
        who = [p for p in positions if matches(p, work.get("keywords", []))]
        if who:
            by_work.append({"code": CODE_FORMAT.format(len(by_position) + len(by_work) + 1),
                            "title": work["title"], "positions": who})
    return {"by_position": by_position, "by_work": by_work, "approval": {"number": request.number or None}}


def kinds() -> list[DocumentKind]:
    """The list of instructions."""
    return [DocumentKind(key="instructions_list", title=TITLE, template="suot/instructions_list.xml.j2",
                         build=build_instructions_list, approval="order", grammatical_gender="m",
                         instrumental_title="Перечнем инструкций по охране труда", plugin="suot")]
