"""The application's stored values: questionnaire fields and the self-assessment, as dated records.

A value is never overwritten: ``questionnaire set`` and ``assess`` add a row, and the latest row of a
key (by the date it applies from, then by insertion) is its current value. An empty value clears the
key (the organization profile's default applies again), and the history stays readable.
"""

from __future__ import annotations

import datetime

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field, SQLModel

from core.storage.models import utcnow


class ContestDigitalEntry(SQLModel, table=True):
    """One value of the application: ``owner.inn``, ``solution.tasks``, ``criteria.tasks``…"""

    __tablename__ = "contest_digital_entry"
    __table_args__ = (Index("ix_contest_digital_entry_org_key", "org_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    key: str = Field(max_length=60)
    # None clears the key; long texts (tasks, effect, scenario) do not fit a VARCHAR limit.
    value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    set_on: datetime.date
    created_at: NaiveDatetime = Field(default_factory=utcnow)


CONTEST_DIGITAL_MODELS: tuple[type[SQLModel], ...] = (ContestDigitalEntry,)
