"""The portfolio: add with evidence stored by sha256, retract as a new record, windows relative to --as-of."""

from __future__ import annotations

import datetime
import hashlib
import json

import pytest
import yaml

from plugins.contest_specialist.portfolio_facts import full_years

AS_OF = "2026-11-23"


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def refused(result, *texts):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for text in texts:
        assert text in result.output, (text, result.output)


@pytest.fixture
def ws(invoke, workspace):
    """A workspace with one OSH specialist and the head."""
    ok(invoke("-w", workspace, "people", "add", "Петрова Анна Сергеевна", "--position", "Директор",
              "--hired-on", "2015-01-10", "--today", AS_OF))
    ok(invoke("-w", workspace, "people", "add", "Смирнов Олег Петрович", "--position", "Специалист по охране труда",
              "--hired-on", "2024-03-01", "--role", "specialist", "--today", AS_OF))
    ok(invoke("-w", workspace, "org", "set", "head=Петрова", "sector=education", "--today", AS_OF))
    return workspace


@pytest.fixture
def scan(tmp_path):
    """A file standing for a scanned document."""
    path = tmp_path / "скан.pdf"
    path.write_bytes(b"%PDF-1.4 scan of a certificate\n")
    return path


def add(invoke, ws, kind, *args, evidence=None):
    extra = ("--evidence", evidence) if evidence else ()
    return invoke("-w", ws, "contest", "specialist", "portfolio", "add", kind, "Смирнов", *args, *extra,
                  "--today", AS_OF, "--json")


def facts(invoke, ws, as_of=AS_OF):
    return yaml.safe_load(ok(invoke("-w", ws, "contest", "specialist", "facts", "Смирнов", "--as-of", as_of)).output)


def items(invoke, ws, *extra):
    return json.loads(ok(invoke("-w", ws, "contest", "specialist", "portfolio", "list", "Смирнов", "--json",
                                *extra)).output)


def test_evidence_file_stored_by_sha256(invoke, ws, scan):
    """The file is copied to files/<sha[:2]>/<sha>; the list names it."""
    item = json.loads(ok(add(invoke, ws, "certificate", "--type", "short_course", "--on", "2025-02-01",
                             "--title", "Семинар", evidence=scan)).output)
    sha = hashlib.sha256(scan.read_bytes()).hexdigest()
    assert (ws / "files" / sha[:2] / sha).read_bytes() == scan.read_bytes()
    listed = items(invoke, ws)
    assert listed[0]["id"] == item["id"]
    assert listed[0]["evidence"] == [{"sha256": sha, "filename": "скан.pdf"}]


def test_item_without_evidence_loses_points_until_a_file_is_attached(invoke, ws, scan):
    """No file: the fact is left out and the score names the item; attaching the file (a new row) counts it."""
    item = json.loads(ok(add(invoke, ws, "publication", "--on", "2025-05-01", "--title", "Статья")).output)
    assert "activity" not in facts(invoke, ws)
    data = json.loads(ok(invoke("-w", ws, "contest", "specialist", "score", "Смирнов", "--as-of", AS_OF,
                                "--json")).output)
    lost = next(m for m in data["missing"] if m["id"] == "activity.publications")
    assert lost["reason"] == "нет подтверждающего документа" and lost["points"] == 5
    assert f"№{item['id']}" in lost["detail"]
    ok(invoke("-w", ws, "contest", "specialist", "portfolio", "evidence", item["id"], scan, "--today", AS_OF))
    assert facts(invoke, ws)["activity"] == {"publications": 1}


def test_retraction_is_a_new_record(invoke, ws, scan):
    """A retracted item stops counting, stays in the history with its reason, and cannot be retracted twice."""
    item = json.loads(ok(add(invoke, ws, "award", "--level", "regional", "--on", "2025-01-10", "--title", "Грамота",
                             evidence=scan)).output)
    assert facts(invoke, ws)["recognition"] == {"regional_awards": 1}
    ok(invoke("-w", ws, "contest", "specialist", "portfolio", "remove", item["id"], "--reason", "ошибка в дате",
              "--today", AS_OF))
    assert "recognition" not in facts(invoke, ws)
    assert items(invoke, ws) == []
    history = items(invoke, ws, "--all")
    assert history[0]["retracted"].endswith("ошибка в дате")
    refused(invoke("-w", ws, "contest", "specialist", "portfolio", "remove", item["id"], "--reason", "ещё раз"),
            "уже отозвана")


@pytest.mark.parametrize(("args", "message"), [
    (("characteristic", "--type", "planning", "--score", "6", "--on", "2026-11-01"), "вне шкалы"),
    (("event", "--level", "regional", "--format", "conference", "--on", "2026-01-01"), "--role"),
    (("award", "--level", "regional", "--hours", "10", "--on", "2026-01-01"), "--hours"),
    (("award", "--level", "galactic", "--on", "2026-01-01"), "--level"),
    (("certificate", "--type", "short_course", "--on", "2027-01-01"), "ещё не наступила"),
    (("project", "--description", "д" * 501, "--on", "2026-01-01"), "до 500"),
    (("employment", "--type", "osh_head", "--on", "2020-01-01", "--to", "2019-01-01"), "раньше начала"),
    (("education", "--type", "secondary_vocational", "--technosphere", "--on", "2010-01-01"), "высшего образования"),
    (("retraining", "--on", "2010-01-01"), "--hours"),
])
def test_bad_items_are_refused_and_nothing_written(invoke, ws, args, message):
    """Each kind takes its own fields; a refusal names what is wrong and writes nothing."""
    refused(add(invoke, ws, *args), message)
    assert items(invoke, ws, "--all") == []


def test_windows_relative_to_as_of(invoke, ws, scan):
    """«5 лет» includes the day five years back; attested certificates must be valid on the date;
    councils and memberships count while active; the characteristic takes the latest mark."""
    five = "2021-11-23"
    for args in (
        ("certificate", "--type", "short_course", "--on", five),
        ("certificate", "--type", "short_course", "--on", "2021-11-22"),       # one day too old
        ("certificate", "--type", "attested", "--on", "2024-01-01", "--valid-until", AS_OF),
        ("certificate", "--type", "attested", "--on", "2023-01-01", "--valid-until", "2026-11-22"),  # expired
        ("certificate", "--type", "international", "--on", "2024-01-01"),
        ("council", "--type", "guillotine", "--on", "2020-01-01"),
        ("council", "--type", "federal_council", "--on", "2020-01-01", "--to", "2025-12-31"),  # ended
        ("membership", "--on", "2019-01-01"),
        ("award", "--level", "federal", "--on", "2020-06-01"),  # older than 5 years
        ("event", "--level", "regional", "--format", "conference", "--role", "speaker", "--by-authority",
         "--on", "2024-04-01"),
        ("event", "--level", "regional", "--format", "conference", "--role", "speaker", "--on", "2024-05-01"),
        ("event", "--level", "national", "--format", "webinar", "--role", "participant", "--on", "2025-05-01"),
        ("event", "--level", "international", "--format", "exhibition", "--role", "exhibitor", "--on", "2025-06-01"),
        ("characteristic", "--type", "planning", "--score", "3", "--on", "2026-01-01"),
        ("characteristic", "--type", "planning", "--score", "5", "--on", "2026-10-01"),
    ):
        ok(add(invoke, ws, *args, evidence=scan))
    got = facts(invoke, ws)
    assert got["qualification"] == {"short_courses": 1, "attested_trainings": 1, "international_certificates": 1,
                                    "regional_events_speaker": 1, "exhibitions_exhibitor": 1}
    assert got["recognition"] == {"guillotine_working_groups": 1}
    assert got["activity"] == {"memberships": 1}
    assert got["characteristic"] == {"planning": 5}
    # Two years earlier the 2021 course was inside the window, the expired certificate valid, the award recent.
    earlier = facts(invoke, ws, "2024-11-23")
    assert earlier["qualification"]["short_courses"] == 2
    assert earlier["qualification"]["attested_trainings"] == 2
    assert earlier["recognition"] == {"federal_awards": 1, "federal_councils": 1, "guillotine_working_groups": 1}
    assert "characteristic" not in earlier  # marked later than that date
    assert facts(invoke, ws, "2026-06-01")["characteristic"] == {"planning": 3}


def test_education_and_service_from_the_portfolio(invoke, ws, scan):
    """Diplomas give the level and «Техносферная безопасность»; 256 h retraining counts; service years merge."""
    for args in (
        ("education", "--type", "secondary_vocational", "--on", "2005-06-30"),
        ("education", "--type", "higher", "--technosphere", "--on", "2010-06-30"),
        ("retraining", "--hours", "255", "--on", "2012-01-01"),
        ("employment", "--type", "osh_services", "--on", "2010-01-01", "--to", "2014-12-31"),
        ("employment", "--type", "osh_position", "--on", "2015-01-01", "--to", "2024-02-29"),
    ):
        ok(add(invoke, ws, *args, evidence=scan))
    got = facts(invoke, ws)
    assert got["education"] == {"level": "higher", "technosphere_safety": True}
    # 2015-01-01…2024-02-29 (9 years 2 months) then the current post from 2024-03-01 (2 years 8 months).
    assert got["experience_years"] == {"osh_position": 11, "osh_services_company": 5}
    ok(add(invoke, ws, "retraining", "--hours", "256", "--on", "2013-01-01", evidence=scan))
    assert facts(invoke, ws)["education"]["osh_retraining_256h"] is True


@pytest.mark.parametrize(("periods", "years"), [
    ([("2010-01-01", "2014-12-31")], 5),
    ([("2010-01-01", "2014-12-29")], 4),  # 4 years 11 months 29 days
    ([("2010-01-01", "2014-12-30")], 5),  # 4 years 11 months 30 days: 30 days make a month
    ([("2010-01-01", "2012-12-31"), ("2012-01-01", "2015-12-31")], 6),  # overlap counted once
    ([("2020-01-01", "2020-06-30"), ("2021-01-01", "2021-06-30")], 1),  # 6 + 6 months
    ([("2020-01-01", "2020-06-29"), ("2021-01-01", "2021-06-30")], 0),  # 11 months 29 days
    ([("2016-02-29", "2017-02-28")], 1),
    ([], 0),
])
def test_full_years_of_service(periods, years):
    """Full years: periods merged, end day inclusive, 30 days to a month and 12 months to a year."""
    iso = datetime.date.fromisoformat
    assert full_years([(iso(a), iso(b)) for a, b in periods]) == years
