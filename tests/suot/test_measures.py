"""``ohs suot measure`` and ``ohs docs make measures_plan``: the plan of п. 12.2, its execution and due dates."""

from __future__ import annotations

import json

import docx

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
    run(invoke, ws, "people", "add", "Петров Пётр Петрович", "--position", "Заведующий хозяйством",
        "--hired-on", "2020-01-01")
    run(invoke, ws, "people", "add", "Сидоров Олег Иванович", "--position", "Тренер-преподаватель",
        "--hired-on", "2020-01-01")
    run(invoke, ws, "people", "dismiss", "Сидоров О.И.", "--on", "2026-03-01")


def add(invoke, ws, *extra, measure="Замена гимнастических матов", deadline="2026-12-20"):
    return jrun(invoke, ws, "suot", "measure", "add", "--measure", measure, "--deadline", deadline,
                "--responsible", "Петров П.П.", "--funding", "бюджет учреждения", "--today", TODAY, *extra)


def test_add_list_start_done_cancel(invoke, workspace):
    staff(invoke, workspace)
    first = add(invoke, workspace, "--expected", "Снижение риска травм", "--analysis", "Маты изношены",
                "--source", "risk", "--source-ref", "реестр рисков № 4", "--cost", "186 000,50")
    assert first["year"] == 2026 and first["status"] == "planned" and first["responsible"] == "Петров П.П."
    assert first["cost"] == "186000.50" and first["source"] == "risk"
    second = add(invoke, workspace, measure="Проверка крепления снарядов", deadline="2026-10-01")
    third = add(invoke, workspace, measure="Замена покрытия", deadline="2026-11-30")
    assert "выполняется с 01.11.2026" in run(invoke, workspace, "suot", "measure", "start", first["id"],
                                            "--on", "2026-11-01", "--today", TODAY)
    run(invoke, workspace, "suot", "measure", "done", second["id"], "--on", "2026-09-20",
        "--result", "Проверено 18 снарядов", "--today", TODAY)
    run(invoke, workspace, "suot", "measure", "cancel", third["id"], "--on", "2026-11-10",
        "--reason", "капитальный ремонт зала", "--today", TODAY)
    rows = {r["id"]: r for r in jrun(invoke, workspace, "suot", "measure", "list", "--today", TODAY)}
    assert rows[first["id"]]["status"] == "in_progress" and rows[first["id"]]["started_on"] == "2026-11-01"
    assert rows[second["id"]]["status"] == "done" and rows[second["id"]]["result"] == "Проверено 18 снарядов"
    assert rows[second["id"]]["done_on"] == "2026-09-20"
    assert rows[third["id"]]["cancel_reason"] == "капитальный ремонт зала"
    # The adopted plan is kept: the measure's own fields are unchanged by its execution.
    assert rows[first["id"]]["deadline"] == "2026-12-20" and rows[first["id"]]["analysis"] == "Маты изношены"
    done = jrun(invoke, workspace, "suot", "measure", "list", "--status", "done", "--today", TODAY)
    assert [r["id"] for r in done] == [second["id"]]
    assert jrun(invoke, workspace, "suot", "measure", "list", "--year", "2025") == []
    table = run(invoke, workspace, "suot", "measure", "list", "--today", TODAY)
    assert "выполнено 20.09.2026: Проверено 18 снарядов" in table and "отменено 10.11.2026" in table


def test_refusals_write_nothing(invoke, workspace):
    staff(invoke, workspace)
    dismissed = refused(invoke, workspace, "suot", "measure", "add", "--measure", "М", "--deadline", "2026-12-01",
                        "--responsible", "Сидоров О.И.", "--funding", "без затрат", "--today", TODAY)
    assert "уволен" in dismissed and "--responsible" in dismissed
    early = refused(invoke, workspace, "suot", "measure", "add", "--measure", "М", "--deadline", "2025-12-01",
                    "--year", "2026", "--responsible", "Петров П.П.", "--funding", "без затрат", "--today", TODAY)
    assert "раньше начала плана на 2026 год" in early
    assert jrun(invoke, workspace, "suot", "measure", "list") == []
    measure = add(invoke, workspace)
    mid = str(measure["id"])
    future = refused(invoke, workspace, "suot", "measure", "done", mid, "--on", "2026-12-01", "--result", "r",
                     "--today", TODAY)
    assert "ещё не наступила" in future
    assert "--result" in refused(invoke, workspace, "suot", "measure", "done", mid, "--on", TODAY, "--today", TODAY)
    assert "--reason" in refused(invoke, workspace, "suot", "measure", "cancel", mid, "--on", TODAY, "--today", TODAY)
    assert jrun(invoke, workspace, "suot", "measure", "list")[0]["status"] == "planned"
    run(invoke, workspace, "suot", "measure", "done", mid, "--on", TODAY, "--result", "Заменены", "--today", TODAY)
    again = refused(invoke, workspace, "suot", "measure", "cancel", mid, "--on", TODAY, "--reason", "x",
                    "--today", TODAY)
    assert "уже выполнено" in again and "ohs suot measure add" in again
    assert "ohs suot measure list" in refused(invoke, workspace, "suot", "measure", "start", "999", "--on", TODAY)


def test_due_items_overdue_first(invoke, workspace):
    staff(invoke, workspace)
    later = add(invoke, workspace, measure="Замена мостиков", deadline="2026-12-10")
    late = add(invoke, workspace, measure="Ремонт вентиляции", deadline="2026-09-30")
    gone = add(invoke, workspace, measure="Отменённое", deadline="2026-10-15")
    run(invoke, workspace, "suot", "measure", "cancel", gone["id"], "--on", "2026-10-01", "--reason", "не нужно",
        "--today", TODAY)
    data = jrun(invoke, workspace, "due", "--today", TODAY)
    items = [i for i in data["items"] if i["kind"] == "measure"]
    assert [i["record"] for i in items] == [f"measure:{late['id']}", f"measure:{later['id']}"]
    assert items[0]["overdue"] is True and items[1]["overdue"] is False
    assert {i["source"] for i in items} == {"suot"} and {i["subject"] for i in items} == {"Петров П.П."}
    assert items[0]["rule"] == "План мероприятий по охране труда (п. 12.2 Положения о СУОТ)"
    overdue = [i for i in data["items"] if i["overdue"]]
    assert data["items"][:len(overdue)] == overdue


def test_measures_plan_on_the_demo(invoke, demo):
    made = jrun(invoke, demo, "docs", "make", "measures_plan", "--today", TODAY)
    document = docx.Document(made["path"])
    assert document.sections[-1].orientation == 1  # WD_ORIENT.LANDSCAPE
    table = next(t for t in document.tables if len(t.columns) == 8)
    header = [c.text for c in table.rows[0].cells]
    assert header[0] == "№ п/п" and "Результаты анализа" in header[1] and "Ожидаемый результат" in header[3]
    assert "Срок" in header[4] and "Ответственный" in header[5] and "Источник финансирования" in header[6]
    assert "w:tblHeader" in table.rows[0]._tr.xml
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for row in t.rows for c in row.cells])
    assert "на 2026 год" in text and "УТВЕРЖДАЮ" in text and "СОГЛАСОВАНО" in text and "В.И. Серов" in text
    measures = jrun(invoke, demo, "suot", "measure", "list", "--year", "2026", "--today", TODAY)
    assert len(measures) >= 3
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(body) == len(measures)
    for measure, row in zip(measures, body):
        assert measure["measure"] in row[2]
        surname, initials = measure["responsible"].split()
        assert f"{initials} {surname}" in row[5] and measure["responsible_position"] in row[5]
        assert measure["deadline"][8:10] + "." + measure["deadline"][5:7] + ".2026" in row[4]
        if measure["status"] == "done":
            assert row[7].startswith("выполнено") and measure["result"] in row[7]
    assert any(m["status"] == "done" for m in measures)
    assert "Замена гимнастических матов" not in text  # a 2025 measure


def test_demo_plan_states_and_empty_year(invoke, demo):
    rows = jrun(invoke, demo, "suot", "measure", "list", "--today", TODAY)
    # 2024 holds only the measures taken on that year's incidents (every demo case has its measures).
    assert {r["year"] for r in rows} == {2024, 2025, 2026}
    assert {r["source"] for r in rows if r["year"] == 2024} == {"incident"}
    assert {"done", "in_progress", "cancelled"} <= {r["status"] for r in rows}
    assert any(r["overdue"] for r in rows)
    result = invoke("-w", demo, "docs", "make", "measures_plan", "--today", "2028-02-01")
    assert result.exit_code == 1 and "ohs suot measure add" in result.stderr


def test_cancelled_measure_shows_the_reason(invoke, demo):
    """The 2025 plan, asked for with --year, shows the cancelled measure with its reason."""
    made = jrun(invoke, demo, "docs", "make", "measures_plan", "--year", "2025", "--today", TODAY)
    path = made["path"]
    cells = [c.text for t in docx.Document(path).tables for row in t.rows for c in row.cells]
    assert any(c.startswith("отменено") and "капитального ремонта" in c for c in cells)
    assert any("Замена гимнастических матов" in c for c in cells)
