"""Every document kind passes the document lint on the demo: no internal keys, no placeholders, no «(а)»
where the sex is known, no toolkit remarks or command lines, filled dates without «ёлочки», positions in
lower case after a comma, no stray Latin words.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from core.documents.lint import docx_plain_text, lint_text
from plant_org import SPECIALIST as PLANT_SPECIALIST
from plant_org import build_plant

TODAY = "2026-11-23"

#: Kinds not yet rewritten for the lint (issue «Documents a specialist signs as printed»). Strict: once a
#: kind passes, this list must shrink.
NOT_YET: set[str] = set()


def jrun(invoke, ws, *args):
    result = invoke("-w", ws, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def made_documents(invoke, ws: Path, out: Path, specialist: str = "Колесникова", digital: bool = True
                   ) -> dict[str, Path]:
    """Every kind the workspace can make, as a user makes them: the pack, each kind, the notice, the contests.

    ``digital``: the organization applies to the digital-solutions contest (the demo school presents the
    toolkit; a foundry has no IT solution to enter, so its questionnaire is not made).
    """
    paths: dict[str, Path] = {}
    for doc in jrun(invoke, ws, "suot", "pack", "--today", TODAY)["made"]:
        paths[doc["kind"]] = Path(doc["path"])
    incidents = jrun(invoke, ws, "incidents", "list")
    accident = next(i for i in incidents if i["type"] == "accident")
    notice = jrun(invoke, ws, "incidents", "notice", str(accident["id"]), "--today", TODAY)
    paths["accident_notice"] = Path(notice["path"])
    contest = jrun(invoke, ws, "contest", "specialist", "pack", specialist, "--out", out / "specialist",
                   "--as-of", TODAY)
    paths.update({d["kind"]: Path(d["path"]) for d in contest["documents"]})
    if digital:
        made = jrun(invoke, ws, "contest", "digital", "pack", "--out", out / "digital", "--today", TODAY)
        paths.update({d["kind"]: Path(d["path"]) for d in made["made"]})
    for kind in jrun(invoke, ws, "docs", "kinds"):
        if kind["key"] in paths or (not digital and kind["key"].startswith("contest_digital")):
            continue
        result = invoke("-w", ws, "docs", "make", kind["key"], "--today", TODAY, "--json")
        assert result.exit_code == 0, f"{kind['key']}: {result.output}"
        paths[kind["key"]] = Path(json.loads(result.output)["path"])
    return paths


def lint_findings(invoke, ws: Path, documents: dict[str, Path]) -> dict[str, list[str]]:
    """Every made kind's lint findings (positions as the organization stores them)."""
    positions = {p["position"] for p in jrun(invoke, ws, "people", "list", "--all")}
    return {kind: [str(f) for f in lint_text(docx_plain_text(str(path)), positions)]
            for kind, path in sorted(documents.items())}


def test_every_kind_passes_the_lint_on_the_demo(invoke, demo, tmp_path):
    documents = made_documents(invoke, demo, tmp_path)
    kinds = {k["key"] for k in jrun(invoke, demo, "docs", "kinds")}
    assert kinds <= set(documents), f"kinds not made: {kinds - set(documents)}"
    findings = lint_findings(invoke, demo, documents)
    broken = {kind: found[:5] for kind, found in findings.items() if found and kind not in NOT_YET}
    assert broken == {}
    assert all(findings[kind] for kind in NOT_YET), "a kind now passes: take it off NOT_YET"


def test_every_kind_passes_the_lint_on_a_foundry(invoke, tmp_path):
    """A second organization shaped unlike the school: production, a company, men and women, harmful work."""
    plant = build_plant(invoke, tmp_path / "plant")
    documents = made_documents(invoke, plant, tmp_path / "made", PLANT_SPECIALIST, digital=False)
    kinds = {k["key"] for k in jrun(invoke, plant, "docs", "kinds") if not k["key"].startswith("contest_digital")}
    assert kinds <= set(documents), f"kinds not made: {kinds - set(documents)}"
    assert {kind: found[:5] for kind, found in lint_findings(invoke, plant, documents).items() if found} == {}


@pytest.mark.parametrize(("text", "rule"), [
    ("(источник: оценка рисков, risk:12)", "внутренний идентификатор"),
    ("Проект [нужно описание: место внедрения]", "заполнитель в квадратных скобках"),
    ("С приказом ознакомлен(а): ____", "форма «(а)» вместо рода"),
    ("от «12» января 2026 г. № 5", "дата в кавычках"),
    ("Форма журнала (утверждённой формы журнала нет)", "служебное замечание"),
    ("Справка: ohs docs make policy", "служебное замечание"),
    ("Иванов Иван Иванович, Главный бухгалтер", "должность с прописной после запятой"),
    ("Проверено по checklist", "латиница"),
])
def test_each_rule_catches_its_case(text, rule):
    assert rule in [f.rule for f in lint_text(text, positions={"Главный бухгалтер"})]


@pytest.mark.parametrize("text", [
    "от 12 января 2026 г. № 5", "Иванов И.И., главный бухгалтер", "сайт https://school.example, почта a@b.ru",
    "Раздел VIII, форма XLSX", "Главный бухгалтер, специалист по кадрам",
])
def test_clean_text_passes(text):
    assert lint_text(text, positions={"Главный бухгалтер", "Специалист по кадрам"}) == []


# ---------------------------------------------------------------- rendering: no word split inside a cell

_TOKEN = re.compile(r"[\w.№/]+-?", re.UNICODE)


def _vocabulary(path: Path) -> set[str]:
    """Every word of the DOCX (paragraphs and cells), with its parts around hyphens and slashes."""
    words = set()
    for token in _TOKEN.findall(docx_plain_text(str(path))):
        token = token.strip(".-/")
        words.add(token)
        words.update(part for part in re.split(r"[-/.]", token) if part)
    return words


def split_words(pdf_text: str, vocabulary: set[str]) -> list[str]:
    """Fragments in the rendered text that are no word of the document and no part of a hyphenated one."""
    tokens = [t for t in _TOKEN.findall(pdf_text)]
    hyphenated = [t[:-1] for t in tokens if t.endswith("-")]
    broken = []
    for token in tokens:
        bare = token.strip(".-/")
        if not bare or bare.isdigit() or bare in vocabulary:
            continue
        if any(ch.isdigit() for ch in bare) and "." in bare:
            broken.append(bare)  # a date or a numbered point cut short: «27.03.202»
            continue
        if token.endswith("-") or any(head + bare in vocabulary for head in hyphenated):
            continue  # a syllable break made by hyphenation: «прово-» + «дившего»
        if any(word.endswith(bare) and any(head and head in word[:-len(bare)] for head in hyphenated)
               for word in vocabulary if len(word) > len(bare)):
            continue  # the last piece of a word hyphenated more than once: «нетру-» «доспособно-» «сти»
        if all(part in vocabulary or part.isdigit() for part in re.split(r"[-/.]", bare) if part):
            continue
        broken.append(bare)
    return sorted(set(broken))


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) и poppler-utils (pdftotext) не установлены")
@pytest.mark.skipif(not Path("/usr/share/hyphen/hyph_ru_RU.dic").exists(),
                    reason="нет русских шаблонов переносов для LibreOffice (пакет hyphen-ru)")
def test_no_word_is_split_when_rendered(invoke, demo, backend, tmp_path):
    if backend.name != "sqlite":
        pytest.skip("the rendering depends on the documents, not on the database: checked once, on SQLite")
    plant = build_plant(invoke, tmp_path / "plant")
    documents = {f"demo-{kind}": path for kind, path in made_documents(invoke, demo, tmp_path / "made").items()}
    documents.update({f"plant-{kind}": path for kind, path in made_documents(
        invoke, plant, tmp_path / "made-plant", PLANT_SPECIALIST, digital=False).items()})
    folder = tmp_path / "render"
    folder.mkdir()
    for name, path in documents.items():
        shutil.copy(path, folder / f"{name}.docx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder), *sorted(str(p) for p in folder.glob("*.docx"))],
        check=True, capture_output=True, timeout=900,
    )
    broken = {}
    for name in documents:
        pdf = folder / f"{name}.pdf"
        assert pdf.is_file(), name
        # Words as drawn (-bbox): plain pdftotext joins a line ending in «-» with the next and hides the break.
        drawn = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        # A hyphenation break is drawn as U+00AD/U+2010 rather than «-».
        words = [html.unescape(w).replace("\u00ad", "-").replace("\u2010", "-")
                 for w in re.findall(r"<word [^>]*>(.*?)</word>", drawn)]
        # In justified lines the break's hyphen can come out as a word of its own: join it back.
        found = split_words(" ".join(words).replace(" - ", "- "), _vocabulary(folder / f"{name}.docx"))
        if found:
            broken[name] = found[:8]
    assert broken == {}


def test_split_words_tells_a_break_from_hyphenation():
    vocabulary = {"проводившего", "инструктаж", "27.03.2024", "27", "03", "2024"}
    assert split_words("проводивш\nего инструктаж", vocabulary) == ["его", "проводивш"]
    assert split_words("прово-\nдившего инструктаж 27.03.2024", vocabulary) == []
    assert split_words("27.03.202\n4", vocabulary) == ["27.03.202"]
    assert split_words("нетру- доспособно- сти", {"нетрудоспособности"}) == []


#: Forms with a layout of their own: the contest applications (the Ministry's forms), the district's summary
#: (the administration's paper), the notice to the Social Fund (its form names the employer inside) and the
#: personal cards of Приложения № 2 and 3 to the Правила 766н (the form's own heading).
OWN_LAYOUT_PREFIXES = ("contest_", "best_practices_district", "accident_notice", "ppe_card", "ppe_washing_card")


def test_the_organization_stands_above_the_document_type(invoke, demo, tmp_path):
    import docx

    plant = build_plant(invoke, tmp_path / "plant")
    missing = []
    for ws, documents in ((demo, made_documents(invoke, demo, tmp_path / "made")),
                          (plant, made_documents(invoke, plant, tmp_path / "made-plant", PLANT_SPECIALIST,
                                                 digital=False))):
        missing += organization_not_above(docx, jrun(invoke, ws, "org", "show")["name"], documents)
    assert missing == []


def organization_not_above(docx, name: str, documents: dict[str, Path]) -> list[str]:
    """Kinds (of the ordinary layout) whose organization name does not stand before the document type."""
    missing = []
    for kind, path in sorted(documents.items()):
        if kind.startswith(OWN_LAYOUT_PREFIXES):
            continue
        before = []
        for paragraph in docx.Document(str(path)).paragraphs:
            if paragraph.style.name == "Title":
                break
            before.append(paragraph.text)
        if name not in "\n".join(before):
            missing.append(kind)
    return missing
