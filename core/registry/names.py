"""One comparison form for names people type: ё is е, case and runs of spaces do not count.

Used wherever a typed or imported name meets a stored one (people, positions, departments,
commissions), so that «Отделение легкой атлетики» finds «Отделение лёгкой атлетики».
"""

from __future__ import annotations

from collections.abc import Iterable


def fold(text: str | None) -> str:
    """The comparison form: single spaces, trimmed, lower case, ё as е (Ё too)."""
    return " ".join((text or "").split()).lower().replace("ё", "е")


def existing_spelling(name: str, known: Iterable[str]) -> str | None:
    """The stored spelling of ``name`` among ``known`` (ё/е, case and spaces aside), or None."""
    wanted = fold(name)
    return next((k for k in known if fold(k) == wanted), None)
