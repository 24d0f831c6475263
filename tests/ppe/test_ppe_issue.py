"""Issue, return and write-off: refusals name the field and write nothing; the journal verifies."""

from __future__ import annotations

from ppe_helpers import CLEANER, TODAY, jrun, refused, run, setup_org


def _entries(invoke, ws):
    return jrun(invoke, ws, "ppe", "history")


def test_issue_return_writeoff_are_one_chain(invoke, workspace):
    setup_org(invoke, workspace)
    rows = jrun(invoke, workspace, "ppe", "issue", "Петрова", "--item", "халат", "--qty", "1", "--on", "2025-02-03",
                "--size", "48", "--certificate", "модель «Лотос»", "--today", TODAY)
    assert [(r["seq"], r["kind"], r["item"], r["size"]) for r in rows] == [(1, "issue", "Халат", "48")]
    run(invoke, workspace, "ppe", "return", "Петрова", "--item", "Халат", "--qty", "1", "--on", "2025-06-01",
        "--wear", "30", "--today", TODAY)
    run(invoke, workspace, "ppe", "issue", "Петрова", "--item", "2", "--qty", "12", "--on", "2025-06-01",
        "--today", TODAY)
    run(invoke, workspace, "ppe", "writeoff", "Петрова", "--item", "Перчатки резиновые", "--qty", "2",
        "--on", "2025-07-01", "--reason", "износ", "--today", TODAY)
    kinds = [(e["seq"], e["kind"], e["quantity"]) for e in _entries(invoke, workspace)]
    assert kinds == [(1, "issue", 1), (2, "return", 1), (3, "issue", 12), (4, "writeoff", 2)]
    assert "Журнал выдачи СИЗ: 4 записи, цепочка цела" in run(invoke, workspace, "verify")


def test_bad_input_names_the_field_and_writes_nothing(invoke, workspace):
    setup_org(invoke, workspace)
    run(invoke, workspace, "people", "add", "Козлов Иван Ильич", "--position", CLEANER, "--hired-on", "2019-01-01")
    run(invoke, workspace, "people", "dismiss", "Козлов", "--on", "2025-03-01")
    base = ("ppe", "issue", "Петрова", "--qty", "1", "--today", TODAY)
    assert "«Каска» (--item) нет в нормах должности «Уборщик служебных помещений»" in refused(
        invoke, workspace, *base, "--item", "Каска", "--on", "2025-02-03")
    assert "больше нормы (12 пара)" in refused(invoke, workspace, "ppe", "issue", "Петрова", "--item",
                                               "Перчатки резиновые", "--qty", "13", "--on", "2025-02-03",
                                               "--today", TODAY)
    assert "(--on) раньше" in refused(invoke, workspace, "ppe", "issue", "Сидоров", "--item", "Халат", "--qty", "1",
                                      "--on", "2026-10-01", "--today", TODAY)
    assert "уволен 01.03.2025" in refused(invoke, workspace, "ppe", "issue", "Козлов", "--item", "Халат", "--qty",
                                          "1", "--on", "2025-04-01", "--today", TODAY)
    # One refused person stops the whole issue: the other is not written either.
    assert "(--on) раньше" in refused(invoke, workspace, "ppe", "issue", "Петрова", "Сидоров", "--item", "Халат",
                                      "--qty", "1", "--on", "2026-10-01", "--today", TODAY)
    assert "не выдавался" in refused(invoke, workspace, "ppe", "return", "Петрова", "--item", "Халат", "--qty", "1",
                                     "--on", "2025-06-01", "--today", TODAY)
    assert "(ДОЛЖНОСТЬ)" in refused(invoke, workspace, "ppe", "norm", "add", "Космонавт", "--item", "Шлем", "--qty",
                                    "1", "--period", "12", "--basis", "sout", "--from", "2025-01-01")
    assert _entries(invoke, workspace) == []
    # Above the norm with a reason is accepted.
    run(invoke, workspace, "ppe", "issue", "Петрова", "--item", "Перчатки резиновые", "--qty", "13", "--on",
        "2025-02-03", "--reason", "утеряна пара при уборке", "--today", TODAY)
    assert "на руках 13" in refused(invoke, workspace, "ppe", "return", "Петрова", "--item", "Перчатки резиновые",
                                    "--qty", "14", "--on", "2025-06-01", "--today", TODAY)


def test_norm_versions_keep_the_old_lines(invoke, workspace):
    setup_org(invoke, workspace)
    run(invoke, workspace, "ppe", "norm", "add", CLEANER, "--item", "Фартук", "--qty", "1", "--period", "12",
        "--basis", "sout", "--from", "2026-06-01")
    old = jrun(invoke, workspace, "ppe", "norm", "show", CLEANER, "--as-of", "2026-01-01")
    new = jrun(invoke, workspace, "ppe", "norm", "show", CLEANER, "--as-of", "2026-07-01")
    assert (old["version"], len(old["items"])) == (1, 4)
    assert (new["version"], [i["name"] for i in new["items"]][-1], len(new["items"])) == (2, "Фартук", 5)
    assert "раньше" in refused(invoke, workspace, "ppe", "norm", "add", CLEANER, "--item", "Шапка", "--qty", "1",
                               "--period", "12", "--basis", "sout", "--from", "2026-01-01")


def test_a_correction_is_a_new_entry_and_replaces_the_old_in_due(invoke, workspace):
    setup_org(invoke, workspace)
    run(invoke, workspace, "ppe", "issue", "Петрова", "--item", "Халат", "--qty", "1", "--on", "2025-02-03",
        "--today", TODAY)
    fixed = jrun(invoke, workspace, "ppe", "correct", "1", "--on", "2026-02-03", "--reason", "ошибка в дате",
                 "--today", TODAY)
    assert (fixed["seq"], fixed["corrects"], fixed["on"]) == (2, 1, "2026-02-03")
    assert [e["on"] for e in _entries(invoke, workspace)] == ["2025-02-03", "2026-02-03"]
    due = jrun(invoke, workspace, "due", "--today", TODAY, "--until", "2027-12-31")["items"]
    coat = [i["due"] for i in due if i["source"] == "ppe" and "Халат" in i["title"] and i["subject"].startswith("Петрова")]
    assert coat == ["2027-02-03"]
    assert "Журнал выдачи СИЗ: 2 записи, цепочка цела" in run(invoke, workspace, "verify")
    # A correction that would return more than was issued is refused.
    run(invoke, workspace, "ppe", "return", "Петрова", "--item", "Халат", "--qty", "1", "--on", "2026-03-01",
        "--today", TODAY)
    assert "(--qty)" in refused(invoke, workspace, "ppe", "correct", "3", "--qty", "2", "--reason", "опечатка",
                                "--today", TODAY)
