"""The 836-2021 criteria, line by line from Приложение № 2 of the seed, and properties of the scoring."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.contest_digital.criteria import get_edition
from plugins.contest_digital.scoring import parse_answers, score

EDITION = get_edition("836-2021")


def points(key, value):
    """The points one answer earns, through the same parsing a file goes through."""
    _edition, answers = parse_answers({"edition": "836-2021", "criteria": {key: value}})
    return {i.criterion.key: i.points for i in score(EDITION, answers).items}[key]


# Every level of every three-level criterion, as printed in the seed («Расчет баллов»).
LEVELS = [
    ("tasks", "not_relevant", 20), ("tasks", "relevant", 50), ("tasks", "acute", 100),
    ("methods", "outdated", 20), ("methods", "common", 50), ("methods", "innovative", 100),
    # 2.1: the middle level is 30, not 50 («20 = устаревшие 30 = общепринятые 100 = инновационные»).
    ("technologies", "outdated", 20), ("technologies", "common", 30), ("technologies", "innovative", 100),
    ("effect", "barely_noticeable", 20), ("effect", "tangible", 50), ("effect", "significant", 100),
]


@pytest.mark.parametrize(("key", "value", "expected"), LEVELS)
def test_every_level_scores_as_in_the_order(key, value, expected):
    assert points(key, value) == expected


# Each additive item alone, then all of them (the criterion's maximum).
ITEMS = [
    ("design", ["modern"], 20), ("design", ["visually_pleasing"], 20), ("design", ["consistent_style"], 10),
    ("design", ["modern", "visually_pleasing", "consistent_style"], 50),
    ("navigation", ["simple"], 20), ("navigation", ["intuitive"], 20), ("navigation", ["multiple_ways"], 10),
    ("navigation", ["simple", "intuitive", "multiple_ways"], 50),
    ("ux", ["informative"], 25), ("ux", ["interactive_forms"], 25), ("ux", ["informative", "interactive_forms"], 50),
    ("support", ["form_or_email"], 10), ("support", ["phone"], 10), ("support", ["online_consultant"], 10),
    ("support", ["text_instructions"], 10), ("support", ["video_instructions"], 10),
    ("support", ["form_or_email", "phone", "online_consultant", "text_instructions", "video_instructions"], 50),
    ("design", [], 0),
]


@pytest.mark.parametrize(("key", "value", "expected"), ITEMS)
def test_each_checked_item_adds_its_points(key, value, expected):
    assert points(key, value) == expected


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("program_registry", True, 100), ("program_registry", False, 0),
    ("russian_software_registry", True, 100), ("russian_software_registry", False, 0),
])
def test_registries_give_100_each(key, value, expected):
    assert points(key, value) == expected


# 5.1 «20 = до 1 года 50 = от 1 до 3 лет 100 = более 3 лет»; 5.2 «20 = до 10 50 = от 10 до 100 100 = более 100».
RANGES = [
    ("operation_years", 0, 20), ("operation_years", 0.5, 20), ("operation_years", 0.99, 20),
    ("operation_years", 1, 50), ("operation_years", 1.0, 50), ("operation_years", 2, 50),
    ("operation_years", 3, 50), ("operation_years", 3.0, 50), ("operation_years", 3.01, 100),
    ("operation_years", 25, 100),
    ("deployments", 0, 20), ("deployments", 1, 20), ("deployments", 9, 20),
    ("deployments", 10, 50), ("deployments", 11, 50), ("deployments", 99, 50),
    ("deployments", 100, 50), ("deployments", 101, 100), ("deployments", 5000, 100),
]


@pytest.mark.parametrize(("key", "value", "expected"), RANGES)
def test_range_boundaries(key, value, expected):
    assert points(key, value) == expected


def test_sections_map_the_five_sections_of_the_order():
    assert [(s.id, s.number, s.title, s.max) for s in EDITION.sections] == [
        ("methodology", "1", "Методический подход", 200),
        ("technology", "2", "Техническое решение", 200),
        ("design", "3", "Дизайн и опыт использования (UI & UX)", 200),
        ("registries", "4", "Российские реестры программного обеспечения", 200),
        ("operation", "5", "Промышленная эксплуатация", 200),
    ]
    assert [(c.number, c.key) for c in EDITION.criteria] == [
        ("1.1", "tasks"), ("1.2", "methods"), ("2.1", "technologies"), ("2.2", "effect"), ("3.1", "design"),
        ("3.2", "navigation"), ("3.3", "ux"), ("3.4", "support"), ("4.1", "program_registry"),
        ("4.2", "russian_software_registry"), ("5.1", "operation_years"), ("5.2", "deployments"),
    ]
    assert EDITION.max_total == 1000 and sum(c.max for c in EDITION.criteria) == 1000


def test_nothing_provided_is_zero_and_everything_missing():
    result = score(EDITION, {})
    assert result.total == 0
    assert [m["key"] for m in result.to_json()["missing"]] == [c.key for c in EDITION.criteria]


def test_the_best_answers_give_1000():
    best = {c.key: (c.options[-1].value if c.kind == "level" else [o.value for o in c.options] if c.kind == "items"
                    else True if c.kind == "flag" else 1000) for c in EDITION.criteria}
    _e, answers = parse_answers({"edition": "836-2021", "criteria": best})
    result = score(EDITION, answers)
    assert result.total == 1000 and not result.missing
    assert all(result.section_points(s.id) == 200 for s in EDITION.sections)


def test_a_broken_edition_file_is_refused():
    import tomllib

    from core.errors import OhsError
    from plugins.contest_digital.criteria import EDITIONS_DIR, parse_edition

    raw = tomllib.loads((EDITIONS_DIR / "836-2021.toml").read_text(encoding="utf-8"))
    raw["sections"][0]["criteria"][0]["levels"][2]["points"] = 120
    with pytest.raises(OhsError, match="раздел"):
        parse_edition(raw, "test.toml")
    raw["sections"][0]["criteria"][0]["levels"][2]["points"] = 100
    raw["sections"][4]["criteria"][1]["bands"][1]["ge"] = 9
    with pytest.raises(OhsError, match="перекрываются"):
        parse_edition(raw, "test.toml")


def _answers_strategy():
    parts = {}
    for c in EDITION.criteria:
        if c.kind == "level":
            value = st.sampled_from([o.value for o in c.options])
        elif c.kind == "items":
            value = st.lists(st.sampled_from([o.value for o in c.options]), unique=True)
        elif c.kind == "flag":
            value = st.booleans()
        elif c.integer:
            value = st.integers(min_value=0, max_value=10**9)
        else:
            value = st.floats(min_value=0, max_value=1e6, allow_nan=False)
        parts[c.key] = st.one_of(st.none(), value)
    return st.fixed_dictionaries(parts)


@given(_answers_strategy())
def test_total_never_exceeds_1000_and_no_section_200(criteria):
    _e, answers = parse_answers({"edition": "836-2021", "criteria": criteria})
    result = score(EDITION, answers)
    assert 0 <= result.total <= 1000
    for section in EDITION.sections:
        assert 0 <= result.section_points(section.id) <= section.max == 200
    assert result.total == sum(result.section_points(s.id) for s in EDITION.sections)


@given(_answers_strategy(), st.sampled_from([c.key for c in EDITION.criteria]))
def test_more_evidence_never_lowers_the_score(criteria, key):
    """Adding an item, raising a number, answering a missing criterion or claiming a registry never lowers the total."""
    c = EDITION.criterion(key)
    better = dict(criteria)
    value = criteria[key]
    if c.kind == "items":
        better[key] = list(dict.fromkeys([*(value or []), *[o.value for o in c.options][:1]]))
    elif c.kind == "flag":
        better[key] = True
    elif c.kind == "range":
        better[key] = (value or 0) + 1
    elif c.kind == "level":
        better[key] = value or c.options[0].value
    before = score(EDITION, parse_answers({"edition": "836-2021", "criteria": criteria})[1]).total
    after = score(EDITION, parse_answers({"edition": "836-2021", "criteria": better})[1]).total
    assert after >= before
