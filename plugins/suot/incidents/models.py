"""Tables of the incident journal and of the Social Fund's reference values.

An incident entry stores what it records as canonical JSON (``data``): the people involved are a
list (injured, witnesses, investigation commission, each either a register person or an outsider
marked as such), and the whole record must be covered by the entry's hash, which a JSON text
column gives without child tables that could be changed unseen.
"""

from __future__ import annotations

import datetime

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.journal.models import ChainColumns
from core.storage.models import utcnow
from core.storage.refs import refers

#: The ids inside an entry's data (core/storage/refs.py): the people involved and the measures linked.
DATA_REFS = {"$.injured[].person_id": "core_person", "$.witnesses[].person_id": "core_person",
             "$.commission[].person_id": "core_person", "$.measures[]": "suot_measure"}


class SuotIncidentEntry(ChainColumns, table=True):
    """One entry of the incident journal: a case opened, closed or corrected, and its place in the chain."""

    __tablename__ = "suot_incident_entry"
    # Numbering per organization; the constraint also refuses a forked chain outright.
    __table_args__ = (UniqueConstraint("org_id", "seq", name="uq_suot_incident_entry_org_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    case_no: int = Field(index=True)
    action: str = Field(max_length=10)
    # The entry this one closes or corrects (its journal number); None for an opening entry.
    refers_seq: int | None = None
    on: datetime.date
    data: str = Field(sa_column=Column(Text, nullable=False, info=refers(DATA_REFS)))
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class SuotInjuryReference(SQLModel, table=True):
    """The Social Fund's values for one year and ОКВЭД code: b стр (≈ Кч), c стр (≈ Кт), and the act they come from."""

    __tablename__ = "suot_injury_reference"
    __table_args__ = (UniqueConstraint("org_id", "year", "okved", name="uq_suot_injury_reference_org_year_okved"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    year: int
    okved: str = Field(max_length=8)
    # Decimals kept as text («0.76»): exact on SQLite and PostgreSQL alike.
    frequency: str = Field(max_length=20)
    days: str = Field(max_length=20)
    source: str = Field(sa_column=Column(Text, nullable=False))
    created_at: NaiveDatetime = Field(default_factory=utcnow)


INCIDENT_MODELS: tuple[type[SQLModel], ...] = (SuotIncidentEntry, SuotInjuryReference)
