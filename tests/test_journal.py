"""The generic hash chain: deterministic hashes, and every kind of tampering found at the right entry."""

import datetime

from core.journal import GENESIS, ChainEntry, canonical, chain_break, entry_hash, verify_chain


def build(rows):
    entries, prev = [], GENESIS
    for fields in rows:
        digest = entry_hash(prev, fields)
        entries.append(ChainEntry(fields, prev, digest))
        prev = digest
    return entries


ROWS = [
    {"seq": i, "on": datetime.date(2026, 3, i), "kind": "repeat", "reason": None, "who": "Иванов И.И.",
     "created_at": datetime.datetime(2026, 3, i, 10, 0)}
    for i in range(1, 6)
]


def test_hash_is_deterministic_and_independent_of_key_order():
    fields = {"b": "ё", "a": datetime.date(2026, 3, 12), "c": None}
    reordered = {"c": None, "a": datetime.date(2026, 3, 12), "b": "ё"}
    assert entry_hash("abc", fields) == entry_hash("abc", reordered)
    assert len(entry_hash("abc", fields)) == 64
    assert canonical(fields) == '{"a":"2026-03-12","b":"ё","c":null}'.encode()
    assert entry_hash("abc", fields) != entry_hash("abd", fields)
    assert entry_hash(None, fields) == entry_hash(GENESIS, fields)
    # A whole second and the same moment with microseconds spelled out hash alike.
    moment = datetime.datetime(2026, 3, 12, 10, 0, 0)
    assert canonical({"t": moment}) == b'{"t":"2026-03-12T10:00:00.000000"}'


def test_an_intact_chain_verifies():
    assert verify_chain(build(ROWS)) is None
    assert verify_chain([]) is None


def test_a_changed_field_is_found_at_its_entry():
    entries = build(ROWS)
    entries[2] = ChainEntry({**entries[2].fields, "on": datetime.date(2026, 4, 1)}, entries[2].prev_hash, entries[2].hash)
    assert verify_chain(entries) == 2
    assert chain_break(entries) == (2, "hash")


def test_a_rehashed_entry_breaks_the_next_link():
    entries = build(ROWS)
    forged = {**entries[1].fields, "reason": "подделка"}
    entries[1] = ChainEntry(forged, entries[1].prev_hash, entry_hash(entries[1].prev_hash, forged))
    assert chain_break(entries) == (2, "link")


def test_reordered_entries_are_found():
    entries = build(ROWS)
    entries[1], entries[2] = entries[2], entries[1]
    assert chain_break(entries) == (1, "link")


def test_a_deleted_entry_is_found_at_the_entry_after_the_gap():
    entries = build(ROWS)
    del entries[3]
    assert chain_break(entries) == (3, "link")
    first_removed = build(ROWS)[1:]
    assert verify_chain(first_removed) == 0
