"""The ppe figures in the contests: the norms as the specialist's СИЗ regulation, the stats in the digital facts."""

from __future__ import annotations

import json

from ppe_helpers import TODAY, jrun, run, setup_org

from plugins.contest_specialist.criteria import load_edition


def _specialist_score(invoke, ws):
    result = invoke("-w", ws, "contest", "specialist", "score", "Смирнов", "--as-of", TODAY, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return {i["id"]: i["points"] for i in data["items"]}, data


def test_norms_developed_by_the_specialist_earn_the_ppe_regulation_row(invoke, workspace):
    setup_org(invoke, workspace)
    run(invoke, workspace, "people", "add", "Смирнов Олег Петрович", "--position", "Специалист по охране труда",
        "--hired-on", "2018-03-01", "--role", "specialist")
    before, data_before = _specialist_score(invoke, workspace)
    doc = jrun(invoke, workspace, "docs", "make", "ppe_norms", "--author", "Смирнов", "--today", TODAY)
    run(invoke, workspace, "docs", "approve", str(doc["id"]), "--by", "Ульянова", "--on", TODAY, "--order-number",
        "12-ОТ", "--today", TODAY)
    # A card made by the specialist is a record of issue, not a document developed: it earns nothing.
    card = jrun(invoke, workspace, "docs", "make", "ppe_card", "--author", "Смирнов", "--today", TODAY)
    assert card["kind"] == "ppe_card"
    after, data_after = _specialist_score(invoke, workspace)
    row = next(r for r in load_edition().rows if r.id == "suot_documents_developed.ppe")
    # By hand: the row's points (participation in developing the document), capped by the row.
    assert after["suot_documents_developed.ppe"] == min(row.points, row.cap) and not before.get(row.id)
    assert after.get("other_documents_developed", 0) == before.get("other_documents_developed", 0)
    assert data_after["total"] - data_before["total"] == min(row.points, row.cap)


def test_norms_approved_and_cards_kept_reach_the_digital_facts(invoke, workspace):
    setup_org(invoke, workspace)
    run(invoke, workspace, "ppe", "issue", "Петрова", "Сидоров", "--item", "Халат", "--qty", "1", "--on", "2026-11-20",
        "--today", TODAY)
    run(invoke, workspace, "ppe", "return", "Сидоров", "--item", "Халат", "--qty", "1", "--on", "2026-11-21",
        "--today", TODAY)
    doc = jrun(invoke, workspace, "docs", "make", "ppe_norms", "--today", TODAY)
    run(invoke, workspace, "docs", "approve", str(doc["id"]), "--by", "Ульянова", "--on", TODAY, "--order-number",
        "12-ОТ", "--today", TODAY)
    result = invoke("-w", workspace, "contest", "digital", "facts", "--json", "--as-of", TODAY)
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output)["facts"]
    figures = {s["key"]: s["value"] for s in facts["stats"]}
    history = jrun(invoke, workspace, "ppe", "history")
    # By hand: 3 entries, 2 people with a card, 1 position with norms, 1 approved edition.
    assert (figures["ppe"], figures["ppe.cards"]) == (len(history), len({e["person_id"] for e in history})) == (3, 2)
    assert (figures["ppe.norms"], figures["ppe.norms_approved"]) == (1, 1)
    # The issue journal is the only journal with entries here: the headline «записей в журналах» is its count.
    assert facts["headlines"]["journal_entries"] == figures["ppe"]
    text = "\n".join(f"{s['label']}: {s['value']}" for s in facts["stats"])
    assert "Утверждённые редакции норм выдачи СИЗ: 1" in text and "Личные карточки учёта выдачи СИЗ: 2" in text
