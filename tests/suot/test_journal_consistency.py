"""`ohs check` finds a briefing journal that contradicts the organization's own periodicity."""

from __future__ import annotations

import json

TODAY = "2026-11-23"


def gap_findings(invoke, ws):
    result = invoke("-w", ws, "check", "--today", TODAY, "--json")
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    findings = data["findings"] if isinstance(data, dict) else data
    return [f for f in findings if "расходится со сроком организации" in f["title"]]


def test_the_demo_journal_keeps_its_own_periodicity(invoke, demo):
    # The school briefs trainers every 3 months (its ohs.toml); the demo journal does so.
    assert gap_findings(invoke, demo) == []
    entries = json.loads(invoke("-w", demo, "briefing", "list", "--json").output)
    trainer_days = sorted({e["on"] for e in entries if e["kind"] == "repeat" and e["position"] == "Тренер-преподаватель"})
    assert len(trainer_days) == 4


def test_a_stricter_rule_than_the_journal_is_flagged(invoke, demo):
    toml = demo / "ohs.toml"
    text = toml.read_text(encoding="utf-8")
    assert '[rules.positions."Тренер-преподаватель"]\nrepeat_briefing_months = 3' in text
    toml.write_text(text.replace('[rules.positions."Тренер-преподаватель"]\nrepeat_briefing_months = 3',
                                 '[rules.positions."Тренер-преподаватель"]\nrepeat_briefing_months = 2'),
                    encoding="utf-8")
    found = gap_findings(invoke, demo)
    assert [f["subject"] for f in found] == ["Тренер-преподаватель"]
    assert "не реже одного раза в 2 месяца" in found[0]["title"]
    assert "11.02.2026 → 11.05.2026" in found[0]["detail"]
