"""Briefing programs: the introductory briefing and the workplace briefing by position group.

Topics and position groups are data (``plugins/suot/data/*.toml``), each with its source and
confidence; this module only picks what applies to the organization's register.
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.documents.kinds import DocumentKind, MissingDataError, MissingField
from core.errors import OhsError

if TYPE_CHECKING:
    from core.documents.kinds import BuildRequest

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

INTRO_TITLE = "Программа вводного инструктажа по охране труда"
WORKPLACE_TITLE = "Программа первичного инструктажа по охране труда на рабочем месте"
PEOPLE_HINT = "ohs people add … или ohs people import ФАЙЛ"


@functools.lru_cache(maxsize=8)
def load_data(name: str) -> dict[str, Any]:
    """A data file of the plugin, parsed once; a malformed file is named in the error."""
    path = DATA_DIR / name
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OhsError(f"Файл данных {path} не прочитан: {exc}") from exc


def fold(text: str) -> str:
    """Lower case with «ё» as «е», for keyword matching."""
    return " ".join(text.lower().replace("ё", "е").split())


def matches(position: str, keywords: list[str]) -> bool:
    """Whether any keyword starts a word of the position name («водитель» is not in «делопроизводитель»)."""
    folded = fold(position)
    return any(re.search(r"(?<![а-яa-z])" + re.escape(fold(k)), folded) for k in keywords)


def group_of(position: str, groups: list[dict[str, Any]], fallback: str) -> str:
    """The key of the first group whose keywords match the position, else the fallback group."""
    for group in groups:
        if matches(position, group.get("keywords", [])):
            return group["key"]
    return fallback


def register_positions(request: BuildRequest) -> dict[str, list[str]]:
    """Positions held on the document date (every employment, part-time too) → their departments (sorted)."""
    from sqlalchemy import or_
    from sqlmodel import col, select

    from core.registry.employments import held_on, places
    from core.registry.people import department_names
    from core.storage.models import Person

    names = department_names(request.session, request.org)
    held = held_on(request.session, request.org, request.today)
    positions: dict[str, set[str]] = {}
    on = request.today
    # Rows, not ORM objects (the workers employed on the day, as list_people gives them): four documents of
    # the pack ask, and 10,000 objects each time were most of the pack's time.
    employed = request.session.execute(select(Person.id, Person.position, Person.department_id).where(
        Person.org_id == request.org.id, col(Person.hired_on) <= on,
        or_(col(Person.dismissed_on).is_(None), col(Person.dismissed_on) >= on)))
    for person in employed:
        for position, dept_id in places(person, held):  # a part-timer's every position needs its instruction
            positions.setdefault(position, set()).add(names.get(dept_id or 0, ""))
    if not positions:
        raise MissingDataError("Перечень должностей", [MissingField("Работники организации", PEOPLE_HINT)])
    return {p: sorted(d for d in depts if d) for p, depts in sorted(positions.items())}


def _approval(request: BuildRequest) -> dict[str, Any]:
    """The approving order: the document's registration number if given; the date is left blank."""
    return {"number": request.number or None}


def build_intro_program(request: BuildRequest) -> dict[str, Any]:
    """Topics of the introductory briefing with the organization's departments and the instructor."""
    from plugins.suot.documents.orders import appointments_by_role, training_rules_in_force, view

    data = load_data("intro_topics.toml")
    positions = register_positions(request)
    departments = sorted({d for depts in positions.values() for d in depts})
    grouped = appointments_by_role(request)
    conductor = grouped.get("intro_briefing") or grouped.get("osh_responsible")
    topics = [dict(t) for t in data["topic"]]
    return {
        "topics": topics,
        "minutes": sum(int(t.get("minutes", 0)) for t in topics),
        "form": data.get("program", {}).get("form"),
        "departments": departments,
        "conductor": view(request.session, request.org, conductor[0][1]) if conductor else None,
        "approval": _approval(request),
        "training_rules_in_force": training_rules_in_force(request.today),
    }


def workplace_groups(positions: dict[str, list[str]], activity_topics: list[str] | None = None) -> list[dict[str, Any]]:
    """Position groups present in the register, in file order, each with its positions and topics.

    A group with ``activity_topics`` (the coaching staff) starts with the declared activities' topics
    (``activity_topics``), else with its own.
    """
    data = load_data("workplace_topics.toml")
    groups = data["group"]
    fallback = data.get("fallback", groups[-1]["key"])
    found: dict[str, list[str]] = {}
    for position in positions:
        found.setdefault(group_of(position, groups, fallback), []).append(position)

    def topics(group: dict[str, Any]) -> list[str]:
        if "activity_topics" not in group:
            return list(group["topics"])
        return [*(activity_topics or group["activity_topics"]), *group["topics"]]

    return [{**group, "topics": topics(group), "positions": found[group["key"]]}
            for group in groups if group["key"] in found]


def build_workplace_program(request: BuildRequest) -> dict[str, Any]:
    """One section per position group of the register: its positions and the briefing topics."""
    from plugins.suot.activities import topics as activity_topics
    from plugins.suot.documents.orders import training_rules_in_force
    from plugins.suot.positions import approved_exemptions

    exempt, exemption_list = approved_exemptions(request.session, request.org, request.today)
    positions = {p: d for p, d in register_positions(request).items() if p not in exempt}
    return {
        "groups": workplace_groups(positions, activity_topics(request.org)),
        # The program says who does not take it, by the approved list (the document the employer signed).
        "exempt": sorted(exempt & set(register_positions(request))),
        "exemption_order": ({"number": exemption_list.order_number, "date": exemption_list.approved_on}
                            if exemption_list else None),
        "approval": _approval(request),
        "training_rules_in_force": training_rules_in_force(request.today),
    }


def kinds() -> list[DocumentKind]:
    """The two briefing programs."""
    return [
        DocumentKind(key="intro_program", title=INTRO_TITLE, template="suot/intro_program.xml.j2",
                     build=build_intro_program, approval="order", grammatical_gender="f",
                     instrumental_title="Программой вводного инструктажа по охране труда", plugin="suot"),
        DocumentKind(key="workplace_program", title=WORKPLACE_TITLE, template="suot/workplace_program.xml.j2",
                     build=build_workplace_program, approval="order", grammatical_gender="f",
                     instrumental_title="Программой первичного инструктажа по охране труда на рабочем месте",
                     plugin="suot"),
    ]


