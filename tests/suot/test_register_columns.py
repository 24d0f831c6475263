"""Key columns of the registers and the control act are filled from the records (issue 16, point 9).

«Принятые меры» of the micro-trauma and accident registers come from the measures linked to each case,
the accident register prints the kind of event and the act Н-1, the control act prints the requirement
violated; ``ohs check`` names a case without measures and a finding without its requirement.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx

TODAY = "2026-11-23"


def jrun(invoke, ws, *args):
    result = invoke("-w", ws, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def run(invoke, ws, *args):
    result = invoke("-w", ws, *args)
    assert result.exit_code == 0, result.output
    return result.output


def body_rows(path: str, columns: int) -> list[list[str]]:
    """The data rows of the document's table with ``columns`` columns (the two header rows skipped)."""
    table = next(t for t in docx.Document(path).tables if len(t.columns) == columns)
    return [[c.text for c in row.cells] for row in table.rows[2:]]


def check_subjects(invoke, ws) -> dict[str, list[str]]:
    result = invoke("-w", ws, "check", "--today", TODAY, "--json")
    found: dict[str, list[str]] = {}
    for item in json.loads(result.output)["findings"]:
        found.setdefault(item["subject"], []).append(item["title"])
    return found


def day(iso: str) -> str:
    return "{2}.{1}.{0}".format(*iso.split("-"))


def test_registers_print_the_measures_linked_to_each_case(invoke, demo):
    cases = jrun(invoke, demo, "incidents", "list")
    measures = {m["id"]: m for m in jrun(invoke, demo, "suot", "measure", "list", "--today", TODAY)}
    for kind, key, columns, measure_column in (("microtrauma", "microtrauma_register", 11, 9),
                                               ("accident", "accident_register", 9, 8)):
        path = jrun(invoke, demo, "docs", "make", key, "--today", TODAY)["path"]
        rows = body_rows(path, columns)
        expected = [c for c in cases if c["type"] == kind]
        assert len(rows) == len(expected)
        for row, case in zip(rows, sorted(expected, key=lambda c: (c["occurred_on"], c["time"] or ""))):
            assert case["measures"], f"demo case {case['id']} has no measures"
            cell = row[measure_column]
            for measure_id in case["measures"]:
                measure = measures[measure_id]
                assert measure["measure"] in cell
                if measure["status"] == "done":
                    assert f"выполнено {day(measure['done_on'])}" in cell
    # Every demo case has its measures: ohs check has nothing to say about incidents.
    assert not [s for s in check_subjects(invoke, demo) if s.startswith("incident:")]


def test_accident_register_prints_the_kind_of_event_and_the_act(invoke, demo):
    accidents = [c for c in jrun(invoke, demo, "incidents", "list") if c["type"] == "accident"]
    path = jrun(invoke, demo, "docs", "make", "accident_register", "--today", TODAY)["path"]
    rows = body_rows(path, 9)
    assert len(rows) == len(accidents)
    for row, case in zip(rows, accidents):
        assert case["event"] and row[4].startswith(case["event"])
        # The kind of event, not the injury: the injury goes with the consequences.
        assert case["injury"] not in row[4] and case["injury"] in row[7]
        assert "лёгкий несчастный случай" in row[4]
        assert row[6] == f"акт Н-1 № {case['act_number']}\nот {day(case['act_date'])}"


def test_check_names_a_case_without_measures_and_an_accident_without_event(invoke, demo):
    added = jrun(invoke, demo, "incidents", "add", "--type", "accident", "--on", "2026-11-20", "--place", "Склад",
                 "--circumstances", "Упал стеллаж", "--injured", "Кириллов", "--severity", "light", "--today", TODAY)
    ref = f"incident:{added['id']}"
    titles = check_subjects(invoke, demo)[ref]
    assert any("Нет мер по устранению причин" in t for t in titles)
    assert any("Не указан вид происшествия" in t for t in titles)
    text = run(invoke, demo, "check", "--today", TODAY)
    assert f"ohs incidents correct {added['id']} --measure-id" in text

    measure = jrun(invoke, demo, "suot", "measure", "add", "--measure", "Крепление стеллажей склада к стене",
                   "--deadline", "2026-12-10", "--responsible", "Колесникова", "--funding", "без затрат",
                   "--today", TODAY)
    run(invoke, demo, "incidents", "correct", str(added["id"]), "--measure-id", str(measure["id"]),
        "--event", "падение, обрушение предметов", "--reason", "указаны меры и вид происшествия", "--today", TODAY)
    assert ref not in check_subjects(invoke, demo)
    path = jrun(invoke, demo, "docs", "make", "accident_register", "--today", TODAY)["path"]
    last = body_rows(path, 9)[-1]
    assert last[4].startswith("падение, обрушение предметов")
    assert last[8] == "Крепление стеллажей склада к стене"
    assert last[6] == ""  # still under investigation: no act yet, and nothing else in its place


def test_check_names_a_closed_accident_without_the_act(invoke, demo):
    added = jrun(invoke, demo, "incidents", "add", "--type", "accident", "--on", "2026-10-20", "--place", "Склад",
                 "--circumstances", "Упал стеллаж", "--event", "падение предметов", "--injured", "Кириллов",
                 "--severity", "light", "--today", TODAY)
    run(invoke, demo, "incidents", "close", str(added["id"]), "--on", "2026-11-10", "--days", "5", "--today", TODAY)
    titles = check_subjects(invoke, demo)[f"incident:{added['id']}"]
    assert any("Не указан акт Н-1" in t for t in titles)


def staff(invoke, ws):
    run(invoke, ws, "people", "add", "Матвеев Лев Романович", "--position", "Старший тренер-преподаватель",
        "--department", "Отделение спортивной гимнастики", "--hired-on", "2020-01-01")


def test_control_act_prints_the_requirement_violated(invoke, workspace):
    staff(invoke, workspace)
    refused = invoke("-w", workspace, "control", "add", "--stage", "2", "--on", "2026-11-16", "--by", "Матвеев Л.Р.",
                     "--finding", "Ослаблены крепления брусьев", "--finding", "Нет журнала проверки",
                     "--requirement", "Инструкция по охране труда, п. 2.3", "--today", TODAY)
    assert refused.exit_code == 1 and "для каждого --finding" in refused.stderr
    act = jrun(invoke, workspace, "control", "add", "--stage", "2", "--on", "2026-11-16", "--by", "Матвеев Л.Р.",
               "--finding", "Ослаблены крепления брусьев", "--requirement", "Инструкция по охране труда, п. 2.3",
               "--finding", "Нет журнала проверки", "--requirement", "Приказ о проверке снарядов, п. 4",
               "--today", TODAY)
    assert [f["requirement"] for f in act["findings"]] == ["Инструкция по охране труда, п. 2.3",
                                                           "Приказ о проверке снарядов, п. 4"]
    late = jrun(invoke, workspace, "control", "finding", "add", str(act["id"]), "--text", "Мокрый пол без знака",
                "--today", TODAY)
    ref = f"finding:{late['id']}"
    assert any("не указано нарушенное требование" in t for t in check_subjects(invoke, workspace)[ref])
    assert "finding:" + str(act["findings"][0]["id"]) not in check_subjects(invoke, workspace)

    path = jrun(invoke, workspace, "control", "doc", str(act["id"]), "--today", TODAY)["path"]
    table = next(t for t in docx.Document(path).tables if len(t.columns) == 5)
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[2] for r in rows] == ["Инструкция по охране труда, п. 2.3", "Приказ о проверке снарядов, п. 4", ""]

    run(invoke, workspace, "control", "finding", "requirement", str(late["id"]), "--requirement",
        "Инструкция по охране труда для уборщика, п. 3.1")
    assert ref not in check_subjects(invoke, workspace)
    again = invoke("-w", workspace, "control", "finding", "requirement", str(late["id"]), "--requirement", "другое")
    assert again.exit_code == 1 and "уже записано" in again.stderr
    path = jrun(invoke, workspace, "control", "doc", str(act["id"]), "--today", TODAY)["path"]
    table = next(t for t in docx.Document(path).tables if len(t.columns) == 5)
    assert table.rows[3].cells[2].text == "Инструкция по охране труда для уборщика, п. 3.1"


def test_demo_control_findings_all_name_their_requirement(invoke, demo):
    acts = jrun(invoke, demo, "control", "list", "--today", TODAY)
    findings = [f for a in acts for f in a["findings"]]
    assert findings and all(f["requirement"] for f in findings)
    assert not [s for s in check_subjects(invoke, demo) if s.startswith("finding:")]
    act = next(a for a in acts if len(a["findings"]) == 2 and a["stage"] == 2)
    path = Path(jrun(invoke, demo, "control", "doc", str(act["id"]), "--today", TODAY)["path"])
    table = next(t for t in docx.Document(path).tables if len(t.columns) == 5)
    assert [r.cells[2].text for r in table.rows[1:]] == [f["requirement"] for f in act["findings"]]
