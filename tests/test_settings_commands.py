"""The plain commands behind ``ohs setup``'s settings steps: ``ohs suot sector`` and ``ohs practice settings``."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path


def config(ws) -> dict:
    return tomllib.loads((Path(ws) / "ohs.toml").read_text(encoding="utf-8"))


def test_sector_set_writes_the_profiles_the_regulation_reads(invoke, demo):
    listed = json.loads(invoke("-w", demo, "suot", "sector", "list", "--json").output)
    assert listed["configured"] is False and {p["key"] for p in listed["profiles"]} >= {"education", "sports_school"}
    result = invoke("-w", demo, "suot", "sector", "set", "sports_school")
    assert result.exit_code == 0, result.output
    assert config(demo)["suot"]["sector_profiles"] == ["sports_school"]
    listed = json.loads(invoke("-w", demo, "suot", "sector", "list", "--json").output)
    assert [p["key"] for p in listed["profiles"] if p["chosen"]] == ["sports_school"] and listed["configured"]


def test_an_unknown_sector_is_refused_and_nothing_written(invoke, demo):
    before = (Path(demo) / "ohs.toml").read_text(encoding="utf-8")
    result = invoke("-w", demo, "suot", "sector", "set", "шахта")
    assert result.exit_code == 1 and "Профиля отрасли «шахта» нет" in result.output
    assert (Path(demo) / "ohs.toml").read_text(encoding="utf-8") == before


def test_practice_settings_are_written_and_read_by_the_deadline(invoke, demo):
    result = invoke("-w", demo, "practice", "settings", "--deadline-day", "20", "--addressee",
                    "Начальнику управления  образования", "--json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["deadline_day"] == 20 and shown["addressee"] == "Начальнику управления образования"
    section = config(demo)["best_practices"]
    assert section["deadline_day"] == 20 and section["addressee"] == "Начальнику управления образования"
    items = json.loads(invoke("-w", demo, "due", "--today", "2026-12-10", "--json").output)["items"]
    report = [i for i in items if i["source"] == "best_practices"]
    assert [i["due"] for i in report] == ["2026-12-20"]


def test_practice_settings_refuse_a_bad_day_and_write_nothing(invoke, demo):
    before = (Path(demo) / "ohs.toml").read_text(encoding="utf-8")
    result = invoke("-w", demo, "practice", "settings", "--deadline-day", "40")
    assert result.exit_code == 2 and "--deadline-day" in result.output
    assert (Path(demo) / "ohs.toml").read_text(encoding="utf-8") == before
