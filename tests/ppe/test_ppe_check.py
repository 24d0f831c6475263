"""``ohs check`` on the norms (approved or not, the basis they use) and the regulation data file."""

from __future__ import annotations

import tomllib

import pytest
from ppe_helpers import CLEANER, TODAY, jrun, run, setup_org

from plugins.ppe.regulation import DATA_DIR, parse_regulation, regulation


def _ppe_findings(invoke, ws, today=TODAY):
    return [(f["severity"], f["title"], f["subject"]) for f in jrun(invoke, ws, "check", "--today", today)["findings"]
            if f["source"] == "ppe"]


def test_norms_need_an_approved_document(invoke, workspace):
    setup_org(invoke, workspace)
    found = _ppe_findings(invoke, workspace)
    assert ("warning", "Нормы выдачи СИЗ не утверждены", "") in found
    assert ("info", "Основание норм выдачи СИЗ", CLEANER) in found
    doc = jrun(invoke, workspace, "docs", "make", "ppe_norms", "--today", TODAY)
    run(invoke, workspace, "docs", "approve", str(doc["id"]), "--by", "Ульянова", "--on", TODAY, "--order-number",
        "12-ОТ", "--today", TODAY)
    found = _ppe_findings(invoke, workspace)
    assert not [f for f in found if f[0] == "warning"]
    # A line added after approval asks for the document to be made and approved again.
    run(invoke, workspace, "ppe", "norm", "add", CLEANER, "--item", "Фартук", "--qty", "1", "--period", "12",
        "--basis", "sout", "--from", TODAY)
    assert ("warning", "Нормы выдачи СИЗ изменены после утверждения", "") in _ppe_findings(invoke, workspace)


def test_old_typical_norms_after_the_transition_are_an_error(invoke, workspace):
    setup_org(invoke, workspace)
    run(invoke, workspace, "ppe", "norm", "add", CLEANER, "--item", "Фартук", "--qty", "1", "--period", "12",
        "--basis", "typical_old:Типовые нормы, п. 5", "--from", "2025-01-01")
    assert not [f for f in _ppe_findings(invoke, workspace, "2024-12-31") if f[0] == "error"]
    errors = [f for f in _ppe_findings(invoke, workspace) if f[0] == "error"]
    assert errors == [("error", "Нормы опираются на прежние типовые нормы после переходного периода", CLEANER)]


def test_every_fact_has_a_confidence_tag_and_a_source_unless_working_knowledge():
    reg = regulation()
    facts = [*reg.rules.values(), *reg.transitions]
    assert all(f.confidence in ("C", "S", "K") for f in facts)
    assert all(f.source for f in facts if f.confidence in ("C", "S"))
    assert reg.rule("norms_revision").citation.endswith("(проверить по тексту акта)")


def test_an_unknown_confidence_tag_is_refused():
    data = tomllib.loads((DATA_DIR / "regulation.toml").read_text(encoding="utf-8"))
    data["rules"]["card"]["confidence"] = "X"
    with pytest.raises(ValueError, match="rules.card"):
        parse_regulation(data)
