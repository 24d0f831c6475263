"""The briefing journal through the command line, on the demo school (SQLite and PostgreSQL)."""

import json
import subprocess
import sys

from sqlalchemy import text

from core.storage.db import make_engine
from core.testing import workspace_db_url

TODAY = ("--today", "2026-11-23")
# The demo's appointments (core/demo/appointments.py), from 12.01.2026: Колесникова is responsible for
# OSH and conducts the introductory briefing; Матвеев Л.Р. instructs the gymnastics department.
SPECIALIST = "Колесникова"
COACHING_INSTRUCTOR = "Матвеев Леонид Романович"
ACCOUNTING_HEAD = "Казаков Евгений Андреевич"


def add(invoke, ws, *args):
    return invoke("-w", ws, "briefing", "add", *args, *TODAY)


def listing(invoke, ws, *extra):
    result = invoke("-w", ws, "briefing", "list", "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def engine_of(ws, backend):
    return make_engine(workspace_db_url(ws))


def fill(invoke, ws):
    """Five entries: an intro, three repeats in one session, an unscheduled one.

    Returns how many entries the journal held before (the demo carries its own history), so the
    tests state entry numbers relative to it.
    """
    base = len(listing(invoke, ws))
    assert add(invoke, ws, "Кондратьев", "--kind", "intro", "--on", "2026-02-04", "--by", SPECIALIST,
               "--act", "Программа вводного инструктажа").exit_code == 0
    result = add(invoke, ws, "Кириллов", "Климова", "Козлова", "--kind", "repeat", "--on", "2026-03-12",
                 "--by", COACHING_INSTRUCTOR, "--act", "ИОТ-01 для тренера-преподавателя")
    assert result.exit_code == 0, result.output
    result = add(invoke, ws, "Кириллов", "--kind", "unscheduled", "--on", "2026-04-02",
                 "--by", COACHING_INSTRUCTOR, "--reason", "новая инструкция ИОТ-01")
    assert result.exit_code == 0, result.output
    return base


def test_add_intro_and_repeat_then_list(invoke, demo):
    base = fill(invoke, demo)
    rows = [r for r in listing(invoke, demo) if r["seq"] > base]
    assert [r["seq"] for r in rows] == [base + i for i in range(1, 6)]
    assert rows[0]["kind"] == "intro" and rows[0]["instructor"] == "Колесникова Ольга Викторовна"
    assert rows[0]["person"] == "Кондратьев Илья Григорьевич" and rows[0]["act"] == "Программа вводного инструктажа"
    assert [r["kind"] for r in rows[1:4]] == ["repeat"] * 3 and rows[4]["reason"] == "новая инструкция ИОТ-01"
    assert [r["seq"] for r in listing(invoke, demo, "--person", "Кириллов") if r["seq"] > base] == [base + 2, base + 5]
    assert [r["seq"] for r in listing(invoke, demo, "--kind", "intro") if r["seq"] > base] == [base + 1]
    text_out = invoke("-w", demo, "briefing", "list").output
    assert "вводный" in text_out and f"Записей: {base + 5}." in text_out


def test_a_department_is_briefed_at_once_without_its_instructor(invoke, demo):
    result = add(invoke, demo, "--department", "Бухгалтерия", "--kind", "repeat", "--on", "2026-04-01",
                 "--by", ACCOUNTING_HEAD, "--json")
    assert result.exit_code == 0, result.output
    people = [r["person"] for r in json.loads(result.output)]
    assert "Чернов Станислав Степанович" in people and ACCOUNTING_HEAD not in people


def test_refusals_write_nothing(invoke, demo):
    before = listing(invoke, demo)
    cases = [
        (["Нетакого", "--kind", "intro", "--on", "2026-03-01", "--by", SPECIALIST], "не найден"),
        (["Кондратьев", "--kind", "intro", "--on", "2026-01-20", "--by", SPECIALIST], "принят(а) 04.02.2026"),
        (["Кириллов", "--kind", "repeat", "--on", "2026-12-01", "--by", COACHING_INSTRUCTOR], "ещё не наступила"),
        (["Кириллов", "--kind", "unscheduled", "--on", "2026-03-01", "--by", COACHING_INSTRUCTOR], "--reason"),
        (["Кириллов", "--kind", "targeted", "--on", "2026-03-01", "--by", COACHING_INSTRUCTOR], "причину"),
        (["Кириллов", "--kind", "intro", "--on", "2026-03-01", "--by", ACCOUNTING_HEAD],
         'ohs appoint intro_briefing "Казаков Евгений Андреевич"'),
        (["Кириллов", "--kind", "repeat", "--on", "2026-03-01", "--by", ACCOUNTING_HEAD],
         'ohs appoint briefing_instructor "Казаков Евгений Андреевич" --department "Отделение спортивной гимнастики"'),
        # Before the order of 12.01.2026 nobody is appointed yet.
        (["Кириллов", "--kind", "repeat", "--on", "2025-12-01", "--by", COACHING_INSTRUCTOR], "не назначен(а)"),
        # One bad person in the list refuses the whole session.
        (["Кириллов", "Кондратьев", "--kind", "repeat", "--on", "2026-01-20", "--by", SPECIALIST], "принят(а)"),
    ]
    for args, expected in cases:
        result = add(invoke, demo, *args)
        assert result.exit_code == 1, (args, result.output)
        assert expected in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
    dismissed = invoke("-w", demo, "people", "dismiss", "Климова", "--on", "2026-05-31")
    assert dismissed.exit_code == 0
    late = add(invoke, demo, "Климова", "--kind", "repeat", "--on", "2026-06-02", "--by", COACHING_INSTRUCTOR)
    assert late.exit_code == 1 and "уволен(а) 31.05.2026" in late.stderr
    assert listing(invoke, demo) == before


def test_osh_responsible_may_conduct_workplace_briefings(invoke, demo):
    result = add(invoke, demo, "Кириллов", "--kind", "targeted", "--on", "2026-05-20", "--by", SPECIALIST,
                 "--reason", "выезд на соревнования")
    assert result.exit_code == 0, result.output


def test_a_correction_is_a_new_entry_and_the_original_stays(invoke, demo):
    base = fill(invoke, demo)
    third = str(base + 3)
    before = listing(invoke, demo)[base + 2]
    result = invoke("-w", demo, "briefing", "correct", third, "--reason", "ошибка в дате", "--on", "2026-03-13",
                    *TODAY, "--json")
    assert result.exit_code == 0, result.output
    correction = json.loads(result.output)
    assert correction["seq"] == base + 6 and correction["corrects"] == base + 3 and correction["on"] == "2026-03-13"
    assert correction["person"] == before["person"] and correction["kind"] == "repeat"
    rows = listing(invoke, demo)
    assert len(rows) == base + 6
    assert {k: v for k, v in rows[base + 2].items() if k != "corrected_by"} == {
        k: v for k, v in before.items() if k != "corrected_by"}
    assert rows[base + 2]["corrected_by"] == [base + 6]
    text_out = invoke("-w", demo, "briefing", "list").output
    assert f"исправление записи № {base + 3}" in text_out and f"исправлена записью № {base + 6}" in text_out
    # A correction passes the same rules; without a reason it is a usage error.
    assert invoke("-w", demo, "briefing", "correct", third, "--reason", "x", "--on", "2027-01-01", *TODAY).exit_code == 1
    assert invoke("-w", demo, "briefing", "correct", third, "--on", "2026-03-13", *TODAY).exit_code == 2
    assert invoke("-w", demo, "briefing", "correct", "99999", "--reason", "x", *TODAY).exit_code == 1


def test_there_is_no_edit_or_delete(invoke, demo):
    for name in ("edit", "delete"):
        result = invoke("-w", demo, "briefing", name, "1")
        assert result.exit_code == 2
    assert "ohs briefing correct" in invoke("briefing", "--help").output


def test_verify_passes_then_finds_a_changed_row(invoke, demo, backend):
    base = fill(invoke, demo)
    ok = invoke("-w", demo, "verify")
    assert ok.exit_code == 0, ok.output
    assert f"Журнал инструктажей: {base + 5} запис" in ok.output and "цепочка цела." in ok.output
    with engine_of(demo, backend).begin() as conn:
        conn.execute(text('UPDATE core_briefing SET "on" = :d WHERE seq = :s'), {"d": "2026-03-20", "s": base + 3})
    broken = invoke("-w", demo, "verify")
    assert broken.exit_code == 1
    assert (f"запись № {base + 3} от 20.03.2026 (Климова Н.П., повторный) изменена или удалена вне ohs: "
            "хеш не совпадает") in broken.output
    data = json.loads(invoke("-w", demo, "verify", "--json").output)
    assert data[0]["ok"] is False and data[0]["broken"]["seq"] == base + 3


def test_verify_finds_a_deleted_row_at_the_entry_after_the_gap(invoke, demo, backend):
    base = fill(invoke, demo)
    with engine_of(demo, backend).begin() as conn:
        conn.execute(text("DELETE FROM core_briefing WHERE seq = :s"), {"s": base + 2})
    broken = invoke("-w", demo, "verify")
    assert broken.exit_code == 1
    assert f"запись № {base + 3} от 12.03.2026" in broken.output and "удалена" in broken.output


def test_verify_finds_the_newest_row_deleted(invoke, demo, backend):
    """A chain cut at its end is still a chain: the audit log knows the last entry."""
    fill(invoke, demo)
    with engine_of(demo, backend).begin() as conn:
        last = conn.execute(text("SELECT max(seq) FROM core_briefing")).scalar()
        conn.execute(text("DELETE FROM core_briefing WHERE seq = :s"), {"s": last})
    broken = invoke("-w", demo, "verify")
    assert broken.exit_code == 1
    assert f"запись № {last} (последняя по журналу аудита" in broken.output and "удалена" in broken.output


def test_an_empty_journal_verifies(invoke, workspace):
    result = invoke("-w", workspace, "verify", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)[0] == {"journal": "briefings", "title": "Журнал инструктажей", "entries": 0,
                                            "ok": True, "message": None}


def test_two_processes_adding_at_once_keep_one_chain(invoke, demo, backend):
    db = []  # the workspace names its database in ohs.toml
    base = len(listing(invoke, demo))
    people = ["Кириллов", "Климова", "Козлова", "Куликов"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "core", "-w", str(demo), *db, "briefing", "add", person, "--kind", "repeat",
             "--on", "2026-03-12", "--by", COACHING_INSTRUCTOR, *TODAY],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for person in people
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * len(people), results
    verify = subprocess.run([sys.executable, "-m", "core", "-w", str(demo), *db, "verify", "--json"],
                            capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert json.loads(verify.stdout)[0]["entries"] == base + len(people)


def test_demo_briefing_history_is_a_valid_chain(invoke, demo):
    """The demo's journal (core/demo/briefings.py, written through the same rules) is a valid chain."""
    rows = listing(invoke, demo)
    assert len(rows) > 20 and {r["kind"] for r in rows} == {"intro", "primary", "repeat"}
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    assert invoke("-w", demo, "verify").exit_code == 0
