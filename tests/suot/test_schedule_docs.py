"""The demo's due items traced to record and rule; the protocol and the yearly schedule as DOCX."""

import json

from core.testing import docx_text

TODAY = ("--today", "2026-11-23")


def test_demo_due_items_are_traceable(invoke, demo):
    # Until spring: the demo briefed every department in November, so the next repeat briefings fall in 2027.
    items = json.loads(invoke("-w", demo, "due", "--json", *TODAY, "--until", "2027-06-30").output)["items"]
    mine = [i for i in items if i["source"] == "suot" and i["kind"] != "measure"]
    kinds = {i["kind"] for i in mine}
    assert {"briefing_repeat", "briefing_break", "training", "training_retake", "medical_periodic", "psychiatric",
            "sout"} <= kinds
    assert any(i["overdue"] for i in mine) and any(not i["overdue"] for i in mine)
    for item in mine:
        assert item["rule"] and item["record"].split(":")[0] in (
            "briefing", "person", "training", "medical", "sout", "sout_event", "absence", "workplace"), item
    # The coaches' own 3-month repeat briefing (the demo's ohs.toml), stricter than the law's 6 months: the demo
    # briefed them on 11.11.2026, so the next one falls in February.
    later = json.loads(invoke("-w", demo, "due", "--json", *TODAY, "--until", "2027-03-31").output)["items"]
    coach = next(i for i in later if i["kind"] == "briefing_repeat" and "Тренер-преподаватель" in i["subject"])
    assert coach["due"] == "2027-02-11"
    assert "3 месяца (срок организации; по закону — 6 месяцев)" in coach["rule"]


def test_protocol_and_schedule_documents(invoke, demo, tmp_path):
    made = invoke("-w", demo, "docs", "make", "training_protocol", "--out", tmp_path, *TODAY)
    assert made.exit_code == 0, made.output
    text = docx_text(next(tmp_path.glob("training_protocol-*.docx")))
    assert "ПРОТОКОЛ №" in text and "Председатель комиссии" in text and "неудовлетворительно" in text
    made = invoke("-w", demo, "docs", "make", "training_schedule", "--year", "2027", "--out", tmp_path, *TODAY)
    assert made.exit_code == 0, made.output
    text = docx_text(next(tmp_path.glob("training_schedule-*.docx")))
    assert "на 2027 год" in text and "Специальная оценка условий труда (плановая)" in text
    missing = invoke("-w", demo, "docs", "make", "training_protocol", "--number", "нет-такого", "--out", tmp_path,
                     *TODAY)
    assert missing.exit_code != 0 and "ohs training add" in (missing.stderr + missing.output)
