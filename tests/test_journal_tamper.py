"""Cuts and rewrites done with SQL behind the toolkit's back, on every journal of the demo school.

Each scenario either makes ``ohs verify`` fail (exit 1, naming the journal and the entry), or — only
the intruder who rewrites the entries, the audit log AND the head consistently — passes it, as the
README says, and is then caught by ``ohs verify --against`` an export made before.
"""

import json

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from core.storage.db import make_engine
from core.journal import entry_hash_v2, journals
from core.journal.store import hashed_values
from core.testing import workspace_db_url

TODAY = ("--today", "2026-11-23")
#: journal key → (table, audit entity, a hashed text column an intruder changes)
JOURNALS = {
    "briefings": ("core_briefing", "briefing", "act"),
    "trainings": ("suot_training", "training", "protocol"),
    "medical_exams": ("suot_medical_exam", "medical_exam", "conclusion"),
    "incidents": ("suot_incident_entry", "incident_entry", "reason"),
    "best_practices": ("best_practices_submission", "best_practices_submission", "number"),
}
ALL = pytest.mark.parametrize("key", list(JOURNALS))


def verify(invoke, ws, *args):
    result = invoke("-w", ws, "verify", "--json", *args)
    return result.exit_code, {r["journal"]: r for r in json.loads(result.output)}


def broken(invoke, ws, key, *args):
    """The journal's report from a failing ``ohs verify``; every other journal still passes."""
    code, reports = verify(invoke, ws, *args)
    assert code == 1, reports
    assert [k for k, r in reports.items() if not r["ok"]] == [key], reports
    text_out = invoke("-w", ws, "verify", *args).output
    assert f"{reports[key]['title']}: " in text_out and "цепочка нарушена" in text_out
    return reports[key]


def engine_of(ws):
    return make_engine(workspace_db_url(ws))


def sql(ws, *statements):
    with engine_of(ws).begin() as conn:
        for statement, params in statements:
            conn.execute(text(statement), params)


def newest(ws, table):
    with engine_of(ws).connect() as conn:
        return conn.execute(text(f"SELECT max(seq) FROM {table}")).scalar()


def spec_of(pm, key):
    return next(j for j in journals(pm) if j.key == key)


def recompute_from(ws, pm, key, seq, column):
    """Edit entry ``seq`` and recompute every hash from it on with the published formula; returns {seq: new hash}."""
    spec = spec_of(pm, key)
    table = JOURNALS[key][0]
    sql(ws, (f"UPDATE {table} SET {column} = 'подделка' WHERE seq = :s", {"s": seq}))
    engine = engine_of(ws)
    with Session(engine) as session:
        rows = list(session.exec(select(spec.model).order_by(spec.model.seq)))
        id_seq = {r.id: r.seq for r in rows}
        prev, updates = rows[seq - 2].hash if seq > 1 else "", []
        for row in rows[seq - 1:]:
            digest = entry_hash_v2(key, prev, hashed_values(spec, row, id_seq))
            updates.append({"i": row.id, "p": prev, "h": digest, "s": row.seq})
            prev = digest
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE {table} SET prev_hash = :p, hash = :h WHERE id = :i"),
                     [{k: u[k] for k in ("i", "p", "h")} for u in updates])
    return {u["s"]: u["h"] for u in updates}


def rewrite_audit(ws, entity, hashes):
    """Give the journal's audit rows the recomputed hashes (as a careful intruder would)."""
    sql(ws, *((("UPDATE core_audit SET details = :d WHERE entity = :e AND entity_id = :s",
                {"d": json.dumps({"hash": h, "chain": 2}), "e": entity, "s": str(s)})) for s, h in hashes.items()))


@ALL
def test_newest_entries_deleted_with_their_audit_rows(invoke, demo, key):
    table, entity, _column = JOURNALS[key]
    n = newest(demo, table)
    gone = [str(s) for s in range(n - 2, n + 1)]
    sql(demo, (f"DELETE FROM {table} WHERE seq >= :s", {"s": n - 2}),
        (f"DELETE FROM core_audit WHERE entity = :e AND entity_id IN ('{gone[0]}', '{gone[1]}', '{gone[2]}')",
         {"e": entity}))
    report = broken(invoke, demo, key)
    assert report["broken"] == {"seq": n - 2, "reason": "head"}
    assert f"№ {n - 2}–{n} удалены вне ohs" in report["message"]


@ALL
def test_whole_journal_deleted_with_its_audit_rows(invoke, demo, key):
    table, entity, _column = JOURNALS[key]
    n = newest(demo, table)
    sql(demo, (f"DELETE FROM {table}", {}), ("DELETE FROM core_audit WHERE entity = :e", {"e": entity}))
    report = broken(invoke, demo, key)
    assert report["entries"] == 0 and report["broken"] == {"seq": 1, "reason": "head"}
    assert f"№ 1–{n} удалены вне ohs" in report["message"]


@ALL
def test_chain_recomputed_after_an_edit(invoke, demo, pm, key):
    table, _entity, column = JOURNALS[key]
    n = newest(demo, table)
    recompute_from(demo, pm, key, n - 2, column)
    report = broken(invoke, demo, key)
    assert report["broken"]["reason"] == "audit"
    if key in ("briefings", "best_practices"):  # audited entry by entry: the edited entry itself is named
        assert report["broken"]["seq"] == n - 2
    assert "журнал пересчитан вне ohs" in report["message"]


@ALL
def test_chain_recomputed_with_its_head_left_alone(invoke, demo, pm, key):
    """The intruder also rewrites the audit rows, but not the head: the head names the last entry."""
    table, entity, column = JOURNALS[key]
    n = newest(demo, table)
    rewrite_audit(demo, entity, recompute_from(demo, pm, key, n - 1, column))
    report = broken(invoke, demo, key)
    assert report["broken"]["seq"] == n and report["broken"]["reason"] == "head"
    assert "не совпадает с контрольной суммой журнала" in report["message"]


@ALL
def test_rewriting_everything_is_caught_only_by_an_earlier_export(invoke, demo, pm, key, tmp_path):
    """Entries, audit rows and head rewritten consistently: out of reach of the database alone (README)."""
    table, entity, column = JOURNALS[key]
    anchor = tmp_path / "heads.json"
    assert invoke("-w", demo, "verify", "--export-head", anchor).exit_code == 0
    n = newest(demo, table)
    hashes = recompute_from(demo, pm, key, n - 1, column)
    rewrite_audit(demo, entity, hashes)
    sql(demo, ("UPDATE core_journal_head SET last_hash = :h WHERE journal = :k", {"h": hashes[n], "k": key}))
    code, _reports = verify(invoke, demo)
    assert code == 0  # documented: without an anchor held elsewhere this cannot be seen
    report = broken(invoke, demo, key, "--against", anchor)
    assert report["broken"] == {"seq": n, "reason": "anchor"}
    assert f"№ {n}" in report["message"] and "не совпадает с выгрузкой контрольных сумм" in report["message"]
    # The same from the control sum on an earlier printout's last page.
    printed = next(j for j in json.loads(anchor.read_text(encoding="utf-8"))["journals"] if j["journal"] == key)
    report = broken(invoke, demo, key, "--check-head", f"{key}:{printed['count']}:{printed['hash']}")
    assert report["broken"] == {"seq": n, "reason": "anchor"} and "(с распечатки)" in report["message"]


@ALL
def test_a_consistent_cut_is_caught_by_an_earlier_export(invoke, demo, key, tmp_path):
    table, entity, _column = JOURNALS[key]
    anchor = tmp_path / "heads.json"
    assert invoke("-w", demo, "verify", "--export-head", anchor).exit_code == 0
    n = newest(demo, table)
    with engine_of(demo).begin() as conn:
        conn.execute(text(f"DELETE FROM {table} WHERE seq >= :s"), {"s": n - 1})
        conn.execute(text("DELETE FROM core_audit WHERE entity = :e"), {"e": entity})
        conn.execute(text("UPDATE core_journal_head SET count = :n, audit_count = 0, "
                          f"last_hash = (SELECT hash FROM {table} WHERE seq = :n) WHERE journal = :k"),
                     {"n": n - 2, "k": key})
    assert verify(invoke, demo)[0] == 0
    report = broken(invoke, demo, key, "--against", anchor)
    assert report["broken"] == {"seq": n - 1, "reason": "anchor"} and f"№ {n - 1}–{n} удалены" in report["message"]


CORRECTIONS = {
    "briefings": ("briefing", "correct", "--reason", "ошибка в акте", "--act", "ИОТ-02"),
    "trainings": ("training", "correct", "--reason", "номер протокола", "--protocol", "77"),
    "medical_exams": ("medical", "correct", "--reason", "текст заключения", "--conclusion", "годен"),
}


@pytest.mark.parametrize("key", list(CORRECTIONS))
def test_swapped_primary_keys_make_a_correction_point_elsewhere(invoke, demo, key):
    table = JOURNALS[key][0]
    group, command, *options = CORRECTIONS[key]
    result = invoke("-w", demo, group, command, "3", *options, *TODAY, "--json")
    assert result.exit_code == 0, result.output
    with engine_of(demo).connect() as conn:
        (correction, target), = conn.execute(text(f"SELECT id, corrects_id FROM {table} "
                                                  "WHERE corrects_id IS NOT NULL ORDER BY seq DESC LIMIT 1")).all()
        other = conn.execute(text(f"SELECT id FROM {table} WHERE seq = 4")).scalar()
        seq = conn.execute(text(f"SELECT seq FROM {table} WHERE id = :i"), {"i": correction}).scalar()
    # The row ids of entries 3 and 4 change places; the correction's corrects_id stays the same number.
    sql(demo, (f"UPDATE {table} SET corrects_id = NULL WHERE id = :c", {"c": correction}),
        (f"UPDATE {table} SET id = -1 WHERE id = :a", {"a": target}),
        (f"UPDATE {table} SET id = :a WHERE id = :b", {"a": target, "b": other}),
        (f"UPDATE {table} SET id = :b WHERE id = -1", {"b": other}),
        (f"UPDATE {table} SET corrects_id = :a WHERE id = :c", {"a": target, "c": correction}))
    report = broken(invoke, demo, key)
    assert report["broken"] == {"seq": seq, "reason": "hash"}
    assert f"№ {seq} " in report["message"]


@ALL
def test_old_audit_rows_deleted(invoke, demo, key):
    table, entity, _column = JOURNALS[key]
    with engine_of(demo).connect() as conn:
        oldest = conn.execute(text("SELECT min(id) FROM core_audit WHERE entity = :e"), {"e": entity}).scalar()
        seq = int(conn.execute(text("SELECT entity_id FROM core_audit WHERE id = :i"), {"i": oldest}).scalar())
    sql(demo, ("DELETE FROM core_audit WHERE id = :i", {"i": oldest}))
    report = broken(invoke, demo, key)
    assert report["broken"]["reason"] == "audit_rows"
    if key in ("briefings", "best_practices"):  # one audit row per entry: that entry is named
        assert report["broken"]["seq"] == seq
    assert "в журнале аудита удалена вне ohs" in report["message"]


def test_an_export_is_continued_by_later_entries(invoke, demo, tmp_path):
    anchor = tmp_path / "heads.json"
    result = invoke("-w", demo, "verify", "--export-head", anchor)
    assert result.exit_code == 0 and str(anchor) in result.output
    data = json.loads(anchor.read_text(encoding="utf-8"))
    assert set(JOURNALS) <= {j["journal"] for j in data["journals"]}  # and every plugin's own (ppe)
    result = invoke("-w", demo, "briefing", "add", "Кириллов", "--kind", "repeat", "--on", "2026-03-12",
                    "--by", "Матвеев Леонид Романович", *TODAY)
    assert result.exit_code == 0, result.output
    result = invoke("-w", demo, "verify", "--against", anchor)
    assert result.exit_code == 0, result.output
    assert "продолжают выгрузку" in result.output


def test_a_broken_journal_is_not_exported_and_a_foreign_export_is_refused(invoke, demo, workspace, tmp_path):
    anchor = tmp_path / "heads.json"
    assert invoke("-w", workspace, "verify", "--export-head", anchor).exit_code == 0
    for bad, expected in ((anchor, "другой организации"), (tmp_path / "none.json", "нет")):
        result = invoke("-w", demo, "verify", "--against", bad)
        assert result.exit_code == 1 and expected in result.stderr and "Traceback" not in result.output
    sql(demo, ("UPDATE core_briefing SET act = 'подделка' WHERE seq = 2", {}))
    result = invoke("-w", demo, "verify", "--export-head", tmp_path / "broken.json")
    assert result.exit_code == 1 and "не выгружены" in result.stderr
    assert not (tmp_path / "broken.json").exists()


def test_appending_to_a_cut_journal_is_refused(invoke, demo):
    """Appending after a cut would make the cut look whole: the toolkit refuses and points to ohs verify."""
    n = newest(demo, "core_briefing")
    sql(demo, ("DELETE FROM core_briefing WHERE seq = :s", {"s": n}),
        ("DELETE FROM core_audit WHERE entity = 'briefing' AND entity_id = :s", {"s": str(n)}))
    result = invoke("-w", demo, "briefing", "add", "Кириллов", "--kind", "repeat", "--on", "2026-03-12",
                    "--by", "Матвеев Леонид Романович", *TODAY)
    assert result.exit_code == 1 and "ohs verify" in result.stderr
    assert newest(demo, "core_briefing") == n - 1


@pytest.mark.parametrize("kind, key", [("journal_intro", "briefings"), ("journal_workplace", "briefings"),
                                       ("microtrauma_register", "incidents"), ("accident_register", "incidents")])
def test_journal_documents_print_the_chain_head_on_the_last_page(invoke, demo, kind, key):
    """The printout is an anchor too: its last paragraph holds the chain's count and last hash, as verify reports them."""
    import docx

    head = verify(invoke, demo)[1][key]["head"]
    result = invoke("-w", demo, "docs", "make", kind, *TODAY, "--json")
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in docx.Document(json.loads(result.output)["path"]).paragraphs if p.text.strip()]
    assert paragraphs[-1].startswith("Контрольная сумма ")
    assert (f"на 23.11.2026: записей {head['count']}, последняя — № {head['count']}, хеш {head['hash']}. "
            in paragraphs[-1])
    assert "ohs verify" not in paragraphs[-1] and key not in paragraphs[-1]  # no command or key in official text
    # Whoever holds the printout checks the journal against it, also after later entries: by number and hash
    # as printed (the journal is found by them), or with the journal's key.
    for printed in (f"{head['count']}:{head['hash']}", f"{key}:{head['count']}:{head['hash']}"):
        result = invoke("-w", demo, "verify", "--check-head", printed)
        assert result.exit_code == 0 and "продолжают контрольные суммы с распечатки" in result.output
    result = invoke("-w", demo, "verify", "--check-head", f"{head['count']}:{'0' * 64}")
    assert result.exit_code == 1 and "Ни в одном журнале нет записи" in result.stderr
    for bad in (f"{key}:{head['count']}:abc", f"nosuch:1:{head['hash']}"):
        result = invoke("-w", demo, "verify", "--check-head", bad)
        assert result.exit_code == 1 and "Traceback" not in result.output and result.stderr


@ALL
def test_a_forged_entry_appended_at_the_end(invoke, demo, pm, key):
    """A copy of the last entry appended with the next number and a correctly computed hash."""
    spec = spec_of(pm, key)
    with Session(engine_of(demo)) as session:
        rows = list(session.exec(select(spec.model).order_by(spec.model.seq)))
        last = rows[-1]
        forged = {c: getattr(last, c) for c in spec.model.__table__.columns.keys() if c != "id"}
        forged.update(seq=last.seq + 1, prev_hash=last.hash)
        if key == "best_practices":
            forged["version"] += 10  # the quarter's version is unique
        forged["hash"] = entry_hash_v2(key, last.hash, hashed_values(spec, forged, {r.id: r.seq for r in rows}))
    with engine_of(demo).begin() as conn:
        conn.execute(spec.model.__table__.insert().values(**forged))
    report = broken(invoke, demo, key)
    assert report["broken"]["seq"] == last.seq + 1 and "добавлена вне ohs" in report["message"]
