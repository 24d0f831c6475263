"""Replacement dates and missing items in ``ohs due``, recomputed by hand."""

from __future__ import annotations

from ppe_helpers import TODAY, jrun, run, setup_org


def _ppe_due(invoke, ws, until):
    data = jrun(invoke, ws, "due", "--today", TODAY, "--until", until)
    return sorted((i["due"], i["kind"], i["subject"].split()[0], i["title"]) for i in data["items"]
                  if i["source"] == "ppe")


def test_replacement_and_missing_by_hand(invoke, workspace):
    setup_org(invoke, workspace)
    run(invoke, workspace, "ppe", "issue", "Петрова", "--item", "Халат", "--qty", "1", "--on", "2026-01-31",
        "--today", TODAY)
    # The alternative («или») line satisfies the gloves line.
    run(invoke, workspace, "ppe", "issue", "Петрова", "--item", "Перчатки из полимерных материалов", "--qty", "12",
        "--on", "2026-06-15", "--today", TODAY)
    found = _ppe_due(invoke, workspace, "2027-12-31")
    # Халат 31.01.2026 + 12 months = 31.01.2027; gloves 15.06.2026 + 6 months = 15.12.2026.
    # «До износа» glasses never issued to Петрова: missing since the norm's first day (01.01.2025, after hiring).
    # Сидоров, hired 02.11.2026: everything but the duty-free lines missing from his first day.
    assert found == [
        ("2025-01-01", "ppe.missing", "Петрова", "Выдать СИЗ по нормам: Очки защитные (1 шт.)"),
        ("2026-11-02", "ppe.missing", "Сидоров", "Выдать СИЗ по нормам: Очки защитные (1 шт.)"),
        ("2026-11-02", "ppe.missing", "Сидоров",
         "Выдать СИЗ по нормам: Перчатки резиновые или Перчатки из полимерных материалов (12 пара)"),
        ("2026-11-02", "ppe.missing", "Сидоров", "Выдать СИЗ по нормам: Халат (1 шт.)"),
        ("2026-12-15", "ppe.replacement", "Петрова",
         "Заменить СИЗ: Перчатки из полимерных материалов (выдан 15.06.2026, срок 6 мес.)"),
        ("2027-01-31", "ppe.replacement", "Петрова", "Заменить СИЗ: Халат (выдан 31.01.2026, срок 12 мес.)"),
    ]
    # The default window (30 days) keeps the overdue ones and the gloves, not the coat.
    assert [f[1:3] for f in _ppe_due(invoke, workspace, "2026-12-23")][-1] == ("ppe.replacement", "Петрова")
    assert all(f[0] <= "2026-12-23" for f in _ppe_due(invoke, workspace, "2026-12-23"))


def test_return_on_dismissal_is_due(invoke, workspace):
    setup_org(invoke, workspace)
    run(invoke, workspace, "ppe", "issue", "Петрова", "--item", "Халат", "--qty", "1", "--on", "2026-01-31",
        "--today", TODAY)
    run(invoke, workspace, "people", "dismiss", "Петрова", "--on", "2026-10-01")
    found = _ppe_due(invoke, workspace, "2026-12-01")
    assert ("2026-10-01", "ppe.return", "Петрова", "Вернуть СИЗ при увольнении: Халат (1 шт.)") in found


def test_demo_shows_two_replacements_one_missing_and_one_expired_certificate(invoke, demo):
    found = _ppe_due(invoke, demo, "2026-12-23")
    assert sorted(f[1] for f in found) == ["ppe.certificate", "ppe.missing", "ppe.replacement", "ppe.replacement"]
    # Coaches get nothing by norm.
    positions = {n["position"] for n in jrun(invoke, demo, "ppe", "norm", "list", "--today", TODAY)}
    assert "Тренер-преподаватель" not in positions and "Сторож" in positions


def test_open_holdings_match_the_journal_walk(invoke, demo):
    """``ohs due`` reads holdings summed in the database; they equal walking the journal entry by entry."""
    from core.app import App
    from core.plugins import get_plugin_manager
    from plugins.ppe.journal import all_entries, holdings, open_holdings

    people = [p for p in jrun(invoke, demo, "ppe", "history") if p["kind"] == "issue"]
    first = people[0]
    run(invoke, demo, "ppe", "return", str(first["person_id"]), "--item", first["item"], "--qty", "1",
        "--on", "2026-11-20", "--today", TODAY)
    app = App(get_plugin_manager(entry_points=False), workspace=str(demo))
    with app.session(write=False) as session:
        org = app.org(session)
        walked = {k: ([(lot.entry.id, lot.remaining) for lot in h.open_lots], h.last_closed)
                  for k, h in holdings(all_entries(session, org)).items() if h.open_lots}
        summed = {k: ([(lot.entry.id, lot.remaining) for lot in h.open_lots], h.last_closed)
                  for k, h in open_holdings(session, org).items() if h.open_lots}
    assert walked == summed and len(walked) > 20
