"""Tables of the plan of OSH measures (п. 12.2 of the school's СУОТ regulation; 776н, section III).

The measure row is the plan as adopted and is not edited afterwards; what happened to a measure
(started, done with its result, cancelled with the reason) is a row in ``suot_measure_event``, and
the latest event gives the current status, so the plan and its execution are both kept.
"""

from __future__ import annotations

import datetime

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from core.storage.models import utcnow
from core.storage.refs import kind_refs, ref_kind


class SuotMeasure(SQLModel, table=True):
    """One measure of the plan: the six fields of п. 12.2, the source it answers, the plan year."""

    __tablename__ = "suot_measure"
    # Other records name a measure «measure:N» (core/storage/refs.py).
    __table_args__ = {"info": ref_kind("measure")}

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    year: int
    source: str = Field(default="other", max_length=20)
    #: «risk:N», «control_act:N», «incident:N» or the user's own words.
    source_ref: str | None = Field(default=None, max_length=500, sa_column_kwargs={"info": kind_refs()})
    analysis: str | None = Field(default=None, max_length=2000)
    measure: str = Field(max_length=2000)
    expected: str | None = Field(default=None, max_length=1000)
    deadline: datetime.date
    responsible_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False))
    funding: str = Field(max_length=500)
    # Kept as text («180000.00»): exact, and SQLite has no native decimal type.
    cost: str | None = Field(default=None, max_length=40)
    added_on: datetime.date
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class SuotMeasureEvent(SQLModel, table=True):
    """A change of a measure's status: started, done (note = result achieved), cancelled (note = reason)."""

    __tablename__ = "suot_measure_event"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    measure_id: int = Field(sa_column=Column(Integer, ForeignKey("suot_measure.id"), nullable=False, index=True))
    status: str = Field(max_length=20)
    on: datetime.date
    note: str | None = Field(default=None, max_length=2000)
    created_at: NaiveDatetime = Field(default_factory=utcnow)


MEASURE_MODELS: tuple[type[SQLModel], ...] = (SuotMeasure, SuotMeasureEvent)
