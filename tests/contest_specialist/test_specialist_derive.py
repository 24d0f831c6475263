"""Facts from the workspace: commissions, appointments, authored documents, and other plugins' records
through the ``person_activity`` and ``injury_indicators`` hooks."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
import yaml

from core.hookspecs import hookimpl

AS_OF = "2026-11-23"


def ok(result):
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def small(invoke, workspace):
    """A workspace with a head, an OSH specialist (since 2018-03-01), two workers and some commissions."""
    ws = workspace
    for name, position, hired, extra in (
        ("Петрова Анна Сергеевна", "Директор", "2015-01-10", ()),
        ("Смирнов Олег Петрович", "Специалист по охране труда", "2018-03-01", ("--role", "specialist")),
        ("Кузнецов Иван Ильич", "Инженер", "2016-01-01", ()),
        ("Орлова Мария Павловна", "Бухгалтер", "2016-05-01", ()),
    ):
        ok(invoke("-w", ws, "people", "add", name, "--position", position, "--hired-on", hired, *extra,
                  "--today", AS_OF))
    ok(invoke("-w", ws, "org", "set", "head=Петрова", "sector=production", "headcount=4", "--today", AS_OF))
    for n, kind in enumerate(("osh_committee", "tools_control", "other", "other", "accidents"), 1):
        ok(invoke("-w", ws, "commission", "add", kind, "--order-number", f"{n}-ОТ", "--order-date", f"2024-0{n}-10",
                  "--chair", "Петрова", "--member", "Смирнов", "--member", "Кузнецов", "--today", AS_OF))
    # A commission ordered after the as-of date does not count yet.
    ok(invoke("-w", ws, "commission", "add", "sout", "--order-number", "9-ОТ", "--order-date", "2026-11-20",
              "--chair", "Петрова", "--member", "Смирнов", "--member", "Орлова", "--today", AS_OF))
    return ws


def facts_of(invoke, ws, as_of=AS_OF):
    """``facts`` output parsed back."""
    return yaml.safe_load(ok(invoke("-w", ws, "contest", "specialist", "facts", "Смирнов", "--as-of", as_of)).output)


def person_id(invoke, ws, surname):
    people = json.loads(ok(invoke("-w", ws, "people", "list", "--json", "--today", AS_OF)).output)
    return next(p["id"] for p in people if p["surname"] == surname)


def test_commissions_and_service_years_from_the_workspace(invoke, small):
    """Seats map to the contest's commission keys; «other» counts per commission; investigation
    commissions give no points for membership; the current post gives the service years."""
    facts = facts_of(invoke, small, "2026-11-19")
    assert facts["commissions"] == ["osh_committee", "tools"]
    assert facts["other_process_commissions"] == 2
    assert "investigations" not in facts
    assert facts["experience_years"] == {"osh_position": 8}  # 2018-03-01 … 2026-11-19: 8 full years
    later = facts_of(invoke, small, "2026-11-23")
    assert later["commissions"] == ["osh_committee", "sout", "tools"]


def test_hook_person_activity(invoke, small, register):
    """Records other plugins publish land in the facts: investigations, projects, programs, commissions;
    one ref counts once and records after the as-of date are ignored."""
    target = person_id(invoke, small, "Смирнов")
    calls = []

    class Activity:
        @hookimpl
        def person_activity(self, ctx, person_id, since, until):
            calls.append((person_id, since, until))
            if person_id != target:
                return []
            day = datetime.date(2025, 3, 1)
            rows = [("investigation.accident", "incident:1"), ("investigation.accident", "incident:1"),
                    ("investigation.accident", "incident:2"), ("investigation.occupational_disease", "incident:3"),
                    ("investigation.emergency", "incident:4"), ("project", "measure:5"), ("practice", "practice:6"),
                    ("program.internship", "program:7"), ("program.safe_methods", "program:8"),
                    ("program.osh_training", "program:9"), ("program.osh_training", "program:10"),
                    ("commission.sout", "sout:1"), ("commission.ppe_incoming_control", "ppe:1"),
                    ("commission.tea_club", "club:1"), ("award.gold", "award:1")]  # unknown: noted, not counted
            acts = [{"kind": k, "title": f"запись {r}", "date": day, "ref": r} for k, r in rows]
            acts.append({"kind": "investigation.accident", "title": "позже", "date": datetime.date(2027, 1, 1),
                         "ref": "incident:99"})
            return acts

    register(Activity())
    facts = facts_of(invoke, small)
    assert calls and all(c[2] == datetime.date(2026, 11, 23) and c[1] <= datetime.date(2018, 3, 1) for c in calls)
    assert facts["investigations"] == {"accidents": 2, "occupational_diseases": 1, "emergencies": 1}
    assert facts["projects_implemented"] == 2
    assert facts["programs_developed"] == {"internship": 1, "safe_methods": 1, "osh_training": 2}
    assert {"sout", "ppe_incoming_control"} <= set(facts["commissions"])
    assert "tea_club" not in facts["commissions"]
    text = ok(invoke("-w", small, "contest", "specialist", "facts", "Смирнов", "--as-of", AS_OF)).output
    assert "«commission.tea_club» (club:1) не сопоставлена" in text and "«award.gold»" in text
    data = json.loads(ok(invoke("-w", small, "contest", "specialist", "score", "Смирнов", "--as-of", AS_OF,
                                "--json")).output)
    items = {i["id"]: i["points"] for i in data["items"]}
    assert items["investigations.accidents"] == 6
    assert items["programs_developed.osh_training"] == 10
    assert items["projects_implemented"] == 10


def test_injury_indicators_give_the_effectiveness_facts(invoke, small, register):
    """Кч and Кт averages of the three years before the as-of year against the loaded reference."""
    asked = []

    class Injuries:
        @hookimpl(tryfirst=True)
        def injury_indicators(self, ctx, year, years):
            asked.append((year, years, ctx.today))
            per_year = [{"year": y, "average_headcount": 100, "injured": 1, "frequency": Decimal(10),
                         "days_lost": 12, "insured_nonfatal": 1, "severity": Decimal(12), "fatal": 0,
                         "occupational_diseases": 0} for y in (2023, 2024, 2025)]
            return {"year": year, "years": years, "per_year": per_year,
                    "average": {"frequency": Decimal("0.27"), "severity": Decimal("11.004")},
                    "reference": {"year": 2025, "okved": "85.41", "frequency": Decimal("0.3"), "days": Decimal(10),
                                  "source": "приказ СФР (тест)"}}

    register(Injuries())
    facts = facts_of(invoke, small)
    assert asked[0][:2] == (2025, 3) and asked[0][2] == datetime.date.fromisoformat(str(AS_OF))
    eff = facts["effectiveness"]
    assert eff["no_occupational_diseases_3y"] is True
    assert eff["frequency_3y"] == pytest.approx(0.27) and eff["frequency_reference"] == pytest.approx(0.3)
    assert eff["days_lost_per_accident_3y"] == pytest.approx(11.00)  # written with two decimals
    data = json.loads(ok(invoke("-w", small, "contest", "specialist", "score", "Смирнов", "--as-of", AS_OF,
                                "--json")).output)
    section = next(s for s in data["sections"] if s["id"] == "effectiveness")
    assert section["points"] == 20 + 10 + 10  # 0.27/0.3 = 0.9 and 11.00/10 = 1.1: both inside the range


def test_no_injury_data_leaves_the_facts_missing(pm):
    """A None from ``injury_indicators`` leaves Кч, Кт and occupational diseases out, with a note."""
    from plugins.contest_specialist.derive import _injuries, _Internal

    out = _Internal()
    fake = SimpleNamespace(hook=SimpleNamespace(injury_indicators=lambda **kw: None))
    _injuries(fake, None, None, datetime.date(2026, 11, 23), out)
    assert out.facts == {}
    assert any("травматизм" in n for n in out.notes)


def test_no_insured_accidents_means_zero_days_lost():
    """No insured accident in three years: days per accident is 0 (edition file, ВЫБОР 7)."""
    from plugins.contest_specialist.derive import _injuries, _Internal

    data = {"per_year": [{"occupational_diseases": 0, "insured_nonfatal": 0} for _ in range(3)],
            "average": {"frequency": Decimal(0), "severity": None}, "reference": None}
    out = _Internal()
    fake = SimpleNamespace(hook=SimpleNamespace(injury_indicators=lambda **kw: data))
    _injuries(fake, None, None, datetime.date(2026, 11, 23), out)
    assert out.facts["effectiveness.days_lost_per_accident_3y"] == 0
    assert out.facts["effectiveness.frequency_3y"] == 0
    assert "effectiveness.days_lost_reference" not in out.facts


def test_authored_documents_map_to_rows(invoke, demo):
    """Documents the person developed (registry authors) become list items and «иные документы», one per kind."""
    for kind in ("suot_regulation", "suot_regulation", "order_briefings", "policy"):
        ok(invoke("-w", demo, "docs", "make", kind, "--author", "Колесникова", "--today", AS_OF))
    facts = yaml.safe_load(ok(invoke("-w", demo, "contest", "specialist", "facts", "Колесникова",
                                     "--as-of", AS_OF)).output)
    assert {"suot_regulation", "briefings"} <= set(facts["suot_documents_developed"])
    assert facts["other_documents_developed"] == 1  # policy; the second version is not a new document
