"""The questionnaire as filled: stored values first, then defaults from the organization profile and the data.

Defaults are named in the edition file (``default = "org.inn"``): ``org.<profile key>``, ``head.<attr>``
(the head of the organization), ``specialist.<attr>`` (the labour-protection specialist or head of the
service, the natural contact person), ``facts.launch_year``/``facts.indicators`` (the toolkit's own data)
and ``pack.scenario`` (the scenario document of the application pack).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from plugins.contest_digital.criteria import Edition, Field
    from plugins.contest_digital.entries import StoredValue
    from plugins.contest_digital.facts import Facts

SCENARIO_NOTE = ("Сценарий ознакомления — отдельный документ заявки «Сценарий ознакомления с ИТ-решением "
                 "на демонстрационном полигоне».")
SOURCE_WORDS = {"questionnaire": "анкета", "profile": "профиль организации", "people": "реестр работников",
                "facts": "данные ohs", "pack": "пакет заявки"}


@dataclass(frozen=True)
class Row:
    """A questionnaire field with its value and where the value comes from (None: not filled)."""

    field: Field
    value: str | None
    source: str | None
    set_on: datetime.date | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready row."""
        return {"key": self.field.key, "number": self.field.number, "title": self.field.title, "value": self.value,
                "source": self.source, "set_on": self.set_on, "optional": self.field.optional}


def contact_person(session: Session, org: Organization, on: datetime.date) -> Person | None:
    """The labour-protection specialist (or head of the service) employed on that day, the oldest record first."""
    from sqlalchemy import or_
    from sqlmodel import select

    from core.storage.models import Person

    query = select(Person).where(
        Person.org_id == org.id, Person.osh_role.in_(("specialist", "head")), Person.hired_on <= on,
        or_(Person.dismissed_on.is_(None), Person.dismissed_on >= on),
    ).order_by(Person.id)
    return session.exec(query).first()


class _Defaults:
    """Lazy default values: the head, the specialist and the facts are looked up only when asked for."""

    def __init__(self, session: Session, org: Organization, pm: pluggy.PluginManager, today: datetime.date,
                 facts: Facts | None) -> None:
        self.session, self.org, self.pm, self.today = session, org, pm, today
        self._facts = facts
        self._people: dict[str, Any] = {}

    def facts(self) -> Facts:
        """The facts, collected on first use."""
        if self._facts is None:
            from plugins.contest_digital.facts import collect_facts

            self._facts = collect_facts(self.session, self.org, self.pm, self.today)
        return self._facts

    def person(self, which: str) -> Person | None:
        """The head (``head``) or the contact specialist (``specialist``), looked up once."""
        if which not in self._people:
            from core.registry.org import role_holder

            self._people[which] = (role_holder(self.session, self.org, "head", self.today) if which == "head"
                                   else contact_person(self.session, self.org, self.today))
        return self._people[which]

    def value(self, spec: str) -> tuple[str | None, str]:
        """The default named by ``spec`` (``org.inn``, ``head.full_name``…) and its source word key."""
        source, _, attr = spec.partition(".")
        if source == "org":
            return (getattr(self.org, attr) or None), "profile"
        if source in ("head", "specialist"):
            person = self.person(source)
            return (getattr(person, attr, None) or None) if person else None, "profile" if source == "head" else "people"
        if source == "facts":
            facts = self.facts()
            return (str(facts.launch_year) if attr == "launch_year" else facts.indicators_text()), "facts"
        if source == "pack":
            return SCENARIO_NOTE, "pack"
        raise ValueError(f"unknown default source {spec}")


def questionnaire_rows(
    session: Session, org: Organization, pm: pluggy.PluginManager, edition: Edition, today: datetime.date,
    stored: dict[str, StoredValue] | None = None, facts: Facts | None = None,
) -> list[Row]:
    """Every field of the edition's questionnaire with its current value."""
    from plugins.contest_digital.entries import current_values

    stored = current_values(session, org, today) if stored is None else stored
    defaults = _Defaults(session, org, pm, today, facts)
    rows = []
    for f in edition.fields:
        if f.key in stored:
            rows.append(Row(f, stored[f.key].value, "questionnaire", stored[f.key].set_on))
            continue
        value, source = defaults.value(f.default) if f.default else (None, None)
        rows.append(Row(f, value, source if value else None))
    return rows


def missing_fields(rows: list[Row]) -> list[Row]:
    """Required fields without a value."""
    return [r for r in rows if r.value is None and not r.field.optional]
