"""The incident journal through the command line, on the demo school (SQLite and PostgreSQL)."""

from core.context import Context
import json

import pytest
from sqlalchemy import text

from core.storage.db import make_engine
from core.testing import workspace_db_url

TODAY = ("--today", "2026-11-23")
COACH = "Серов Виктор Иванович"
SPECIALIST = "Колесникова Ольга Викторовна"
ACCIDENT = ("--type", "accident", "--on", "2026-10-05", "--time", "17:40", "--place", "Гимнастический зал",
            "--circumstances", "Падение при страховке воспитанника на бревне", "--injury", "ушиб плеча")


def inc(invoke, ws, *args):
    return invoke("-w", ws, "incidents", *args, *TODAY)


def ok_json(invoke, ws, *args):
    result = inc(invoke, ws, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def cases(invoke, ws):
    result = invoke("-w", ws, "incidents", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def engine_of(ws, backend):
    return make_engine(workspace_db_url(ws))


def add_accident(invoke, ws, *extra):
    return ok_json(invoke, ws, "add", *ACCIDENT, "--severity", "light", "--injured", COACH, *extra)


def test_an_accident_is_registered_closed_and_corrected_by_new_entries(invoke, demo):
    case = add_accident(invoke, demo, "--witness-outsider", "Петрова Анна Сергеевна, мать воспитанницы",
                        "--member", SPECIALIST, "--member", "Ульянова",
                        "--measure", "Дополнительный инструктаж по страховке на бревне",
                        "--measure-deadline", "2026-12-15", "--measure-responsible", SPECIALIST,
                        "--measure-funding", "без затрат")
    n = case["id"]
    assert case["status"] == "open" and case["insured"] is True and case["days_lost"] is None
    assert case["injured"][0]["name"] == COACH and case["injured"][0]["outsider"] is False
    assert case["witnesses"] == [{"person_id": None, "outsider": True, "name": "Петрова Анна Сергеевна, мать воспитанницы",
                                  "short_name": "Петрова Анна Сергеевна, мать воспитанницы", "position": None,
                                  "department": None, "birth_date": None}]
    measures = json.loads(invoke("-w", demo, "suot", "measure", "list", "--json", *TODAY).output)
    created = [m for m in measures if m["id"] in case["measures"]]
    assert [(m["source"], m["source_ref"]) for m in created] == [("incident", f"incident:{n}")]

    closed = ok_json(invoke, demo, "close", str(n), "--on", "2026-10-20", "--days", "12", "--act-number", "3",
                     "--act-date", "2026-10-08", "--outcome", "выздоровел")
    assert closed["status"] == "closed" and closed["days_lost"] == 12 and closed["closed_on"] == "2026-10-20"
    fixed = ok_json(invoke, demo, "correct", str(n), "--reason", "продлён листок нетрудоспособности", "--days", "14")
    assert fixed["days_lost"] == 14 and fixed["injured"][0]["days"] == 14
    entries = fixed["entries"]
    assert [e["action"] for e in entries] == ["open", "close", "correct"]
    # The closing points to the opening entry, the correction of the days to the closing entry.
    assert entries[1]["refers"] == entries[0]["seq"] and entries[2]["refers"] == entries[1]["seq"]
    assert entries[2]["reason"] == "продлён листок нетрудоспособности" and entries[2]["fields"] == ["days"]
    assert "days" not in entries[0]["fields"]
    shown = invoke("-w", demo, "incidents", "show", str(n)).output
    assert "исправление (к записи" in shown and "дней нетрудоспособности: 14" in shown
    again = inc(invoke, demo, "close", str(n), "--on", "2026-10-21", "--days", "3")
    assert again.exit_code == 1 and "уже закрыто 20.10.2026" in again.output


def test_an_outsider_is_allowed_but_marked_and_not_insured(invoke, demo):
    case = ok_json(invoke, demo, "add", *ACCIDENT, "--severity", "light",
                   "--injured-outsider", "Сидоров Пётр Ильич, работник подрядной организации")
    assert case["injured"][0]["outsider"] is True and case["injured"][0]["person_id"] is None
    assert case["insured"] is False


BAD_INPUT = [
    (("add", *ACCIDENT[:3], "2026-12-01", *ACCIDENT[4:], "--severity", "light", "--injured", COACH),
     "Дата происшествия 01.12.2026 ещё не наступила"),
    (("add", *ACCIDENT, "--severity", "light", "--injured", "Несуществующий"),
     "если это не работник организации, укажите его как постороннего"),
    (("add", *ACCIDENT, "--severity", "light", "--injured", "Климов"), "не работал(а) в организации 05.10.2026"),
    (("add", *ACCIDENT, "--injured", COACH), "Укажите тяжесть несчастного случая"),
    (("add", "--type", "microtrauma", *ACCIDENT[2:], "--severity", "light", "--injured", COACH),
     "Тяжесть указывается только для несчастного случая"),
    (("add", *ACCIDENT, "--severity", "light", "--insured", "--injured-outsider", "Петров П.П., посетитель"),
     "посторонний не застрахован"),
    (("add", *ACCIDENT, "--severity", "light"), "укажите пострадавшего"),
    (("add", *ACCIDENT, "--severity", "light", "--injured", COACH, "--time", "25:10"), "не в виде ЧЧ:ММ"),
    (("add", *ACCIDENT, "--severity", "light", "--injured", COACH, "--injured", COACH), "указан дважды"),
    (("add", *ACCIDENT, "--severity", "light", "--injured", COACH, "--measure", "Что-то"),
     "Для нового мероприятия укажите всё"),
    (("add", *ACCIDENT, "--severity", "light", "--injured", COACH, "--measure-id", "999"), "Мероприятия №999 нет"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT)
def test_bad_registrations_are_refused_and_write_nothing(invoke, demo, args, message):
    before = cases(invoke, demo)
    result = inc(invoke, demo, *args)
    assert result.exit_code == 1, result.output
    assert message in " ".join(result.output.split())
    assert cases(invoke, demo) == before


BAD_CLOSING = [
    (("correct", "{n}", "--reason", "уточнение", "--days", "5"), "ещё не закрыто"),
    (("close", "{n}", "--on", "2026-10-20", "--days", "-3"), "должно быть целым от 0 до"),
    (("close", "{n}", "--on", "2026-10-20"), "Укажите дни нетрудоспособности каждого пострадавшего (1)"),
    (("close", "{n}", "--on", "2026-10-20", "--days", "3", "--days", "4"), "каждого пострадавшего (1)"),
    (("close", "{n}", "--on", "2026-10-01", "--days", "3"), "раньше даты происшествия 05.10.2026"),
    (("close", "{n}", "--on", "2026-11-30", "--days", "3"), "ещё не наступила"),
    (("correct", "{n}", "--reason", " ", "--place", "Зал"), "Укажите причину исправления"),
    (("correct", "{n}", "--reason", "без изменений"), "ничего не меняет"),
    (("correct", "{n}", "--reason", "вид", "--type", "microtrauma"), "Тяжесть указывается только"),
    (("close", "999", "--on", "2026-10-20", "--days", "3"), "Происшествия № 999 нет"),
]


@pytest.mark.parametrize(("args", "message"), BAD_CLOSING)
def test_bad_closings_and_corrections_are_refused_and_write_nothing(invoke, demo, args, message):
    n = add_accident(invoke, demo)["id"]
    before = cases(invoke, demo)
    result = inc(invoke, demo, *(a.format(n=n) for a in args))
    assert result.exit_code == 1, result.output
    assert message in " ".join(result.output.split())
    assert cases(invoke, demo) == before


def test_a_microtrauma_records_no_days_of_incapacity(invoke, demo):
    case = ok_json(invoke, demo, "add", "--type", "microtrauma", *ACCIDENT[2:], "--injured", COACH)
    assert case["insured"] is None and case["severity"] is None
    refused = inc(invoke, demo, "close", str(case["id"]), "--on", "2026-10-06", "--days", "2")
    assert refused.exit_code == 1 and "дни нетрудоспособности не записываются" in refused.output
    closed = ok_json(invoke, demo, "close", str(case["id"]), "--on", "2026-10-06")
    assert closed["status"] == "closed" and closed["days_lost"] is None


def test_there_is_no_edit_or_delete(invoke, demo):
    for name in ("edit", "delete"):
        assert invoke("-w", demo, "incidents", name, "1").exit_code == 2
    assert "ohs incidents correct" in invoke("incidents", "--help").output


def test_verify_names_a_row_changed_with_sql(invoke, demo, backend):
    n = add_accident(invoke, demo)["id"]
    seq = ok_json(invoke, demo, "close", str(n), "--on", "2026-10-20", "--days", "12")["entries"][0]["seq"]
    ok = invoke("-w", demo, "verify")
    assert ok.exit_code == 0 and "Журнал происшествий (несчастные случаи, микротравмы)" in ok.output
    with engine_of(demo, backend).begin() as conn:
        conn.execute(text("UPDATE suot_incident_entry SET data = replace(data, 'ушиб плеча', 'ссадина') "
                          "WHERE seq = :s"), {"s": seq})
    broken = invoke("-w", demo, "verify")
    assert broken.exit_code == 1
    assert (f"запись № {seq} от 05.10.2026 (происшествие № {n}, регистрация) изменена или удалена вне ohs: "
            "хеш не совпадает") in broken.output
    report = next(r for r in json.loads(invoke("-w", demo, "verify", "--json").output) if r["journal"] == "incidents")
    assert report["ok"] is False and report["broken"] == {"seq": seq, "case": n, "reason": "hash"}


def test_verify_finds_the_newest_row_deleted(invoke, demo, backend):
    """A chain cut at its end is still a chain: the audit log knows the last entry."""
    add_accident(invoke, demo)
    with engine_of(demo, backend).begin() as conn:
        last = conn.execute(text("SELECT max(seq) FROM suot_incident_entry")).scalar()
        conn.execute(text("DELETE FROM suot_incident_entry WHERE seq = :s"), {"s": last})
    broken = invoke("-w", demo, "verify")
    assert broken.exit_code == 1
    assert f"запись № {last} (последняя по журналу аудита" in broken.output


def test_verify_finds_a_deleted_demo_row_at_the_next_entry(invoke, demo, backend):
    with engine_of(demo, backend).begin() as conn:
        conn.execute(text("DELETE FROM suot_incident_entry WHERE seq = 2"))
    broken = invoke("-w", demo, "verify")
    assert broken.exit_code == 1 and "запись № 3 от" in broken.output and "хеш предыдущей записи" in broken.output


def test_stats_links_and_investigations_through_the_plugin_manager(invoke, demo, pm):
    from core.app import App

    case = add_accident(invoke, demo, "--member", SPECIALIST)
    listed = cases(invoke, demo)
    app = App(pm, workspace=str(demo))
    with app.session(write=False) as session:
        org = app.org(session)
        figures = {key: value for batch in pm.hook.stats(ctx=Context.of(session, org, pm)) for key, _l, value in batch}
        described = pm.hook.describe_record(ctx=Context.of(session, org, pm), ref=f"incident:{case['id']}")
        missing = pm.hook.describe_record(ctx=Context.of(session, org, pm), ref="incident:9999")
        import datetime

        activity = [a for batch in pm.hook.person_activity(ctx=Context.of(session, org, pm), person_id=case["commission"][0]["person_id"],
            since=datetime.date(2026, 1, 1), until=datetime.date(2026, 12, 31)) for a in batch]
    assert figures["incidents"] == len(listed)
    for kind in ("accident", "microtrauma", "occupational_disease", "emergency"):
        assert figures[f"incidents.{kind}"] == sum(1 for c in listed if c["type"] == kind)
    assert described == {"ref": f"incident:{case['id']}", "date": datetime.date(2026, 10, 5),
                         "title": "Несчастный случай на производстве (лёгкий) 05.10.2026: Серов В.И."}
    assert missing is None
    mine = [a for a in activity if a["ref"] == f"incident:{case['id']}"]
    assert mine == [{"kind": "investigation.accident", "date": datetime.date(2026, 10, 5), "ref": f"incident:{case['id']}",
                     "title": "Расследование: Несчастный случай на производстве (лёгкий) 05.10.2026: Серов В.И."}]
