"""``ohs due --ics FILE`` and ``--xlsx FILE``: the items of ``ohs due --json``, read back by icalendar, openpyxl."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from core.clock import now as clock_now
from core.obligations.due import DueItem
from core.obligations.due_export import item_uids, write_ics, write_xlsx

TODAY = "2026-11-23"
UNTIL = "2027-06-30"


def run(invoke, ws, *args):
    result = invoke("-w", ws, *args)
    assert result.exit_code == 0, result.output
    return result.output


def due_json(invoke, ws):
    return json.loads(run(invoke, ws, "due", "--today", TODAY, "--until", UNTIL, "--json"))["items"]


def add_measure(invoke, ws, measure, deadline):
    run(invoke, ws, "suot", "measure", "add", "--measure", measure, "--deadline", deadline,
        "--responsible", "Архипов А.А.", "--funding", "бюджет учреждения", "--today", TODAY)


@pytest.fixture
def demo_with_deadlines(invoke, demo):
    """The demo school plus a measure due within the reminder week and one due far ahead."""
    add_measure(invoke, demo, "Проверка огнетушителей", "2026-11-26")
    add_measure(invoke, demo, "Замена «матов» & страховочных поясов", "2027-03-15")
    return demo


def read_calendar(path: Path):
    calendar = Calendar.from_ical(path.read_bytes())
    return calendar, list(calendar.walk("VEVENT"))


def test_ics_holds_every_item_with_a_reminder(invoke, demo_with_deadlines, tmp_path):
    items = due_json(invoke, demo_with_deadlines)
    kinds = {(i["overdue"], datetime.date.fromisoformat(i["due"]) <= datetime.date(2026, 11, 30)) for i in items}
    assert {(True, True), (False, True), (False, False)} <= kinds  # overdue, due this week, due later
    target = tmp_path / "сроки.ics"
    before = clock_now().replace(microsecond=0, tzinfo=datetime.UTC)  # the toolkit's clock, fixed in tests
    output = run(invoke, demo_with_deadlines, "due", "--today", TODAY, "--until", UNTIL, "--ics", str(target))
    assert f"Календарь: {target} (событий: {len(items)})" in output
    calendar, events = read_calendar(target)
    assert str(calendar["version"]) == "2.0" and "ohs-toolkit" in str(calendar["prodid"])
    assert len(events) == len(items)
    assert len({str(e["uid"]) for e in events}) == len(events)
    for item, event in zip(items, events, strict=True):
        due = datetime.date.fromisoformat(item["due"])
        assert str(event["summary"]) == item["title"]
        # All-day: DATE values, one day long.
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is datetime.date and start == due and end == due + datetime.timedelta(days=1)
        description = str(event["description"])
        for part in (item["subject"], item["rule"], item["record"]):
            assert part in description
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0]["action"]) == "DISPLAY"
        trigger = alarms[0].decoded("trigger")
        if due - datetime.timedelta(days=7) <= datetime.date.fromisoformat(TODAY):
            # Overdue or due within the week: the reminder fires at once (the export moment).
            assert isinstance(trigger, datetime.datetime)
            assert before <= trigger <= clock_now().replace(tzinfo=datetime.UTC)
        else:
            assert trigger == -datetime.timedelta(days=6, hours=15)  # 09:00 seven days before


def test_ics_reimport_updates_the_same_events(invoke, demo_with_deadlines, tmp_path):
    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    run(invoke, demo_with_deadlines, "due", "--today", TODAY, "--until", UNTIL, "--ics", str(first))
    add_measure(invoke, demo_with_deadlines, "Ремонт ограждения", "2027-01-20")
    run(invoke, demo_with_deadlines, "due", "--today", TODAY, "--until", UNTIL, "--ics", str(second))
    old = {str(e["summary"]): str(e["uid"]) for e in read_calendar(first)[1]}
    new = {str(e["summary"]): str(e["uid"]) for e in read_calendar(second)[1]}
    assert set(new) - set(old) == {"Мероприятие плана по охране труда: Ремонт ограждения"}
    assert {title: new[title] for title in old} == old
    # A later export is a newer version of the same events.
    seq = {str(e["uid"]): int(e["sequence"]) for e in read_calendar(first)[1]}
    assert all(int(e["sequence"]) >= seq.get(str(e["uid"]), 0) for e in read_calendar(second)[1])


def test_uid_names_the_obligation_not_the_record():
    class Org:
        inn, key = "7107000000", "school"

    day = datetime.date(2027, 1, 10)
    repeat = DueItem(day, "Повторный инструктаж", "suot", "Иванов И.И.", "п. 14", "briefing:12", "repeat_briefing",
                     (("person_id", 5),))
    moved = DueItem(day + datetime.timedelta(days=90), "Повторный инструктаж", "suot", "Иванов И.И.", "п. 14",
                    "briefing:40", "repeat_briefing", (("person_id", 5),))
    namesake = DueItem(day, "Повторный инструктаж", "suot", "Иванов И.И.", "п. 14", "briefing:13",
                       "repeat_briefing", (("person_id", 6),))
    (a,), (b,) = item_uids(Org, [repeat]), item_uids(Org, [moved])
    assert a == b  # the next briefing moves the event instead of adding one
    assert len(set(item_uids(Org, [repeat, namesake]))) == 2
    twins = [DueItem(day, "Ознакомить", "documents", "Петров П.П.", "ТК РФ", f"document:{n}", "acknowledgement")
             for n in (1, 2)]
    assert len(set(item_uids(Org, twins))) == 2  # same key otherwise: the record tells them apart

    class OtherOrg:
        inn, key = "7107000001", "school"

    assert item_uids(OtherOrg, [repeat]) != item_uids(Org, [repeat])


def test_xlsx_table_matches_due_json(invoke, demo_with_deadlines, tmp_path):
    items = due_json(invoke, demo_with_deadlines)
    target = tmp_path / "сроки.xlsx"
    output = run(invoke, demo_with_deadlines, "due", "--today", TODAY, "--until", UNTIL, "--xlsx", str(target))
    assert f"Таблица: {target} (строк: {len(items)})" in output
    sheet = load_workbook(target).active
    header = [c.value for c in sheet[1]]
    assert header == ["Срок", "Просрочено", "Что сделать", "Кто / где", "Основание", "Запись", "Источник"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:G{len(items) + 1}"
    assert all((sheet.column_dimensions[col].width or 0) >= 10 for col in "ABCDEFG")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows == [
        (datetime.datetime.fromisoformat(i["due"]), "да" if i["overdue"] else None, i["title"], i["subject"] or None,
         i["rule"] or None, i["record"] or None, i["source"])
        for i in items
    ]
    assert sheet.cell(2, 1).number_format == "DD.MM.YYYY"


def test_both_files_at_once_and_empty_list(invoke, workspace, tmp_path):
    ics, xlsx = tmp_path / "a.ics", tmp_path / "a.xlsx"
    run(invoke, workspace, "due", "--today", TODAY, "--ics", str(ics), "--xlsx", str(xlsx))
    assert read_calendar(ics)[1] == []
    sheet = load_workbook(xlsx).active
    assert sheet.max_row == 1 and sheet.cell(1, 1).value == "Срок"


def test_bad_targets_write_nothing(invoke, demo, tmp_path):
    missing = invoke("-w", demo, "due", "--today", TODAY, "--ics", str(tmp_path / "нет" / "a.ics"))
    assert missing.exit_code == 1 and "Папки" in missing.stderr and "нет" in missing.stderr
    one_bad = invoke("-w", demo, "due", "--today", TODAY, "--ics", str(tmp_path / "a.ics"),
                     "--xlsx", str(tmp_path / "нет" / "a.xlsx"))
    assert one_bad.exit_code == 1 and not (tmp_path / "a.ics").exists()  # nothing written when one target is bad
    same = invoke("-w", demo, "due", "--today", TODAY, "--ics", str(tmp_path / "a"), "--xlsx", str(tmp_path / "a"))
    assert same.exit_code == 1 and "один и тот же файл" in same.stderr
    assert list(tmp_path.iterdir()) == [] or all(p.is_dir() for p in tmp_path.iterdir())


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    class Org:
        inn, key, name, short_name = None, "org", "Организация", ""

    today = datetime.date(2026, 11, 23)
    items = [DueItem(today, "Срок", "suot", "Иванов И.И.", "п. 1", "measure:1", "measure")]
    target = tmp_path / "сроки.xlsx"
    write_xlsx(target, items, today)
    original = target.read_bytes()

    def broken(path, *_args):
        path.write_bytes(b"half")
        raise RuntimeError("disk full")

    monkeypatch.setattr("core.obligations.due_export._write_workbook", broken)
    with pytest.raises(RuntimeError):
        write_xlsx(target, items * 2, today)
    assert target.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["сроки.xlsx"]  # no temporary file left behind
    ics = tmp_path / "сроки.ics"
    write_ics(ics, Org, items, today)
    monkeypatch.setattr("core.obligations.due_export.due_calendar", lambda *a, **k: (_ for _ in ()).throw(ValueError("bad")))
    with pytest.raises(ValueError):
        write_ics(ics, Org, items, today)
    assert len(read_calendar(ics)[1]) == 1
