"""``ohs contest digital pack`` on the demo school: the three documents read back, the answers, the score, the ZIP."""

from __future__ import annotations

import json
import zipfile

import yaml

from core.hookspecs import hookimpl
from core.testing import docx_text

TODAY = "2026-11-23"


def pack(invoke, ws, out, *extra):
    result = invoke("-w", ws, "contest", "digital", "pack", "--out", out, "--today", TODAY, "--json", *extra)
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.output)


def made(data, kind):
    return next(m["path"] for m in data["made"] if m["kind"] == kind)


def test_demo_pack_end_to_end(invoke, demo, tmp_path):
    out = tmp_path / "application"
    data = pack(invoke, demo, out)
    assert data["complete"] and data["missing"] == []
    assert [m["kind"] for m in data["made"]] == [
        "contest_digital_questionnaire", "contest_digital_assessment", "contest_digital_scenario"]
    with zipfile.ZipFile(data["zip"]) as archive:
        names = sorted(archive.namelist())
    assert names == sorted([p.rsplit("/", 1)[-1] for p in data["files"]])
    assert "answers.yaml" in names and "score.json" in names and sum(n.endswith(".docx") for n in names) == 3

    questionnaire = docx_text(made(data, "contest_digital_questionnaire"))
    assert "АНКЕТА ИТ-РЕШЕНИЯ" in questionnaire
    for expected in ("7106045124", "Тульская область", "Ульянова Марина Александровна", "sport-gym@tula.example",
                     "Специалист по охране труда", "ohs@sport-gym.tula.example", "https://sport-gym.tula.example/ohs",
                     "реестр работников — 45 человек", "М.А. Ульянова", "Год запуска в промышленную эксплуатацию ИТ-решения"):
        assert expected in questionnaire, expected
    for number in ("1.1", "1.9", "2.4", "3.6", "4.2", "5.1", "5.2", "6.1", "6.2"):
        assert f"\n{number}\n" in questionnaire, number

    # The self-assessment agrees with the score, recomputed from the demo's answers by hand.
    scored = json.loads(invoke("-w", demo, "contest", "digital", "score", "--today", TODAY, "--json").output)
    # relevant 50 + common 50 | common 30 + tangible 50 | 10 + (20+10) + 50 + (10+10) | 0 + 0 | до 1 года 20 + 1 внедрение 20
    assert scored["total"] == 330 == data["total"]
    assert json.loads((out / "score.json").read_text(encoding="utf-8")) == scored
    assessment = docx_text(made(data, "contest_digital_assessment"))
    assert "САМООЦЕНКА" in assessment and "\n330\n1000" in assessment
    assert "Использованные технологии\nДемонстрационный полигон\nобщепринятые\nсамооценка от 23.11.2026\n30\n100" in assessment
    assert "1 внедрение: до 10" in assessment and "Сведения представлены по всем показателям." in assessment

    answers = yaml.safe_load((out / "answers.yaml").read_text(encoding="utf-8"))
    assert answers["criteria"]["technologies"] == "common" and answers["criteria"]["deployments"] == 1


def test_scenario_tells_every_document_kind_in_plain_russian(invoke, demo, tmp_path, register):
    """Every installed kind is in the scenario by its title with its state; a new plugin's figures are told
    in words; no command line, option or internal key reaches the jury's text."""

    class Extra:
        @hookimpl
        def document_kinds(self):
            from core.documents.kinds import DocumentKind, MissingDataError, MissingField

            def build(request):
                raise MissingDataError("Проверочный", [MissingField("Поле проверки", "ohs zeta run")])

            return [DocumentKind(key="zeta_doc", title="Проверочный документ", template="zeta/x.xml.j2", build=build,
                                 approval="none", plugin="zeta")]

        @hookimpl
        def stats(self, ctx):
            return [("zeta.things", "Проверочных записей", 4)]

    register(Extra())
    data = pack(invoke, demo, tmp_path / "app")
    scenario = docx_text(made(data, "contest_digital_scenario"))
    kinds = json.loads(invoke("-w", demo, "docs", "kinds", "--json").output)
    assert any(k["key"] == "zeta_doc" for k in kinds)
    for kind in kinds:
        if kind["key"] != "contest_digital_scenario":
            assert f"{kind['title']}\n" in scenario, kind["key"]
    assert "Проверочный документ\nнужно указать: поле проверки" in scenario
    assert "Анкета ИТ-решения (конкурс «Лучшие цифровые решения по охране труда»)\nготов к формированию" in scenario
    assert "Кроме того, в программе ведутся: проверочных записей — 4." in scenario
    assert "ohs " not in scenario and " --" not in scenario and "zeta" not in scenario


def test_scenario_and_questionnaire_tell_the_figures_of_the_records(invoke, demo, tmp_path):
    """The account of use agrees with the records: the stats the facts command reports, told as sentences."""
    facts = json.loads(invoke("-w", demo, "contest", "digital", "facts", "--json").output)["facts"]
    data = pack(invoke, demo, tmp_path / "app")
    figures = {s["key"]: s["value"] for s in facts["stats"]}
    for kind in ("contest_digital_scenario", "contest_digital_questionnaire"):
        text = docx_text(made(data, kind))
        assert f"Журнал инструктажей по охране труда ведётся в электронном виде: {figures['briefings']} записей" in text
        assert f"реестр работников — {figures['people']} человек из {figures['departments']} подразделений" in text
        assert f"составлено {figures['suot.control_acts']} актов, в них {figures['suot.control_findings']} " \
               "выявленных нарушений" in text
        assert f"Передовой опыт собирается в реестр: {figures['best_practices.practices']} практик" in text
        assert "ohs " not in text and "--" not in text and "suot." not in text


def test_an_incomplete_questionnaire_is_not_zipped(invoke, workspace, tmp_path):
    data = pack(invoke, workspace, tmp_path / "app")
    assert not data["complete"] and data["zip"] is None
    missing = {m["kind"]: m for m in data["missing"]}
    assert list(missing) == ["contest_digital_questionnaire"]
    commands = [f["command"] for f in missing["contest_digital_questionnaire"]["fields"]]
    assert "ohs contest digital questionnaire set owner.inn=…" in commands
    assert "ohs contest digital questionnaire set registries.program_registry=…" not in commands
    # The other documents are made, and the text output says why there is no archive.
    assert {m["kind"] for m in data["made"]} == {"contest_digital_assessment", "contest_digital_scenario"}
    text = invoke("-w", workspace, "contest", "digital", "pack", "--out", tmp_path / "again", "--today", TODAY).output
    assert "Архив не собран" in text and "owner.region" in text


def test_pack_with_an_answers_file_and_docs_make(invoke, demo, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text('edition: "836-2021"\ncriteria:\n  tasks: acute\n  deployments: 101\n', encoding="utf-8")
    data = pack(invoke, demo, tmp_path / "app", "--answers", answers)
    assert data["total"] == 200
    assessment = docx_text(made(data, "contest_digital_assessment"))
    assert "остро актуальные\nфайл ответов answers.yaml\n100\n100" in assessment
    assert "Сведения не представлены (по 10 показателям):" in assessment and "criteria.methods" in assessment
    # The registry's own command makes the same kind from the stored self-assessment.
    result = invoke("-w", demo, "docs", "make", "contest_digital_assessment", "--today", TODAY, "--json")
    assert result.exit_code == 0, result.output
    assert "\n330\n1000" in docx_text(json.loads(result.output)["path"])


def test_a_bad_answers_file_leaves_no_files(invoke, demo, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text('edition: "836-2021"\ncriteria:\n  deployments: -5\n', encoding="utf-8")
    out = tmp_path / "app"
    result = invoke("-w", demo, "contest", "digital", "pack", "--out", out, "--answers", answers)
    assert result.exit_code == 1 and "criteria.deployments" in result.stderr
    assert not out.exists()
    listed = json.loads(invoke("-w", demo, "docs", "list", "--json").output)
    assert not [d for d in listed if d["kind"].startswith("contest_digital")]
