"""``ohs contest digital questionnaire``: the fields of Приложение № 1, their checks, defaults and history."""

from __future__ import annotations

import json

import pytest

from plugins.contest_digital.criteria import get_edition

TODAY = "2026-11-23"
# Приложение № 1, as printed in the seed: 1.1–1.9, 2.1–2.4, 3.1–3.6, 4.1–4.2, 5.1–5.2, 6.1–6.2.
NUMBERS = (["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "2.1", "2.2", "2.3", "2.4",
            "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "4.1", "4.2", "5.1", "5.2", "6.1", "6.2"])


def run(invoke, ws, *args):
    result = invoke("-w", ws, "contest", "digital", *args)
    assert result.exit_code == 0, result.output + result.stderr
    return result.output


def show(invoke, ws, today=TODAY):
    data = json.loads(run(invoke, ws, "questionnaire", "show", "--json", "--today", today))
    return {f["key"]: f for f in data["fields"]}, data["missing"]


def test_every_field_of_the_form_is_there():
    edition = get_edition("836-2021")
    assert [f.number for f in edition.fields] == NUMBERS
    assert [g for g, _t in edition.groups] == ["1", "2", "3", "4", "5", "6"]
    assert edition.field("operation.launch_year").title == "Год запуска в промышленную эксплуатацию ИТ-решения"


def test_set_show_and_defaults_from_the_profile(invoke, workspace):
    invoke("-w", workspace, "org", "set", "inn=7707083893", "name=ООО «Цифра»", "email=INFO@Cifra.example",
           "website=cifra.example", "legal_address=г. Москва, ул. Тверская, 1")
    fields, missing = show(invoke, workspace)
    assert fields["owner.inn"]["value"] == "7707083893" and fields["owner.inn"]["source"] == "profile"
    assert fields["owner.email"]["value"] == "INFO@cifra.example"
    assert fields["owner.website"]["value"] == "https://cifra.example"
    assert fields["owner.region"]["value"] is None and "owner.region" in missing
    assert "registries.program_registry" not in missing  # optional: absence from the registry is an answer
    out = run(invoke, workspace, "questionnaire", "set", "owner.region=Московская область",
              "owner.inn=500100732259", "contact.name=Петров  Пётр Петрович", "contact.phone=+7 (495) 123-45-67",
              "registries.program_registry=№ 2021612345 от 12.03.2021", "registries.russian_software=№ 12345",
              "operation.launch_year=2021", "--today", TODAY)
    assert "Записано полей анкеты: 7" in out
    fields, missing = show(invoke, workspace)
    assert fields["owner.inn"]["value"] == "500100732259" and fields["owner.inn"]["source"] == "questionnaire"
    assert fields["owner.inn"]["set_on"] == TODAY
    assert fields["contact.name"]["value"] == "Петров Пётр Петрович"
    assert fields["registries.program_registry"]["value"] == "2021612345 от 12.03.2021"
    assert fields["registries.russian_software"]["value"] == "12345"
    assert "owner.region" not in missing
    text = run(invoke, workspace, "questionnaire", "show", "--today", TODAY)
    assert "1.3 Субъект Российской Федерации (owner.region): Московская область [анкета]" in text


@pytest.mark.parametrize(("pair", "words"), [
    ("owner.inn=7707083894", "контрольная цифра"),
    ("owner.inn=12345", "10 цифр"),
    ("owner.email=info@", "name@example.ru"),
    ("contact.email=два слова@x.ru", "name@example.ru"),
    ("owner.phone=12-34", "10–11 цифр"),
    ("owner.website=ftp://files.example", "http"),
    ("solution.url=не адрес", "https://example.ru"),
    ("operation.launch_year=2027", "ещё не наступил"),
    ("operation.launch_year=21", "четырёхзначным"),
    ("operation.launch_year=1900", "опечатки"),
    ("contact.name=Петров", "фамилия и имя"),
    ("registries.program_registry=2021620123", "базу данных"),
    ("registries.program_registry=202161234", "10 цифр"),
    ("registries.program_registry=2030612345", "невозможен"),
    ("registries.program_registry=2021612345 от 12.03.2020", "2021 году"),
    ("registries.program_registry=2021612345 от 40.03.2021", "такой даты нет"),
    ("registries.russian_software=0", "от 1"),
    ("registries.russian_software=ABC", "не распознан"),
    ("registries.russian_software=12345 от 01.01.2015", "с 2016"),
    ("owner.colour=синий", "неизвестное поле"),
])
def test_wrong_values_are_refused_naming_the_key_and_nothing_is_written(invoke, workspace, pair, words):
    key = pair.split("=", 1)[0]
    result = invoke("-w", workspace, "contest", "digital", "questionnaire", "set", "owner.region=Тульская область",
                    pair, "--today", TODAY)
    assert result.exit_code == 1
    assert "Анкета не изменена" in result.stderr and f"{key}:" in result.stderr and words in result.stderr
    fields, _missing = show(invoke, workspace)
    assert fields["owner.region"]["value"] is None


def test_values_are_dated_records_and_clearing_restores_the_default(invoke, workspace):
    invoke("-w", workspace, "org", "set", "phone=(4872) 11-22-33")
    run(invoke, workspace, "questionnaire", "set", "owner.phone=(4872) 44-55-66", "--today", "2026-01-10")
    run(invoke, workspace, "questionnaire", "set", "owner.phone=(4872) 77-88-99", "--today", "2026-06-01")
    assert show(invoke, workspace, "2026-03-01")[0]["owner.phone"]["value"] == "(4872) 44-55-66"
    assert show(invoke, workspace)[0]["owner.phone"]["value"] == "(4872) 77-88-99"
    out = run(invoke, workspace, "questionnaire", "set", "owner.phone=(4872) 77-88-99", "--today", TODAY)
    assert "всё уже так" in out
    run(invoke, workspace, "questionnaire", "set", "owner.phone=", "--today", TODAY)
    phone = show(invoke, workspace)[0]["owner.phone"]
    assert phone["value"] == "(4872) 11-22-33" and phone["source"] == "profile"
    history = json.loads(run(invoke, workspace, "questionnaire", "history", "--json"))
    assert [(h["set_on"], h["value"]) for h in history if h["key"] == "owner.phone"] == [
        ("2026-01-10", "(4872) 44-55-66"), ("2026-06-01", "(4872) 77-88-99"), (TODAY, None)]
    from core.app import App
    from core.audit import entries
    from core.plugins import get_plugin_manager

    app = App(get_plugin_manager(entry_points=False), workspace=str(workspace))
    with app.session(write=False) as session:
        log = [e for e in entries(session, app.org(session)) if e.action == "contest_digital.set"]
    assert len(log) == 3 and json.loads(log[0].details) == {"set_on": TODAY, "owner.phone": None}


def test_a_pair_without_equals_is_a_usage_error(invoke, workspace):
    result = invoke("-w", workspace, "contest", "digital", "questionnaire", "set", "owner.region")
    assert result.exit_code == 1 and "КЛЮЧ=ЗНАЧЕНИЕ" in result.stderr


def test_assess_stores_the_self_assessment_checked_like_the_answers_file(invoke, workspace):
    out = run(invoke, workspace, "assess", "tasks=acute", "design=modern,consistent_style", "ux=[]",
              "program_registry=да", "deployments=12", "operation_years=1,5", "--today", TODAY)
    assert "Записано ответов самооценки: 6" in out
    data = json.loads(run(invoke, workspace, "facts", "--as-of", TODAY, "--json"))
    assert data["answers"]["tasks"] == {"value": "acute", "source": "самооценка от 23.11.2026"}
    assert data["answers"]["design"]["value"] == ["modern", "consistent_style"]
    assert data["answers"]["ux"]["value"] == [] and data["answers"]["program_registry"]["value"] is True
    assert data["answers"]["deployments"]["value"] == 12 and data["answers"]["operation_years"]["value"] == 1.5
    bad = invoke("-w", workspace, "contest", "digital", "assess", "deployments=-3", "tasks=urgent")
    assert bad.exit_code == 1
    assert "criteria.deployments" in bad.stderr and "criteria.tasks" in bad.stderr
    assert json.loads(run(invoke, workspace, "facts", "--json"))["answers"]["deployments"]["value"] == 12
