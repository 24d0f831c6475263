"""``ohs suot scan`` and the suot ``checks`` hook: outdated citations and contradicting periodicities."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from core.errors import OhsError
from plugins.suot.scan import read_document_text, scan_text

HERE = Path(__file__).resolve().parent
EXCERPT = HERE / "data" / "excerpt.txt"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "004_16202d527ecd5c7a.txt"
ON = datetime.date(2026, 11, 1)


def _by_key(report):
    return {c.act.key: c for c in report.outdated}


def test_excerpt_reports_outdated_citations_with_lines_and_replacements():
    report = scan_text(EXCERPT.read_text(encoding="utf-8"), ON)
    found = _by_key(report)
    assert set(found) == {
        "mintrud_438n_2016", "mintrud_minobr_1_29_2003", "minzdravsoc_302n_2011", "gost_12_0_004_2015",
        "gost_r_7_0_97_2016",
    }
    c438 = found["mintrud_438n_2016"]
    assert c438.line_no == 2 and "438-н" in c438.excerpt
    assert c438.describe() == (
        "строка 2: цитирует Приказ Минтруда от 19.08.2016 № 438н — утратил силу 01.03.2022; "
        "вместо него: Приказ Минтруда от 29.10.2021 № 776н"
    )
    assert [a.key for a in found["mintrud_minobr_1_29_2003"].replaced_by] == ["gov_2464_2021"]
    assert found["mintrud_minobr_1_29_2003"].line_no == 3
    assert "не применяется с 06.06.2023" in found["gost_12_0_004_2015"].describe()
    assert "замены нет" in found["gost_12_0_004_2015"].describe()
    # 426-ФЗ (line 7) and 776н (line 8) are in force: never reported.
    assert all(c.line_no not in (7, 8) for c in report.outdated)


def test_excerpt_reports_repeat_briefing_contradiction():
    report = scan_text(EXCERPT.read_text(encoding="utf-8"), ON)
    [contradiction] = report.contradictions
    assert contradiction.topic == "repeat_briefing"
    assert [(s.line_no, s.months) for s in contradiction.statements] == [(9, 6), (11, 3)]
    assert any(s.topic == "knowledge_check" and s.months == 36 for s in report.periods)


def test_before_the_repeal_nothing_is_outdated():
    report = scan_text("по приказу № 438н; повторный инструктаж 1 раз в полгода", datetime.date(2021, 1, 1))
    assert report.outdated == [] and report.contradictions == []


def test_sunset_of_2464_is_to_be_verified_after_it():
    text = "Обучение — по постановлению Правительства РФ от 24.12.2021 № 2464."
    assert scan_text(text, datetime.date(2025, 1, 1)).unverified == []
    report = scan_text(text, datetime.date(2026, 9, 2))
    assert report.outdated == []  # not a wrong citation: no extension or replacement is known
    [c] = report.unverified
    assert c.status == "sunset_unverified" and "01.09.2026" in c.reason


@pytest.mark.parametrize(("phrase", "months"), [
    ("не реже одного раза в шесть месяцев", 6), ("1 раз в 3 месяца", 3), ("ежеквартально", 3),
    ("раз в полгода", 6), ("1 раз в полгода", 6), ("не реже 1 раза в 6 мес.", 6), ("ежегодно", 12),
])
def test_period_phrases(phrase, months):
    report = scan_text(f"Повторный инструктаж проводится {phrase}.", ON)
    assert [s.months for s in report.periods] == [months]


def test_seed_regulation():
    if not SEED.is_file():
        pytest.skip("seed regulation is not present")
    report = scan_text(SEED.read_text(encoding="utf-8"), ON)
    found = _by_key(report)
    assert found["mintrud_438n_2016"].line_no == 64
    assert [a.key for a in found["mintrud_438n_2016"].replaced_by] == ["mintrud_776n_2021"]
    assert found["minzdravsoc_302n_2011"].line_no == 541
    # The seed names neither the 2003 training order nor ГОСТ 12.0.004-2015 (checked by hand): none invented.
    assert "mintrud_minobr_1_29_2003" not in found and "gost_12_0_004_2015" not in found
    assert "tk_rf" not in found and "fz_426_2013" not in found
    [contradiction] = [c for c in report.contradictions if c.topic == "repeat_briefing"]
    assert [(s.line_no, s.months) for s in contradiction.statements] == [(420, 6), (758, 3)]


def test_cp1251_text_is_read(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Положение по приказу № 438н".encode("cp1251"))
    assert "438н" in read_document_text(path)


def test_unreadable_files(tmp_path):
    (tmp_path / "empty.md").write_text("  \n", encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    for name in ("empty.md", "broken.docx", "missing.txt", "picture.png"):
        with pytest.raises(OhsError):
            read_document_text(tmp_path / name)


# ---------------------------------------------------------------- the command


def test_scan_command_on_txt(invoke, tmp_path):
    result = invoke("suot", "scan", EXCERPT, "--as-of", "2026-11-01")
    assert result.exit_code == 0, result.output
    assert ("строка 2: цитирует Приказ Минтруда от 19.08.2016 № 438н — утратил силу 01.03.2022; "
            "вместо него: Приказ Минтруда от 29.10.2021 № 776н") in result.output
    assert "повторный инструктаж" in result.output
    assert "строка 9" in result.output and "строка 11" in result.output


def test_scan_command_json_shape(invoke):
    result = invoke("suot", "scan", EXCERPT, "--as-of", "2026-11-01", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"file", "on", "outdated", "unverified", "contradictions"}
    assert data["on"] == "2026-11-01" and data["file"] == str(EXCERPT)
    first = data["outdated"][0]
    assert first["act"] == "mintrud_438n_2016" and first["line"] == 2
    assert first["replaced_by"] == [{"act": "mintrud_776n_2021", "name": "Приказ Минтруда от 29.10.2021 № 776н"}]
    [contradiction] = data["contradictions"]
    assert [s["line"] for s in contradiction["statements"]] == [9, 11]


def test_scan_command_on_docx(invoke, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Положение разработано по приказу Минтруда России от 19.08.2016 № 438н.")
    document.add_paragraph("Повторный инструктаж проводится не реже одного раза в шесть месяцев.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Повторный инструктаж"
    table.cell(0, 1).text = "1 раз в 3 месяца"
    path = tmp_path / "положение.docx"
    document.save(path)
    result = invoke("suot", "scan", path, "--as-of", "2026-11-01", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [c["act"] for c in data["outdated"]] == ["mintrud_438n_2016"]
    [contradiction] = data["contradictions"]
    assert [(s["line"], s["months"]) for s in contradiction["statements"]] == [(2, 6), (3, 3)]


def test_scan_command_bad_files(invoke, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    picture = tmp_path / "scan.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    for path, words in ((empty, "нет текста"), (picture, "не поддерживается")):
        result = invoke("suot", "scan", path)
        assert result.exit_code == 1
        assert "Ошибка:" in result.output and words in result.output


def test_suot_help_is_russian(invoke):
    result = invoke("suot", "--help")
    assert result.exit_code == 0 and "СУОТ: документы, проверки" in result.output


# ---------------------------------------------------------------- the checks hook


def test_hook_checks_reports_documents_citing_repealed_acts(pm, invoke, workspace):
    from core.app import App
    from core.documents.models import Document

    app = App(pm, workspace=str(workspace))
    with app.session() as session:
        org = app.org(session)
        common = dict(org_id=org.id, made_on=datetime.date(2026, 1, 10), path="x.docx", sha256="0" * 64)
        session.add(Document(kind="suot_regulation", title="Положение о СУОТ", version=1, status="approved",
                             text="Введение.\nРазработано по приказу Минтруда от 19.08.2016 № 438н.", **common))
        # A superseded version and a document citing only acts in force give no finding.
        session.add(Document(kind="suot_old", title="Старое положение", version=1, status="superseded",
                             text="по приказу № 438н", **common))
        session.add(Document(kind="suot_new", title="Новое положение", version=1, status="draft",
                             text="по приказу Минтруда № 776н", **common))
    result = invoke("-w", workspace, "check", "--json", "--today", "2026-11-01")
    assert result.exit_code == 0, result.output
    findings = [f for f in json.loads(result.output)["findings"]
                if f["source"] == "suot" and f["title"].startswith("Документ ссылается")]
    assert len(findings) == 1
    [finding] = findings
    assert finding["severity"] == "error"
    assert "438н" in finding["title"] and "Положение о СУОТ" in finding["subject"]
    assert "утратил силу 01.03.2022" in finding["detail"] and "строки 2" in finding["detail"]
    assert "776н" in finding["fix"]


def test_sunset_without_successor_asks_to_check_not_to_delete():
    [c] = scan_text("по постановлению № 2464", datetime.date(2026, 9, 2)).unverified
    assert "publication.pravo.gov.ru" in c.describe() and "уберите" not in c.describe()
