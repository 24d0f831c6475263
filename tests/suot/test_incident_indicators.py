"""Injury indicators: the demo's Кч and Кт recomputed by hand from the records, the hook, bad input, reference values."""

from core.context import Context
import calendar
import datetime
import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from plugins.suot.incidents.indicators import headcount

TODAY = ("--today", "2026-11-23")
AS_OF = datetime.date(2026, 11, 23)


def cli_json(invoke, ws, *args):
    result = invoke("-w", ws, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def by_hand_headcount(people, year, today):
    """Day by day, month by month, as Rosstat counts: employed that day (the dismissal day included)."""
    months = []
    last_month = 12 if today >= datetime.date(year, 12, 31) else today.month
    for month in range(1, last_month + 1):
        days = calendar.monthrange(year, month)[1]
        if (year, month) == (today.year, today.month):
            days = today.day
        total = 0
        for day in range(1, days + 1):
            d = datetime.date(year, month, day)
            total += sum(1 for p in people if datetime.date.fromisoformat(p["hired_on"]) <= d
                         and (p["dismissed_on"] is None or datetime.date.fromisoformat(p["dismissed_on"]) >= d))
        months.append(Fraction(total, days))
    return sum(months) / len(months)


def cents(value):
    return Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else value


def r2(value):
    return cents(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_demo_indicators_are_recomputed_by_hand_from_the_records(invoke, demo):
    people = cli_json(invoke, demo, "people", "list", "--all")
    cases = cli_json(invoke, demo, "incidents", "list")
    data = cli_json(invoke, demo, "incidents", "indicators", "--year", "2026", *TODAY)
    assert [r["year"] for r in data["per_year"]] == [2024, 2025, 2026]
    expected_frequency, expected_severity = [], []
    for row in data["per_year"]:
        year = row["year"]
        average = r2(by_hand_headcount(people, year, AS_OF))
        assert Decimal(row["average_headcount"]) == average
        accidents = [c for c in cases if c["type"] == "accident" and c["occurred_on"].startswith(str(year))]
        injured = [(c["ref"], p["person_id"]) for c in accidents for p in c["injured"] if not p["outsider"]]
        assert sorted((r["ref"], r["person_id"]) for r in row["injured_records"]) == sorted(injured)
        frequency = r2(Decimal(len(injured)) * 1000 / average)
        assert Decimal(row["frequency"]) == frequency
        insured = [(c["ref"], p["days"]) for c in accidents if c["insured"] and c["severity"] != "fatal"
                   and c["status"] == "closed" for p in c["injured"]]
        assert sorted((r["ref"], r["days"]) for r in row["insured_nonfatal_records"]) == sorted(insured)
        assert row["days_lost"] == sum(d for _r, d in insured)
        severity = r2(Decimal(sum(d for _r, d in insured)) / len(insured)) if insured else None
        assert (Decimal(row["severity"]) if row["severity"] else None) == severity
        expected_frequency.append(frequency)
        if severity is not None:
            expected_severity.append(severity)
    # The demo has a closed light insured accident with days lost in 2026, corrected after closing.
    current = data["per_year"][-1]
    assert current["injured"] >= 1 and current["insured_nonfatal"] >= 1 and current["severity"] is not None
    assert current["period"] == {"from": "2026-01-01", "to": "2026-11-23", "months": 11}
    assert Decimal(data["average"]["frequency"]) == r2(sum(expected_frequency) / len(expected_frequency))
    assert Decimal(data["average"]["severity"]) == r2(sum(expected_severity) / len(expected_severity))


def test_hook_injury_indicators(invoke, demo, pm):
    """The contest plugin's view: the hook's exact shape, Decimals, and the same figures as the command."""
    from core.app import App

    assert cli_json(invoke, demo, "incidents", "reference", "set", "--year", "2025", "--okved", "85.41",
                    "--frequency", "0,9", "--days", "35.5", "--source", "Приказ СФР (пример для теста)")["days"] == "35.5"
    app = App(pm, workspace=str(demo))
    with app.session(write=False) as session:
        result = pm.hook.injury_indicators(ctx=Context.of(session, app.org(session), pm, today=datetime.date(2026, 11, 23)),
                                           year=2025, years=3)
    assert set(result) == {"year", "years", "per_year", "average", "reference"}
    assert (result["year"], result["years"]) == (2025, 3)
    assert [r["year"] for r in result["per_year"]] == [2023, 2024, 2025]
    for row in result["per_year"]:
        assert set(row) == {"year", "average_headcount", "injured", "frequency", "days_lost", "insured_nonfatal",
                            "severity", "fatal", "occupational_diseases"}
        assert isinstance(row["average_headcount"], Decimal) and isinstance(row["frequency"], Decimal)
        assert row["severity"] is None or isinstance(row["severity"], Decimal)
    assert set(result["average"]) == {"frequency", "severity"}
    assert result["reference"] == {"year": 2025, "okved": "85.41", "frequency": Decimal("0.9"), "days": Decimal("35.5"),
                                   "source": "Приказ СФР (пример для теста)"}
    # 2025 is over whatever today is, so the command without --today gives the same figures.
    command = cli_json(invoke, demo, "incidents", "indicators", "--year", "2025")
    for hook_row, cli_row in zip(result["per_year"], command["per_year"], strict=True):
        assert str(hook_row["average_headcount"]) == cli_row["average_headcount"]
        assert str(hook_row["frequency"]) == cli_row["frequency"]
        assert (hook_row["injured"], hook_row["days_lost"]) == (cli_row["injured"], cli_row["days_lost"])
    assert command["comparison"]["frequency"] in ("ниже", "выше", "равен")


EMPLOYED_ALL_YEAR = (datetime.date(2020, 1, 1), None)
HEADCOUNT_CASES = [
    ([EMPLOYED_ALL_YEAR], 2025, datetime.date(2026, 5, 1), Fraction(1)),
    ([EMPLOYED_ALL_YEAR, (datetime.date(2025, 1, 16), None)], 2025, datetime.date(2026, 5, 1),
     1 + (Fraction(16, 31) + 11) / 12),
    ([(datetime.date(2020, 1, 1), datetime.date(2025, 6, 30))], 2025, datetime.date(2026, 5, 1), Fraction(6, 12)),
    ([(datetime.date(2020, 1, 1), datetime.date(2025, 1, 1))], 2025, datetime.date(2026, 5, 1), Fraction(1, 31 * 12)),
    ([EMPLOYED_ALL_YEAR, (datetime.date(2026, 3, 1), None)], 2026, datetime.date(2026, 3, 15), 1 + Fraction(1, 3)),
    ([(datetime.date(2027, 1, 1), None)], 2026, datetime.date(2026, 12, 31), Fraction(0)),
]


@pytest.mark.parametrize(("employment", "year", "today", "expected"), HEADCOUNT_CASES)
def test_average_headcount_by_month(employment, year, today, expected):
    result = headcount(employment, year, today)
    # Decimal division keeps 28 significant digits; the difference from the exact fraction is far below a cent.
    assert abs(result.exact - cents(expected)) < Decimal("1e-20")


def test_a_year_with_no_headcount_is_an_explicit_error(invoke, workspace):
    result = invoke("-w", workspace, "incidents", "indicators", "--year", "2026", *TODAY)
    assert result.exit_code == 1
    assert "За 2026 год в списке работников нет ни одного работавшего человека" in result.output
    future = invoke("-w", workspace, "incidents", "indicators", "--year", "2027", *TODAY)
    assert future.exit_code == 1 and "2027 год ещё не начался" in future.output


def test_kt_is_not_defined_without_insured_nonfatal_accidents(invoke, workspace):
    added = invoke("-w", workspace, "people", "add", "Петров Пётр", "--position", "Тренер", "--hired-on",
                   "2020-01-01", *TODAY)
    assert added.exit_code == 0, added.output
    result = invoke("-w", workspace, "incidents", "add", "--type", "accident", "--on", "2026-02-02", "--place",
                    "Зал", "--circumstances", "Падение", "--severity", "fatal", "--injured", "Петров", *TODAY)
    assert result.exit_code == 0, result.output
    row = cli_json(invoke, workspace, "incidents", "indicators", "--year", "2026", "--years", "1", *TODAY)["per_year"][0]
    assert row["injured"] == 1 and row["fatal"] == 1 and row["frequency"] == "1000.00"
    assert row["severity"] is None and "Кт не определён" in row["severity_note"]


REFERENCE_ERRORS = [
    (("--okved", "8541"), "Код ОКВЭД"),
    (("--frequency", "-1"), "не неотрицательное число"),
    (("--days", "много"), "не неотрицательное число"),
    (("--source", " "), "Укажите акт"),
    (("--year", "1990"), "вне допустимого диапазона"),
]


@pytest.mark.parametrize(("change", "message"), REFERENCE_ERRORS)
def test_bad_reference_values_are_refused(invoke, workspace, change, message):
    values = {"--year": "2026", "--okved": "85.41", "--frequency": "0.5", "--days": "30", "--source": "Приказ СФР"}
    values.update(dict([change]))
    result = invoke("-w", workspace, "incidents", "reference", "set", *[x for kv in values.items() for x in kv])
    assert result.exit_code == 1 and message in result.output
    assert cli_json(invoke, workspace, "incidents", "reference", "list") == []


def test_the_reference_of_the_group_above_the_code_is_used_and_said(invoke, demo):
    cli_json(invoke, demo, "incidents", "reference", "set", "--year", "2025", "--okved", "85.4", "--frequency", "0.4",
             "--days", "20", "--source", "Приказ СФР (пример)")
    assert cli_json(invoke, demo, "incidents", "reference", "list") == [
        {"year": 2025, "okved": "85.4", "frequency": "0.4", "days": "20", "source": "Приказ СФР (пример)"}]
    data = cli_json(invoke, demo, "incidents", "indicators", "--year", "2026", *TODAY)
    assert data["reference"]["okved"] == "85.4" and data["reference"]["year"] == 2025
    assert "группы 85.4" in data["reference_note"] and "2025 года" in data["reference_note"]
    current = Decimal(data["per_year"][-1]["frequency"])
    assert data["comparison"]["frequency"] == ("выше" if current > Decimal("0.4") else "ниже")
    text_out = invoke("-w", demo, "incidents", "indicators", "--year", "2026", *TODAY).output
    assert "Значения СФР (85.4, 2025): b стр 0.4, c стр 20" in text_out
