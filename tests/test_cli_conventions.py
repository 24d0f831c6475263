"""CLI conventions every command keeps (README «Соглашения командной строки»): Russian placeholders in
``--help`` and one taxonomy of date options (``--today``, ``--on``, ``--as-of``, or named after a field)."""

from __future__ import annotations

import json
import re

import click
import pytest
from click.testing import CliRunner

from core.cli.commands.options import DATE_TAXONOMY, IsoDate
from core.cli.lazy import load_all
from core.cli.root import build_cli

#: click's English placeholders and usage words; none may reach a Russian user's screen.
ENGLISH = re.compile(r"\b(TEXT|INTEGER|FLOAT|FILENAME|FILE|PATH|DATE|DIRECTORY|BOOLEAN|UUID|CHOICE|RANGE|"
                     r"OPTIONS|COMMAND|ARGS)\b")

#: Date options named after the field they fill (not the day the command acts as, a fact's day or a
#: report's day): each is a recorded value of its own, as the form or order names it.
FIELD_DATES = {
    "--order-date", "--valid-from", "--valid-until", "--from", "--to", "--until", "--since", "--deadline",
    "--measure-deadline", "--implemented", "--hired-on", "--birth-date", "--closed-on", "--act-date",
    "--report-date", "--sout-date", "--letter-date", "--certificate-until",
}


def _commands(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, (*path, name))


@pytest.fixture
def tree(pm):
    return load_all(build_cli(pm))


def test_every_help_shows_russian_placeholders(tree):
    runner = CliRunner()
    english = {}
    for path, _command in _commands(tree):
        result = runner.invoke(tree, [*path, "--help"], catch_exceptions=False)
        assert result.exit_code == 0, (path, result.output)
        found = sorted(set(ENGLISH.findall(result.output)))
        if found:
            english[" ".join(path)] = found
    assert english == {}


def test_every_date_option_belongs_to_the_taxonomy(tree):
    stray = {}
    date_options = 0
    for path, command in _commands(tree):
        for param in command.params:
            if not isinstance(param, click.Option) or not isinstance(param.type, IsoDate):
                continue
            date_options += 1
            names = set(param.opts)
            if not names & (set(DATE_TAXONOMY) | FIELD_DATES):
                stray[(" ".join(path), param.name)] = sorted(names)
        # A renamed spelling still works, but only as a hidden alias of a name in the taxonomy.
        for old, new in getattr(command, "deprecated_options", {}).items():
            assert new in DATE_TAXONOMY or new in FIELD_DATES, (path, old, new)
            assert not any(old in param.opts for param in command.params), (path, old)
    assert stray == {}
    assert date_options > 50  # the walk did reach the plugins' commands


def test_a_deprecated_spelling_works_and_says_so(pm, demo):
    """``appointments --on`` (now ``--as-of``) gives the same listing, with a Russian note on stderr."""
    runner = CliRunner()
    tree = build_cli(pm)
    new = runner.invoke(tree, ["-w", str(demo), "appointments", "--as-of", "2026-11-23", "--json"])
    old = runner.invoke(tree, ["-w", str(demo), "appointments", "--on=2026-11-23", "--json"])
    assert new.exit_code == 0 and old.exit_code == 0, old.output
    assert json.loads(old.stdout) == json.loads(new.stdout)
    assert "Параметр --on устарел" in old.stderr and "--as-of" in old.stderr
    assert new.stderr == ""


def test_a_renamed_required_option_is_met_by_its_old_spelling(pm, demo):
    """``briefing add --date`` fills the required ``--on``: the old spelling is rewritten before parsing."""
    runner = CliRunner()
    tree = build_cli(pm)
    before = json.loads(runner.invoke(tree, ["-w", str(demo), "briefing", "list", "--json"]).stdout)
    result = runner.invoke(tree, ["-w", str(demo), "briefing", "add", "Климова", "--kind", "repeat",
                                  "--date", "2026-06-02", "--by", "Матвеев Леонид Романович", "--today", "2026-11-23", "--json"])
    assert result.exit_code == 0, result.output
    assert "Параметр --date устарел" in result.stderr
    after = json.loads(runner.invoke(tree, ["-w", str(demo), "briefing", "list", "--json"]).stdout)
    added = after[len(before):]
    assert [(e["kind"], e["on"]) for e in added] == [("repeat", "2026-06-02")]
