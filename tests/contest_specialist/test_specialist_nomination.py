"""The nomination of point 6 from sector, small-business flag, headcount and the person's role."""

from __future__ import annotations

import json

import pytest

from plugins.contest_specialist.criteria import load_edition
from plugins.contest_specialist.nomination import choose


@pytest.mark.parametrize(("sector", "small", "headcount", "role", "letter"), [
    ("production", False, 5001, "specialist", "а"),
    ("production", False, 5000, "specialist", "б"),
    ("production", False, 501, "specialist", "б"),
    ("production", False, 500, "specialist", "в"),
    ("production", False, 80, "specialist", "в"),    # not a small business: by headcount
    ("production", True, 100, "specialist", "г"),
    ("production", True, 101, "specialist", "в"),    # a small business over 100: by headcount
    ("non_production", False, 9000, "specialist", "д"),
    ("non_production", False, 1200, "specialist", "е"),
    ("non_production", False, 45, "specialist", "ж"),
    ("non_production", True, 45, "specialist", "з"),
    ("education", False, 12000, "specialist", "и"),
    ("healthcare", True, 30, "specialist", "к"),
    ("production", False, 5001, "head", "л"),
    ("production", False, 600, "head", "м"),
    ("production", False, 10, "head", "н"),
    ("production", True, 10, "head", "о"),
    ("non_production", False, 6000, "head", "п"),
    ("non_production", False, 5000, "head", "р"),
    ("non_production", False, 500, "head", "с"),
    ("non_production", True, 99, "head", "т"),
    ("education", False, 45, "head", "у"),
    ("healthcare", False, 45, "head", "ф"),
])
def test_nomination_rule(sector, small, headcount, role, letter):
    """Each of the twenty nominations is reachable, boundaries as written («более 5000», «до 500»)."""
    nomination, rule = choose(load_edition(), sector, small, headcount, role)
    assert nomination.letter == letter
    assert f"подпункт «{letter}»" in rule


def test_nomination_from_profile_and_override(invoke, workspace):
    """From the organization's profile and the person's role; overridable; a missing sector is named."""
    ok = lambda r: (r.exit_code == 0) or pytest.fail(r.output)  # noqa: E731
    ok(invoke("-w", workspace, "people", "add", "Петрова Анна Сергеевна", "--position", "Директор",
              "--hired-on", "2015-01-10", "--today", "2026-11-23"))
    ok(invoke("-w", workspace, "people", "add", "Смирнов Олег Петрович", "--position", "Руководитель службы ОТ",
              "--hired-on", "2018-01-10", "--role", "head", "--today", "2026-11-23"))
    args = ("-w", workspace, "contest", "specialist", "nomination", "Смирнов", "--as-of", "2026-11-23", "--json")
    refused = invoke(*args)
    assert refused.exit_code == 1 and "ohs org set sector=" in refused.output
    # The score does not wait for the nomination: it says why none was chosen.
    scored = invoke("-w", workspace, "contest", "specialist", "score", "Смирнов", "--as-of", "2026-11-23")
    assert scored.exit_code == 0 and "Номинация не определена" in scored.output
    ok(invoke("-w", workspace, "org", "set", "sector=production", "small_business=нет", "headcount=7000",
              "--today", "2026-11-23"))
    data = json.loads(invoke(*args).output)
    assert data["letter"] == "л" and not data["overridden"]
    assert "7000 чел." in data["rule"] and "руководитель службы охраны труда" in data["rule"]
    data = json.loads(invoke(*args, "--nomination", "м").output)
    assert data["letter"] == "м" and data["overridden"]
    bad = invoke(*args, "--nomination", "ы")
    assert bad.exit_code == 1 and "а, б" in bad.output
    text = invoke("-w", workspace, "contest", "specialist", "score", "Смирнов", "--as-of", "2026-11-23").output
    assert "Номинация «Лучший руководитель службы охраны труда организаций производственной сферы с численностью " \
           "работников более 5000 человек» — пункт 6 Положения, подпункт «л»" in text


def test_contest_group_is_shared(pm):
    """``ohs contest`` holds this plugin's ``specialist`` next to the other contest plugins' subgroups."""
    from core.cli.root import build_cli

    import click

    cli = build_cli(pm)
    contest = cli.commands["contest"]
    ctx = click.Context(contest, info_name="contest")
    assert {"specialist", "digital"} <= set(contest.list_commands(ctx))
    specialist = contest.get_command(ctx, "specialist")  # imported on first use
    assert set(specialist.commands) == {"facts", "score", "nomination", "pack", "portfolio"}
