"""Cases as plain dicts (``--json``, documents, other plugins) and as one line of text."""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any

from plugins.suot.incidents.cases import SEVERITIES, TYPES

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from plugins.suot.incidents.chain import Case


def people_index(session: Session, org: Organization) -> tuple[dict[int, Person], dict[int, str]]:
    """Every register person by id and department names by id (one query each)."""
    from sqlmodel import select

    from core.storage.models import Person
    from core.registry.people import department_names

    return {p.id: p for p in session.exec(select(Person).where(Person.org_id == org.id))}, \
        department_names(session, org)


def party_json(p: dict[str, Any], people: dict[int, Person], departments: dict[int, str]) -> dict[str, Any]:
    """A person involved, with name, position and department, or an outsider marked ``outsider: true``."""
    if "outsider" in p:
        return {"person_id": None, "outsider": True, "name": p["outsider"], "short_name": p["outsider"],
                "position": None, "department": None, "birth_date": None}
    person = people.get(p["person_id"])
    return {
        "person_id": p["person_id"], "outsider": False,
        "name": person.full_name if person else None, "short_name": person.short_name if person else None,
        "position": person.position if person else None,
        "department": departments.get(person.department_id) if person and person.department_id else None,
        "birth_date": person.birth_date.isoformat() if person and person.birth_date else None,
    }


def case_json(case: Case, people: dict[int, Person], departments: dict[int, str]) -> dict[str, Any]:
    """A case as it stands, with the people named, its entries and corrections."""
    f = case.fields
    days = f.get("days")
    injured = [party_json(p, people, departments) for p in f.get("injured") or ()]
    for i, row in enumerate(injured):
        row["days"] = days[i] if days and i < len(days) else None
    return {
        "id": case.case_no, "ref": case.ref, "type": f["type"], "type_title": TYPES[f["type"]],
        "status": case.status, "occurred_on": case.occurred_on.isoformat(), "time": f.get("time"),
        "place": f.get("place"), "circumstances": f.get("circumstances"), "event": f.get("event"),
        "injury": f.get("injury"),
        "severity": f.get("severity"), "severity_title": SEVERITIES.get(f.get("severity")),
        "insured": f.get("insured"), "injured": injured,
        "witnesses": [party_json(p, people, departments) for p in f.get("witnesses") or ()],
        "commission": [party_json(p, people, departments) for p in f.get("commission") or ()],
        "causes": f.get("causes"), "measures": list(case.measures),
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "days_lost": sum(days) if days else None, "outcome": f.get("outcome"),
        "act_number": f.get("act_number"), "act_date": f.get("act_date"),
        "entries": [{"seq": e.seq, "action": e.action, "on": e.on.isoformat(), "refers": e.refers_seq,
                     "reason": e.reason, "fields": sorted(json.loads(e.data)), "actor": e.actor, "hash": e.hash}
                    for e in case.entries],
    }


def case_title(case: Case, people: dict[int, Person]) -> str:
    """«Несчастный случай на производстве (лёгкий) 12.03.2026: Иванов И.И.», for links and listings."""
    f = case.fields
    names = []
    for p in f.get("injured") or ():
        person = people.get(p.get("person_id"))
        names.append(p["outsider"] if "outsider" in p else (person.short_name if person else "?"))
    severity = f" ({SEVERITIES[f['severity']]})" if f.get("severity") else ""
    who = f": {', '.join(names)}" if names else f": {f.get('place')}"
    return f"{TYPES[f['type']].capitalize()}{severity} {case.occurred_on:%d.%m.%Y}{who}"


def date_of(value: str | None) -> datetime.date | None:
    """An ISO date stored in an entry's data, or None."""
    return datetime.date.fromisoformat(value) if value else None
