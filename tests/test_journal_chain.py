"""The chain formats: format 2 binds the journal's key and the corrected entry's number; formats only move forward."""

import datetime

from core.journal import GENESIS, ChainEntry, chain_break, entry_hash, entry_hash_v2
from core.journal.spec import JournalSpec
from core.journal.store import hashed_values

FIELDS = {"org_id": 1, "seq": 1, "on": datetime.date(2026, 3, 12), "corrects_id": None,
          "created_at": datetime.datetime(2026, 3, 12, 10, 0), "actor": "Иванов"}


def build(key, rows, version=2):
    entries, prev = [], GENESIS
    for fields in rows:
        digest = entry_hash_v2(key, prev, fields) if version == 2 else entry_hash(prev, fields)
        entries.append(ChainEntry(fields, prev, digest, version))
        prev = digest
    return entries


def test_format_2_differs_from_format_1_and_depends_on_the_journal():
    assert entry_hash_v2("briefings", "", FIELDS) != entry_hash("", FIELDS)
    assert entry_hash_v2("briefings", "", FIELDS) != entry_hash_v2("trainings", "", FIELDS)
    assert entry_hash_v2("briefings", "", FIELDS) == entry_hash_v2("briefings", None, dict(reversed(FIELDS.items())))


def test_a_chain_mixing_formats_verifies_only_forward():
    rows = [{**FIELDS, "seq": i} for i in range(1, 5)]
    old = build("briefings", rows[:2], version=1)
    prev = old[-1].hash
    new = []
    for fields in rows[2:]:
        digest = entry_hash_v2("briefings", prev, fields)
        new.append(ChainEntry(fields, prev, digest, 2))
        prev = digest
    assert chain_break(old + new, "briefings") is None
    assert chain_break(old + new, "trainings") == (2, "hash")  # format 2 is bound to its journal
    # Claiming the old format for a new entry (to dodge the stronger hash) breaks it.
    downgraded = ChainEntry(new[1].fields, new[1].prev_hash, entry_hash(new[1].prev_hash, new[1].fields), 1)
    assert chain_break([*old, new[0], downgraded], "briefings") == (3, "hash")


def test_format_2_names_the_corrected_entry_by_number():
    spec = JournalSpec(key="briefings", title="Журнал", model=object, entity="briefing", namespace=1,
                       hashed=tuple(FIELDS), label=lambda s, e: "", corrects="corrects_id")
    assert spec.hashed_v2 == ("org_id", "seq", "on", "corrects_seq", "created_at", "actor")
    row = {**FIELDS, "seq": 3, "corrects_id": 70}
    assert hashed_values(spec, row, {70: 2})["corrects_seq"] == 2
    assert hashed_values(spec, row, {})["corrects_seq"] == -1  # the row id points nowhere: cannot match
    assert hashed_values(spec, row, {70: 2}, version=1)["corrects_id"] == 70
