"""Periodicity rules as data: defaults, stricter and looser overrides, per-position, dates of application."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

from core.errors import OhsError
from core.obligations.rules.acts import load_acts
from core.obligations.rules.periodicity import RulesDataError, effective_rules, format_period, load_rules

BEFORE_SUNSET = datetime.date(2026, 8, 1)
AFTER_SUNSET = datetime.date(2026, 11, 23)


def test_data_file_rules_and_their_acts():
    rules = load_rules()
    expected = {
        "repeat_briefing_months": (6, "months"), "knowledge_check_a_years": (3, "years"),
        "knowledge_check_b_years": (3, "years"), "knowledge_check_v_years": (1, "years"),
        "first_aid_years": (3, "years"), "new_hire_training_days": (60, "days"),
        "break_unscheduled_days": (60, "days"), "sout_years": (5, "years"),
        "sout_unscheduled_new_months": (12, "months"), "sout_unscheduled_other_months": (6, "months"),
        "psychiatric_recent_years": (2, "years"), "medical_exam_under_18_years": (1, "years"),
    }
    for key, (value, unit) in expected.items():
        assert (rules[key].value, rules[key].unit) == (value, unit), key
        assert rules[key].direction == "max"
    acts = load_acts()
    assert all(r.act in acts for r in rules.values())
    assert rules["sout_years"].act == "fz_426_2013" and rules["sout_years"].confidence == "C"
    for key in ("repeat_briefing_months", "first_aid_years", "knowledge_check_v_years"):
        assert rules[key].act == "gov_2464_2021"
        assert rules[key].applies_until == datetime.date(2026, 9, 1) and rules[key].after_until == "last_known"
    assert rules["knowledge_check_v_years"].point == "unknown"


def test_defaults_cite_2464_with_points_before_the_sunset():
    rules = effective_rules({}, BEFORE_SUNSET)
    repeat = rules["repeat_briefing_months"]
    assert (repeat.value, repeat.period, repeat.overridden, repeat.warning) == (6, "6 месяцев", False, "")
    assert repeat.source == ("Правила обучения по охране труда и проверки знания требований охраны труда, "
                             "утв. постановлением Правительства РФ от 24.12.2021 № 2464, п. 14")
    assert rules["first_aid_years"].source.endswith("№ 2464, п. 36")
    assert rules["knowledge_check_a_years"].source.endswith("№ 2464")  # point unknown: not invented
    assert rules["knowledge_check_v_years"].period == "год"
    assert rules["new_hire_training_days"].period == "60 календарных дней"
    assert rules["sout_years"].source.endswith("426-ФЗ «О специальной оценке условий труда», ч. 4 ст. 8")


def test_stricter_override_applies():
    rules = effective_rules({"repeat_briefing_months": 3, "first_aid_years": 2}, BEFORE_SUNSET)
    assert rules["repeat_briefing_months"].value == 3 and rules["repeat_briefing_months"].overridden
    assert rules["repeat_briefing_months"].legal_value == 6
    assert rules["repeat_briefing_months"].period == "3 месяца"
    assert rules["first_aid_years"].value == 2
    assert rules["sout_years"].value == 5 and not rules["sout_years"].overridden


def test_looser_override_is_refused_naming_the_act():
    with pytest.raises(OhsError) as caught:
        effective_rules({"repeat_briefing_months": 12}, BEFORE_SUNSET)
    message = caught.value.message
    assert "повторный инструктаж не реже одного раза в 6 месяцев" in message
    assert "№ 2464" in message and "в ohs.toml указано 12" in message
    with pytest.raises(OhsError, match="426-ФЗ"):
        effective_rules({"sout_years": 6}, BEFORE_SUNSET)


@pytest.mark.parametrize("value", [0, -3, "три", True, 2.5])
def test_override_must_be_a_positive_integer(value):
    with pytest.raises(OhsError, match="целое положительное"):
        effective_rules({"repeat_briefing_months": value}, BEFORE_SUNSET)


def test_unknown_rule_key_is_refused_but_other_settings_pass():
    with pytest.raises(OhsError, match="repeat_briefing_month.*неизвестно"):
        effective_rules({"repeat_briefing_month": 3}, BEFORE_SUNSET)
    assert effective_rules({"note": "текст"}, BEFORE_SUNSET)["repeat_briefing_months"].value == 6


def test_per_position_overrides():
    configured = {"positions": {"Тренер-преподаватель": {"repeat_briefing_months": 3},
                                "Старший тренер-преподаватель": {"repeat_briefing_months": 3}}}
    rules = effective_rules(configured, BEFORE_SUNSET)
    repeat = rules["repeat_briefing_months"]
    assert repeat.value == 6 and not repeat.overridden
    assert repeat.for_position("Тренер-преподаватель").value == 3
    assert repeat.for_position("тренер-преподаватель").overridden  # matched without case
    assert repeat.for_position("Хореограф").value == 6
    with pytest.raises(OhsError, match=r"positions\.\"Сторож\".*в ohs.toml указано 9"):
        effective_rules({"positions": {"Сторож": {"repeat_briefing_months": 9}}}, BEFORE_SUNSET)
    with pytest.raises(OhsError, match="неизвестно"):
        effective_rules({"positions": {"Сторож": {"repeat_briefing": 3}}}, BEFORE_SUNSET)


def test_after_the_2464_sunset_values_stay_with_a_warning():
    rules = effective_rules({"repeat_briefing_months": 3}, AFTER_SUNSET)
    repeat = rules["repeat_briefing_months"]
    # No extension or replacement is known: the act stays citable and every use carries a warning.
    assert repeat.value == 3 and repeat.act_in_force
    assert "01.09.2026" in repeat.warning and "последнее известное" in repeat.warning
    assert "publication.pravo.gov.ru" in repeat.warning
    assert repeat.source.endswith("№ 2464, п. 14")
    assert rules["sout_years"].warning == "" and rules["sout_years"].act_in_force


def test_rules_before_they_apply_are_absent():
    rules = effective_rules({}, datetime.date(2022, 1, 10))
    assert "repeat_briefing_months" not in rules and "sout_years" in rules


def test_format_period():
    assert [format_period(n, "months") for n in (1, 3, 6, 12)] == ["месяц", "3 месяца", "6 месяцев", "12 месяцев"]
    assert [format_period(n, "years") for n in (1, 3, 5, 21)] == ["год", "3 года", "5 лет", "21 год"]
    assert format_period(1, "days") == "1 календарный день"


def test_malformed_data_file_names_the_rule(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[units.months]\nforms = ["месяц", "месяца", "месяцев"]\n[[rule]]\nkey = "x_months"\n'
                   'title = "t"\nrequirement = "r"\nvalue = 6\nunit = "weeks"\nact = "gov_2464_2021"\n'
                   'point = "unknown"\nconfidence = "S"\ndirection = "max"\nsource = "s"\n', encoding="utf-8")
    with pytest.raises(RulesDataError, match="«x_months».*weeks"):
        load_rules(bad)


def test_loader_has_no_heavy_imports():
    code = ("import sys, datetime; from core.obligations.rules.periodicity import effective_rules; "
            "effective_rules({}, datetime.date(2026, 8, 1)); "
            "print(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'docx', 'jinja2', 'pymorphy3') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_add_period_clamps_to_the_months_last_day():
    from core.obligations.rules.periodicity import add_period

    assert add_period(datetime.date(2026, 1, 31), 1, "months") == datetime.date(2026, 2, 28)
    assert add_period(datetime.date(2024, 2, 29), 1, "years") == datetime.date(2025, 2, 28)
    assert add_period(datetime.date(2026, 11, 23), -24, "months") == datetime.date(2024, 11, 23)
    assert add_period(datetime.date(2026, 11, 23), 60, "days") == datetime.date(2027, 1, 22)


def test_medical_bases_and_psychiatric_positions_are_data():
    from core.obligations.rules.periodicity import default_medical_basis, medical_bases, needs_psychiatric, psychiatric_fragments

    bases = medical_bases()
    assert bases["education"].rule == "medical_exam_education_years" and bases["none"].rule == ""
    assert default_medical_basis({}) == "education" and default_medical_basis({"medical_basis": "none"}) == "none"
    with pytest.raises(OhsError, match="medical_basis"):
        default_medical_basis({"medical_basis": "every_5_years"})
    fragments = psychiatric_fragments()
    assert needs_psychiatric("Тренер-преподаватель", fragments) and needs_psychiatric("Водитель автомобиля", fragments)
    assert not needs_psychiatric("Бухгалтер", fragments)
    # 342н: at hiring and on referral, not every 5 years; its rule names the act.
    assert load_rules()["psychiatric_recent_years"].act == "minzdrav_342n_2022"
