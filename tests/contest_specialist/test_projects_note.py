"""The note on projects a jury reads (issue 16, point 11): each project once, with its real description
from the practice register and the plan of measures; a project without one is named in the terminal only."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import docx
import pluggy

from core.hookspecs import hookimpl

AS_OF = "2026-11-23"


def jrun(invoke, ws, *args):
    result = invoke("-w", ws, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def pack(invoke, ws, out: Path):
    """The pack's JSON, the note's paragraphs and what the command said on stderr (the text run)."""
    data = jrun(invoke, ws, "contest", "specialist", "pack", "Колесникова", "--out", out / "json", "--as-of", AS_OF)
    text_run = invoke("-w", ws, "contest", "specialist", "pack", "Колесникова", "--out", out / "text", "--as-of", AS_OF)
    assert text_run.exit_code == 0, text_run.output
    path = next(d["path"] for d in data["documents"] if d["kind"] == "contest_specialist_projects")
    items = [p.text for p in docx.Document(path).paragraphs if p.text.strip()]
    return data, items, text_run.stderr


def test_note_describes_each_practice_once_from_the_register(invoke, demo, tmp_path):
    specialist = next(p for p in jrun(invoke, demo, "people", "list") if p["position"] == "Специалист по охране труда")
    practices = [p for p in jrun(invoke, demo, "practice", "list") if p["author_id"] == specialist["id"]
                 and p["implemented_on"] <= AS_OF]
    assert practices
    data, items, stderr = pack(invoke, demo, tmp_path)
    body = "\n".join(items)
    for practice in practices:
        entries = [i for i in items if practice["title"] in i]
        assert len(entries) == 1, practice["title"]
        assert practice["description"] in entries[0]
        day = "{2}.{1}.{0}".format(*practice["implemented_on"].split("-"))
        assert f"Внедрено {day}" in entries[0]
        effect = practice["effect"]
        assert f"Результат: {effect[0].lower()}{effect[1:]}" in entries[0]
    # The demo's own portfolio project (no record behind it) is printed once, with its own description.
    assert sum("Уголок охраны труда в спортзале" in i for i in items) == 1
    assert "разработала содержание и провела инструктаж тренеров" in body
    numbered = [i for i in items if i[:1].isdigit()]
    assert f"Всего проектов: {len(numbered)}." in items
    assert len(numbered) == len(practices) + 1
    assert data["undescribed"] == [] and "Проект без описания" not in stderr
    assert "[" not in body and "practice:" not in body


def test_measure_projects_carry_the_result_and_undescribed_ones_go_to_the_terminal(invoke, demo, register,
                                                                                    tmp_path):
    measures = jrun(invoke, demo, "suot", "measure", "list", "--today", AS_OF)
    done = next(m for m in measures if m["status"] == "done" and m["result"])

    class Projects:
        @hookimpl
        def person_activity(self, ctx, person_id, since, until):
            return [{"kind": "project", "title": done["measure"], "date": datetime.date(2026, 3, 1),
                     "ref": f"measure:{done['id']}"},
                    {"kind": "project", "title": "Проект без записи", "date": datetime.date(2026, 3, 2),
                     "ref": "measure:999"}]

    register(Projects())
    data, items, stderr = pack(invoke, demo, tmp_path)
    entry = next(i for i in items if done["measure"] in i)
    result = done["result"]
    assert f"Результат: {result[0].lower()}{result[1:]}" in entry
    assert "Внедрено {2}.{1}.{0}".format(*done["done_on"].split("-")) in entry
    # No description anywhere: not printed, named in the terminal with the command that adds one.
    assert not any("Проект без записи" in i for i in items)
    assert [p["ref"] for p in data["undescribed"]] == ["measure:999"]
    assert "Проект без описания (в справку не включён): Проект без записи" in stderr
    numbered = [i for i in items if i[:1].isdigit()]
    assert f"Всего проектов: {len(numbered)}." in items


def test_a_portfolio_note_on_a_practice_replaces_its_register_text_and_counts_once(invoke, demo, tmp_path):
    specialist = next(p for p in jrun(invoke, demo, "people", "list") if p["position"] == "Специалист по охране труда")
    practice = next(p for p in jrun(invoke, demo, "practice", "list") if p["author_id"] == specialist["id"])
    before = jrun(invoke, demo, "contest", "specialist", "score", "Колесникова", "--as-of", AS_OF)
    note = "Внедрён в зале спортивной гимнастики; разработала чек-лист и провела первые наблюдения сама."
    result = invoke("-w", demo, "contest", "specialist", "portfolio", "add", "project", "Колесникова", "--on",
                    practice["implemented_on"], "--ref", f"practice:{practice['id']}", "--description", note,
                    "--today", AS_OF)
    assert result.exit_code == 0, result.output
    after = jrun(invoke, demo, "contest", "specialist", "score", "Колесникова", "--as-of", AS_OF)
    assert after["total"] == before["total"]  # a note on a counted record is not a new project
    _data, items, _stderr = pack(invoke, demo, tmp_path)
    entries = [i for i in items if practice["title"] in i]
    assert len(entries) == 1 and note in entries[0] and practice["description"] not in entries[0]


def test_the_contest_declares_its_hook_and_the_owners_stay_valid_without_it(pm, monkeypatch):
    """``project_description`` comes from the contest's own HOOKSPECS; with the contest disabled the owners'
    implementations (optional hooks) do not make the plugin manager invalid."""
    from core.plugins import get_plugin_manager

    assert pm.hook.project_description.spec is not None
    monkeypatch.setenv("OHS_DISABLE_PLUGINS", "contest_specialist")
    try:
        without = get_plugin_manager(entry_points=False)
    except pluggy.PluginValidationError as exc:  # the failure this test guards against
        raise AssertionError(exc) from None
    caller = getattr(without.hook, "project_description", None)
    assert caller is None or caller.spec is None
