"""The hash formulas of a journal chain and the walk that finds the first broken entry.

Why: journals (briefings, trainings, medical exams, incidents, submitted reports) are records, not
documents. Point 18.3 of the school's СУОТ regulation and DESIGN («Data») say they are never edited
or deleted; a correction is a new entry that references the one it corrects. A database file can
still be changed behind the toolkit's back (a DB browser, a restored backup, a careless script), so
each entry stores the hash of the previous entry and its own hash.

Two formats exist, and an entry says which one it uses (``chain_version``):

* version 1 (until the journal framework): ``sha256(prev_hash + canonical(fields))`` where the
  fields name a corrected entry by its row id;
* version 2: ``sha256("ohs-journal/2" NUL key NUL prev_hash NUL canonical(fields))``: the journal's key
  is part of the hash, and the corrected entry is named by its *sequence number* (``corrects_seq``),
  so swapping row ids makes a correction point elsewhere without changing its hash no more.

``canonical`` is UTF-8 JSON of the entry's recorded fields with sorted keys, dates and moments in
ISO form and no whitespace. Changing a field breaks that entry's hash; deleting or reordering entries
breaks the next entry's ``prev_hash`` link. A chain cut at its end is still a valid chain: the
journal's head (core/journal/models.py) and an exported anchor (core/journal/anchor.py) cover that.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: ``prev_hash`` of the first entry of every chain.
GENESIS = ""
#: The format new entries are written in.
CHAIN_VERSION = 2
_V2_PREFIX = b"ohs-journal/2\x00"


_SCALARS = frozenset((str, int, float, bool, type(None)))


def _plain(value: Any) -> Any:
    """A JSON value that serialises the same way on every machine and database."""
    if type(value) in _SCALARS:  # most fields: returned as they are, before the slower checks below
        return value
    if isinstance(value, datetime.datetime):
        # Always with microseconds, so a whole second does not change the text form.
        return value.isoformat(timespec="microseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if type(value) is dict or isinstance(value, Mapping):  # the exact type first: the ABC check is slow
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The canonical bytes of an entry's recorded fields: sorted keys, ISO dates, UTF-8 JSON."""
    return json.dumps(_plain(fields), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(prev_hash: str | None, fields: Mapping[str, Any]) -> str:
    """Version 1: sha256 (hex) of the previous entry's hash followed by this entry's canonical fields."""
    digest = hashlib.sha256((prev_hash or GENESIS).encode("ascii"))
    digest.update(canonical(fields))
    return digest.hexdigest()


def entry_hash_v2(key: str, prev_hash: str | None, fields: Mapping[str, Any]) -> str:
    """Version 2: the journal's key, the previous hash and the canonical fields, NUL-separated, hashed."""
    digest = hashlib.sha256(_V2_PREFIX)
    digest.update(key.encode("utf-8") + b"\x00")
    digest.update((prev_hash or GENESIS).encode("ascii") + b"\x00")
    digest.update(canonical(fields))
    return digest.hexdigest()


def hash_for(version: int, key: str, prev_hash: str | None, fields: Mapping[str, Any]) -> str:
    """The hash of an entry written in format ``version``."""
    if version == 1:
        return entry_hash(prev_hash, fields)
    if version == 2:
        return entry_hash_v2(key, prev_hash, fields)
    # An unknown format cannot match: the entry is reported as changed.
    return ""


@dataclass(frozen=True)
class ChainEntry:
    """One stored entry as the chain sees it: its recorded fields, the two stored hashes, its format."""

    fields: Mapping[str, Any]
    prev_hash: str
    hash: str
    version: int = 1


def chain_break(entries: Sequence[ChainEntry], key: str = "") -> tuple[int, str] | None:
    """The first broken entry's index and why: ``"link"`` (prev_hash does not match) or ``"hash"``.

    Formats only move forward: a version-1 entry after a version-2 one has been tampered with.
    """
    expected_prev = GENESIS
    newest_version = 1
    for index, entry in enumerate(entries):
        if entry.prev_hash != expected_prev:
            # The entry before it was removed, replaced or moved: the link no longer holds.
            return index, "link"
        if entry.version < newest_version or entry.hash != hash_for(entry.version, key, entry.prev_hash, entry.fields):
            return index, "hash"
        newest_version = entry.version
        expected_prev = entry.hash
    return None


def verify_chain(entries: Sequence[ChainEntry], key: str = "") -> int | None:
    """Index of the first entry that does not match its chain, or None when the chain is intact."""
    broken = chain_break(entries, key)
    return None if broken is None else broken[0]
