"""Положение о системе управления охраной труда: the organization's СУОТ regulation on 776н.

The section set follows the school's 2018 regulation (seeds/004), rewritten on Приказ Минтруда
776н (REGULATION.md §3). Periodicities come from ``core.obligations.rules.periodicity`` with the
organization's ``[rules]`` overrides; acts are cited only while in force on the document's date.
Every procedure the organization applies gets a section of its own; the stages of the three-stage
control are the ones the control acts accept (``plugins.suot.risks.control.stages``); sector content
comes from the profiles of ``data/sectors`` (``plugins.suot.sectors``); a plugin keeping СИЗ norms fills
the СИЗ section through the hook ``suot_regulation_ppe`` (``plugins.suot.hookspecs``). The act names
positions, never persons. All wording is in templates/suot/suot_regulation*.xml.j2.
"""

from __future__ import annotations

import datetime
import tomllib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.documents.kinds import BuildRequest, DocumentKind
    from core.storage.models import Organization, Person

TITLE = "Положение о системе управления охраной труда"
DATA = Path(__file__).parent.parent / "data" / "department_documents.toml"
#: Acts the regulation may cite; each is cited only while in force on the document's date.
CITED_ACTS = ("mintrud_776n_2021", "gov_2464_2021", "fz_426_2013", "minzdrav_29n_2021",
              "mintrud_988n_minzdrav_1420n_2020", "minzdrav_342n_2022", "tk_rf", "mintrud_766n_2021",
              "mintrud_767n_2021")


@cache
def levels() -> dict[str, tuple[str, ...]]:
    """Position-title prefixes of deputies and department heads (data/department_documents.toml)."""
    with open(DATA, "rb") as fh:
        raw = tomllib.load(fh).get("levels", {})
    return {name: tuple(p.lower() for p in raw.get(name, ())) for name in ("deputies", "department_heads")}


def level_of(position: str) -> str:
    """``deputy``, ``department_head`` or ``worker`` by the start of the position title."""
    folded = position.lower().replace("ё", "е")
    if folded.startswith(levels()["deputies"]):
        return "deputy"
    if folded.startswith(levels()["department_heads"]):
        return "department_head"
    return "worker"


def procedures_for(session: Session, org: Organization, today: datetime.date) -> tuple[list[Any] | None, str]:
    """The applicable 776н procedures (the organization's choices, ``plugins.suot.procedures``) and their source."""
    from plugins.suot.procedures import applicable_procedures

    applying = [{"key": p.key, "title": p.title, "basis": p.basis}
                for p in applicable_procedures(session, org, today) if p.applies]
    return applying, "procedures"


def control_stages() -> list[dict[str, Any]]:
    """The stages of the three-stage control exactly as the control acts accept them (data/risk_control_stages.toml)."""
    from plugins.suot.risks.control import stages

    return [{"number": n, **{k: s.get(k, "") for k in ("name", "who", "period", "scope", "record")}}
            for n, s in sorted(stages().items())]


def committees(session: Session, org: Organization, today: datetime.date) -> dict[str, Any]:
    """The orders that set up the OSH committee and the knowledge-check commission, if recorded (no names)."""
    from core.registry.commissions import list_commissions

    found: dict[str, Any] = {}
    for kind in ("osh_committee", "knowledge_check"):
        current = list_commissions(session, org, on=today, kind=kind)
        found[kind] = ({"order_number": current[-1].order_number, "order_date": current[-1].order_date}
                       if current else None)
    return found


def ppe_part(request: BuildRequest) -> dict[str, Any] | None:
    """What a plugin keeping СИЗ norms puts into the СИЗ section (hook ``suot_regulation_ppe``), or None."""
    return request.pm.hook.suot_regulation_ppe(ctx=request.ctx)


def goals_for(session: Session, org: Organization, today: datetime.date) -> list[dict[str, Any]]:
    """The organization's current OSH goals (``plugins.suot.goals``), empty when none."""
    from plugins.suot.goals import current_goals

    return [{"text": g.text, "indicator": g.indicator, "target": g.target, "deadline": g.deadline}
            for g in current_goals(session, org, today)]


def _staff(session: Session, org: Organization, today: datetime.date) -> dict[str, Any]:
    """Positions by level of management and the OSH specialist, from the people register."""
    from core.registry.org import role_holder
    from core.registry.people import department_names, list_people

    names = department_names(session, org)
    people = list_people(session, org, on=today)
    head = role_holder(session, org, "head", today)
    specialist = next((p for p in people if p.osh_role in ("head", "specialist")), None)
    # The head and the OSH specialist have their own level: their titles are not «workers».
    own_level = {p.id for p in (head, specialist) if p is not None}
    by_level: dict[str, list[str]] = {"deputy": [], "department_head": [], "worker": []}
    heads: list[dict[str, str]] = []
    for person in people:
        if person.id in own_level:
            continue
        level = level_of(person.position)
        if person.position not in by_level[level]:
            by_level[level].append(person.position)
        if level == "department_head" and person.department_id:
            entry = {"position": person.position, "department": names.get(person.department_id, "")}
            if entry not in heads:
                heads.append(entry)
    return {
        "positions": sorted({p.position for p in people}), "deputies": sorted(by_level["deputy"]),
        "department_heads": sorted(heads, key=lambda h: (h["department"], h["position"])),
        "worker_positions": sorted(by_level["worker"]),
        # Only the position: the local normative act names nobody (names belong in the orders).
        "osh_specialist": {"position": specialist.position} if specialist else None,
    }


def _repeat_groups(rules: dict[str, Any], configured: dict[str, Any], positions: list[str]) -> list[dict[str, Any]]:
    """Per-position repeat-briefing periods, grouped by value, with the register's spelling of titles."""
    from core.obligations.rules.periodicity import fold_position

    rule = rules.get("repeat_briefing_months")
    if rule is None or not rule.positions:
        return []
    spelled = {fold_position(p): p for p in positions}
    for name in configured:
        spelled.setdefault(fold_position(name), name)
    groups: dict[int, list[str]] = {}
    for folded, override in rule.positions.items():
        groups.setdefault(override.value, []).append(spelled.get(folded, folded))
    return [{"positions": sorted(names), "rule": next(o for f, o in rule.positions.items() if o.value == value)}
            for value, names in sorted(groups.items())]


def build(request: BuildRequest) -> dict[str, Any]:
    """Staff by levels, applicable procedures, goals, effective periodicities and acts in force."""
    from core.documents.kinds import MissingDataError, MissingField
    from core.registry.org import role_holder
    from core.obligations.rules.acts import is_citable, load_acts
    from core.obligations.rules.periodicity import effective_rules

    session, org, today = request.session, request.org, request.today
    if role_holder(session, org, "head", today) is None:
        raise MissingDataError(TITLE, [MissingField("Руководитель организации (утверждает Положение)",
                                                    "ohs org set head=<работник>")])
    configured = request.workspace.section("rules")
    rules = effective_rules(configured, today)
    acts = load_acts()
    cited = {key: {"in_force": is_citable(acts[key], today), "name": acts[key].name}
             for key in CITED_ACTS}
    staff = _staff(session, org, today)
    procedures, procedures_source = procedures_for(session, org, today)
    positions_table = configured.get("positions", {}) if isinstance(configured.get("positions"), dict) else {}
    from plugins.suot.sectors import regulation_content

    profiles = request.workspace.section("suot").get("sector_profiles")
    return {
        **staff,
        "procedures": procedures, "procedures_source": procedures_source,
        "control_stages": control_stages(),
        "committees": committees(session, org, today),
        "sector": regulation_content(org, rules, cited, today, profiles),
        "ppe_part": ppe_part(request),
        "goals": goals_for(session, org, today),
        "rules": rules,
        "repeat_groups": _repeat_groups(rules, positions_table, staff["positions"]),
        "rule_warnings": sorted({r.warning for r in rules.values() if r.warning}),
        "acts": cited,
    }


def everyone(session: Session, org: Organization, today: datetime.date) -> list[Person]:
    """All current staff acknowledge the regulation."""
    from core.registry.people import list_people

    return list_people(session, org, on=today)


def kinds() -> list[DocumentKind]:
    """The regulation kind."""
    from core.documents.kinds import DocumentKind

    return [DocumentKind(
        key="suot_regulation", title=TITLE, template="suot/suot_regulation.xml.j2", build=build,
        approval="order", grammatical_gender="n", acknowledge=everyone,
        instrumental_title="Положением о системе управления охраной труда", plugin="suot",
    )]
