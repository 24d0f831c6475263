"""``ohs check`` on СУОТ documents: missing, only drafted, due for review."""

import json


def findings(invoke, ws, today):
    result = invoke("-w", ws, "check", "--json", "--today", today)
    assert result.exit_code == 0, result.output
    return [f for f in json.loads(result.output)["findings"] if f["source"] == "suot"]


def titled(items, prefix):
    return {f["subject"] for f in items if f["title"].startswith(prefix)}


def test_missing_then_drafted_then_approved_then_due_for_review(invoke, demo):
    from plugins.suot.documents import all_kinds

    keys = {k.key for k in all_kinds()}
    assert titled(findings(invoke, demo, "2026-11-23"), "Нет документа") == keys
    made = json.loads(invoke("-w", demo, "docs", "make", "suot_regulation", "--today", "2026-11-23", "--json").output)
    now = findings(invoke, demo, "2026-11-23")
    assert "suot_regulation" in titled(now, "Не утверждён") and "suot_regulation" not in titled(now, "Нет документа")
    [draft] = [f for f in now if f["subject"] == "suot_regulation"]
    assert f"ohs docs approve {made['id']}" in draft["fix"] and "--order-number" in draft["fix"]
    assert invoke("-w", demo, "docs", "approve", str(made["id"]), "--by", "Ульянова", "--on", "2026-11-23",
                  "--order-number", "45-од", "--today", "2026-11-23").exit_code == 0
    assert "suot_regulation" not in {f["subject"] for f in findings(invoke, demo, "2026-11-23")}
    # The organization's own review period: three years after approval it asks for a new version.
    with open(demo / "ohs.toml", "a", encoding="utf-8") as fh:
        fh.write("\n[documents.review_years]\nsuot_regulation = 3\n")
    assert "suot_regulation" not in titled(findings(invoke, demo, "2029-11-22"), "Пора пересмотреть")
    [due] = [f for f in findings(invoke, demo, "2029-11-23") if f["title"].startswith("Пора пересмотреть")]
    assert due["subject"] == "suot_regulation" and "23.11.2029" in due["detail"]
