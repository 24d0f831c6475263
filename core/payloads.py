"""The typed payloads of the hooks: what a plugin returns and another reads (the contract in ``core/hookspecs.py``).

Figures are named tuples (they unpack as ``key, label, value``); records are ``TypedDict``s, so a consumer
reads them as dictionaries and a type checker verifies both sides. Hooks one plugin consumes are declared by
that plugin (its ``hookspecs.py``) and their payloads live beside them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import NamedTuple, TypedDict


class Figure(NamedTuple):
    """One usage figure of ``stats``: ``key`` (``briefings``, ``incidents.microtrauma``, ``*.documents``…),
    its Russian label and the count."""

    key: str
    label: str
    value: int


class RecordRef(TypedDict):
    """A record another plugin may link to (``describe_record``): ``ref`` such as ``incident:3``."""

    ref: str
    title: str
    date: datetime.date | None


class Activity(TypedDict):
    """What a person did (``person_activity``), as contest evidence.

    ``kind`` is one of ``investigation.accident``, ``investigation.occupational_disease``,
    ``investigation.emergency``, ``project``, ``practice``, ``program.internship``,
    ``program.safe_methods``, ``program.osh_training``, ``commission.<key>``.
    """

    kind: str
    title: str
    date: datetime.date | None
    ref: str


class KnownActivity(TypedDict):
    """An activity an organization may declare (``known_activities``): ``ohs org set activities=плавание,футбол``.

    ``key`` is stored («swimming»); ``title`` and ``aliases`` are what a user types (ё/е and case aside).
    """

    key: str
    title: str
    aliases: list[str]


class YearIndicators(TypedDict):
    """Injury figures of one calendar year; None where the records give none (no division by zero)."""

    year: int
    average_headcount: Decimal | None
    injured: int
    frequency: Decimal | None
    days_lost: int
    insured_nonfatal: int
    severity: Decimal | None
    fatal: int
    occupational_diseases: int


class AverageIndicators(TypedDict):
    """The frequency and severity averaged over the years given."""

    frequency: Decimal | None
    severity: Decimal | None


class ReferenceValues(TypedDict):
    """The Social Fund's reference values of the organization's ОКВЭД for a year."""

    year: int
    okved: str
    frequency: Decimal | None
    days: Decimal | None
    source: str


class InjuryIndicators(TypedDict):
    """``injury_indicators``: ``year`` and the ``years`` before it, their average and the reference values."""

    year: int
    years: int
    per_year: list[YearIndicators]
    average: AverageIndicators
    reference: ReferenceValues | None
