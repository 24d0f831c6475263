"""``ohs control``: acts of the three-stage control (п. 9.1.3, 16.3–16.5), findings, measures, the act document."""

from __future__ import annotations

import json

import docx

from core.testing import docx_text

TODAY = "2026-11-23"


def run(invoke, ws, *args):
    result = invoke("-w", ws, *args)
    assert result.exit_code == 0, result.output
    return result.output


def jrun(invoke, ws, *args):
    return json.loads(run(invoke, ws, *args, "--json"))


def refused(invoke, ws, *args):
    result = invoke("-w", ws, *args)
    assert result.exit_code == 1, result.output
    return result.stderr


def staff(invoke, ws):
    run(invoke, ws, "people", "add", "Матвеев Лев Романович", "--position", "Старший тренер-преподаватель",
        "--department", "Отделение спортивной гимнастики", "--hired-on", "2020-01-01")
    run(invoke, ws, "people", "add", "Петров Пётр Петрович", "--position", "Заведующий хозяйством",
        "--department", "Хозяйственный отдел", "--hired-on", "2020-01-01")
    run(invoke, ws, "people", "add", "Сидоров Олег Иванович", "--position", "Тренер-преподаватель",
        "--hired-on", "2020-01-01")
    run(invoke, ws, "people", "dismiss", "Сидоров О.И.", "--on", "2026-03-01")


def add_act(invoke, ws, *extra, stage="1", on="2026-11-16"):
    return jrun(invoke, ws, "control", "add", "--stage", stage, "--on", on, "--by", "Матвеев Л.Р.",
                "--today", TODAY, *extra)


def test_act_with_findings_measures_and_numbering(invoke, workspace):
    staff(invoke, workspace)
    act = add_act(invoke, workspace, "--department", "Отделение спортивной гимнастики",
                  "--finding", "Ослаблены крепления стоек брусьев", "--finding", "Нет журнала проверки снарядов",
                  "--scope", "зал № 2")
    assert (act["number"], act["stage"], act["stage_name"]) == (1, 1, "первая ступень")
    assert act["department"] == "Отделение спортивной гимнастики" and act["conducted_by"] == "Матвеев Л.Р."
    assert [f["text"] for f in act["findings"]] == ["Ослаблены крепления стоек брусьев", "Нет журнала проверки снарядов"]
    second = add_act(invoke, workspace, "--conclusion", "Нарушений не выявлено", stage="2", on="2026-11-20")
    assert second["number"] == 2 and second["findings"] == []
    last_year = add_act(invoke, workspace, "--conclusion", "Нарушений не выявлено", stage="3", on="2025-12-20")
    assert last_year["number"] == 1  # numbered within its year
    finding = act["findings"][0]["id"]
    made = jrun(invoke, workspace, "control", "finding", "measure", str(finding), "--measure", "Закрепить стойки брусьев",
                "--deadline", "2026-11-30", "--responsible", "Петров П.П.", "--funding", "без затрат", "--today", TODAY)
    assert made["source"] == "control_act" and made["source_ref"] == f"control_act:{act['id']}"
    plan = jrun(invoke, workspace, "suot", "measure", "list", "--today", TODAY)
    assert [(m["id"], m["source"]) for m in plan] == [(made["measure_id"], "control_act")]
    assert "Акт контроля № 1 от 16.11.2026" in plan[0]["analysis"]
    shown = jrun(invoke, workspace, "control", "show", str(act["id"]), "--today", TODAY)
    assert [m["id"] for m in shown["findings"][0]["measures"]] == [made["measure_id"]]
    assert shown["findings"][1]["measures"] == []
    # A finding noticed later is added to the act, dated; the act itself is unchanged.
    late = jrun(invoke, workspace, "control", "finding", "add", str(act["id"]), "--text", "Нет знака «Мокрый пол»",
                "--requirement", "инструкция по ОТ № 12", "--today", TODAY)
    assert late["added_on"] == TODAY
    shown = jrun(invoke, workspace, "control", "show", str(act["id"]), "--today", TODAY)
    assert len(shown["findings"]) == 3 and shown["held_on"] == "2026-11-16"
    listed = jrun(invoke, workspace, "control", "list", "--year", "2026", "--today", TODAY)
    assert [a["id"] for a in listed] == [act["id"], second["id"]]
    correction = add_act(invoke, workspace, "--department", "Отделение спортивной гимнастики", "--finding", "x",
                         "--corrects", str(act["id"]), on="2026-11-17")
    assert correction["corrects_id"] == act["id"]


def test_refusals_write_nothing(invoke, workspace):
    staff(invoke, workspace)
    cases = [
        (("--stage", "4", "--on", "2026-11-16", "--by", "Матвеев Л.Р.", "--conclusion", "x"), "Ступени контроля 4 нет"),
        (("--stage", "1", "--on", "2026-11-16", "--by", "Матвеев Л.Р.", "--finding", "x"), "--department"),
        (("--stage", "2", "--on", "2026-12-01", "--by", "Матвеев Л.Р.", "--finding", "x"), "ещё не наступила"),
        (("--stage", "2", "--on", "2026-11-16", "--by", "Сидоров О.И.", "--finding", "x"), "не работал"),
        (("--stage", "2", "--on", "2026-11-16", "--by", "Матвеев Л.Р."), "--finding"),
        (("--stage", "2", "--on", "2026-11-16", "--by", "Матвеев Л.Р.", "--finding", "x", "--corrects", "9"),
         "ohs control list"),
    ]
    for args, expected in cases:
        message = refused(invoke, workspace, "control", "add", *args, "--today", TODAY)
        assert expected in message, (args, message)
    assert jrun(invoke, workspace, "control", "list") == []
    act = add_act(invoke, workspace, "--finding", "x", stage="2")
    finding = str(act["findings"][0]["id"])
    assert "--deadline" in refused(invoke, workspace, "control", "finding", "measure", finding, "--measure", "y",
                                   "--today", TODAY)
    assert "либо" in refused(invoke, workspace, "control", "finding", "measure", finding, "--today", TODAY)
    assert "ohs control show" in refused(invoke, workspace, "control", "finding", "measure", "99", "--measure-id", "1")
    assert jrun(invoke, workspace, "suot", "measure", "list") == []


def test_control_act_document(invoke, workspace):
    staff(invoke, workspace)
    act = add_act(invoke, workspace, "--department", "Отделение спортивной гимнастики",
                  "--finding", "Ослаблены крепления стоек брусьев", "--finding", "Нет журнала проверки снарядов")
    jrun(invoke, workspace, "control", "finding", "measure", str(act["findings"][0]["id"]), "--measure",
         "Закрепить стойки брусьев", "--deadline", "2026-11-30", "--responsible", "Петров П.П.",
         "--funding", "без затрат", "--today", TODAY)
    made = jrun(invoke, workspace, "control", "doc", str(act["id"]), "--today", TODAY)
    document = docx.Document(made["path"])
    text = docx_text(made["path"])
    assert "АКТ № 1" in text and "первая ступень контроля" in text
    assert "Проверенное подразделение: Отделение спортивной гимнастики." in text
    assert "16 ноября 2026 г." in text and "Л.Р. Матвеев" in text
    table = next(t for t in document.tables if len(t.columns) == 5)
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows[0][1] == "Ослаблены крепления стоек брусьев"
    assert rows[0][3] == "Закрепить стойки брусьев, до 30.11.2026; Заведующий хозяйством П.П. Петров"
    assert rows[0][4] == "запланировано"
    assert rows[1][3] == "мероприятие не назначено"
    # Without --act, ohs docs make takes the latest act.
    later = add_act(invoke, workspace, "--conclusion", "Нарушений не выявлено", stage="2", on="2026-11-20")
    latest = docx_text(jrun(invoke, workspace, "docs", "make", "control_act", "--today", TODAY)["path"])
    assert f"АКТ № {later['number']}" in latest and "Заключение: Нарушений не выявлено" in latest


def test_demo_control_acts_and_links(invoke, demo):
    acts = jrun(invoke, demo, "control", "list", "--today", TODAY)
    assert {a["held_on"][:4] for a in acts} == {"2024", "2025", "2026"}
    assert {a["stage"] for a in acts} == {1, 2, 3}
    assert all(a["department"] for a in acts if a["stage"] == 1)
    measures = [m for a in acts for f in a["findings"] for m in f["measures"]]
    assert len(measures) >= 3
    plan = {m["id"]: m for m in jrun(invoke, demo, "suot", "measure", "list", "--today", TODAY)}
    assert all(m["id"] in plan for m in measures)
    own = [plan[m["id"]] for m in measures if plan[m["id"]]["source_ref"]]
    assert own and all(m["source_ref"].startswith("control_act:") for m in own)
    act = next(a for a in acts if a["findings"] and a["held_on"].startswith("2026"))
    text = docx_text(jrun(invoke, demo, "control", "doc", str(act["id"]), "--today", TODAY)["path"])
    for finding in act["findings"]:
        assert finding["text"] in text
