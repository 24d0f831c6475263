"""Tables of the СУОТ plugin: OSH goals, the procedures the organization applies, position facts.

Choices and facts are records: a change adds a row and the latest row wins, so the history of
what the organization declared (and when) is kept for inspections. Goals are never deleted: a
withdrawn goal keeps its row with the date and reason of withdrawal.
"""

from __future__ import annotations

import datetime

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from core.storage.models import utcnow


class SuotGoal(SQLModel, table=True):
    """An OSH goal stated in the policy, measurable where an indicator and a target are given."""

    __tablename__ = "suot_goal"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    text: str = Field(max_length=1000)
    indicator: str | None = Field(default=None, max_length=500)
    target: str | None = Field(default=None, max_length=200)
    deadline: datetime.date | None = None
    year: int | None = None
    added_on: datetime.date
    withdrawn_on: datetime.date | None = None
    withdraw_reason: str | None = Field(default=None, max_length=500)
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class SuotProcedureChoice(SQLModel, table=True):
    """Whether one 776н procedure applies to the organization, since a date and why."""

    __tablename__ = "suot_procedure_choice"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    key: str = Field(max_length=60)
    applies: bool
    since: datetime.date
    reason: str = Field(default="", max_length=500)
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class SuotPositionFact(SQLModel, table=True):
    """What is known about a position's hazards and СОУТ result (for exemptions from instruction)."""

    __tablename__ = "suot_position_fact"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    position: str = Field(max_length=300, index=True)
    office_only: bool | None = None
    other_hazards: bool | None = None
    sout_class: str = Field(default="", max_length=4)
    sout_date: datetime.date | None = None
    note: str = Field(default="", max_length=500)
    #: Training programmes the position requires, comma-separated keys («A,B,first_aid»); None: not declared.
    programs: str | None = Field(default=None, max_length=100)
    since: datetime.date
    created_at: NaiveDatetime = Field(default_factory=utcnow)


SUOT_MODELS: tuple[type[SQLModel], ...] = (SuotGoal, SuotProcedureChoice, SuotPositionFact)
