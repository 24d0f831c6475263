"""What a journal declares (:class:`JournalSpec`) and what verifying one reports (:class:`JournalReport`).

A plugin keeps a journal by declaring a spec — the table (built on the chain mixins of
core/journal/models.py), the fields its hash covers, the audit entity, the lock namespace, how an
entry is named in a message — and returning it from the ``journals`` hook. Appending, hashing,
auditing, the head, verification and the exported anchor are then the framework's work
(core/journal/store.py, verify.py, anchor.py), written once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

#: The name under which a version-2 hash covers the corrected entry's number.
CORRECTS_SEQ = "corrects_seq"


@dataclass
class JournalReport:
    """The result of verifying one journal of one organization.

    ``head`` is the chain's end as verified (``{"count", "hash"}``), None for an empty journal or a
    journal kept outside the framework.
    """

    key: str
    title: str
    count: int
    broken_index: int | None = None
    message: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    head: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """True when the whole chain matches."""
        return self.broken_index is None

    def fail(self, index: int, message: str, **details: Any) -> JournalReport:
        """Mark the journal broken at ``index`` with a Russian ``message``; returns the report."""
        self.broken_index, self.message, self.details = index, message, details
        return self


@dataclass(frozen=True)
class JournalSpec:
    """One hash-chained journal, declared once; the framework does the rest.

    ``hashed`` lists the fields the hash covers, as version 1 hashed them (``corrects`` names the
    row-id column of a corrected entry, if the journal has corrections: version 2 hashes the
    corrected entry's number instead). ``label(session, entry)`` names an entry in messages
    («запись № 3 от 12.03.2026 (Иванов И.И., …)»); ``noun``/``noun_genitive`` are the entry's word
    («запись»/«записи», «отправка»/«отправки»); ``extra_details(entry)`` adds keys to a broken
    report (the incident's case number).
    """

    key: str
    title: str
    model: type
    entity: str
    namespace: int
    hashed: tuple[str, ...]
    label: Callable[[Any, Any], str]
    list_command: str = ""
    noun: str = "запись"
    noun_genitive: str = "записи"
    corrects: str | None = None
    extra_details: Callable[[Any], dict[str, Any]] | None = None

    @property
    def hashed_v2(self) -> tuple[str, ...]:
        """The fields version 2 hashes: the corrected entry by number, not by row id."""
        return tuple(CORRECTS_SEQ if name == self.corrects else name for name in self.hashed)

    def verify(self, session: Session, org: Organization) -> JournalReport:
        """Walk the chain, then compare its end with the head and the audit log (core/journal/verify.py)."""
        from core.journal.verify import verify_journal

        return verify_journal(session, org, self)


@dataclass(frozen=True)
class Journal:
    """A journal kept outside the framework: only a key, a title and its own verifier.

    For third-party plugins with a store of their own; ``ohs verify`` runs the verifier but can
    check no head and export no anchor for it. Built-in journals are :class:`JournalSpec`.
    """

    key: str
    title: str
    verify: Callable[[Session, Organization], JournalReport]


def journals(pm: Any) -> list[JournalSpec | Journal]:
    """Every journal the plugins keep, the core's briefings first (its hook implementation is ``tryfirst``)."""
    return [journal for found in pm.hook.journals() for journal in found or ()]
