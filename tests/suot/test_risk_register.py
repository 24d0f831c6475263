"""``ohs risk``: the hazard catalogue (п. 14.5), assessments on the 5×5 matrix, re-assessments, measures, refusals."""

from __future__ import annotations

from core.context import Context
import json
import tomllib
from pathlib import Path

import pytest

TODAY = "2026-11-23"
DATA = Path(__file__).resolve().parents[2] / "plugins" / "suot" / "data"


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
        "--department", "Хозяйственный отдел", "--hired-on", "2020-01-01")
    run(invoke, ws, "people", "add", "Иванова Анна Сергеевна", "--position", "Уборщик служебных помещений",
        "--department", "Хозяйственный отдел", "--hired-on", "2021-01-01")


def assess(invoke, ws, *extra, hazard="mechanical.fall", p="3", s="2", on="2026-02-01"):
    return jrun(invoke, ws, "risk", "assess", "--hazard", hazard, "--position", "Уборщик служебных помещений",
                "--department", "Хозяйственный отдел", "--probability", p, "--severity", s, "--on", on,
                "--today", TODAY, *extra)


def test_catalogue_is_the_regulation_list_plus_own_hazards(invoke, workspace):
    data = tomllib.loads((DATA / "hazards.toml").read_text(encoding="utf-8"))
    hazards = jrun(invoke, workspace, "risk", "hazard", "list")
    assert [h["code"] for h in hazards] == [h["code"] for h in data["hazard"]]
    # п. 14.5 groups а)–г): three mechanical, two electrical, two thermal, three organizational hazards.
    counts = {g: sum(1 for h in hazards if h["group"] == g) for g in ("mechanical", "electrical", "thermal",
                                                                     "organizational")}
    assert counts == {"mechanical": 3, "electrical": 2, "thermal": 2, "organizational": 3}
    assert all(h["builtin"] for h in hazards)
    added = jrun(invoke, workspace, "risk", "hazard", "add", "--group", "mechanical",
                 "--text", "Опасность падения со  спортивного снаряда")
    assert added == {"code": "own.1", "group": "mechanical", "group_name": "механические опасности",
                     "text": "Опасность падения со спортивного снаряда", "builtin": False}
    assert jrun(invoke, workspace, "risk", "hazard", "list")[-1]["code"] == "own.1"
    assert "уже есть в перечне" in refused(invoke, workspace, "risk", "hazard", "add", "--group", "other",
                                           "--text", "опасность падения со спортивного снаряда")
    assert "допустимы" in refused(invoke, workspace, "risk", "hazard", "add", "--group", "chemical", "--text", "x")


def test_assess_scores_on_the_matrix_and_keeps_history(invoke, workspace):
    staff(invoke, workspace)
    first = assess(invoke, workspace, "--controls", "знаки «Мокрый пол»", "--residual-probability", "2",
                   "--residual-severity", "2", p="4", s="3")
    assert (first["score"], first["level"], first["level_name"], first["color"]) == (12, "high", "высокий", "FFC000")
    assert first["workplace"] == "Уборщик служебных помещений (Хозяйственный отдел)"
    assert first["residual"] == {"probability": 2, "severity": 2, "score": 4, "level": "low", "level_name": "низкий",
                                 "color": "00B050"}
    assert first["hazard"].startswith("Опасность падения из-за потери равновесия") and first["current"] is True
    # Every cell of the matrix lands in exactly one default band.
    bands = {"low": range(1, 5), "moderate": range(5, 10), "high": range(10, 17), "critical": range(17, 26)}
    again = assess(invoke, workspace, p="2", s="3", on="2026-10-01")
    assert again["supersedes_id"] == first["id"] and again["score"] in bands[again["level"]]
    current = jrun(invoke, workspace, "risk", "list", "--today", TODAY)
    assert [r["id"] for r in current] == [again["id"]]
    history = jrun(invoke, workspace, "risk", "list", "--all", "--today", TODAY)
    assert [(r["id"], r["current"], r["superseded_by"]) for r in history] == [
        (first["id"], False, again["id"]), (again["id"], True, None)]
    as_before = jrun(invoke, workspace, "risk", "list", "--as-of", "2026-05-01", "--today", TODAY)
    assert [r["id"] for r in as_before] == [first["id"]]
    shown = jrun(invoke, workspace, "risk", "show", str(first["id"]), "--today", TODAY)
    assert shown["history"] == [first["id"], again["id"]] and shown["current"] is False
    text = run(invoke, workspace, "risk", "show", str(again["id"]), "--today", TODAY)
    assert "2×3=6" in text and "«умеренный»" in text
    assert "раньше" in refused(invoke, workspace, "risk", "assess", "--hazard", "mechanical.fall", "--position",
                               "Уборщик служебных помещений", "--department", "Хозяйственный отдел",
                               "--probability", "1", "--severity", "1", "--on", "2026-09-01", "--today", TODAY)


@pytest.mark.parametrize("p, s, option", [("0", "3", "--probability"), ("6", "3", "--probability"),
                                          ("3", "-1", "--severity"), ("3", "2.5", "--severity"),
                                          ("три", "2", "--probability")])
def test_outside_the_matrix_is_refused_with_the_scale(invoke, workspace, p, s, option):
    staff(invoke, workspace)
    message = refused(invoke, workspace, "risk", "assess", "--hazard", "mechanical.fall", "--position", "Уборщик",
                      "--probability", p, "--severity", s, "--today", TODAY)
    assert "вне матрицы 5×5" in message and option in message and "от 1 до 5" in message
    assert jrun(invoke, workspace, "risk", "list", "--all") == []


def test_other_refusals_write_nothing(invoke, workspace):
    staff(invoke, workspace)
    cases = [
        (("--hazard", "no.such", "--position", "Уборщик"), "ohs risk hazard list"),
        (("--hazard", "mechanical.fall"), "рабочее место"),
        (("--hazard", "mechanical.fall", "--department", "Нет такого"), "Подразделения «Нет такого» нет"),
        (("--hazard", "mechanical.fall", "--position", "Уборщик", "--residual-probability", "1"), "парой"),
        (("--hazard", "mechanical.fall", "--position", "Уборщик", "--residual-probability", "5",
          "--residual-severity", "5"), "больше исходного"),
        (("--hazard", "mechanical.fall", "--position", "Уборщик", "--on", "2026-12-01"), "ещё не наступила"),
        (("--hazard", "mechanical.fall", "--position", "Уборщик", "--measure", "Коврики"), "--deadline"),
        (("--hazard", "mechanical.fall", "--position", "Уборщик", "--measure-id", "77"), "ohs suot measure list"),
    ]
    for extra, expected in cases:
        message = refused(invoke, workspace, "risk", "assess", *extra, "--probability", "3", "--severity", "2",
                          "--today", TODAY)
        assert expected in message, (extra, message)
    assert jrun(invoke, workspace, "risk", "list", "--all") == []
    assert jrun(invoke, workspace, "suot", "measure", "list") == []


def test_measures_created_or_linked_from_the_assessment(invoke, workspace):
    staff(invoke, workspace)
    existing = jrun(invoke, workspace, "suot", "measure", "add", "--measure", "Закупка обуви на нескользящей подошве",
                    "--deadline", "2026-06-30", "--responsible", "Петров П.П.", "--funding", "бюджет учреждения",
                    "--today", TODAY)
    risk = assess(invoke, workspace, "--measure", "Укладка противоскользящих ковриков", "--deadline", "2026-12-15",
                  "--responsible", "Петров П.П.", "--funding", "бюджет учреждения", "--expected", "Нет падений",
                  "--measure-id", str(existing["id"]), p="4", s="3")
    plan = {m["id"]: m for m in jrun(invoke, workspace, "suot", "measure", "list", "--today", TODAY)}
    assert len(plan) == 2 and {m["id"] for m in risk["measures"]} == set(plan)
    new_id = next(m["id"] for m in risk["measures"] if m["id"] != existing["id"])
    assert plan[new_id]["source"] == "risk" and plan[new_id]["source_ref"] == f"risk:{risk['id']}"
    assert "высокий" in plan[new_id]["analysis"] and plan[new_id]["expected"] == "Нет падений"
    assert plan[existing["id"]]["source"] == "other"  # linked, not rewritten
    again = assess(invoke, workspace, p="2", s="3", on="2026-11-01")
    assert {m["id"] for m in again["measures"]} == {existing["id"], new_id}  # inherited by the re-assessment
    assert "уже связано" in refused(invoke, workspace, "risk", "assess", "--hazard", "mechanical.fall",
                                    "--position", "Уборщик служебных помещений", "--department",
                                    "Хозяйственный отдел", "--probability", "1", "--severity", "1",
                                    "--measure-id", str(existing["id"]), "--measure-id", str(existing["id"]),
                                    "--today", TODAY)


def test_levels_and_colours_from_ohs_toml(invoke, workspace):
    staff(invoke, workspace)
    config = workspace / "ohs.toml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original + '\n[risks.colors]\nhigh = "#ff6600"\n', encoding="utf-8")
    assert assess(invoke, workspace, p="4", s="3")["color"] == "FF6600"
    levels = "".join(f'\n[[risks.levels]]\nkey = "{k}"\nname = "{n}"\nmin = {lo}\nmax = {hi}\ncolor = "{c}"\n'
                     for k, n, lo, hi, c in (("ok", "приемлемый", 1, 11, "00FF00"),
                                             ("bad", "неприемлемый", 12, 25, "FF0000")))
    config.write_text(original + levels, encoding="utf-8")
    rows = jrun(invoke, workspace, "risk", "list", "--today", TODAY)
    assert (rows[0]["level"], rows[0]["level_name"], rows[0]["color"]) == ("bad", "неприемлемый", "FF0000")
    assert [lv["key"] for lv in jrun(invoke, workspace, "risk", "matrix")["levels"]] == ["ok", "bad"]
    config.write_text(original + levels.replace("max = 11", "max = 10"), encoding="utf-8")
    assert "без пропусков" in refused(invoke, workspace, "risk", "list")
    config.write_text(original + '\n[risks.colors]\nhigh = "orange"\n', encoding="utf-8")
    assert "шесть шестнадцатеричных" in refused(invoke, workspace, "risk", "list")


def test_demo_register(invoke, demo):
    rows = jrun(invoke, demo, "risk", "list", "--today", TODAY)
    assert len(rows) >= 15 and len({r["workplace"] for r in rows}) >= 8
    assert any(r["position"] == "Тренер-преподаватель" for r in rows)
    assert any(r["position"] == "Уборщик служебных помещений" for r in rows)
    high = [r for r in rows if r["level"] in ("high", "critical")]
    assert len(high) >= 3 and any(r["measures"] for r in high)
    for r in rows:
        assert r["score"] == r["probability"] * r["severity"]
    history = jrun(invoke, demo, "risk", "list", "--all", "--today", TODAY)
    assert any(not r["current"] for r in history) and len(history) > len(rows)
    own = [h for h in jrun(invoke, demo, "risk", "hazard", "list") if not h["builtin"]]
    assert own and {r["hazard_code"] for r in rows} & {h["code"] for h in own}


def test_records_described_for_links_and_counted(invoke, demo, pm):
    """``risk:N`` and ``control_act:N`` through ``describe_record``; the figures of ``stats``."""
    from core.app import App

    risk = jrun(invoke, demo, "risk", "list", "--today", TODAY)[0]
    act = jrun(invoke, demo, "control", "list", "--today", TODAY)[0]
    app = App(pm, workspace=str(demo))
    with app.session(write=False) as session:
        org = app.org(session)
        found = pm.hook.describe_record(ctx=Context.of(session, org, pm), ref=f"risk:{risk['id']}")
        assert found["ref"] == f"risk:{risk['id']}" and str(found["date"]) == risk["assessed_on"]
        assert risk["hazard"] in found["title"] and risk["workplace"] in found["title"]
        found = pm.hook.describe_record(ctx=Context.of(session, org, pm), ref=f"control_act:{act['id']}")
        assert found["ref"] == f"control_act:{act['id']}" and str(found["date"]) == act["held_on"]
        assert f"№ {act['number']}" in found["title"] and act["stage_name"] in found["title"]
        for missing in ("risk:99999", "control_act:99999", "risk:x", "control_act:"):
            assert pm.hook.describe_record(ctx=Context.of(session, org, pm), ref=missing) is None
        figures = {key: value for batch in pm.hook.stats(ctx=Context.of(session, org, pm)) for key, _, value in batch}
    history = jrun(invoke, demo, "risk", "list", "--all", "--today", TODAY)
    acts = jrun(invoke, demo, "control", "list", "--today", TODAY)
    assert figures["suot.risks_assessed"] == len(jrun(invoke, demo, "risk", "list", "--today", TODAY))
    assert figures["suot.risk_assessments"] == len(history)
    assert figures["suot.control_acts"] == len(acts)
    assert figures["suot.control_findings"] == sum(len(a["findings"]) for a in acts)


def test_measure_for_an_assessed_risk_and_the_check(invoke, workspace):
    """A high risk without a measure is a finding of ``ohs check`` until ``ohs risk measure`` adds one."""
    staff(invoke, workspace)
    risk = assess(invoke, workspace, p="4", s="4")
    low = assess(invoke, workspace, hazard="mechanical.cut", p="1", s="2")

    def warned():
        data = jrun(invoke, workspace, "check", "--today", TODAY)
        items = data["findings"] if isinstance(data, dict) else data
        return sorted(f["subject"] for f in items if f["subject"].startswith("risk:"))

    assert warned() == [f"risk:{risk['id']}"]
    assert "либо" in refused(invoke, workspace, "risk", "measure", str(risk["id"]), "--today", TODAY)
    assert "ohs risk list" in refused(invoke, workspace, "risk", "measure", "999", "--measure-id", "1")
    made = jrun(invoke, workspace, "risk", "measure", str(risk["id"]), "--measure", "Противоскользящее покрытие",
                "--deadline", "2026-12-20", "--responsible", "Петров П.П.", "--funding", "бюджет учреждения",
                "--today", TODAY)
    assert made["source"] == "risk" and made["source_ref"] == f"risk:{risk['id']}"
    assert warned() == []
    shown = jrun(invoke, workspace, "risk", "show", str(risk["id"]), "--today", TODAY)
    assert [m["id"] for m in shown["measures"]] == [made["measure_id"]] and shown["supersedes_id"] is None
    jrun(invoke, workspace, "risk", "measure", str(low["id"]), "--measure-id", str(made["measure_id"]),
         "--today", TODAY)
    assert [m["id"] for m in jrun(invoke, workspace, "risk", "show", str(low["id"]))["measures"]] == [
        made["measure_id"]]
    # A cancelled measure no longer answers the risk.
    run(invoke, workspace, "suot", "measure", "cancel", str(made["measure_id"]), "--on", TODAY, "--reason", "нет средств",
        "--today", TODAY)
    assert warned() == [f"risk:{risk['id']}"]
