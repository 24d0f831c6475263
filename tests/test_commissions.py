"""Commissions and appointments by order, as a specialist records them in the demo school."""

import json

import pytest

TODAY = "2026-11-23"


def ok(result):
    assert result.exit_code == 0, (result.output, result.stderr)
    return result


def js(result):
    return json.loads(ok(result).output)


def add(invoke, ws, *args, kind="knowledge_check", number="12-ОТ", date="2026-01-15"):
    return invoke("-w", ws, "commission", "add", kind, "--order-number", number, "--order-date", date,
                  "--today", TODAY, *args)


def refused(result, *expected):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.stderr, (text, result.stderr)


@pytest.fixture
def demo(make_workspace, invoke, tmp_path):
    """The demo school's people, head and representative, without the demo's own orders.

    The demo now carries its knowledge-check commission and appointments; these tests write
    orders onto a clean school and check exactly what they wrote.
    """
    source = make_workspace("source", "--demo")
    export = tmp_path / "staff.csv"
    ok(invoke("-w", source, "people", "export", export, "--all", "--today", TODAY))
    school = make_workspace("school")
    ok(invoke("-w", school, "people", "import", export, "--today", TODAY))
    ok(invoke("-w", school, "org", "set", "head=Ульянова", "worker_representative=Серов", "--today", "2015-01-01"))
    return school


def commissions(invoke, ws, *extra):
    return js(invoke("-w", ws, "commission", "list", "--as-of", TODAY, "--json", *extra))


def other_worker(invoke, ws):
    """An ordinary active worker of the demo school (not one of the named people)."""
    people = js(invoke("-w", ws, "people", "list", "--json", "--today", TODAY))
    return next(p for p in people if p["surname"] not in ("Ульянова", "Колесникова", "Серов"))


def test_create_list_show_the_knowledge_check_commission(invoke, demo):
    created = js(add(invoke, demo, "--chair", "Ульянова", "--member", "Колесникова", "--member", "Серов", "--json"))
    assert created["kind"] == "knowledge_check"
    assert created["title"] == "комиссия по проверке знания требований охраны труда"
    assert created["signed_by"]["full_name"] == "Ульянова Марина Александровна"
    assert [(m["role"], m["full_name"].split()[0]) for m in created["members"]] == [
        ("chair", "Ульянова"), ("member", "Колесникова"), ("member", "Серов")]
    listing = commissions(invoke, demo)
    assert [c["id"] for c in listing] == [created["id"]]
    assert commissions(invoke, demo, "--kind", "sout") == []
    # Before the order took effect it was not in force.
    assert js(invoke("-w", demo, "commission", "list", "--as-of", "2026-01-14", "--json")) == []
    text = ok(invoke("-w", demo, "commission", "list", "--as-of", TODAY)).output
    assert "комиссия по проверке знания требований охраны труда" in text and "№ 12-ОТ от 15.01.2026" in text
    shown = js(invoke("-w", demo, "commission", "show", created["id"], "--json"))
    assert shown == created
    text = ok(invoke("-w", demo, "commission", "show", created["id"])).output
    assert "председатель" in text and "Ульянова Марина Александровна" in text and "член комиссии" in text
    assert "подписал(а) Ульянова Марина Александровна" in text
    refused(invoke("-w", demo, "commission", "show", "999"), "Комиссии №999 нет")


def test_bad_compositions_are_refused_and_nothing_is_written(invoke, demo):
    refused(add(invoke, demo, "--chair", "Ульянова", "--member", "Колесникова"),
            "не менее трёх человек", "2464")
    refused(add(invoke, demo, "--chair", "Ульянова", "--chair", "Серов", "--member", "Колесникова"),
            "только один председатель")
    refused(add(invoke, demo, "--member", "Ульянова", "--member", "Серов", "--member", "Колесникова"),
            "нет председателя", "--chair")
    refused(add(invoke, demo, "--chair", "Ульянова", "--member", "Серов", "--member", "Серов", "--member", "Колесникова"),
            "дважды")
    refused(add(invoke, demo, "--chair", "Ульянова", "--member", "Серов", "--member", "Колесникова",
                date="2026-12-01"), "ещё не наступила", "--today")
    refused(add(invoke, demo, "--chair", "Ульянова", "--member", "Серов", "--member", "Колесникова",
                "--signed-by", "Серов"), "не руководитель", "Ульянова Марина Александровна")
    refused(add(invoke, demo, "--chair", "Ульянова", "--member", "Серов", "--member", "Колесникова",
                kind="unknown_kind"), "Неизвестный вид комиссии")
    refused(add(invoke, demo, "--chair", "Ульянова", "--member", "Серов", "--member", "Колесникова",
                "--valid-from", "2026-01-01"), "раньше даты приказа")
    worker = other_worker(invoke, demo)
    ok(invoke("-w", demo, "people", "dismiss", worker["id"], "--on", "2026-03-31"))
    refused(add(invoke, demo, "--chair", "Ульянова", "--member", "Серов", "--member", worker["id"],
                date="2026-04-01"), "уволен(а) 31.03.2026")
    # On the last working day the worker may still be appointed.
    ok(add(invoke, demo, "--chair", "Ульянова", "--member", "Серов", "--member", worker["id"], date="2026-03-31"))
    refused(add(invoke, demo, "--chair", "Ульянова", "--member", "Серов", "--member", "Колесникова",
                date="2026-03-31"), "уже записан")
    assert len(js(invoke("-w", demo, "commission", "list", "--all", "--json"))) == 1


def test_other_kinds_and_small_working_groups(invoke, demo):
    refused(add(invoke, demo, "--chair", "Ульянова", "--member", "Серов", kind="sout"), "не менее трёх человек")
    group = js(add(invoke, demo, "--chair", "Колесникова", "--member", "Серов", "--title",
                   "Группа по контролю спортивного инвентаря", "--json", kind="other"))
    assert group["title"] == "Группа по контролю спортивного инвентаря"
    kinds = js(invoke("-w", demo, "commission", "kinds", "--json"))
    assert {"osh_committee", "sout", "professional_risks", "knowledge_check", "accidents",
            "ppe_incoming_control", "suot_analysis", "other"} <= {k["kind"] for k in kinds}


def test_no_head_says_how_to_set_it(invoke, workspace):
    for name in ("Иванов Иван Иванович", "Петров Пётр Петрович", "Сидоров Сидор Сидорович"):
        ok(invoke("-w", workspace, "people", "add", name, "--position", "Мастер", "--hired-on", "2020-01-10"))
    refused(add(invoke, workspace, "--chair", "Иванов", "--member", "Петров", "--member", "Сидоров"),
            "ohs org set head=")
    ok(invoke("-w", workspace, "org", "set", "head=Иванов", "--today", "2026-11-23"))
    # The head is recorded from the day of the command, so an order of that day is signed by him.
    result = invoke("-w", workspace, "commission", "add", "knowledge_check", "--order-number", "1",
                    "--order-date", "2026-11-23", "--today", "2026-11-23",
                    "--chair", "Иванов", "--member", "Петров", "--member", "Сидоров")
    ok(result)


def test_a_new_order_replaces_the_commission_and_history_is_kept(invoke, demo):
    first = js(add(invoke, demo, "--chair", "Ульянова", "--member", "Колесникова", "--member", "Серов", "--json"))
    worker = other_worker(invoke, demo)
    second = js(add(invoke, demo, "--chair", "Ульянова", "--deputy", "Колесникова", "--secretary", worker["id"],
                    "--member", "Серов", "--replaces", first["id"], "--json", number="40-ОТ", date="2026-09-01"))
    assert second["replaces_id"] == first["id"]
    assert [c["id"] for c in commissions(invoke, demo)] == [second["id"]]
    assert [c["id"] for c in js(invoke("-w", demo, "commission", "list", "--as-of", "2026-06-01", "--json"))] == [first["id"]]
    old = js(invoke("-w", demo, "commission", "show", first["id"], "--json"))
    assert old["replaced_by_id"] == second["id"] and old["ends_on"] == "2026-08-31"
    assert [m["full_name"] for m in old["members"]] == [m["full_name"] for m in first["members"]]
    history = js(invoke("-w", demo, "commission", "of", "Колесникова", "--json"))
    assert [(c["commission_id"], c["role"], c["from_date"], c["until_date"]) for c in history["commissions"]] == [
        (first["id"], "member", "2026-01-15", "2026-08-31"), (second["id"], "deputy", "2026-09-01", None)]
    assert [c["commission_id"] for c in js(invoke("-w", demo, "commission", "of", "Колесникова", "--since",
                                                  "2026-10-01", "--json"))["commissions"]] == [second["id"]]
    text = ok(invoke("-w", demo, "commission", "of", "Колесникова")).output
    assert "заместитель председателя" in text and "с 15.01.2026 по 31.08.2026" in text
    # The old order is history: it cannot be replaced a second time.
    refused(add(invoke, demo, "--chair", "Ульянова", "--member", "Колесникова", "--member", "Серов",
                "--replaces", first["id"], number="41-ОТ", date="2026-10-01"), "уже заменена")
    refused(add(invoke, demo, "--chair", "Ульянова", "--member", "Колесникова", "--member", "Серов",
                "--replaces", second["id"], kind="sout", number="42-ОТ", date="2026-10-01"), "того же вида")


def test_appointments_with_department_scope(invoke, demo):
    def appoint(*args, date="2026-01-10", number="5-ОТ"):
        return invoke("-w", demo, "appoint", *args, "--order-number", number, "--order-date", date, "--today", TODAY)

    ok(appoint("osh_responsible", "Колесникова"))
    made = js(appoint("briefing_instructor", "Серов", "--department", "Отделение спортивной гимнастики", "--json"))
    assert made["department"] == "Отделение спортивной гимнастики" and made["role"] == "briefing_instructor"
    refused(appoint("osh_responsible", "Серов", "--department", "Администрация"), "всю организацию")
    refused(appoint("briefing_instructor", "Серов", "--department", "Нет такого"), "Подразделения «Нет такого» нет")
    refused(appoint("osh_responsible", "Серов", date="2027-01-01"), "ещё не наступила")
    refused(appoint("janitor", "Серов"), "Неизвестная обязанность")
    current = js(invoke("-w", demo, "appointments", "--as-of", TODAY, "--json"))
    assert [(a["role"], a["full_name"].split()[0], a["department"]) for a in current] == [
        ("osh_responsible", "Колесникова", None),
        ("briefing_instructor", "Серов", "Отделение спортивной гимнастики")]
    # A later order for the same duty takes over from its date; the earlier one stays in history.
    ok(appoint("osh_responsible", "Ульянова", date="2026-10-01", number="60-ОТ"))
    on_today = js(invoke("-w", demo, "appointments", "--as-of", TODAY, "--json"))
    assert [a["full_name"].split()[0] for a in on_today if a["role"] == "osh_responsible"] == ["Ульянова"]
    earlier = js(invoke("-w", demo, "appointments", "--as-of", "2026-06-01", "--json"))
    assert [a["full_name"].split()[0] for a in earlier if a["role"] == "osh_responsible"] == ["Колесникова"]
    text = ok(invoke("-w", demo, "appointments", "--as-of", TODAY)).output
    assert "лицо, проводящее инструктажи по охране труда" in text and "Отделение спортивной гимнастики" in text


def test_changes_are_audited(invoke, demo):
    from core.app import App
    from core.audit import entries
    from core.plugins import get_plugin_manager

    ok(add(invoke, demo, "--chair", "Ульянова", "--member", "Колесникова", "--member", "Серов"))
    ok(invoke("-w", demo, "appoint", "first_aid_trainer", "Колесникова", "--order-number", "7",
              "--order-date", "2026-02-01", "--today", TODAY))
    app = App(get_plugin_manager(entry_points=False), workspace=str(demo))
    with app.session(write=False) as session:
        actions = [e.action for e in entries(session, app.org(session))]
    assert actions[:2] == ["appointment.add", "commission.add"]
