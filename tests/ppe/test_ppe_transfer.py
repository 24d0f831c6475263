"""The difference of norms on transfer: ``ohs ppe transfer`` before the change, ``ohs due`` after it, by hand."""

from __future__ import annotations

from ppe_helpers import CLEANER, TODAY, jrun, refused, run, setup_org

from plugins.ppe.journal import fold_item

WATCHMAN = "Сторож"


def _setup(invoke, ws):
    """Петрова (cleaner) holds a coat, gloves and glasses; the watchman's norm shares only the glasses."""
    setup_org(invoke, ws)
    run(invoke, ws, "people", "add", "Кузнецов Пётр Ильич", "--position", WATCHMAN, "--hired-on", "2019-05-06")
    for item, qty, period, basis in (("Куртка утеплённая", "1", "36", "etn:Прил. 1"),
                                     ("Очки защитные", "1", "до износа", "own:обход территории"),
                                     ("Фонарь", "1", "дежурный", "own:обход в тёмное время")):
        run(invoke, ws, "ppe", "norm", "add", WATCHMAN, "--item", item, "--qty", qty, "--period", period,
            "--basis", basis, "--from", "2025-01-01")
    for item, qty, on in (("Халат", "1", "2026-01-31"), ("Перчатки резиновые", "12", "2026-06-15"),
                          ("Очки защитные", "1", "2026-02-01")):
        run(invoke, ws, "ppe", "issue", "Петрова", "--item", item, "--qty", qty, "--on", on, "--today", TODAY)


def _by_hand(invoke, ws):
    """The difference recomputed from the journal and the new norm as the user sees them."""
    held = {}
    for e in jrun(invoke, ws, "ppe", "history", "Петрова"):
        sign = 1 if e["kind"] == "issue" else -1
        held[e["item"]] = held.get(e["item"], 0) + sign * e["quantity"]
    norm = jrun(invoke, ws, "ppe", "norm", "show", WATCHMAN, "--today", TODAY)["items"]
    names = {fold_item(i["name"]) for i in norm}
    give_back = {(k, q) for k, q in held.items() if q and fold_item(k) not in names}
    keep = {(k, q) for k, q in held.items() if q and fold_item(k) in names}
    issue = {(i["name"], i["quantity"] - held.get(i["name"], 0)) for i in norm
             if i["period_kind"] != "duty" and held.get(i["name"], 0) < i["quantity"]}
    return give_back, keep, issue


def test_transfer_report_agrees_with_due_after_the_change(invoke, workspace):
    _setup(invoke, workspace)
    give_back, keep, issue = _by_hand(invoke, workspace)
    assert give_back == {("Халат", 1), ("Перчатки резиновые", 12)}
    assert keep == {("Очки защитные", 1)} and issue == {("Куртка утеплённая", 1)}
    report = jrun(invoke, workspace, "ppe", "transfer", "Петрова", "--to", "сторож", "--on", TODAY, "--today", TODAY)
    assert (report["from"], report["to"], report["norm"]["version"]) == (CLEANER, WATCHMAN, 1)
    assert {(r["item"], r["quantity"]) for r in report["return"]} == give_back
    assert {(r["item"], r["quantity"]) for r in report["keep"]} == keep
    assert {(r["item"], r["quantity"]) for r in report["issue"]} == issue
    # Nothing written: the position is changed in the people register.
    assert jrun(invoke, workspace, "people", "show", "Петрова")["position"] == CLEANER
    # The audit log dates the change: the edit is made on TODAY (the moment follows OHS_TODAY).
    result = invoke("-w", workspace, "people", "edit", "Петрова", f"position={WATCHMAN}", "--today", TODAY,
                    env={"OHS_TODAY": TODAY})
    assert result.exit_code == 0, result.output
    items = [i for i in jrun(invoke, workspace, "due", "--today", TODAY, "--until", "2027-12-31")["items"]
             if i["source"] == "ppe" and i["subject"].startswith("Петрова")]
    transfer = {i["title"] for i in items if i["kind"] == "ppe.transfer"}
    assert transfer == {f"Перевод: {item} ({qty} {'пара' if qty == 12 else 'шт.'}) нет в нормах должности "
                        f"«{WATCHMAN}» — вернуть или оставить по решению работодателя" for item, qty in give_back}
    missing = {i["title"] for i in items if i["kind"] == "ppe.missing"}
    assert missing == {f"Выдать СИЗ по нормам: {item} ({qty} шт.)" for item, qty in issue}
    # Due from the day of the change (the edit's day); the old items are no longer «to replace».
    assert {i["due"] for i in items if i["kind"] in ("ppe.transfer", "ppe.missing")} == {TODAY}
    assert not [i for i in items if i["kind"] == "ppe.replacement"]
    # Returning the coat and issuing the jacket settle two of the three.
    run(invoke, workspace, "ppe", "return", "Петрова", "--item", "Халат", "--qty", "1", "--on", TODAY, "--today", TODAY)
    run(invoke, workspace, "ppe", "issue", "Петрова", "--item", "Куртка утеплённая", "--qty", "1", "--on", TODAY,
        "--today", TODAY)
    left = [i["kind"] for i in jrun(invoke, workspace, "due", "--today", TODAY, "--until", "2027-12-31")["items"]
            if i["source"] == "ppe" and i["subject"].startswith("Петрова")]
    assert left == ["ppe.transfer"]


def test_transfer_to_a_position_without_norms_returns_everything(invoke, workspace):
    _setup(invoke, workspace)
    report = jrun(invoke, workspace, "ppe", "transfer", "Петрова", "--to", "Тренер-преподаватель", "--today", TODAY)
    assert report["norm"] is None and report["keep"] == [] and report["issue"] == []
    assert sorted(r["item"] for r in report["return"]) == ["Очки защитные", "Перчатки резиновые", "Халат"]


def test_bad_transfer_input_is_refused_naming_the_field(invoke, workspace):
    _setup(invoke, workspace)
    base = ("ppe", "transfer", "Петрова", "--today", TODAY)
    assert "(--to)" in refused(invoke, workspace, *base, "--to", "  ")
    assert "уже занимает" in refused(invoke, workspace, *base, "--to", CLEANER.upper())
    assert "(--on)" in refused(invoke, workspace, *base, "--to", WATCHMAN, "--on", "2019-01-01")
    run(invoke, workspace, "people", "dismiss", "Петрова", "--on", "2026-11-01")
    assert "уволен" in refused(invoke, workspace, *base, "--to", WATCHMAN, "--on", "2026-11-20")
