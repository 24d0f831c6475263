"""``ohs contest digital score --answers FILE``: the JSON shape, the totals, and errors that name the key."""

from __future__ import annotations

import json
import textwrap

import pytest

FULL = """\
edition: "836-2021"
criteria:
  tasks: acute
  methods: common
  technologies: common
  effect: significant
  design: [modern, consistent_style]
  navigation: [simple, intuitive, multiple_ways]
  ux: [informative]
  support: [form_or_email, phone, video_instructions]
  program_registry: true
  russian_software_registry: false
  operation_years: 3
  deployments: 100
"""


def write(tmp_path, text, name="answers.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def score_json(invoke, ws, path):
    result = invoke("-w", ws, "contest", "digital", "score", "--answers", path, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_score_json_shape_and_totals(invoke, workspace, tmp_path):
    data = score_json(invoke, workspace, write(tmp_path, FULL))
    assert set(data) == {"edition", "total", "max", "sections", "items", "missing"}
    assert data["edition"] == "836-2021" and data["max"] == 1000
    sections = {s["id"]: s for s in data["sections"]}
    assert list(sections) == ["methodology", "technology", "design", "registries", "operation"]
    # By hand from Приложение № 2: 100+50 | 30+100 | (20+10)+(20+20+10)+25+(10+10+10) | 100+0 | 50+50.
    assert [sections[k]["points"] for k in sections] == [150, 130, 135, 100, 100]
    assert all(s["max"] == 200 for s in sections.values())
    assert data["total"] == 615 and data["missing"] == []
    items = {i["key"]: i for i in data["items"]}
    assert items["technologies"]["points"] == 30 and items["technologies"]["answer"] == "общепринятые"
    assert items["deployments"]["answer"] == "100 внедрений: от 10 до 100"
    assert items["operation_years"]["answer"] == "3 года: от 1 до 3 лет"
    assert items["design"]["value"] == ["modern", "consistent_style"]


def test_absent_answers_are_missing_and_zero(invoke, workspace, tmp_path):
    data = score_json(invoke, workspace, write(tmp_path, 'edition: "836-2021"\ncriteria:\n  tasks: relevant\n  deployments: null\n'))
    assert data["total"] == 50
    assert len(data["missing"]) == 11 and {"key": "deployments", "number": "5.2",
                                           "title": "Количество промышленных внедрений", "max": 100} in data["missing"]
    text = invoke("-w", workspace, "contest", "digital", "score", "--answers", tmp_path / "answers.yaml").output
    assert "50 из 1000 баллов" in text and "Нет сведений" in text and "criteria.deployments" in text


@pytest.mark.parametrize(("criteria", "named"), [
    ("  speed: fast\n", "criteria.speed"),
    ("  tasks: urgent\n", "criteria.tasks"),
    ("  technologies: 30\n", "criteria.technologies"),
    ("  design: [modern, shiny]\n", "criteria.design"),
    ("  design: modern\n", "criteria.design"),
    ("  support: [phone, phone]\n", "criteria.support"),
    ("  program_registry: \"да\"\n", "criteria.program_registry"),
    ("  deployments: -1\n", "criteria.deployments"),
    ("  deployments: 10.5\n", "criteria.deployments"),
    ("  deployments: many\n", "criteria.deployments"),
    ("  operation_years: -0.5\n", "criteria.operation_years"),
    ("  operation_years: true\n", "criteria.operation_years"),
])
def test_wrong_answers_fail_naming_the_key(invoke, workspace, tmp_path, criteria, named):
    path = write(tmp_path, 'edition: "836-2021"\ncriteria:\n' + criteria)
    result = invoke("-w", workspace, "contest", "digital", "score", "--answers", path)
    assert result.exit_code == 1
    assert named in result.stderr and result.stderr.startswith("Ошибка:")


@pytest.mark.parametrize(("text", "named"), [
    ('edition: "836-2021"\nextra: 1\n', "«extra»"),
    ("criteria:\n  tasks: acute\n", "edition"),
    ('edition: "999-2030"\n', "999-2030"),
    ('edition: "836-2021"\ncriteria: [tasks]\n', "criteria"),
    ("- just a list\n", "словарь"),
    ('edition: "836-2021"\ncriteria:\n  tasks: [acute\n', "строка"),
])
def test_malformed_files_are_refused(invoke, workspace, tmp_path, text, named):
    path = write(tmp_path, text)
    result = invoke("-w", workspace, "contest", "digital", "score", "--answers", path)
    assert result.exit_code == 1 and named in result.stderr


def test_a_missing_answers_file_says_how_to_start_one(invoke, workspace, tmp_path):
    result = invoke("-w", workspace, "contest", "digital", "score", "--answers", tmp_path / "nope.yaml")
    assert result.exit_code == 1 and "ohs contest digital facts --out" in result.stderr


def test_an_answers_file_is_scored_outside_a_workspace(invoke, tmp_path):
    result = invoke("contest", "digital", "score", "--answers", write(tmp_path, FULL), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.output)["total"] == 615
