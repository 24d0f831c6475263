"""The registers and the notice made for the demo school and read back."""

import json
from pathlib import Path

from core.testing import docx_text

TODAY = ("--today", "2026-11-23")


def make(invoke, ws, *args):
    result = invoke("-w", ws, *args, *TODAY, "--json")
    assert result.exit_code == 0, result.output
    return docx_text(Path(json.loads(result.output)["path"]))


def cases(invoke, ws, kind):
    return json.loads(invoke("-w", ws, "incidents", "list", "--type", kind, "--json").output)


def test_the_microtrauma_register_lists_every_microtrauma(invoke, demo):
    text_out = make(invoke, demo, "docs", "make", "microtrauma_register")
    assert "ЖУРНАЛ\nучёта микроповреждений (микротравм) работников" in text_out
    assert "Дата, время (часы, минуты) микроповреждения (микротравмы)" in text_out
    rows = cases(invoke, demo, "microtrauma")
    assert len(rows) >= 6
    for row in rows:
        day = "{2}.{1}.{0}".format(*row["occurred_on"].split("-"))
        assert f"{day}\n{row['time']}" in text_out
        assert row["injured"][0]["name"] in text_out
        assert f"{row['place']}: {row['circumstances']}" in text_out
    linked = [r for r in rows if r["measures"]]
    assert linked, "the demo links a micro-trauma to the plan's measure"
    assert "Замена гимнастических мостиков" in text_out


def test_the_accident_register_of_one_year_shows_days_acts_and_corrections(invoke, demo):
    text_out = make(invoke, demo, "docs", "make", "accident_register", "--year", "2026")
    assert "регистрации несчастных случаев на производстве\nза 2026 год" in text_out
    rows = [r for r in cases(invoke, demo, "accident") if r["occurred_on"].startswith("2026")]
    others = [r for r in cases(invoke, demo, "accident") if not r["occurred_on"].startswith("2026")]
    assert rows and others
    for row in rows:
        assert f"дней нетрудоспособности: {row['days_lost']}" in text_out
        assert f"№ {row['act_number']}\nот " in text_out
    # A corrected case prints its corrected state (days above); the trail of corrections stays in the
    # journal and «ohs incidents show», never as an internal note in the register.
    assert any(e["action"] == "correct" for row in rows for e in row["entries"])
    assert "исправлено записью" not in text_out
    for row in others:
        day = "{2}.{1}.{0}".format(*row["occurred_on"].split("-"))
        assert f"{day}\n{row['time']}" not in text_out


def test_the_accident_notice_is_made_for_one_accident(invoke, demo):
    accident = cases(invoke, demo, "accident")[-1]
    text_out = make(invoke, demo, "incidents", "notice", str(accident["id"]))
    day = "{2}.{1}.{0}".format(*accident["occurred_on"].split("-"))
    assert "ИЗВЕЩЕНИЕ\nо несчастном случае на производстве" in text_out
    assert "В территориальный орган Социального фонда России" in text_out
    assert f"несчастного случая: {day}, {accident['time']}." in text_out
    position = accident["injured"][0]["position"]
    assert f"{accident['injured'][0]['name']}, {position[0].lower()}{position[1:]}" in text_out
    assert "Число пострадавших: 1, в том числе погибших: 0." in text_out
    assert "ОКВЭД 85.41" in text_out and "М.А. Ульянова" in text_out
    micro = cases(invoke, demo, "microtrauma")[0]
    refused = invoke("-w", demo, "incidents", "notice", str(micro["id"]), *TODAY)
    assert refused.exit_code == 1 and "не несчастный случай на производстве" in refused.output
    without = invoke("-w", demo, "docs", "make", "accident_notice", *TODAY)
    assert without.exit_code == 1 and "ohs incidents notice НОМЕР" in without.output
    # The same notice through the generic command, and a number that is not one refused in words.
    assert make(invoke, demo, "docs", "make", "accident_notice", "--param", f"incident={accident['id']}") == text_out
    bad = invoke("-w", demo, "docs", "make", "accident_notice", "--param", "incident=последний", *TODAY)
    assert bad.exit_code == 1 and "не число" in bad.output
