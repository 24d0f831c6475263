"""Tables of the document registry.

A made document is never changed: making a kind again adds a new version; approving a draft
freezes it and supersedes the version approved before. Acknowledgements are records too.

Versions form a series per kind and period: a yearly kind (the plan of measures) keeps one series per
year (``period = "2027"``), so next year's plan is a new document with its own редакция 1, and approving
it leaves the approved plan of the current year in force. Kinds without a period keep ``period = ""``.
"""

from __future__ import annotations

import datetime

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.storage.models import utcnow

STATUSES = {"draft": "проект", "approved": "утверждён", "superseded": "заменён новой редакцией"}
ACK_METHODS = {
    "paper": "личная подпись на бумаге",
    "simple": "простая электронная подпись",
    "qualified": "усиленная квалифицированная электронная подпись",
}


class Document(SQLModel, table=True):
    """One version of one document kind, with its file and the text used for comparisons."""

    __tablename__ = "core_document"
    __table_args__ = (
        UniqueConstraint("org_id", "kind", "period", "version", name="uq_core_document_kind_period_version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    kind: str = Field(max_length=80, index=True)
    title: str = Field(max_length=300)
    #: The series: the year of a yearly kind (``"2027"``), else empty.
    period: str = Field(default="", max_length=20)
    version: int
    status: str = Field(default="draft", max_length=20)
    number: str | None = Field(default=None, max_length=40)
    made_on: datetime.date
    path: str = Field(max_length=500)
    sha256: str = Field(max_length=64)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    approved_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=True)
    )
    approved_on: datetime.date | None = None
    order_number: str | None = Field(default=None, max_length=40)
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class DocumentAuthor(SQLModel, table=True):
    """A person who developed a document version (the specialist contest counts them)."""

    __tablename__ = "core_document_author"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    document_id: int = Field(sa_column=Column(Integer, ForeignKey("core_document.id"), nullable=False, index=True))
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False))


class Acknowledgement(SQLModel, table=True):
    """A worker acknowledged (ознакомлен) a document version, on a day, in a way."""

    __tablename__ = "core_acknowledgement"
    __table_args__ = (UniqueConstraint("document_id", "person_id", name="uq_core_ack_document_person"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(sa_column=Column(Integer, ForeignKey("core_organization.id"), nullable=False, index=True))
    document_id: int = Field(sa_column=Column(Integer, ForeignKey("core_document.id"), nullable=False, index=True))
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False, index=True))
    on: datetime.date
    method: str = Field(max_length=20)
    created_at: NaiveDatetime = Field(default_factory=utcnow)


DOCUMENT_MODELS = (Document, DocumentAuthor, Acknowledgement)
