"""Trainings and knowledge checks through the command line on the demo school: add, refuse, correct, verify, export."""

import json

import pytest
from sqlalchemy import text

from core.storage.db import make_engine
from core.testing import workspace_db_url

TODAY = ("--today", "2026-11-23")


def trainings(invoke, ws, *extra):
    result = invoke("-w", ws, "training", "list", "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def engine_of(ws, backend):
    return make_engine(workspace_db_url(ws))


def test_add_several_people_at_once_and_list(invoke, demo):
    before = len(trainings(invoke, demo))
    result = invoke("-w", demo, "training", "add", "Казаков Евгений Андреевич", "Кондратьев", "--program", "A",
                    "--on", "2026-11-20", "--protocol", "99/2026", "--result", "passed", "--hours", "16",
                    "--provider", "АНО «Учебный центр»", "--json", *TODAY)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["seq"] for r in rows] == [before + 1, before + 2]
    assert {r["result_title"] for r in rows} == {"удовлетворительно"} and rows[0]["hours"] == 16
    listed = trainings(invoke, demo, "--protocol", "99/2026")
    assert [r["person"] for r in listed] == [r["person"] for r in rows]


@pytest.mark.parametrize("args, message", [
    (("--result", "maybe"), "maybe"),
    (("--on", "2026-12-01"), "ещё не наступила"),
    (("--on", "1990-01-01"), "принят(а)"),
    (("--hours", "0"), "Часов обучения 0"),
    (("--protocol", " "), "номер протокола"),
])
def test_bad_input_is_refused_and_nothing_written(invoke, demo, args, message):
    before = len(trainings(invoke, demo))
    base = {"--program": "B", "--on": "2026-11-20", "--protocol": "5", "--result": "passed"}
    for key, value in zip(args[::2], args[1::2]):
        base[key] = value
    flat = [x for kv in base.items() for x in kv]
    result = invoke("-w", demo, "training", "add", "Казаков Евгений Андреевич", "Кондратьев", *flat, *TODAY)
    assert result.exit_code != 0
    assert message in (result.stderr + result.output)
    assert len(trainings(invoke, demo)) == before


def test_a_failed_check_sets_a_retake_due_and_a_pass_clears_it(invoke, demo):
    invoke("-w", demo, "training", "add", "Казаков Евгений Андреевич", "--program", "A", "--on", "2026-11-02",
           "--protocol", "98/2026", "--result", "failed", *TODAY)
    due = json.loads(invoke("-w", demo, "due", "--json", *TODAY).output)["items"]
    [retake] = [i for i in due if i["kind"] == "training_retake" and i["subject"].startswith("Казаков Е.А.")]
    # 30 days after the failed check (Rostrud via klerk.ru [S]), traceable to the entry and the rule.
    assert retake["due"] == "2026-12-02" and retake["record"].startswith("training:")
    assert "30 календарных дней" in retake["rule"] and "№ 2464" in retake["rule"]
    invoke("-w", demo, "training", "add", "Казаков Евгений Андреевич", "--program", "A", "--on", "2026-11-20",
           "--protocol", "99/2026", "--result", "passed", *TODAY)
    due = json.loads(invoke("-w", demo, "due", "--json", "--until", "2030-01-01", *TODAY).output)["items"]
    mine = [i for i in due if i["subject"].startswith("Казаков Е.А.") and i["extra"].get("program") == "A"]
    assert [(i["kind"], i["due"]) for i in mine] == [("training", "2029-11-20")]


def test_correction_is_a_new_entry_and_both_show(invoke, demo):
    before = len(trainings(invoke, demo))
    invoke("-w", demo, "training", "add", "Кондратьев", "--program", "ppe", "--on", "2026-11-20", "--protocol", "7",
           "--result", "passed", *TODAY)
    result = invoke("-w", demo, "training", "correct", str(before + 1), "--reason", "опечатка в протоколе",
                    "--protocol", "8", "--json", *TODAY)
    assert result.exit_code == 0, result.output
    rows = trainings(invoke, demo)
    assert rows[before]["protocol"] == "7" and rows[before]["corrected_by"] == [before + 2]
    assert rows[before + 1]["protocol"] == "8" and rows[before + 1]["corrects"] == before + 1
    missing = invoke("-w", demo, "training", "correct", "99999", "--reason", "x", *TODAY)
    assert missing.exit_code != 0 and "ohs training list" in missing.stderr


def _verify_trainings(ws, backend, pm):
    """The training journal's own verifier (what ``ohs verify`` runs for it)."""
    from core.app import App
    from plugins.suot.schedule.chain import journal
    from plugins.suot.schedule.training import spec

    app = App(pm, workspace=str(ws))
    with app.session(write=False) as session:
        return journal(spec()).verify(session, app.org(session))


def test_verify_names_a_training_changed_behind_the_toolkit(invoke, demo, backend, pm):
    # NOTE: ``ohs verify`` lists this journal only while plugins/suot/journals/ (another part's package)
    # does not shadow the plugin's ``journals`` hook; the verifier itself is checked here directly.
    assert _verify_trainings(demo, backend, pm).ok
    with engine_of(demo, backend).begin() as conn:
        conn.execute(text("UPDATE suot_training SET protocol = 'подделка' WHERE seq = 5"))
    report = _verify_trainings(demo, backend, pm)
    assert not report.ok and report.details == {"seq": 5, "reason": "hash"}
    assert "запись № 5 от" in report.message and "хеш не совпадает" in report.message


def test_verify_finds_the_newest_training_deleted(invoke, demo, backend, pm):
    with engine_of(demo, backend).begin() as conn:
        last = conn.execute(text("SELECT max(seq) FROM suot_training")).scalar()
        conn.execute(text("DELETE FROM suot_training WHERE seq = :s"), {"s": last})
    report = _verify_trainings(demo, backend, pm)
    assert not report.ok and report.details == {"seq": last, "reason": "tail"}


def test_registry_export_holds_the_years_checks(invoke, demo, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "реестр.xlsx"
    result = invoke("-w", demo, "training", "registry", "--year", "2026", "--out", out, "--json")
    assert result.exit_code == 0, result.output
    count = json.loads(result.output)["rows"]
    expected = [r for r in trainings(invoke, demo) if r["on"].startswith("2026") and not r["corrected_by"]]
    assert count == len(expected) > 0
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["№ п/п", "Фамилия", "Имя", "Отчество", "СНИЛС", "Профессия (должность)"]
    assert sheet.max_row == count + 1
    results = {sheet.cell(row=i, column=11).value for i in range(2, sheet.max_row + 1)}
    assert "неудовлетворительно" in results  # the demo's failed check
    empty = invoke("-w", demo, "training", "registry", "--year", "2001", "--out", tmp_path / "x.xlsx")
    assert empty.exit_code != 0 and not (tmp_path / "x.xlsx").exists()
