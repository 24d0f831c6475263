"""Tables of the ppe plugin: the organization's norms, people's sizes and the issue journal.

- ``ppe_norm`` / ``ppe_norm_item``: the norm of one position, versioned by the day it applies from; a
  new version never changes an old one, so a card printed for last year still shows last year's norm.
- ``ppe_size``: what the card's front side asks (табельный номер, рост, sizes of clothing, shoes,
  headwear, respirator, gloves), one row per person.
- ``ppe_entry``: issue, return and write-off as ONE hash-chained journal (core/journal/); a wrong
  entry is corrected by a new entry naming it in ``corrects_id``.
- ``ppe_certificate``: the validity of a certificate or declaration of conformity named by issues.
  Kept beside the journal, not in it: one certificate covers a whole delivery issued to many people,
  and adding a field to the hashed entry would change the hash of every entry already written.
"""

from __future__ import annotations

import datetime

from pydantic import NaiveDatetime
from sqlalchemy import Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.journal.models import ChainColumns, OrgColumn
from core.storage.models import utcnow

#: How often an item is issued: every N months, until worn out, or kept on duty at the workplace.
PERIOD_KINDS: dict[str, str] = {"months": "на срок", "wear": "до износа", "duty": "дежурный"}
#: What a norm item rests on (issue 19: an ЕТН appendix and item, a hazard of the risk register,
#: a СОУТ result, the organization's own stricter decision; the older typical norms in the transition).
BASIS_KINDS: dict[str, str] = {
    "etn": "Единые типовые нормы",
    "hazard": "опасность из реестра рисков",
    "sout": "результаты СОУТ",
    "own": "решение работодателя (сверх типовых норм)",
    "typical_old": "прежние типовые нормы",
}
#: Journal entry kinds.
ENTRY_KINDS: dict[str, str] = {"issue": "выдача", "return": "возврат", "writeoff": "списание"}


class PpeNorm(OrgColumn, table=True):
    """One version of the norm of one position, applying from ``valid_from`` until the next version."""

    __tablename__ = "ppe_norm"
    __table_args__ = (UniqueConstraint("org_id", "position", "version", name="uq_ppe_norm_org_position_version"),)

    id: int | None = Field(default=None, primary_key=True)
    position: str = Field(max_length=300)
    version: int
    valid_from: datetime.date
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class PpeNormItem(OrgColumn, table=True):
    """One line of a norm: the СИЗ (or washing agent), quantity, period and what it rests on."""

    __tablename__ = "ppe_norm_item"
    __table_args__ = (UniqueConstraint("norm_id", "line", name="uq_ppe_norm_item_norm_line"),)

    id: int | None = Field(default=None, primary_key=True)
    norm_id: int = Field(sa_column=Column(Integer, ForeignKey("ppe_norm.id"), nullable=False, index=True))
    line: int
    name: str = Field(max_length=300)
    unit: str = Field(default="шт.", max_length=30)
    quantity: int
    period_kind: str = Field(default="months", max_length=10)
    period_months: int | None = None
    basis_kind: str = Field(max_length=20)
    basis_ref: str = Field(default="", max_length=300)
    #: The line this item is an alternative to («или»): issuing either satisfies the norm.
    alternative_of: int | None = None
    washing: bool = False
    #: Its use needs practical skills (for the СИЗ training programme, Постановление 2464).
    skills: bool = False


class PpeSize(OrgColumn, table=True):
    """A person's personnel number and sizes, as the card's front side asks."""

    __tablename__ = "ppe_size"
    __table_args__ = (UniqueConstraint("org_id", "person_id", name="uq_ppe_size_org_person"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False, index=True))
    personnel_number: str | None = Field(default=None, max_length=30)
    height: str | None = Field(default=None, max_length=20)
    clothing: str | None = Field(default=None, max_length=20)
    shoes: str | None = Field(default=None, max_length=20)
    headwear: str | None = Field(default=None, max_length=20)
    respirator: str | None = Field(default=None, max_length=20)
    gloves: str | None = Field(default=None, max_length=20)
    updated_on: datetime.date
    created_at: NaiveDatetime = Field(default_factory=utcnow)


class PpeEntry(ChainColumns, table=True):
    """One journal entry: an issue, a return or a write-off of one item to or from one person."""

    __tablename__ = "ppe_entry"
    __table_args__ = (UniqueConstraint("org_id", "seq", name="uq_ppe_entry_org_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("core_person.id"), nullable=False, index=True))
    kind: str = Field(max_length=10)
    on: datetime.date
    item: str = Field(max_length=300)
    norm_item_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("ppe_norm_item.id"), nullable=True))
    quantity: int
    size: str | None = Field(default=None, max_length=20)
    certificate: str | None = Field(default=None, max_length=300)
    wear_percent: int | None = None
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    corrects_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("ppe_entry.id"), nullable=True))


class PpeCertificate(OrgColumn, table=True):
    """A certificate or declaration of conformity as issues name it (``certificate``), valid until a day.

    ``key`` is the text folded (case, «ё», spaces) so «Сертификат № 1» and «сертификат №  1» are one.
    """

    __tablename__ = "ppe_certificate"
    __table_args__ = (UniqueConstraint("org_id", "key", name="uq_ppe_certificate_org_key"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300)
    text: str = Field(max_length=300)
    valid_until: datetime.date
    added_on: datetime.date
    created_at: NaiveDatetime = Field(default_factory=utcnow)


PPE_MODELS: tuple[type[SQLModel], ...] = (PpeNorm, PpeNormItem, PpeSize, PpeEntry, PpeCertificate)
