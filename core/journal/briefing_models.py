"""The briefing journal (журнал инструктажей по охране труда): one row per briefing of one worker.

Rows are never edited or deleted: a correction is a new row whose ``corrects_id`` names the row it
corrects. Each row carries the chain columns of core/journal/models.py (``prev_hash``, ``hash``, …),
so ``ohs verify`` notices a row changed or removed outside ohs. The columns hold what Постановление 2464 asks a journal to
record (REGULATION §2.6); name, position and birth date come from the people register.
"""

from __future__ import annotations

import datetime

from sqlalchemy import Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.journal.models import ChainColumns

#: Kinds of briefing (REGULATION §2.1), as the journal names them.
BRIEFING_KINDS: dict[str, str] = {
    "intro": "вводный",
    "primary": "первичный",
    "repeat": "повторный",
    "unscheduled": "внеплановый",
    "targeted": "целевой",
}
#: Kinds given at the workplace by the direct supervisor (2464, п. 22).
WORKPLACE_KINDS = ("primary", "repeat", "unscheduled", "targeted")
#: Kinds that need a reason in the journal (2464: «причина проведения» for внеплановый and целевой).
KINDS_WITH_REASON = ("unscheduled", "targeted")

#: How the two parties signed.
SIGNATURES: dict[str, str] = {
    "paper": "собственноручная подпись",
    "simple": "простая электронная подпись",
    "qualified": "усиленная квалифицированная электронная подпись",
}


class Briefing(ChainColumns, table=True):
    """One journal entry: who was briefed, when, of what kind, by whom, and its place in the chain."""

    __tablename__ = "core_briefing"
    # Numbering per organization; the constraint also refuses a forked chain outright.
    __table_args__ = (UniqueConstraint("org_id", "seq", name="uq_core_briefing_org_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False, index=True))
    kind: str = Field(max_length=20)
    on: datetime.date
    #: None only for an entry carried over from a paper journal (``ohs history import``): the paper names the
    #: instructor, the register may not hold them, and naming another person would falsify the entry.
    instructor_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("core_person.id"),
                                                                     nullable=True))
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    act: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    signature: str = Field(default="paper", max_length=20)
    corrects_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_briefing.id"), nullable=True)
    )


BRIEFING_MODELS: tuple[type[SQLModel], ...] = (Briefing,)
