"""Every row of Приложение № 3 (order 828), scored at zero, one unit, the cap and above the cap.

The expected points are restated here from the seed text (001_0c3690eef8bed20a.txt), not read
from the edition file, so a typo in the data fails a test.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from plugins.contest_specialist.criteria import load_edition
from plugins.contest_specialist.scoring import ratio_points, row_points, score

D = Decimal
SUOT_DOCS = ["sout", "professional_risks", "medical_exams", "shift_medical_exams", "psychiatric_exams",
             "intoxication_checks", "briefings", "internship", "first_aid_training", "safe_methods_training",
             "osh_training", "ppe", "washing_agents", "buildings", "equipment", "processes", "tools", "materials",
             "contractors", "accidents", "microtraumas", "occupational_diseases", "emergencies", "sanitary",
             "work_rest", "milk", "therapeutic_food", "informing", "document_flow", "suot_control", "contests"]
COMMISSIONS = ["osh_committee", "sout", "professional_risks", "introductory_briefing", "knowledge_check",
               "ppe_incoming_control", "buildings", "equipment", "processes", "tools", "materials", "contractors",
               "microtraumas", "sanitary", "work_rest", "milk", "therapeutic_food", "suot_analysis", "contests"]

#: row id → (unit, points per unit, cap), as the «Расчет баллов» column says.
EXPECTED: dict[str, tuple[str, int, int]] = {
    "education.technosphere_safety": ("flag", 30, 30),
    "education.osh_retraining_256h": ("flag", 10, 10),
    "experience_years.osh_position": ("count", 2, 30),  # 1 год – 2 балла, свыше 15 лет – 30
    "experience_years.osh_head": ("count", 3, 45),
    "experience_years.osh_services_company": ("count", 1, 15),
    "qualification.short_courses": ("count", 1, 5),
    "qualification.attested_trainings": ("count", 2, 10),
    "qualification.international_certificates": ("count", 3, 15),
    "qualification.regional_events_speaker": ("count", 1, 10),
    "qualification.national_events": ("count", 1, 10),
    "qualification.international_events_speaker": ("count", 4, 20),
    "qualification.exhibitions_exhibitor": ("count", 5, 25),
    "qualification.worldskills_expert": ("count", 4, 20),
    "suot_documents_developed.suot_regulation": ("member", 10, 10),
    **{f"suot_documents_developed.{k}": ("member", 5, 5) for k in SUOT_DOCS},
    "programs_developed.internship": ("count", 5, 25),
    "programs_developed.safe_methods": ("count", 5, 25),
    "programs_developed.osh_training": ("count", 5, 25),
    "other_documents_developed": ("count", 5, 10),
    **{f"commissions.{k}": ("member", 5, 5) for k in COMMISSIONS},
    "investigations.accidents": ("count", 3, 30),
    "investigations.occupational_diseases": ("count", 3, 15),
    "investigations.emergencies": ("count", 3, 15),
    "other_process_commissions": ("count", 5, 10),
    "projects_implemented": ("count", 5, 20),
    "effectiveness.no_occupational_diseases_3y": ("flag", 20, 20),
    "effectiveness.no_disciplinary_5y": ("flag", 20, 20),
    "effectiveness.no_administrative_5y": ("flag", 20, 20),
    "recognition.organization_awards": ("count", 1, 5),
    "recognition.regional_awards": ("count", 2, 10),
    "recognition.federal_awards": ("count", 3, 15),
    "recognition.international_awards": ("count", 3, 15),
    "recognition.contest_diplomas": ("count", 3, 15),
    "recognition.federal_councils": ("count", 5, 10),
    "recognition.guillotine_working_groups": ("count", 5, 10),
    "activity.mentoring": ("flag", 10, 10),
    "activity.publications": ("count", 5, 30),
    "activity.memberships": ("count", 10, 30),
    "characteristic.planning": ("score", 1, 5),
    "characteristic.critical_decisions": ("score", 1, 5),
    "characteristic.communication": ("score", 1, 5),
    "characteristic.documents": ("score", 1, 5),
    "characteristic.commitment": ("score", 1, 5),
    "characteristic.knowledge": ("score", 2, 10),
    "characteristic.innovation": ("score", 1, 5),
    "characteristic.effectiveness": ("score", 2, 10),
}
SPECIAL = {"education.level", "effectiveness.days_lost", "effectiveness.frequency"}


def _facts_for(row_id: str, value):
    """Facts giving one row a value (a list row: marked or not)."""
    edition = load_edition()
    row = edition.row(row_id)
    if row.unit == "member":
        return {row.fact: frozenset([row.item]) if value else frozenset()}
    return {row.id: value}


def test_every_row_of_the_form_is_in_the_table():
    """97 rows: every row of the edition is restated here, and nothing else."""
    ids = {r.id for r in load_edition().rows}
    assert ids == set(EXPECTED) | SPECIAL
    assert len(ids) == 97


@pytest.mark.parametrize("row_id", sorted(EXPECTED))
def test_row_zero_one_cap_above(row_id):
    """Zero units give 0, one unit its points, the cap's units the cap, more units still the cap."""
    edition = load_edition()
    row = edition.row(row_id)
    unit, per, cap = EXPECTED[row_id]
    assert row.cap == cap
    points = lambda v: row_points(row, _facts_for(row_id, v), edition)  # noqa: E731
    assert row_points(row, {}, edition) == 0
    if unit in ("flag", "member"):
        assert points(False) == 0
        assert points(True) == per == cap
    elif unit == "count":
        assert points(0) == 0
        assert points(1) == per
        assert points(cap // per) == cap
        assert points(cap // per + 1) == cap
        assert points(1000) == cap
    else:  # score 1..5
        assert points(1) == per
        assert points(5) == cap


def test_education_level_choices():
    """Высшее – 20, среднее профессиональное – 10, none – 0."""
    edition = load_edition()
    row = edition.row("education.level")
    assert [row_points(row, {"education.level": v}, edition) for v in ("none", "secondary_vocational", "higher")] \
        == [0, 10, 20]


@pytest.mark.parametrize(("value", "reference", "points"), [
    ("0", "10", 20),
    ("8.99", "10", 20),       # below 0.9
    ("9", "10", 10),          # 0.9 exactly: inside the range
    ("9.00", "10.0", 10),
    ("10", "10", 10),
    ("11", "10", 10),         # 1.1 exactly: inside the range (the edition's choice)
    ("11.01", "10", 0),       # above 1.1
    ("30", "10", 0),
    ("0.27", "0.3", 10),      # 0.9 × 0.3 = 0.27, decimal, no float drift
    ("0.33", "0.3", 10),      # 1.1 × 0.3 = 0.33
    ("0.3301", "0.3", 0),
    ("0.2699", "0.3", 20),
])
def test_ratio_rule_boundaries(value, reference, points):
    """0.9 ≤ ratio ≤ 1.1 → 10, below → 20, above → 0; compared as written (decimal)."""
    edition = load_edition()
    assert ratio_points(edition, D(value), D(reference)) == points
    for row_id, fact, ref in (("effectiveness.days_lost", "effectiveness.days_lost_per_accident_3y",
                               "effectiveness.days_lost_reference"),
                              ("effectiveness.frequency", "effectiveness.frequency_3y", "effectiveness.frequency_reference")):
        row = edition.row(row_id)
        assert row_points(row, {fact: D(value), ref: D(reference)}, edition) == points
        assert row_points(row, {fact: D(value)}, edition) == 0  # no reference: not scored


def test_section_maxima_as_in_the_headings():
    """Section maxima are the headings' «до N баллов»; the total maximum is their sum, 990."""
    edition = load_edition()
    assert {s.id: int(s.max) for s in edition.sections} == {
        "education": 60, "experience": 90, "qualification": 110, "suot_documents": 250, "suot_operation": 180,
        "effectiveness": 100, "recognition": 80, "activity": 70, "characteristic": 50}
    assert edition.max_total == 990


def _full_facts() -> dict:
    """Every row at its cap."""
    edition = load_edition()
    facts: dict = {}
    for row in edition.rows:
        if row.unit == "member":
            facts[row.fact] = frozenset([*facts.get(row.fact, ()), row.item])
        elif row.unit == "choice":
            facts[row.id] = "higher"
        elif row.unit == "flag":
            facts[row.id] = True
        elif row.unit == "score":
            facts[row.id] = 5
        elif row.unit == "ratio":
            facts[row.fact], facts[row.reference] = D(1), D(10)
        else:
            facts[row.id] = 1000
    return facts


def test_sections_over_their_heading_are_capped():
    """Qualification rows add up to 115 and commission rows to 185: the sections stop at 110 and 180."""
    result = score(load_edition(), _full_facts())
    by_id = {s.id: s for s in result.sections}
    assert by_id["qualification"].raw == 115 and by_id["qualification"].points == 110
    assert by_id["suot_operation"].raw == 185 and by_id["suot_operation"].points == 180
    assert all(s.points == s.raw for s in result.sections if s.id not in ("qualification", "suot_operation"))
    assert result.total == 990
    assert result.lost == []


def test_missing_rows_sorted_by_points_at_stake():
    """With no facts every row is lost for missing information, the biggest stakes first."""
    result = score(load_edition(), {})
    assert result.total == 0
    stakes = [m.points for m in result.lost]
    assert stakes == sorted(stakes, reverse=True)
    assert stakes[0] == 45 and result.lost[0].row.id == "experience_years.osh_head"
    assert len(result.lost) == 97
    assert {m.reason for m in result.lost} == {"сведения не представлены"}


def test_stake_limited_by_section_room():
    """A missing row in a full section gains nothing: its stake is the section's remaining room."""
    facts = _full_facts()
    del facts["qualification.short_courses"]  # qualification still 110 of 110
    result = score(load_edition(), facts)
    lost = {m.row.id: m for m in result.lost}
    assert lost["qualification.short_courses"].points == 0
    assert result.total == 990
