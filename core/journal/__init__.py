"""The one hash-chain journal framework every journal uses.

- ``chain`` — the hash formulas (versions 1 and 2) and the walk that finds the first broken entry;
- ``spec`` — :class:`JournalSpec`, what a journal declares (returned by the ``journals`` hook), and
  :class:`JournalReport`, what verifying it says;
- ``models`` — the SQLModel mixins of the chain columns and ``org_id``, and the per-journal head;
- ``store`` — appending under the journal's lock (number, hash, audit, head) in one transaction;
- ``verify`` — chain, audit log and head checks; ``anchor`` — the exported head ``ohs verify``
  compares against; ``upgrade`` — re-hashing chains written before the framework (migrations).

Only light modules are imported here (no SQLModel), so ``ohs --help`` stays fast.
"""

from core.journal.chain import (
    CHAIN_VERSION,
    GENESIS,
    ChainEntry,
    canonical,
    chain_break,
    entry_hash,
    entry_hash_v2,
    verify_chain,
)
from core.journal.spec import Journal, JournalReport, JournalSpec, journals
from core.journal.store import append_entries, bulk_append, get_entry, last_entry, lock_chain

__all__ = [
    "CHAIN_VERSION", "GENESIS", "ChainEntry", "Journal", "JournalReport", "JournalSpec", "append_entries",
    "bulk_append", "canonical", "chain_break", "entry_hash", "entry_hash_v2", "get_entry", "journals", "last_entry",
    "lock_chain", "verify_chain",
]
