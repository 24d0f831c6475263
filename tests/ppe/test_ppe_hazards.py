"""The hazard → СИЗ link with the risk register (ЕТН, Приложение № 2), through the hook ``ppe_risk_register``."""

from __future__ import annotations

import docx
from ppe_helpers import CLEANER, TODAY, jrun, refused, run, setup_org

FALL_PPE = "Мера по риску — СИЗ, но в нормах должности их нет"
NOT_ASSESSED = "Опасность из норм СИЗ не оценена в реестре рисков"


def _warnings(invoke, ws):
    return [(f["title"], f["subject"]) for f in jrun(invoke, ws, "check", "--today", TODAY)["findings"]
            if f["source"] == "ppe" and f["severity"] == "warning" and "утвержд" not in f["title"]]


def test_a_hazard_basis_is_stored_as_the_register_code_and_printed_as_its_wording(invoke, workspace, tmp_path):
    setup_org(invoke, workspace)
    gloves = jrun(invoke, workspace, "ppe", "norm", "show", CLEANER, "--today", TODAY)["items"][1]
    assert (gloves["basis_kind"], gloves["basis_ref"]) == ("hazard", "own.detergents")
    doc = jrun(invoke, workspace, "docs", "make", "ppe_norms", "--today", TODAY)
    text = "\n".join(c.text for t in docx.Document(doc["path"]).tables for r in t.rows for c in r.cells)
    assert "опасность из реестра рисков: Контакт с моющими средствами" in text and "own.detergents" not in text
    assert _warnings(invoke, workspace) == []


def test_a_risk_whose_measure_is_ppe_needs_a_norm_line_for_its_hazard(invoke, workspace):
    setup_org(invoke, workspace)
    run(invoke, workspace, "risk", "assess", "--hazard", "mechanical.fall", "--position", CLEANER, "--probability", "3",
        "--severity", "2", "--controls", "знаки «Мокрый пол»", "--on", "2025-02-01", "--today", TODAY)
    assert _warnings(invoke, workspace) == []  # its measures are not СИЗ
    run(invoke, workspace, "risk", "assess", "--hazard", "mechanical.fall", "--position", CLEANER, "--probability", "3",
        "--severity", "2", "--controls", "обувь на нескользящей подошве (сиз ног)", "--on", "2025-03-01",
        "--today", TODAY)
    assert _warnings(invoke, workspace) == [(FALL_PPE, CLEANER)]
    run(invoke, workspace, "ppe", "norm", "add", CLEANER, "--item", "Полуботинки с противоскользящей подошвой",
        "--qty", "1", "--unit", "пара", "--period", "12", "--basis", "hazard:mechanical.fall", "--from", "2025-03-01")
    assert _warnings(invoke, workspace) == []
    # A hazard basis the register has but never assessed for the position.
    run(invoke, workspace, "ppe", "norm", "add", CLEANER, "--item", "Перчатки диэлектрические", "--qty", "1",
        "--unit", "пара", "--period", "дежурный", "--basis", "hazard:electrical.direct", "--from", "2025-03-01")
    assert _warnings(invoke, workspace) == [(NOT_ASSESSED, CLEANER)]


def test_an_unknown_hazard_is_refused_naming_the_basis(invoke, workspace):
    setup_org(invoke, workspace)
    before = jrun(invoke, workspace, "ppe", "norm", "show", CLEANER, "--today", TODAY)
    message = refused(invoke, workspace, "ppe", "norm", "add", CLEANER, "--item", "Респиратор", "--qty", "1",
                      "--period", "12", "--basis", "hazard:Пыль при уборке", "--from", "2025-01-01")
    assert "--basis hazard:" in message and "ohs risk hazard list" in message
    assert jrun(invoke, workspace, "ppe", "norm", "show", CLEANER, "--today", TODAY) == before


def test_without_the_risk_register_a_hazard_basis_is_free_text(tmp_path, monkeypatch):
    """suot switched off: no register answers the hook, the basis is kept as written and check stays silent on it."""
    from click.testing import CliRunner

    from core.cli.root import build_cli
    from core.plugins import get_plugin_manager

    monkeypatch.setenv("OHS_DISABLE_PLUGINS", "suot")
    cli = build_cli(get_plugin_manager(entry_points=False))
    ws = tmp_path / "no_suot"

    def ok(*args):
        result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    ok("init", ws)
    ok("-w", ws, "people", "add", "Петрова Анна Ивановна", "--position", CLEANER, "--hired-on", "2020-03-02")
    ok("-w", ws, "ppe", "norm", "add", CLEANER, "--item", "Респиратор", "--qty", "1", "--period", "12",
       "--basis", "hazard:Пыль при уборке", "--from", "2025-01-01")
    assert "Пыль при уборке" in ok("-w", ws, "ppe", "norm", "show", CLEANER, "--today", TODAY)
    report = ok("-w", ws, "check", "--today", TODAY)
    assert FALL_PPE not in report and NOT_ASSESSED not in report and "нет в реестре рисков" not in report
