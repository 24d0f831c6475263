"""The chain columns every journal table carries (SQLModel mixins) and the per-journal head.

Why mixins: five journals store the same bookkeeping — the organization, the entry's number, when
and by whom it was written, the two hashes and the hash format — and the framework reads them by
these names. Declared once here, a journal table only adds what it records.

Why a head: a chain cut at its end (the newest entries deleted) or removed entirely is still a valid
chain. ``core_journal_head`` keeps, per organization and journal, how many entries the chain has,
the last entry's hash and how many audit rows the journal wrote; it is updated in the transaction of
every append, under the same lock, so ``ohs verify`` compares the chain with it. The head hash is
also what an exported anchor and the journal documents' last page carry.
"""

from __future__ import annotations

from pydantic import NaiveDatetime
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from core.journal.chain import CHAIN_VERSION
from core.storage.models import utcnow


class OrgColumn(SQLModel):
    """``org_id``: every row belongs to an organization (indexed, a foreign key)."""

    org_id: int = Field(foreign_key="core_organization.id", index=True)


class ChainColumns(OrgColumn):
    """The columns of one chain entry besides what the journal records.

    ``chain_version`` says which hash formula the entry was written with (core/journal/chain.py);
    rows written before the framework carry 1 until their chain is re-hashed by the upgrade.
    """

    seq: int
    created_at: NaiveDatetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=100)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    chain_version: int = Field(default=CHAIN_VERSION)


class JournalHead(OrgColumn, table=True):
    """The end of one organization's journal as the toolkit last wrote it."""

    __tablename__ = "core_journal_head"
    __table_args__ = (UniqueConstraint("org_id", "journal", name="uq_core_journal_head_org_journal"),)

    id: int | None = Field(default=None, primary_key=True)
    journal: str = Field(max_length=60)
    count: int = 0
    last_hash: str = Field(default="", max_length=64)
    audit_count: int = 0
    updated_at: NaiveDatetime = Field(default_factory=utcnow)


JOURNAL_MODELS: tuple[type[SQLModel], ...] = (JournalHead,)
