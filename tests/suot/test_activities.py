"""The organization's own activities (issue 15, point 5): instructions, programmes and hazards follow them.

A football and swimming school declares ``activities=плавание,футбол`` and gets the pool and field
instructions, never the demo's gymnastics one; read back from the DOCX as a user would.
"""

from __future__ import annotations

import json

from core.hookspecs import hookimpl
from core.testing import docx_text

TODAY = "2026-11-23"
STAFF = (("Серов Пётр Ильич", "Тренер-преподаватель"), ("Ким Ли", "Рабочий по комплексному обслуживанию здания"),
         ("Колесникова Анна Сергеевна", "Специалист по охране труда"), ("Петрова Ольга Ивановна", "Директор"))


def ok(invoke, ws, *args):
    result = invoke("-w", ws, *args)
    assert result.exit_code == 0, result.output + result.stderr
    return result.output


def document(invoke, ws, kind):
    made = json.loads(ok(invoke, ws, "docs", "make", kind, "--today", TODAY, "--json"))
    return docx_text(made["path"])


def school(invoke, ws):
    for name, position in STAFF:
        ok(invoke, ws, "people", "add", name, "--position", position, "--hired-on", "2020-09-01", "--today", TODAY)
    ok(invoke, ws, "org", "set", "name=МБУ «Спортивная школа «Волна»", "short_name=МБУ СШ «Волна»", "head=Петрова",
       "--today", TODAY)


def test_a_swimming_and_football_school_gets_pool_and_field_instructions(invoke, workspace):
    school(invoke, workspace)
    assert "Изменено: activities" in ok(invoke, workspace, "org", "set", "activities=Плавание, футбол")
    assert json.loads(ok(invoke, workspace, "org", "show", "--json"))["activities"] == ["swimming", "football"]
    assert "Виды деятельности: плавание, футбол" in ok(invoke, workspace, "org", "show")

    text = document(invoke, workspace, "instructions_list")
    for title in ("при проведении учебно-тренировочных занятий по плаванию в бассейне",
                  "при обеззараживании воды бассейна и работе с химическими реагентами",
                  "при проведении учебно-тренировочных занятий по футболу на футбольном поле",
                  "при содержании футбольного поля и искусственного покрытия"):
        assert f"Инструкция по охране труда {title}" in text
    assert "гимнаст" not in text.lower()
    # Declared order: the swimming instructions before the football ones, numbered on from the positions.
    assert text.index("в бассейне") < text.index("на футбольном поле")

    program = document(invoke, workspace, "workplace_program")
    assert "спасение тонущего" in program and "крепление ворот" in program
    assert "снарядов, страховочных матов" not in program

    codes = {h["code"] for h in json.loads(ok(invoke, workspace, "risk", "hazard", "list", "--json"))}
    assert {"swimming.chemicals", "football.goals"} <= codes
    assert not any(code.startswith("gymnastics.") for code in codes)


def test_unknown_activity_is_refused_and_nothing_changes(invoke, workspace):
    ok(invoke, workspace, "org", "set", "activities=футбол")
    result = invoke("-w", workspace, "org", "set", "activities=футбол,керлинг", "okved=93.19")
    assert result.exit_code == 1
    assert "Виды деятельности (activities): Неизвестные виды деятельности: «керлинг»; известны:" in result.stderr
    assert "плавание" in result.stderr
    shown = json.loads(ok(invoke, workspace, "org", "show", "--json"))
    assert (shown["activities"], shown["okved"]) == (["football"], None)  # neither value written
    ok(invoke, workspace, "org", "set", "activities=")
    assert json.loads(ok(invoke, workspace, "org", "show", "--json"))["activities"] == []


def test_without_declared_activities_the_generic_training_instruction(invoke, workspace):
    school(invoke, workspace)
    text = document(invoke, workspace, "instructions_list")
    assert "Инструкция по охране труда при проведении учебно-тренировочных занятий" in text
    assert "гимнаст" not in text.lower() and "бассейн" not in text


def test_the_demo_declares_gymnastics(invoke, demo):
    assert json.loads(ok(invoke, demo, "org", "show", "--json"))["activities"] == ["gymnastics"]
    text = document(invoke, demo, "instructions_list")
    assert "при проведении учебно-тренировочных занятий по спортивной гимнастике" in text
    assert "бассейн" not in text and "футбол" not in text


def test_hook_known_activities(invoke, workspace, register):
    """Another plugin's activities are accepted too; the СУОТ documents know only their own catalogue's."""

    class Rowing:
        @hookimpl
        def known_activities(self):
            return [{"key": "rowing", "title": "гребля", "aliases": ["академическая гребля"]}]

    register(Rowing())
    ok(invoke, workspace, "org", "set", "activities=Академическая гребля, плавание")
    assert json.loads(ok(invoke, workspace, "org", "show", "--json"))["activities"] == ["rowing", "swimming"]
    assert "Виды деятельности: гребля, плавание" in ok(invoke, workspace, "org", "show")
