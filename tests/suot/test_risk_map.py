"""``ohs docs make risk_map``: the matrix picture with coloured cells and the register by workplace, read back."""

from __future__ import annotations

import json

import docx
from docx.oxml.ns import qn

TODAY = "2026-11-23"


def jrun(invoke, ws, *args):
    result = invoke("-w", ws, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def fill(cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd"))
    return None if shd is None else shd.get(qn("w:fill"))


def test_risk_map_on_the_demo(invoke, demo):
    made = jrun(invoke, demo, "docs", "make", "risk_map", "--today", TODAY)
    document = docx.Document(made["path"])
    assert document.sections[-1].orientation == 1  # landscape
    levels = jrun(invoke, demo, "risk", "matrix")["levels"]
    colour = {lv["key"]: lv["color"] for lv in levels}

    def band(score):
        return next(lv for lv in levels if lv["min"] <= score <= lv["max"])

    risks = jrun(invoke, demo, "risk", "list", "--today", TODAY)
    # The matrix picture: probability 5 → 1 down, severity 1 → 5 across, each cell coloured by its band
    # and counting the risks with that probability and severity.
    matrix = document.tables[0]
    assert [c.text for c in matrix.rows[1].cells[1:]] == ["1", "2", "3", "4", "5"]
    for row, p in zip(matrix.rows[2:], (5, 4, 3, 2, 1)):
        assert row.cells[0].text.startswith(f"{p} — ")
        for s, cell in zip((1, 2, 3, 4, 5), row.cells[1:]):
            assert fill(cell) == band(p * s)["color"]
            count = sum(1 for r in risks if (r["probability"], r["severity"]) == (p, s))
            assert cell.text == (f"{p * s}\n(рисков: {count})" if count else str(p * s))
    legend = document.tables[1]
    assert [(r.cells[0].text, fill(r.cells[2])) for r in legend.rows[1:]] == [
        (lv["name"], lv["color"]) for lv in levels]
    # The register: one heading row per workplace, then its risks with the level cell coloured.
    register = document.tables[2]
    assert "w:tblHeader" in register.rows[0]._tr.xml
    body = register.rows[1:]
    headings = [r.cells[0].text for r in body if len({c._tc for c in r.cells}) == 1]
    assert headings == list(dict.fromkeys(r["workplace"] for r in risks))
    lines = [r for r in body if len({c._tc for c in r.cells}) > 1]
    assert len(lines) == len(risks)
    for row, risk in zip(lines, risks):
        cells = row.cells
        assert risk["hazard"] in cells[1].text
        assert (cells[2].text, cells[3].text) == (str(risk["probability"]), str(risk["severity"]))
        assert cells[4].text == f"{risk['score']}\n{risk['level_name']}" and fill(cells[4]) == colour[risk["level"]]
        for measure in risk["measures"]:
            assert measure["measure"] in cells[6].text
        if risk["residual"]:
            assert fill(cells[7]) == risk["residual"]["color"]
            assert cells[7].text.startswith(f"{risk['residual']['probability']}×{risk['residual']['severity']}=")
        else:
            assert cells[7].text == "не оценён" and fill(cells[7]) is None
    text = "\n".join(p.text for p in document.paragraphs)
    assert "КАРТА" in text and f"Всего оценено рисков: {len(risks)}" in text and "УТВЕРЖДАЮ" in text


def test_risk_map_needs_an_assessment(invoke, workspace):
    result = invoke("-w", workspace, "docs", "make", "risk_map", "--today", TODAY)
    assert result.exit_code == 1 and "ohs risk assess" in result.stderr and "head=" in result.stderr


def test_colours_from_ohs_toml_reach_the_document(invoke, demo):
    config = demo / "ohs.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[risks.colors]\nhigh = "7030A0"\n', encoding="utf-8")
    made = jrun(invoke, demo, "docs", "make", "risk_map", "--today", TODAY)
    matrix = docx.Document(made["path"]).tables[0]
    assert fill(matrix.rows[2].cells[3]) == "7030A0"  # 5 × 2 = 10: «высокий»
