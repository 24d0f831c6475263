"""Yearly documents are series per year: December plans the next year, and next year's plan supersedes nothing."""

import json

from core.testing import docx_text

NOVEMBER = "2026-11-23"
DECEMBER = "2026-12-10"
PLAN = "measures_plan"


def run(invoke, ws, day, *args):
    result = invoke("-w", ws, *args, env={"OHS_TODAY": day})
    assert result.exit_code == 0, result.output
    return result


def plans(invoke, ws, day):
    rows = json.loads(run(invoke, ws, day, "docs", "list", "--kind", PLAN, "--json").output)
    return {row["period"]: row for row in rows}


def add_measure(invoke, ws, day, deadline, text):
    run(invoke, ws, day, "suot", "measure", "add", "--measure", text, "--deadline", deadline,
        "--responsible", "Ульянова", "--funding", "бюджет учреждения")


def test_a_december_pack_makes_next_years_plan_and_says_so(invoke, demo):
    add_measure(invoke, demo, DECEMBER, "2027-06-30", "Замена покрытия гимнастического зала")
    output = run(invoke, demo, DECEMBER, "suot", "pack").output
    assert "на 2027 год: в декабре они составляются на следующий год" in output
    made = plans(invoke, demo, DECEMBER)
    assert set(made) == {"2027"}  # no 2026 plan was made in December
    plan = made["2027"]
    assert plan["version"] == 1 and plan["status"] == "draft" and "-2027-" in plan["path"]
    text = docx_text(plan["path"])
    assert "2027" in text and "Замена покрытия гимнастического зала" in text
    # --year overrides the default, and `docs make` tells the same in December.
    current = json.loads(run(invoke, demo, DECEMBER, "suot", "pack", "--year", "2026", "--json").output)
    assert current["note"] is None
    assert plans(invoke, demo, DECEMBER)["2026"]["version"] == 1
    made_again = run(invoke, demo, DECEMBER, "docs", "make", PLAN).output
    assert "в декабре они составляются на следующий год" in made_again and "на 2027 год, редакция 2" in made_again


def test_an_unchanged_pack_reports_no_changes_and_writes_no_file(invoke, demo):
    first = json.loads(run(invoke, demo, NOVEMBER, "suot", "pack", "--json").output)
    assert first["made"]
    files_before = sorted(p.name for p in (demo / "out").rglob("*.docx"))
    again = run(invoke, demo, NOVEMBER, "suot", "pack").output
    assert sorted(p.name for p in (demo / "out").rglob("*.docx")) == files_before
    for item in first["made"]:
        assert f"№{item['id']} {item['title']}, ред. 1 (проект) — без изменений" in again
    # The approval hint still covers the drafts waiting for approval.
    assert "ohs docs approve " + " ".join(str(m["id"]) for m in first["made"]) in again


def test_approving_2027_leaves_the_approved_2026_plan_in_force(invoke, demo):
    run(invoke, demo, NOVEMBER, "docs", "make", PLAN)
    plan_2026 = plans(invoke, demo, NOVEMBER)["2026"]
    run(invoke, demo, NOVEMBER, "docs", "approve", str(plan_2026["id"]), "--by", "Ульянова", "--on", NOVEMBER)
    add_measure(invoke, demo, DECEMBER, "2027-05-31", "Ремонт вентиляции")
    run(invoke, demo, DECEMBER, "docs", "make", PLAN)
    plan_2027 = plans(invoke, demo, DECEMBER)["2027"]
    assert plan_2027["version"] == 1  # a new document, not ред. 2 of the 2026 plan
    run(invoke, demo, DECEMBER, "docs", "approve", str(plan_2027["id"]), "--by", "Ульянова",
        "--on", DECEMBER, "--order-number", "77-од")
    after = plans(invoke, demo, DECEMBER)
    assert after["2026"]["status"] == "approved" and after["2026"]["approved_on"] == NOVEMBER
    assert after["2027"]["status"] == "approved"
    # The approving order approves the 2027 plan and declares nothing void.
    order_path = next(d["path"] for d in json.loads(run(invoke, demo, DECEMBER, "docs", "list", "--kind",
                                                        "order_approve", "--json").output))
    order = docx_text(order_path)
    assert "на 2027 год" in order and "утратившими силу" not in order
