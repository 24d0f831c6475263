"""Tables of the best-practice register: practices, their links and files, proposals, report submissions.

A practice and a proposal are working records (a proposal gets its decision once). A submission of
the quarterly report is a record in the strict sense: rows of ``best_practices_submission`` are
never edited; a resubmission is a new row with the reason, and the rows form a hash chain
(``prev_hash``/``hash``, see core/journal/) that ``ohs verify`` walks.
"""

from __future__ import annotations

import datetime

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.journal.models import ChainColumns
from core.storage.refs import kind_refs, ref_kind, refers
from core.storage.models import utcnow


class BestPractice(SQLModel, table=True):
    """One practice put in place: what, where, since when, the effect, how it is spread."""

    __tablename__ = "best_practices_practice"
    # Other records name a practice «practice:N» (core/storage/refs.py).
    __table_args__ = {"info": ref_kind("practice")}

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    category: str = Field(max_length=20)
    title: str = Field(max_length=500)
    description: str = Field(sa_column=Column(Text, nullable=False))
    effect: str = Field(sa_column=Column(Text, nullable=False))
    implemented_on: datetime.date = Field(index=True)
    department: str | None = Field(default=None, max_length=300)
    source: str = Field(default="other", max_length=20)
    # Kept as text («180000.00»): exact, and SQLite has no native decimal type.
    cost: str | None = Field(default=None, max_length=40)
    spread: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    author_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=True, index=True)
    )
    added_on: datetime.date
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class BestPracticeLink(SQLModel, table=True):
    """A measure, incident or risk the practice answered, as its owner described it when linked."""

    __tablename__ = "best_practices_link"
    __table_args__ = (UniqueConstraint("practice_id", "ref", name="uq_best_practices_link_practice_ref"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    practice_id: int = Field(
        sa_column=Column(Integer, ForeignKey("best_practices_practice.id"), nullable=False, index=True)
    )
    ref: str = Field(max_length=60, sa_column_kwargs={"info": kind_refs()})
    title: str = Field(sa_column=Column(Text, nullable=False))
    date: datetime.date | None = None
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class BestPracticeAttachment(SQLModel, table=True):
    """A photo, video or document of a practice; the file lives in the workspace under its sha256."""

    __tablename__ = "best_practices_attachment"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    practice_id: int = Field(
        sa_column=Column(Integer, ForeignKey("best_practices_practice.id"), nullable=False, index=True)
    )
    name: str = Field(max_length=255)
    kind: str = Field(max_length=20)
    media_type: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
    added_on: datetime.date
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class BestPracticeProposal(SQLModel, table=True):
    """A worker's proposal or a survey answer, and the specialist's decision on it."""

    __tablename__ = "best_practices_proposal"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    received_on: datetime.date
    channel: str = Field(max_length=20)
    text: str = Field(sa_column=Column(Text, nullable=False))
    author_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=True)
    )
    author_name: str | None = Field(default=None, max_length=300)
    department: str | None = Field(default=None, max_length=300)
    category: str | None = Field(default=None, max_length=20)
    effect: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    survey: str | None = Field(default=None, max_length=300)
    # The other answers of a survey row as JSON {question: answer}, so nothing the worker wrote is lost.
    answers: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    import_sha256: str | None = Field(default=None, max_length=64, index=True)
    status: str = Field(default="new", max_length=20)
    decided_on: datetime.date | None = None
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    practice_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("best_practices_practice.id"), nullable=True)
    )
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class BestPracticeSubmission(ChainColumns, table=True):
    """The quarterly report as sent to the administration: a hash-chained record, never edited."""

    __tablename__ = "best_practices_submission"
    __table_args__ = (
        UniqueConstraint("org_id", "seq", name="uq_best_practices_submission_org_seq"),
        UniqueConstraint("org_id", "year", "quarter", "version", name="uq_best_practices_submission_quarter"),
    )

    id: int | None = Field(default=None, primary_key=True)
    year: int
    quarter: int
    version: int
    submitted_on: datetime.date
    number: str | None = Field(default=None, max_length=60)
    addressee: str = Field(sa_column=Column(Text, nullable=False))
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The practices the report carried, as a JSON list of ids: they are not reported again.
    practice_ids: str = Field(sa_column=Column(Text, nullable=False, info=refers({"$[]": "best_practices_practice"})))
    document_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_document.id"), nullable=True)
    )
    sha256: str | None = Field(default=None, max_length=64)


BEST_PRACTICE_MODELS: tuple[type[SQLModel], ...] = (
    BestPractice, BestPracticeLink, BestPracticeAttachment, BestPracticeProposal, BestPracticeSubmission,
)
