"""The nomination (point 6 of the regulation) from the organization's profile and the person's role."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from plugins.contest_specialist.criteria import Edition, Nomination

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person

ROLE_WORDS = {"specialist": "специалист по охране труда", "head": "руководитель службы охраны труда"}
SECTOR_WORDS = {"production": "производственная сфера", "non_production": "непроизводственная сфера",
                "education": "сфера образования", "healthcare": "сфера здравоохранения"}


@dataclass(frozen=True)
class NominationChoice:
    """The nomination with the rule that chose it (or the note that it was set by hand)."""

    nomination: Nomination
    rule: str
    overridden: bool

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict."""
        n = self.nomination
        return {"letter": n.letter, "title": n.title, "rule": self.rule, "overridden": self.overridden}


def size_class(headcount: int, small_business: bool) -> str:
    """``small_upto_100``, ``upto_500``, ``upto_5000`` or ``over_5000`` (boundaries as in the edition file)."""
    if small_business and headcount <= 100:
        return "small_upto_100"
    if headcount <= 500:
        return "upto_500"
    if headcount <= 5000:
        return "upto_5000"
    return "over_5000"


def choose(edition: Edition, sector: str, small_business: bool, headcount: int, role: str) -> tuple[Nomination, str]:
    """The nomination for these facts, and the rule in Russian."""
    size = "any" if sector in ("education", "healthcare") else size_class(headcount, small_business)
    nomination = next(n for n in edition.nominations if n.role == role and n.sector == sector and n.size == size)
    if size == "any":
        why = f"{SECTOR_WORDS[sector]}: отдельная номинация при любой численности"
    else:
        words = {"small_upto_100": "малое предприятие с численностью не более 100 человек",
                 "upto_500": "численность не более 500 человек", "upto_5000": "численность от 501 до 5000 человек",
                 "over_5000": "численность более 5000 человек"}[size]
        why = f"{SECTOR_WORDS[sector]}, {words} ({headcount} чел.{', малый бизнес' if small_business else ''})"
    rule = f"пункт 6 Положения, подпункт «{nomination.letter}»: {ROLE_WORDS[role]}; {why}"
    return nomination, rule


def nomination_for(session: Session, org: Organization, person: Person, edition: Edition, on: datetime.date,
                   override: str | None = None) -> NominationChoice:
    """The nomination from the profile (``sector``, ``small_business``, ``headcount``) and ``osh_role``; or the letter given."""
    from core.registry.org import computed_headcount

    if override:
        letter = override.strip().strip("«»\"').").lower()
        found = next((n for n in edition.nominations if n.letter == letter), None)
        if found is None:
            letters = ", ".join(n.letter for n in edition.nominations)
            raise OhsError(f"Номинации «{override}» нет; укажите букву подпункта пункта 6: {letters}.")
        return NominationChoice(found, f"указана вручную (подпункт «{letter}» пункта 6 Положения)", True)
    if not org.sector:
        raise OhsError("Не указана сфера организации, а от неё зависит номинация; укажите: "
                       "ohs org set sector=production|non_production|education|healthcare (или --nomination БУКВА).")
    role = "head" if person.osh_role == "head" else "specialist"
    headcount = org.headcount if org.headcount is not None else computed_headcount(session, org, on)
    nomination, rule = choose(edition, org.sector, bool(org.small_business), headcount, role)
    return NominationChoice(nomination, rule, False)
