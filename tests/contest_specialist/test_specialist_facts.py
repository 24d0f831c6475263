"""The facts YAML interface: what it accepts, and errors that name the full dotted key with exit code 1."""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal

import pytest

from core.errors import OhsError
from plugins.contest_specialist.criteria import load_edition
from plugins.contest_specialist.facts import dump_facts, load_facts_file, validate_facts

SAMPLE = textwrap.dedent("""\
    edition: "828-2021"
    education: {level: higher, technosphere_safety: true, osh_retraining_256h: false}
    experience_years: {osh_position: 7, osh_head: 0, osh_services_company: 20}
    qualification: {short_courses: 3, attested_trainings: 6, international_events_speaker: 1}
    suot_documents_developed: [suot_regulation, briefings, ppe]
    programs_developed: {internship: 2}
    other_documents_developed: 3
    commissions: [osh_committee, knowledge_check]
    investigations: {accidents: 11}
    other_process_commissions: 1
    projects_implemented: 2
    effectiveness: {no_occupational_diseases_3y: true, days_lost_per_accident_3y: 11.0, days_lost_reference: 10,
                    frequency_3y: 0.27, frequency_reference: 0.3, no_disciplinary_5y: false}
    recognition: {regional_awards: 2}
    activity: {mentoring: true, publications: 7, memberships: 1}
    characteristic: {planning: 5, knowledge: 3, effectiveness: 1}
    """)
#: The same facts scored by hand from Приложение № 3.
SAMPLE_SECTIONS = {
    "education": 20 + 30 + 0,
    "experience": 14 + 0 + 15,
    "qualification": 3 + 10 + 4,
    "suot_documents": 10 + 5 + 5 + 10 + 10,
    "suot_operation": 5 + 5 + 30 + 5 + 10,
    "effectiveness": 20 + 10 + 10 + 0,  # 11.0 / 10 = 1.1 and 0.27 / 0.3 = 0.9: both inside the range
    "recognition": 4,
    "activity": 10 + 30 + 10,
    "characteristic": 5 + 6 + 2,
}


def _write(tmp_path, text, name="facts.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_score_from_facts_file_matches_hand_count(invoke, tmp_path):
    """``score --facts FILE --json``: the issue's shape, sections and total as counted by hand."""
    result = invoke("contest", "specialist", "score", "--facts", _write(tmp_path, SAMPLE), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"edition", "total", "max", "sections", "items", "missing"}
    assert data["edition"] == "828-2021" and data["max"] == 990
    assert {s["id"]: s["points"] for s in data["sections"]} == SAMPLE_SECTIONS
    assert data["total"] == sum(SAMPLE_SECTIONS.values())
    assert [s["id"] for s in data["sections"]] == ["education", "experience", "qualification", "suot_documents",
                                                    "suot_operation", "effectiveness", "recognition", "activity",
                                                    "characteristic"]
    item = next(i for i in data["items"] if i["id"] == "investigations.accidents")
    assert item == {"section": "suot_operation", "id": "investigations.accidents", "points": 30, "max": 30,
                    "missing": False}
    assert set(data["items"][0]) == {"section", "id", "points", "max", "missing"}
    stakes = [m["points"] for m in data["missing"]]
    assert stakes == sorted(stakes, reverse=True)
    missing_ids = {m["id"] for m in data["missing"]}
    assert "experience_years.osh_head" not in missing_ids  # given as 0: provided, not missing
    assert "effectiveness.no_administrative_5y" in missing_ids
    assert "suot_documents_developed.sout" in missing_ids  # not marked in the list


def test_score_text_lists_rows_sections_total_and_losses(invoke, tmp_path):
    """The text output has each section's points and cap, the total and the lost rows."""
    result = invoke("contest", "specialist", "score", "--facts", _write(tmp_path, SAMPLE))
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"Итого: {sum(SAMPLE_SECTIONS.values())} из 990" in out
    assert "Образование: 50 из 60" in out
    assert "Теряются баллы" in out
    assert "effectiveness.no_administrative_5y — сведения не представлены" in out


@pytest.mark.parametrize(("text", "key"), [
    ("education: {level: higher, favourite_color: red}\n", "education.favourite_color"),
    ("hobbies: 3\n", "hobbies"),
    ("characteristic: {planning: 6}\n", "characteristic.planning"),
    ("characteristic: {knowledge: 0}\n", "characteristic.knowledge"),
    ("qualification: {short_courses: -1}\n", "qualification.short_courses"),
    ("investigations: {accidents: -3}\n", "investigations.accidents"),
    ("experience_years: {osh_position: 2.5}\n", "experience_years.osh_position"),
    ("education: {level: doctorate}\n", "education.level"),
    ("education: {technosphere_safety: maybe}\n", "education.technosphere_safety"),
    ("commissions: [osh_committee, tea_club]\n", "commissions"),
    ("effectiveness: {frequency_reference: 0}\n", "effectiveness.frequency_reference"),
    ("effectiveness: {frequency_3y: -0.5}\n", "effectiveness.frequency_3y"),
    ("activity: 5\n", "activity"),
])
def test_bad_facts_fail_naming_the_key(invoke, tmp_path, text, key):
    """Unknown key, out of range, negative: a Russian message naming the dotted key, exit code 1."""
    result = invoke("contest", "specialist", "score", "--facts", _write(tmp_path, text))
    assert result.exit_code == 1
    assert f"«{key}»" in result.output
    assert "Traceback" not in result.output


def test_all_errors_reported_at_once(tmp_path):
    """Several bad keys are listed together, each by its dotted name."""
    with pytest.raises(OhsError) as err:
        load_facts_file(_write(tmp_path, "characteristic: {planning: 6, innovation: 9}\nfoo: 1\n"))
    joined = "\n".join(err.value.details)
    for key in ("characteristic.planning", "characteristic.innovation", "foo"):
        assert key in joined


def test_unknown_edition_is_an_error(tmp_path):
    """An edition with no criteria file is refused with the known ones listed."""
    with pytest.raises(OhsError, match="828-2021"):
        load_facts_file(_write(tmp_path, 'edition: "277-2024"\n'))


def test_decimals_kept_as_written_and_round_trip(tmp_path):
    """0.27 stays Decimal('0.27') (no float), and dumping then loading gives the same facts."""
    _, facts = load_facts_file(_write(tmp_path, SAMPLE))
    assert facts["effectiveness.frequency_3y"] == Decimal("0.27")
    assert str(facts["effectiveness.days_lost_per_accident_3y"]) == "11.0"
    text = dump_facts(facts, load_edition(), ["комментарий"])
    assert text.startswith("# комментарий\n")
    _, again = load_facts_file(_write(tmp_path, text, "again.yaml"))
    assert again == facts


def test_empty_facts_are_valid():
    """Every key is optional: an empty file is zero points, everything missing."""
    edition, facts = validate_facts(None)
    assert facts == {} and edition.id == "828-2021"


def test_score_needs_person_or_facts(invoke, tmp_path):
    """Neither or both of PERSON and --facts: a clear error."""
    result = invoke("contest", "specialist", "score")
    assert result.exit_code == 1
    assert "--facts" in result.output
