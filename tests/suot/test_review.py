"""``ohs docs make management_review``: the year's indicators, measures, control findings, risks and goals, read back."""

from __future__ import annotations

import decimal
import json

import docx

from core.testing import docx_text

TODAY = "2026-11-23"


def jrun(invoke, ws, *args):
    result = invoke("-w", ws, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def table_with(document, header: str):
    return next(t for t in document.tables if t.rows[0].cells[0].text == header)


def test_review_on_the_demo(invoke, demo):
    made = jrun(invoke, demo, "docs", "make", "management_review", "--year", "2026", "--today", TODAY)
    document = docx.Document(made["path"])
    text = docx_text(made["path"])
    assert "АНАЛИЗ" in text and "за 2026 год" in text and "М.А. Ульянова" in text

    # Indicators: the hook's figures, the same the incidents command reports on the document's date.
    indicators = jrun(invoke, demo, "incidents", "indicators", "--year", "2026", "--today", TODAY)
    rows = cells(table_with(document, "Год"))[1:]
    assert [int(r[0]) for r in rows] == [y["year"] for y in indicators["per_year"]]
    for row, year in zip(rows, indicators["per_year"]):
        assert int(row[2]) == year["injured"]
        if year["frequency"] is None:
            assert row[3] == "—"
        else:
            assert decimal.Decimal(row[3].replace(",", ".")) == decimal.Decimal(year["frequency"]).quantize(
                decimal.Decimal("0.01"))

    # Measures of the 2026 plan: counted from the plan itself.
    plan = jrun(invoke, demo, "suot", "measure", "list", "--year", "2026", "--today", TODAY)
    done = sum(1 for m in plan if m["status"] == "done")
    overdue = sum(1 for m in plan if m["overdue"])
    assert f"Всего мероприятий в плане: {len(plan)}; выполнено: {done}; не выполнено в срок: {overdue};" in text
    assert overdue >= 1 and done >= 1
    measures = cells(table_with(document, "№ п/п"))[1:]
    assert [r[1] for r in measures] == [m["measure"] for m in plan]

    # Control: the year's acts and findings.
    acts = jrun(invoke, demo, "control", "list", "--year", "2026", "--today", TODAY)
    findings = [f for a in acts for f in a["findings"]]
    with_measures = sum(1 for f in findings if f["measures"])
    assert (f"Составлено актов контроля: {len(acts)} (первая ступень — "
            f"{sum(1 for a in acts if a['stage'] == 1)}, вторая — {sum(1 for a in acts if a['stage'] == 2)}, "
            f"третья — {sum(1 for a in acts if a['stage'] == 3)}); выявлено нарушений: {len(findings)}, "
            f"по {with_measures} из них назначены мероприятия.") in text

    # Risk levels: counted from the register on the document date.
    risks = jrun(invoke, demo, "risk", "list", "--today", TODAY)
    levels = cells(table_with(document, "Уровень риска"))[1:]
    matrix = jrun(invoke, demo, "risk", "matrix")["levels"]
    assert [(r[0], int(r[2])) for r in levels] == [
        (lv["name"], sum(1 for r in risks if r["level"] == lv["key"])) for lv in matrix]

    # Goals: the high-risk goal is measured from the register, the injury goal from the indicators.
    goals = cells(table_with(document, "Цель"))[1:]
    high = sum(1 for r in risks if r["level"] in ("high", "critical"))
    risk_goal = next(g for g in goals if "рисков высокого уровня" in g[1])
    assert risk_goal[3] == str(high) and risk_goal[4] == ("цель достигнута" if high == 0 else "цель не достигнута")
    injury_goal = next(g for g in goals if "несчастных случаев" in g[1])
    injured = indicators["per_year"][-1]["injured"]
    assert injury_goal[3] == str(injured)
    assert injury_goal[4] == ("цель достигнута" if injured == 0 else "цель не достигнута")
    assert any(g[4] == "оценивается при анализе" for g in goals)
    # Decisions follow from the data: the overdue measure is named.
    late = next(m for m in plan if m["overdue"])
    assert f"Обеспечить выполнение мероприятия «{late['measure']}»" in text


def test_review_without_incident_records(invoke, demo, pm):
    """When no plugin keeps incidents (the hook returns None) the review says so instead of failing."""
    pm.unregister(name="plugins.suot.incidents.hooks")
    made = jrun(invoke, demo, "docs", "make", "management_review", "--today", TODAY)
    text = docx_text(made["path"])
    assert "в программе не ведутся" in text and "Кч" not in text
    goals = cells(table_with(docx.Document(made["path"]), "Цель"))[1:]
    injury_goal = next(g for g in goals if "несчастных случаев" in g[1])
    assert injury_goal[3] == "—" and injury_goal[4] == "оценивается при анализе"


def test_review_needs_the_head(invoke, workspace):
    result = invoke("-w", workspace, "docs", "make", "management_review", "--today", TODAY)
    assert result.exit_code == 1 and "head=" in result.stderr


def test_review_of_an_empty_year(invoke, demo):
    made = jrun(invoke, demo, "docs", "make", "management_review", "--year", "2021", "--today", TODAY)
    text = docx_text(made["path"])
    assert "Всего мероприятий в плане: 0" in text and "Составлено актов контроля: 0" in text
    assert "Оценено рисков: 0." in text
