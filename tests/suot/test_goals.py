"""``ohs suot goal`` and ``ohs suot procedure(s)``: goals of the policy and the 776н procedures chosen."""

from __future__ import annotations

import json


def run(invoke, ws, *args):
    result = invoke("-w", ws, *args)
    assert result.exit_code == 0, result.output
    return result.output


def jrun(invoke, ws, *args):
    return json.loads(run(invoke, ws, *args, "--json"))


def test_goals_add_list_withdraw(invoke, workspace):
    first = jrun(invoke, workspace, "suot", "goal", "add", "Отсутствие несчастных случаев",
                 "--indicator", "число несчастных случаев за год", "--target", "0", "--deadline", "2026-12-31",
                 "--year", "2026", "--today", "2026-11-01")
    assert first["status"] == "active" and first["target"] == "0"
    second = jrun(invoke, workspace, "suot", "goal", "add", "Обучение всех работников в срок", "--today", "2026-11-01")
    out = run(invoke, workspace, "suot", "goal", "withdraw", str(second["id"]), "--on", "2026-11-10",
              "--reason", "объединена с другой целью", "--today", "2026-11-20")
    assert "отозвана с 10.11.2026" in out
    goals = {g["id"]: g for g in jrun(invoke, workspace, "suot", "goal", "list", "--today", "2026-11-20")}
    assert goals[first["id"]]["status"] == "active"
    assert goals[second["id"]]["status"] == "withdrawn"  # kept, not deleted
    assert goals[second["id"]]["withdraw_reason"] == "объединена с другой целью"
    table = run(invoke, workspace, "suot", "goal", "list", "--today", "2026-11-20")
    assert "отозвана 10.11.2026" in table
    again = invoke("-w", workspace, "suot", "goal", "withdraw", str(second["id"]), "--on", "2026-11-11",
                   "--reason", "x", "--today", "2026-11-20")
    assert again.exit_code == 1 and "уже отозвана" in again.stderr


def test_goal_errors_are_russian(invoke, workspace):
    target_only = invoke("-w", workspace, "suot", "goal", "add", "Цель", "--target", "0")
    assert target_only.exit_code == 1 and "--indicator" in target_only.stderr
    missing = invoke("-w", workspace, "suot", "goal", "withdraw", "999", "--on", "2026-11-01", "--reason", "x")
    assert missing.exit_code == 1 and "ohs suot goal list" in missing.stderr


def test_procedures_defaults_and_choices(invoke, workspace):
    listed = {p["key"]: p for p in jrun(invoke, workspace, "suot", "procedures", "--today", "2026-11-01")}
    assert listed["training"]["applies"] is True
    assert listed["milk_nutrition"]["applies"] is False and "вредные условия" in listed["milk_nutrition"]["why"]
    assert listed["contractors"]["applies"] is False
    assert all("776н" in p["basis"] and p["confidence"] == "K" for p in listed.values())
    run(invoke, workspace, "suot", "procedure", "set", "contractors", "yes", "--reason", "ремонт подрядчиком",
        "--today", "2026-11-02")
    run(invoke, workspace, "suot", "procedure", "set", "contractors", "no", "--reason", "договор закончен",
        "--today", "2026-11-05")
    before = {p["key"]: p for p in jrun(invoke, workspace, "suot", "procedures", "--today", "2026-11-03")}
    after = {p["key"]: p for p in jrun(invoke, workspace, "suot", "procedures", "--today", "2026-11-06")}
    assert before["contractors"]["applies"] is True and "ремонт подрядчиком" in before["contractors"]["why"]
    assert after["contractors"]["applies"] is False and "договор закончен" in after["contractors"]["why"]


def test_unknown_procedure_lists_the_keys(invoke, workspace):
    result = invoke("-w", workspace, "suot", "procedure", "set", "milk", "no")
    assert result.exit_code == 1
    assert "milk_nutrition" in result.stderr and "training" in result.stderr and "«milk»" in result.stderr


def test_applicable_procedures_service_on_the_demo(demo):
    import datetime

    from core.app import App
    from core.plugins import get_plugin_manager
    from plugins.suot.procedures import Procedure, applicable_procedures

    app = App(get_plugin_manager(entry_points=False), workspace=str(demo))
    with app.session(write=False) as session:
        procedures = applicable_procedures(session, app.org(session), datetime.date(2026, 11, 23))
    by_key = {p.key: p for p in procedures}
    assert isinstance(by_key["training"], Procedure) and by_key["training"].applies
    assert by_key["milk_nutrition"].applies is False  # the demo school: no harmful conditions
    assert "776н" in by_key["training"].basis
