"""The acts register: every act loads, replacements resolve, statuses on dates, citations in Russian text."""

from __future__ import annotations

import datetime

import pytest

from core.obligations.rules import acts as acts_mod
from core.obligations.rules.acts import (
    EXPIRED, IN_FORCE, NOT_APPLIED, NOT_YET, REPEALED, UNVERIFIED, ActsDataError, act_status_on, find_citations,
    in_force_on, is_citable, load_acts, replacements,
)

D = datetime.date


@pytest.fixture(scope="module")
def acts():
    return load_acts()


def test_every_act_loads_with_source_confidence_and_patterns(acts):
    expected = {
        "mintrud_438n_2016", "mintrud_776n_2021", "minzdravsoc_302n_2011", "minzdrav_29n_2021",
        "mintrud_988n_minzdrav_1420n_2020", "minzdrav_342n_2022", "mintrud_minobr_1_29_2003", "gov_2464_2021",
        "gost_12_0_004_2015", "gost_r_7_0_97_2016", "gost_r_7_0_97_2025", "tk_rf", "fz_426_2013", "fz_125",
    }
    assert expected <= set(acts)
    for act in acts.values():
        assert act.source and act.confidence in ("C", "S", "K") and act.patterns, act.key


def test_replaced_by_keys_resolve(acts):
    for act in acts.values():
        assert [a.key for a in replacements(act, acts)] == list(act.replaced_by)
    assert [a.key for a in replacements(acts["mintrud_438n_2016"])] == ["mintrud_776n_2021"]
    assert {a.key for a in replacements(acts["minzdravsoc_302n_2011"])} == {
        "minzdrav_29n_2021", "mintrud_988n_minzdrav_1420n_2020"}
    assert [a.key for a in replacements(acts["mintrud_minobr_1_29_2003"])] == ["gov_2464_2021"]
    assert [a.key for a in replacements(acts["gost_r_7_0_97_2016"])] == ["gost_r_7_0_97_2025"]
    assert replacements(acts["gost_12_0_004_2015"]) == []


@pytest.mark.parametrize(("key", "on", "status"), [
    ("mintrud_438n_2016", D(2021, 1, 1), IN_FORCE),
    ("mintrud_438n_2016", D(2022, 2, 28), IN_FORCE),
    ("mintrud_438n_2016", D(2022, 3, 1), REPEALED),
    ("mintrud_776n_2021", D(2022, 2, 28), NOT_YET),
    ("mintrud_776n_2021", D(2022, 3, 1), IN_FORCE),
    ("minzdravsoc_302n_2011", D(2021, 3, 31), IN_FORCE),
    ("minzdravsoc_302n_2011", D(2021, 4, 1), REPEALED),
    ("minzdrav_29n_2021", D(2021, 4, 1), IN_FORCE),
    ("mintrud_988n_minzdrav_1420n_2020", D(2021, 3, 31), NOT_YET),
    ("mintrud_minobr_1_29_2003", D(2022, 8, 31), IN_FORCE),
    ("mintrud_minobr_1_29_2003", D(2022, 9, 1), REPEALED),
    ("gov_2464_2021", D(2022, 8, 31), NOT_YET),
    ("gov_2464_2021", D(2025, 1, 1), IN_FORCE),
    ("gov_2464_2021", D(2026, 8, 31), IN_FORCE),
    # Past the confirmed sunset no extension or replacement is known: kept, to be verified.
    ("gov_2464_2021", D(2026, 9, 2), UNVERIFIED),
    ("minzdrav_342n_2022", D(2026, 1, 1), IN_FORCE),
    ("minzdrav_342n_2022", D(2028, 9, 1), EXPIRED),
    ("gost_12_0_004_2015", D(2023, 6, 5), IN_FORCE),
    ("gost_12_0_004_2015", D(2023, 6, 6), NOT_APPLIED),
    ("gost_r_7_0_97_2016", D(2025, 8, 17), IN_FORCE),
    ("gost_r_7_0_97_2016", D(2025, 8, 18), REPEALED),
    ("gost_r_7_0_97_2025", D(2025, 8, 18), IN_FORCE),
    ("tk_rf", D(2030, 1, 1), IN_FORCE),
])
def test_status_on_a_date(acts, key, on, status):
    assert act_status_on(acts[key], on) == status


def test_unconfirmed_sunsets_are_not_rules(acts):
    # REGULATION.md gives 01.04.2027 for 29н and 988н/1420н only as [K]: no date may be invented from it.
    assert acts["minzdrav_29n_2021"].in_force_until is None
    assert acts["mintrud_988n_minzdrav_1420n_2020"].in_force_until is None
    assert acts["gov_2464_2021"].in_force_until == D(2026, 9, 1)
    assert acts["gov_2464_2021"].until_confidence == "C"
    assert acts["fz_125"].confidence == "K" and acts["fz_125"].date is None


def test_in_force_on(acts):
    keys = {a.key for a in in_force_on(D(2023, 1, 1))}
    assert {"mintrud_776n_2021", "gov_2464_2021", "minzdrav_29n_2021", "gost_12_0_004_2015"} <= keys
    assert not keys & {"mintrud_438n_2016", "minzdravsoc_302n_2011", "mintrud_minobr_1_29_2003"}
    assert "gov_2464_2021" not in {a.key for a in in_force_on(D(2026, 9, 2))}


def test_act_names(acts):
    assert acts["mintrud_438n_2016"].name == "Приказ Минтруда от 19.08.2016 № 438н"
    assert acts["gost_12_0_004_2015"].name == "ГОСТ 12.0.004-2015"
    assert acts["gost_r_7_0_97_2025"].name == "ГОСТ Р 7.0.97-2025"


@pytest.mark.parametrize(("text", "key"), [
    ("по приказу № 438н", "mintrud_438n_2016"),
    ("по приказу N 438н", "mintrud_438n_2016"),
    ("по приказу N\u00a0438-н", "mintrud_438n_2016"),
    ("от 19 августа 2016 года № 438н «Типовое положение»", "mintrud_438n_2016"),
    ("Постановление Минтруда России № 1, Минобразования России № 29 от 13.01.2003", "mintrud_minobr_1_29_2003"),
    ("постановлением Минтруда и Минобразования 1/29", "mintrud_minobr_1_29_2003"),
    ("ГОСТ 12.0.004-2015", "gost_12_0_004_2015"),
    ("ГОСТ 12.0.004–2015 «ССБТ»", "gost_12_0_004_2015"),
    ("ГОСТ Р 7.0.97-2016", "gost_r_7_0_97_2016"),
    ("ГОСТ Р\u00a07.0.97\u20142025", "gost_r_7_0_97_2025"),
    ("постановление Правительства РФ от 24.12.2021 № 2464", "gov_2464_2021"),
    ("Правила обучения (ПП РФ 2464)", "gov_2464_2021"),
    ("приказ Минздрава 29н", "minzdrav_29n_2021"),
    ("совместный приказ 988н/1420н", "mintrud_988n_minzdrav_1420n_2020"),
    ("приказ Минздрава России от 20.05.2022 № 342н", "minzdrav_342n_2022"),
    ("статья 214 Трудового кодекса РФ", "tk_rf"),
    ("ст. 212 ТК РФ", "tk_rf"),
    ("Федеральный закон № 426-ФЗ", "fz_426_2013"),
    ("Федеральный закон от 24.07.1998 № 125-ФЗ", "fz_125"),
])
def test_citation_spellings(text, key):
    assert key in {c.act.key for c in find_citations(text)}


@pytest.mark.parametrize("text", [
    "29 ноября 2021 года", "в 438 кабинете", "телефон 2464", "1/290 доли", "приказ № 4380н", "12.0.004-2016",
])
def test_no_false_citations(text):
    assert find_citations(text) == []


def test_citation_has_line_and_excerpt():
    text = "Введение.\nПоложение разработано по приказу Минтруда от 19.08.2016 № 438н и другим актам.\n"
    [citation] = find_citations(text)
    assert citation.line_no == 2 and "438н" in citation.excerpt


def _write(tmp_path, body):
    path = tmp_path / "acts.toml"
    path.write_text(body, encoding="utf-8")
    acts_mod._load.cache_clear()
    return path


ACT = '''
[[act]]
key = "x"
kind = "приказ"
title = "X"
status = "in_force"
source = "s"
confidence = "S"
patterns = ['X1']
'''


@pytest.mark.parametrize(("extra", "words"), [
    ('replaced_by = ["nope"]', ["«x»", "nope"]),
    ("in_force_from = \"2022-13-01\"", ["«x»", "in_force_from"]),
    ("in_force_until = 12", ["«x»", "in_force_until"]),
])
def test_bad_data_names_the_act(tmp_path, extra, words):
    path = _write(tmp_path, ACT + extra + "\n")
    with pytest.raises(ActsDataError) as err:
        load_acts(path)
    for word in words:
        assert word in err.value.message


def test_bad_regex_names_the_act(tmp_path):
    path = _write(tmp_path, ACT.replace("['X1']", "['(unclosed']"))
    with pytest.raises(ActsDataError, match="«x».*шаблон"):
        load_acts(path)


def test_unknown_status_names_the_act(tmp_path):
    path = _write(tmp_path, ACT.replace('"in_force"', '"cancelled"'))
    with pytest.raises(ActsDataError, match="«x».*cancelled"):
        load_acts(path)


def test_only_an_unconfirmed_sunset_stays_citable(acts):
    """2464 past 01.09.2026 may still be cited (to be verified); a repealed act never."""
    assert is_citable(acts["gov_2464_2021"], D(2026, 11, 23))
    assert not is_citable(acts["mintrud_438n_2016"], D(2026, 11, 23))
    assert not is_citable(acts["minzdrav_342n_2022"], D(2028, 9, 2))  # a sunset without the flag: expired
