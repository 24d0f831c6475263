"""``ohs docs make policy``: the policy with the organization's goals, read back from the DOCX."""

from __future__ import annotations

import datetime
import json

import docx

from plugins.suot.scan import scan_text

#: The day the documents are made as (the demo is dated 2026-11-23).
TODAY = "2026-11-23"


def text_of(path):
    document = docx.Document(path)
    body = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(body + cells)


def test_policy_on_the_demo(invoke, demo):
    result = invoke("-w", demo, "docs", "make", "policy", "--json", "--today", TODAY)
    assert result.exit_code == 0, result.output
    made = json.loads(result.output)
    text = text_of(made["path"])
    assert "ПОЛИТИКА (СТРАТЕГИЯ)" in text and "по охране труда" in text
    assert "УТВЕРЖДАЮ" in text and "М.А. Ульянова" in text
    assert "СОГЛАСОВАНО" in text and "В.И. Серов" in text  # the workers' representative
    assert "Отсутствие несчастных случаев с обучающимися и работниками" in text
    assert "целевое значение: 100 %" in text
    assert "приказом Минтруда России от 29.10.2021 № 776н" in text
    assert "устранять" in text and "совершенствовать СУОТ" in text
    assert "лечебно-профилактическим питанием" not in text  # the demo school does not apply it
    assert "ЛИСТ ОЗНАКОМЛЕНИЯ" in text and "Серов Виктор Иванович" in text
    assert scan_text(text, datetime.date.fromisoformat(TODAY)).outdated == []


def test_withdrawn_goal_is_not_in_the_policy(invoke, demo):
    goals = json.loads(invoke("-w", demo, "suot", "goal", "list", "--json").output)
    gone = goals[-1]
    assert invoke("-w", demo, "suot", "goal", "withdraw", str(gone["id"]), "--on", TODAY, "--reason", "достигнута",
                  "--today", TODAY).exit_code == 0
    made = json.loads(invoke("-w", demo, "docs", "make", "policy", "--json", "--today", TODAY).output)
    text = text_of(made["path"])
    assert gone["text"] not in text and goals[0]["text"] in text


def test_policy_without_goals_names_the_command(invoke, workspace):
    result = invoke("-w", workspace, "docs", "make", "policy")
    assert result.exit_code == 1
    assert "ohs suot goal add" in result.stderr and "ohs org set head=" in result.stderr
