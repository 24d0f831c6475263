"""The quarterly report in ``ohs due``: from the quarter's start, overdue after the deadline until submitted."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from bp_helpers import add_practice, jrun, refused, run, setup_org
from hypothesis import given
from hypothesis import strategies as st

from plugins.best_practices.settings import Quarter, Settings, load_settings


def report_items(invoke, ws, today, *extra):
    items = jrun(invoke, ws, "due", "--today", today, *extra)["items"]
    return [i for i in items if i["source"] == "best_practices"]


def settings(ws, text):
    with open(Path(ws) / "ohs.toml", "a", encoding="utf-8") as fh:
        fh.write("\n[best_practices]\n" + text + "\n")


def test_done_when_demo_report_is_due_until_submitted(invoke, demo):
    items = report_items(invoke, demo, "2026-12-10")
    assert [(i["due"], i["record"], i["overdue"]) for i in items] == [("2026-12-25", "report:2026-Q4", False)]
    assert "IV квартал 2026" in items[0]["title"] and "25 числа" in items[0]["rule"]
    # The demo's history: every earlier quarter sent, one of them twice with a reason; the chain is intact.
    history = jrun(invoke, demo, "practice", "submissions")
    assert [(h["year"], h["quarter"]) for h in history if h["version"] == 1] == [
        (2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3)]
    assert [h["reason"] for h in history if h["version"] == 2] == [
        "по запросу администрации уточнён эффект поведенческого аудита"]
    assert "Отчёты о передовом опыте (отправки): 6 записей, цепочка цела" in run(invoke, demo, "verify")
    proposals = jrun(invoke, demo, "practice", "proposal", "list")
    assert sorted(p["status"] for p in proposals) == ["accepted", "new", "rejected"]
    run(invoke, demo, "practice", "submit", "--year", "2026", "--quarter", "4", "--on", "2026-12-20",
        "--today", "2026-12-20")
    assert report_items(invoke, demo, "2026-12-10") == []
    assert report_items(invoke, demo, "2026-12-26") == []


@pytest.mark.parametrize(("day", "month", "quarter", "expected"), [
    (25, 3, Quarter(2026, 4), datetime.date(2026, 12, 25)),
    (5, 4, Quarter(2026, 4), datetime.date(2027, 1, 5)),
    (31, 2, Quarter(2026, 1), datetime.date(2026, 2, 28)),
    (10, 1, Quarter(2026, 2), datetime.date(2026, 4, 10)),
    (20, 3, Quarter(2028, 1), datetime.date(2028, 3, 20)),
])
def test_deadline_follows_the_district_setting(day, month, quarter, expected):
    assert Settings(deadline_day=day, deadline_month=month).deadline(quarter) == expected


@given(st.integers(2000, 2099), st.integers(1, 4), st.integers(1, 31), st.integers(1, 4))
def test_deadline_falls_in_the_chosen_month(year, number, day, month):
    quarter = Quarter(year, number)
    deadline = Settings(deadline_day=day, deadline_month=month).deadline(quarter)
    assert deadline >= quarter.start
    assert (deadline.year * 12 + deadline.month) - (quarter.start.year * 12 + quarter.start.month) == month - 1
    assert deadline.day == day or deadline.day < day and (deadline + datetime.timedelta(days=1)).day == 1


@pytest.mark.parametrize(("text", "key"), [
    ("deadline_day = 0", "deadline_day"), ("deadline_month = 5", "deadline_month"),
    ('empty_quarter_report = "да"', "empty_quarter_report"), ("addressee = 5", "addressee"),
])
def test_wrong_setting_is_named(text, key):
    import tomllib

    from core.errors import OhsError

    with pytest.raises(OhsError, match=key):
        load_settings(tomllib.loads(text))


def test_required_report_from_the_quarter_start_and_overdue_after_the_deadline(invoke, workspace):
    setup_org(invoke, workspace)
    settings(workspace, "required = true\ndeadline_day = 5\ndeadline_month = 4")
    # The report is due in the month after the quarter: on 30 September the II quarter's report (due
    # 5 July, inside III) is overdue and III is coming; IV appears from 1 October, not before.
    items = report_items(invoke, workspace, "2026-09-30", "--until", "2027-02-01")
    assert [(i["record"], i["due"], i["overdue"]) for i in items] == [
        ("report:2026-Q2", "2026-07-05", True), ("report:2026-Q3", "2026-10-05", False)]
    items = report_items(invoke, workspace, "2026-10-01", "--until", "2027-02-01")
    assert [(i["record"], i["due"]) for i in items] == [("report:2026-Q3", "2026-10-05"), ("report:2026-Q4", "2027-01-05")]
    overdue = report_items(invoke, workspace, "2027-01-06")
    # The I quarter of 2027 has begun, so its report is listed too (from its first day).
    assert [(i["record"], i["overdue"]) for i in overdue] == [("report:2026-Q4", True), ("report:2027-Q1", False)]
    run(invoke, workspace, "practice", "submit", "--year", "2026", "--quarter", "4", "--on", "2027-01-06",
        "--today", "2027-01-06")
    assert [i["record"] for i in report_items(invoke, workspace, "2027-01-06")] == ["report:2027-Q1"]


def test_report_shows_from_the_quarter_start_with_the_default_until(invoke, workspace):
    """On 1 October the IV quarter's report (due 25 December) is listed although --until defaults to +30 days."""
    setup_org(invoke, workspace)
    settings(workspace, "required = true")
    items = report_items(invoke, workspace, "2026-10-01")
    assert [(i["record"], i["due"], i["show_from"]) for i in items] == [("report:2026-Q4", "2026-12-25", "2026-10-01")]
    assert "report:2026-Q4" not in [i["record"] for i in report_items(invoke, workspace, "2026-09-30")]


def test_not_required_without_setting_or_history(invoke, workspace):
    setup_org(invoke, workspace)
    add_practice(invoke, workspace, "Лонжи", "2026-10-20")
    assert report_items(invoke, workspace, "2026-12-10") == []


def test_required_false_turns_it_off_even_with_history(invoke, workspace):
    setup_org(invoke, workspace)
    run(invoke, workspace, "practice", "submit", "--year", "2026", "--quarter", "3", "--on", "2026-09-20",
        "--today", "2026-09-20")
    assert [i["record"] for i in report_items(invoke, workspace, "2026-12-10")] == ["report:2026-Q4"]
    settings(workspace, "required = false")
    assert report_items(invoke, workspace, "2026-12-10") == []


def test_empty_quarter_needs_no_report_when_the_district_says_so(invoke, workspace):
    setup_org(invoke, workspace)
    settings(workspace, "required = true\nempty_quarter_report = false")
    assert report_items(invoke, workspace, "2026-12-10") == []
    add_practice(invoke, workspace, "Лонжи", "2026-10-20", today="2026-12-10")
    assert [i["record"] for i in report_items(invoke, workspace, "2026-12-10")] == ["report:2026-Q4"]


def test_bad_setting_stops_due_with_the_key_named(invoke, workspace):
    settings(workspace, "deadline_day = 40")
    assert "deadline_day" in refused(invoke, workspace, "due", "--today", "2026-12-10")


def test_since_setting_counts_earlier_quarters(invoke, workspace):
    setup_org(invoke, workspace)
    settings(workspace, "required = true\nsince = 2026-04-01")
    items = report_items(invoke, workspace, "2026-12-10")
    assert [(i["record"], i["overdue"]) for i in items] == [
        ("report:2026-Q2", True), ("report:2026-Q3", True), ("report:2026-Q4", False)]
