"""The Положение о СУОТ names the organization's СИЗ norms when the ppe plugin keeps them (hook of the suot plugin)."""

from __future__ import annotations

import json

import docx

TODAY = "2026-11-23"


def regulation_text(invoke, ws, env=None) -> str:
    result = invoke("-w", ws, "docs", "make", "suot_regulation", "--today", TODAY, "--json", env=env)
    assert result.exit_code == 0, result.output
    return "\n".join(p.text for p in docx.Document(json.loads(result.output)["path"]).paragraphs)


def test_the_regulation_lists_the_positions_with_norms(invoke, demo):
    norms = json.loads(invoke("-w", demo, "ppe", "norm", "list", "--json").output)
    positions = sorted({n["position"] for n in norms})
    assert positions and "Тренер-преподаватель" not in positions  # coaches get none by norm
    text = regulation_text(invoke, demo)
    listed = ", ".join(p[0].lower() + p[1:] for p in positions)
    assert f"и установлены для профессий (должностей): {listed}." in text
    assert "личных карточках учёта выдачи СИЗ, которые ведутся в электронном виде" in text


def test_approved_norms_are_cited_by_their_order(invoke, demo):
    made = json.loads(invoke("-w", demo, "docs", "make", "ppe_norms", "--today", TODAY, "--json").output)
    approved = invoke("-w", demo, "docs", "approve", str(made["id"]), "--by", "Ульянова", "--on", TODAY,
                      "--order-number", "51-од", "--today", TODAY)
    assert approved.exit_code == 0, approved.output
    assert "утверждены приказом от 23.11.2026 № 51-од" in regulation_text(invoke, demo)


def test_without_the_plugin_the_general_paragraph_stays(demo, monkeypatch):
    from click.testing import CliRunner

    from core.cli.root import build_cli
    from core.plugins import get_plugin_manager

    monkeypatch.setenv("OHS_DISABLE_PLUGINS", "ppe")
    cli = build_cli(get_plugin_manager(entry_points=False))

    def invoke(*args, env=None):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    text = regulation_text(invoke, demo)
    assert "утверждаются работодателем с учётом мнения" in text and "установлены для профессий" not in text
