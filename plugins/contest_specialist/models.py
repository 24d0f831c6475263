"""Tables of the participant's portfolio: items, their evidence files, and retractions.

An item is never edited: evidence is added as a new row, and a wrong item is retracted by a new
row naming it and the reason (the item stays, with the retraction, as history).
"""

from __future__ import annotations

import datetime

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from core.storage.models import utcnow
from core.storage.refs import kind_refs, ref_kind


class PortfolioItem(SQLModel, table=True):
    """One portfolio fact: a diploma, a period of work, a certificate, an event, an award…"""

    __tablename__ = "contest_specialist_item"
    # The contest's facts name an item «portfolio:N» (core/storage/refs.py).
    __table_args__ = {"info": ref_kind("portfolio")}

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False, index=True))
    kind: str = Field(max_length=30)
    subtype: str | None = Field(default=None, max_length=40)
    level: str | None = Field(default=None, max_length=20)
    role: str | None = Field(default=None, max_length=20)
    format: str | None = Field(default=None, max_length=20)
    title: str = Field(max_length=500)
    on: datetime.date
    date_to: datetime.date | None = None
    valid_until: datetime.date | None = None
    number: int | None = None
    flag: bool | None = None
    description: str | None = Field(default=None, max_length=2000)
    #: The record the project describes: «practice:3», «measure:12».
    ref: str | None = Field(default=None, max_length=100, sa_column_kwargs={"info": kind_refs()})
    added_on: datetime.date
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class PortfolioEvidence(SQLModel, table=True):
    """An evidence file of an item, stored in the workspace by sha256 (``files/<sha[:2]>/<sha>``)."""

    __tablename__ = "contest_specialist_evidence"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    item_id: int = Field(sa_column=Column(Integer, ForeignKey("contest_specialist_item.id"), nullable=False, index=True))
    sha256: str = Field(max_length=64)
    filename: str = Field(max_length=300)
    size: int
    added_on: datetime.date
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class PortfolioRetraction(SQLModel, table=True):
    """An item withdrawn (entered by mistake, replaced): the item stays as history."""

    __tablename__ = "contest_specialist_retraction"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    item_id: int = Field(
        sa_column=Column(Integer, ForeignKey("contest_specialist_item.id"), nullable=False, unique=True)
    )
    on: datetime.date
    reason: str = Field(max_length=500)
    created_at: NaiveDatetime = Field(default_factory=utcnow)


PORTFOLIO_MODELS: tuple[type[SQLModel], ...] = (PortfolioItem, PortfolioEvidence, PortfolioRetraction)
