"""Property tests: adding a fact never lowers the score; no section exceeds its cap; total ≤ max."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.contest_specialist.criteria import load_edition
from plugins.contest_specialist.scoring import score

EDITION = load_edition()
NON_RATIO = [r for r in EDITION.rows if r.unit not in ("ratio", "choice")]


def _value(row, draw_int):
    if row.unit in ("flag", "member"):
        return True
    if row.unit == "score":
        return 1 + draw_int % 5
    return draw_int


@st.composite
def facts_and_extra(draw):
    """Random facts, and one more fact that adds to them (a new key, a larger count, a new list item)."""
    facts: dict = {}
    for row in draw(st.lists(st.sampled_from(NON_RATIO), unique_by=lambda r: r.id, max_size=40)):
        value = _value(row, draw(st.integers(0, 30)))
        if row.unit == "member":
            facts[row.fact] = frozenset([*facts.get(row.fact, ()), row.item])
        else:
            facts[row.id] = value
    if draw(st.booleans()):
        facts["education.level"] = draw(st.sampled_from(["none", "secondary_vocational", "higher"]))
    for row in (r for r in EDITION.rows if r.unit == "ratio"):
        if draw(st.booleans()):
            facts[row.fact] = Decimal(draw(st.integers(0, 300))) / 10
            facts[row.reference] = Decimal(draw(st.integers(1, 300))) / 10
    row = draw(st.sampled_from(NON_RATIO))
    more = dict(facts)
    if row.unit == "member":
        more[row.fact] = frozenset([*facts.get(row.fact, ()), row.item])
    elif row.unit == "flag":
        more[row.id] = True
    elif row.unit == "score":
        more[row.id] = min(5, facts.get(row.id, 0) + draw(st.integers(1, 4))) or 1
    else:
        more[row.id] = facts.get(row.id, 0) + draw(st.integers(1, 20))
    return facts, more


@settings(max_examples=300, deadline=None)
@given(facts_and_extra())
def test_adding_a_fact_never_lowers_the_score(pair):
    """More facts (a new key, a bigger count, one more list item) never give fewer points, anywhere."""
    facts, more = pair
    before, after = score(EDITION, facts), score(EDITION, more)
    assert after.total >= before.total
    for b, a in zip(before.sections, after.sections, strict=True):
        assert a.points >= b.points
    for b, a in zip(before.rows, after.rows, strict=True):
        assert a.points >= b.points


@settings(max_examples=300, deadline=None)
@given(facts_and_extra())
def test_no_section_exceeds_its_cap_and_total_within_max(pair):
    """Every row within its cap, every section within its heading's maximum, the total within 990."""
    for facts in pair:
        result = score(EDITION, facts)
        for rs in result.rows:
            assert 0 <= rs.points <= rs.row.cap
        for section in result.sections:
            assert 0 <= section.points <= section.max
        assert result.total == sum(s.points for s in result.sections)
        assert 0 <= result.total <= EDITION.max_total


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 400), st.integers(1, 400))
def test_lower_figure_never_scores_less(value, reference):
    """For Кч and Кт a lower figure against the same reference never scores fewer points."""
    row = EDITION.row("effectiveness.frequency")
    lower = {row.fact: Decimal(value) / 10, row.reference: Decimal(reference) / 10}
    higher = {row.fact: Decimal(value + 1) / 10, row.reference: Decimal(reference) / 10}
    assert score(EDITION, lower).total >= score(EDITION, higher).total
