"""Tables of the schedule part: trainings and medical exams (hash-chained journals), СОУТ, absences.

Trainings and medical exams are records (point 18.3 of the school's СУОТ regulation): never edited,
a correction is a new row whose ``corrects_id`` names the corrected one, each row carries
``prev_hash`` and ``hash`` like the briefing journal (core/journal/). СОУТ reports, СОУТ events and
absences are append-only registers: no command edits them, a later row supersedes an earlier one.
"""

from __future__ import annotations

import datetime

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.journal.models import ChainColumns
from core.storage.models import utcnow


class SuotTraining(ChainColumns, table=True):
    """One training with its knowledge check of one worker (protocol of the commission)."""

    __tablename__ = "suot_training"
    __table_args__ = (UniqueConstraint("org_id", "seq", name="uq_suot_training_org_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False, index=True))
    program: str = Field(max_length=20)
    on: datetime.date
    protocol: str = Field(max_length=100)
    result: str = Field(max_length=10)
    hours: int | None = None
    provider: str | None = Field(default=None, max_length=500)
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    corrects_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("suot_training.id"), nullable=True)
    )


class SuotMedicalExam(ChainColumns, table=True):
    """One medical exam or psychiatric examination of one worker with its conclusion."""

    __tablename__ = "suot_medical_exam"
    __table_args__ = (UniqueConstraint("org_id", "seq", name="uq_suot_medical_exam_org_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False, index=True))
    kind: str = Field(max_length=20)
    on: datetime.date
    result: str = Field(max_length=20)
    basis: str | None = Field(default=None, max_length=40)
    referral: bool = False
    conclusion: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    corrects_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("suot_medical_exam.id"), nullable=True)
    )


class SuotSout(SQLModel, table=True):
    """The СОУТ result of one workplace (position in a department): report date, class, factors, declaration."""

    __tablename__ = "suot_sout"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    department_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_department.id"), nullable=True)
    )
    position: str = Field(max_length=300)
    workplace_no: str | None = Field(default=None, max_length=40)
    report_on: datetime.date
    sout_class: str = Field(max_length=4)
    # «шум=2; химический=3.1»: factor name and class pairs, in the order given.
    factors: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    declaration: bool = False
    #: Where the result came from when not typed in with ``ohs sout add``: «перенесено из бумажного журнала; …»
    #: or «из сведений о должности (ohs suot position set)».
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class SuotSoutEvent(SQLModel, table=True):
    """A case of ст. 17 ч. 1 of 426-ФЗ that requires an unscheduled СОУТ of a workplace."""

    __tablename__ = "suot_sout_event"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    department_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_department.id"), nullable=True)
    )
    position: str = Field(max_length=300)
    reason: str = Field(max_length=30)
    on: datetime.date
    note: str | None = Field(default=None, max_length=2000)
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class SuotAbsence(SQLModel, table=True):
    """A break in a worker's work (leave, sick leave…): over 60 days it calls for an unscheduled briefing."""

    __tablename__ = "suot_absence"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False, index=True))
    from_on: datetime.date
    to_on: datetime.date
    reason: str | None = Field(default=None, max_length=500)
    created_at: NaiveDatetime = Field(default_factory=utcnow)


SCHEDULE_MODELS: tuple[type[SQLModel], ...] = (SuotTraining, SuotMedicalExam, SuotSout, SuotSoutEvent, SuotAbsence)
