"""A workspace whose journals were written before the framework: the upgrade keeps them verifiable.

The workspace is taken back to the schema of the last release (core_0005, suot_0006,
best_practices_0002), its journals are filled the way that release wrote them (format-1 hashes,
corrections by row id, an audit row per entry), and then the next ``ohs`` command upgrades it.
Intact chains are re-hashed in format 2 with a record in the audit log; a chain that was already
broken stays in format 1, and ``ohs verify`` still names its broken entry.
"""

import datetime
import json

from sqlalchemy import text

from core.storage.db import make_engine
from core.journal import entry_hash
from core.testing import workspace_db_url

OLD_REVISIONS = ("suot_0006", "best_practices_0002", "core_0005")
BRIEFING = ("org_id", "seq", "person_id", "kind", "on", "instructor_id", "reason", "act", "signature", "corrects_id",
            "created_at", "actor")
TRAINING = ("org_id", "seq", "person_id", "program", "on", "protocol", "result", "hours", "provider", "reason",
            "corrects_id", "created_at", "actor")
MEDICAL = ("org_id", "seq", "person_id", "kind", "on", "result", "basis", "referral", "conclusion", "reason",
           "corrects_id", "created_at", "actor")
WORKER, HEAD = "Лебедев Олег Игоревич", "Соколова Анна Петровна"


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def _downgrade(url, pm):
    """Take the schema back to the last release's revisions (the framework's revisions undone)."""
    from alembic import command

    from core.storage.migrate import alembic_config

    engine = make_engine(url)
    with engine.begin() as conn:
        for target in OLD_REVISIONS:
            command.downgrade(alembic_config(pm, conn), target)
    return engine


def _old_chain(conn, table, fields, rows, entity, audit=True):
    """Insert ``rows`` as the last release did: format-1 hashes, then one audit row per entry."""
    prev = ""
    for row in rows:
        row["hash"] = entry_hash(prev, {name: row[name] for name in fields})
        row["prev_hash"] = prev
        prev = row["hash"]
        columns = ", ".join(f'"{name}"' for name in row)
        conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + n for n in row)})"), row)
        if audit:
            conn.execute(text("INSERT INTO core_audit (org_id, at, actor, action, entity, entity_id, details) "
                              "VALUES (:org, :at, 'старый', :action, :entity, :seq, :details)"),
                         {"org": row["org_id"], "at": row["created_at"], "action": f"{entity}.add", "entity": entity,
                          "seq": str(row["seq"]), "details": json.dumps({"hash": row["hash"]})})


def _fill_old_journals(engine):
    at = datetime.datetime(2026, 3, 1, 9, 30, 15, 120000)
    with engine.begin() as conn:
        org = conn.execute(text("SELECT id FROM core_organization")).scalar()
        people = dict(conn.execute(text("SELECT surname, id FROM core_person")).all())
        worker, head = people["Лебедев"], people["Соколова"]
        base = {"org_id": org, "created_at": at, "actor": "старый"}
        briefings = [
            {**base, "id": 11, "seq": 1, "person_id": worker, "kind": "intro", "on": datetime.date(2026, 2, 2),
             "instructor_id": head, "reason": None, "act": "Программа вводного", "signature": "paper", "corrects_id": None},
            {**base, "id": 12, "seq": 2, "person_id": worker, "kind": "primary", "on": datetime.date(2026, 2, 2),
             "instructor_id": head, "reason": None, "act": None, "signature": "paper", "corrects_id": None},
            {**base, "id": 13, "seq": 3, "person_id": worker, "kind": "primary", "on": datetime.date(2026, 2, 3),
             "instructor_id": head, "reason": "ошибка в дате", "act": None, "signature": "paper", "corrects_id": 12},
        ]
        _old_chain(conn, "core_briefing", BRIEFING, briefings, "briefing")
        trainings = [
            {**base, "id": 21, "seq": 1, "person_id": worker, "program": "A", "on": datetime.date(2026, 2, 10),
             "protocol": "1", "result": "passed", "hours": 16, "provider": None, "reason": None, "corrects_id": None},
            {**base, "id": 22, "seq": 2, "person_id": worker, "program": "A", "on": datetime.date(2026, 2, 10),
             "protocol": "2", "result": "passed", "hours": 16, "provider": None, "reason": "номер протокола",
             "corrects_id": 21},
        ]
        _old_chain(conn, "suot_training", TRAINING, trainings, "training")
        exams = [
            {**base, "id": 31, "seq": 1, "person_id": worker, "kind": "preliminary", "on": datetime.date(2026, 1, 20),
             "result": "fit", "basis": None, "referral": False, "conclusion": None, "reason": None, "corrects_id": None},
            {**base, "id": 32, "seq": 2, "person_id": worker, "kind": "periodic", "on": datetime.date(2026, 2, 20),
             "result": "fit", "basis": None, "referral": False, "conclusion": None, "reason": None, "corrects_id": None},
        ]
        _old_chain(conn, "suot_medical_exam", MEDICAL, exams, "medical_exam")
        # Changed behind the last release's back, before the upgrade: the upgrade must not launder it.
        conn.execute(text("UPDATE suot_medical_exam SET result = 'unfit' WHERE id = 31"))


def _journals(invoke, ws):
    result = invoke("-w", ws, "verify", "--json")
    return result.exit_code, {r["journal"]: r for r in json.loads(result.output)}


def test_old_chains_are_verified_rehashed_and_continued(invoke, workspace, backend, pm):
    ok(invoke("-w", workspace, "people", "add", WORKER, "--position", "Слесарь", "--hired-on", "2026-02-02"))
    ok(invoke("-w", workspace, "people", "add", HEAD, "--position", "Мастер", "--hired-on", "2020-01-10"))
    url = workspace_db_url(workspace)
    engine = _downgrade(url, pm)
    _fill_old_journals(engine)

    code, journals = _journals(invoke, workspace)  # the first command upgrades the database
    assert code == 1
    assert journals["briefings"]["ok"] and journals["briefings"]["entries"] == 3
    assert journals["trainings"]["ok"] and journals["trainings"]["entries"] == 2
    # The chain broken before the upgrade is still named, with the old formula.
    assert journals["medical_exams"]["broken"] == {"seq": 1, "reason": "hash"}
    with engine.connect() as conn:
        versions = dict(conn.execute(text("SELECT seq, chain_version FROM core_briefing")).all())
        assert versions == {1: 2, 2: 2, 3: 2}
        assert set(conn.execute(text("SELECT chain_version FROM suot_medical_exam")).scalars()) == {1}
        upgrades = {row[0]: json.loads(row[1]) for row in conn.execute(text(
            "SELECT entity, details FROM core_audit WHERE action = 'journal.upgrade'"))}
        skipped = conn.execute(text("SELECT entity_id FROM core_audit WHERE action = 'journal.upgrade_skipped'")).all()
    assert set(upgrades) == {"briefing", "training"} and upgrades["briefing"]["count"] == 3
    assert upgrades["briefing"]["hash"] == journals["briefings"]["head"]["hash"] != upgrades["briefing"]["old_hash"]
    assert skipped == [("medical_exams",)]

    # Appending goes on where the old chain ended, and the whole journal verifies.
    ok(invoke("-w", workspace, "training", "add", WORKER, "--program", "first_aid", "--on", "2026-03-05",
              "--protocol", "3", "--result", "passed", "--today", "2026-11-23"))
    ok(invoke("-w", workspace, "training", "correct", "1", "--reason", "часы", "--hours", "20", "--today", "2026-11-23"))
    code, journals = _journals(invoke, workspace)
    assert journals["trainings"]["ok"] and journals["trainings"]["entries"] == 4
    listed = json.loads(ok(invoke("-w", workspace, "training", "list", "--json")).output)
    assert [r["corrects"] for r in listed] == [None, 1, None, 1]
