"""``ohs setup``: from an empty folder and a 1С export to the СУОТ pack and the first quarterly report (issue 15, p. 4)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.testing import docx_text

TODAY = "2026-11-23"

#: «Список сотрудников» of 1С:ЗУП as it comes: report titles, «Сотрудник», «Табельный номер», «Итого».
ZUP = [
    ("Список сотрудников",),
    ("Организация: МБУ СШОР № 3",),
    ("Дата формирования: 20.11.2026",),
    (),
    ("№", "Сотрудник", "Табельный номер", "Подразделение", "Должность", "Дата приема", "Вид занятости", "Ставка",
     "Оклад", "Пол", "Дата рождения"),
    (1, "Петрова Ольга Ивановна", "0000-00001", "Администрация", "Директор", dt.datetime(2015, 9, 1),
     "Основное место работы", 1, 90000, "Женский", dt.datetime(1975, 2, 1)),
    (2, "Колесникова Анна Сергеевна", "0000-00002", "Администрация", "Специалист по охране труда", "01.03.2021",
     "Основное место работы", 1, 50000, "Женский", dt.datetime(1988, 5, 3)),
    (3, "Ёлкин Семён Петрович", "0000-00003", "Администрация", "Заместитель директора", dt.datetime(2020, 2, 1),
     "Основное место работы", 1, 60000, "Мужской", dt.datetime(1979, 7, 9)),
    (4, "Серов Пётр Ильич", "0000-00004", "Отделение плавания", "Тренер-преподаватель", dt.datetime(2018, 9, 1),
     "Основное место работы", 1, 45000, "Мужской", dt.datetime(1985, 3, 12)),
    (5, "Иванова Мария Петровна", "0000-00005", "Отделение плавания", "Старший тренер-преподаватель",
     dt.datetime(2016, 9, 1), "Внутреннее совместительство", 0.5, 25000, "Женский", dt.datetime(1982, 11, 2)),
    ("Итого", None, None, None, None, None, None, None, 270000),
    (None, "Главный бухгалтер ____________ Иванова И.И."),
]

ANSWERS = """\
[profile]
name = "Муниципальное бюджетное учреждение «Спортивная школа олимпийского резерва № 3»"
short_name = "МБУ СШОР № 3"
inn = "7107000013"
legal_address = "300041, г. Тула, ул. Ленина, д. 1"
okved = "93.19"
sector = "education"
municipality = "город Тула"

[people]
file = "hr.xlsx"

[head]
person = "Петрова Ольга Ивановна"

[specialist]
person = "Колесникова Анна Сергеевна"
order_number = "12-ОТ"
order_date = 2026-01-12

[commission]
order_number = "14-ОТ"
order_date = 2026-01-15
chair = "Петрова Ольга Ивановна"
members = ["Колесникова Анна Сергеевна", "Ёлкин Семён Петрович"]

[instructors]
order_number = "13-ОТ"
order_date = 2026-01-12

[instructors.by_department]
"Администрация" = "Ёлкин Семён Петрович"
"Отделение плавания" = "Иванова Мария Петровна"

[goals]
items = ["Отсутствие несчастных случаев на производстве",
         { text = "Обучение всех работников оказанию первой помощи", indicator = "доля обученных", target = "100 %" }]

[sector]
profiles = ["sports_school"]

[district]
addressee = "Заместителю главы администрации города Тулы\\nИванову И.И."
deadline_day = 20
"""


def xlsx(path: Path, rows) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row) or [None])
    book.save(path)
    return path


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty folder with the HR export and the answers beside it, as the user starts."""
    start = tmp_path / "school"
    start.mkdir()
    xlsx(tmp_path / "hr.xlsx", ZUP)
    (tmp_path / "answers.toml").write_text(ANSWERS, encoding="utf-8")
    monkeypatch.chdir(start)
    monkeypatch.setenv("OHS_TODAY", TODAY)
    return start


def setup(invoke, answers):
    return invoke("setup", "--answers", str(answers))


def as_json(invoke, *args):
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_setup_from_an_empty_folder_to_the_pack_and_the_quarterly_report(invoke, folder):
    result = setup(invoke, folder.parent / "answers.toml")
    assert result.exit_code == 0, result.output + result.stderr
    out = result.output
    assert (folder / "ohs.toml").is_file() and "Рабочей папки нет — создаю её" in out
    # The people step showed the dry-run summary before it wrote.
    assert out.index("Будет: добавлено 5") < out.index("Импортировано: добавлено 5")
    assert "Не используются колонки: «№», «Оклад»." in out

    org = as_json(invoke, "org", "show")
    assert org["inn"] == "7107000013" and org["short_name"] == "МБУ СШОР № 3"
    assert org["head"]["full_name"] == "Петрова Ольга Ивановна"
    people = {p["full_name"]: p for p in as_json(invoke, "people", "list")}
    assert len(people) == 5 and people["Колесникова Анна Сергеевна"]["personnel_number"] == "0000-00002"
    roles = {(a["role"], a["department"]): a["full_name"] for a in as_json(invoke, "appointments")}
    assert roles[("osh_responsible", None)] == "Колесникова Анна Сергеевна"
    assert roles[("briefing_instructor", "Отделение плавания")] == "Иванова Мария Петровна"
    [commission] = as_json(invoke, "commission", "list")
    assert {m["full_name"] for m in commission["members"]} == {
        "Петрова Ольга Ивановна", "Колесникова Анна Сергеевна", "Ёлкин Семён Петрович"}

    docs = {d["kind"]: d for d in as_json(invoke, "docs", "list")}
    assert {"suot_regulation", "policy", "order_responsible", "order_commission", "order_briefings"} <= set(docs)
    order = docx_text(docs["order_responsible"]["path"])
    assert "Колесников" in order and "Петров" in order  # the specialist appointed, the head signing
    regulation = docx_text(docs["suot_regulation"]["path"])
    assert "МБУ СШОР № 3" in regulation
    assert "Безопасность учебно-тренировочного процесса" in regulation  # the sports-school profile chosen
    policy = docx_text(docs["policy"]["path"])
    assert "Обучение всех работников оказанию первой помощи" in policy
    # What is still missing is printed: the plan needs measures.
    assert "Чего ещё не хватает (ohs check)" in out and "Мероприятия плана на 2026 год" in out

    # The district's report is on (required = true written) and its first quarter can be made.
    due = as_json(invoke, "due")
    [report_item] = [i for i in due["items"] if i["source"] == "best_practices"]
    assert report_item["due"] == "2026-12-20"  # deadline_day = 20 of the quarter's last month
    made = as_json(invoke, "practice", "report")
    letter = docx_text(made["path"])
    assert "Иванову И.И." in letter and "МБУ СШОР № 3" in letter and "IV квартал 2026" in letter


def test_setup_again_with_the_same_answers_changes_nothing(invoke, folder):
    first = setup(invoke, folder.parent / "answers.toml")
    assert first.exit_code == 0, first.output + first.stderr
    files = sorted(p.name for p in (folder / "out").rglob("*.docx"))
    again = setup(invoke, folder.parent / "answers.toml")
    assert again.exit_code == 0, again.output + again.stderr
    assert "уже указан(а)" in again.output and "уже записана" in again.output
    assert "— без изменений" in again.output and "Сделано документов" not in again.output
    assert sorted(p.name for p in (folder / "out").rglob("*.docx")) == files
    assert len(as_json(invoke, "appointments")) == 4 and len(as_json(invoke, "commission", "list")) == 1


@pytest.mark.parametrize(("section", "change", "named"), [
    ("profile", ('inn = "7107000013"', 'inn = "7107000000"'), "ИНН (inn)"),
    ("head", ('person = "Петрова Ольга Ивановна"', 'person = "Сидоров"'), "[head], ключ person"),
    ("specialist", ("order_date = 2026-01-12\n\n[commission]", 'order_date = "12.01.2026"\n\n[commission]'),
     "[specialist], ключ order_date"),
    ("instructors", ('"Отделение плавания" =', '"Отделение бокса" ='), "by_department.«Отделение бокса»"),
    ("district", ("deadline_day = 20", "deadline_day = 40"), "[district], ключ deadline_day"),
])
def test_a_wrong_answer_names_the_key_and_writes_nothing_of_its_step(invoke, folder, section, change, named):
    answers = folder.parent / "answers.toml"
    answers.write_text(ANSWERS.replace(*change), encoding="utf-8")
    result = setup(invoke, answers)
    assert result.exit_code == 1, result.output
    assert named in result.stderr and "Traceback" not in result.output + result.stderr
    org = as_json(invoke, "org", "show")
    if section == "profile":
        assert org["inn"] is None and org["short_name"] == ""  # no key of the step was written
        assert as_json(invoke, "people", "list") == []  # and setup stopped there
    if section == "head":
        assert org["head"] is None and len(as_json(invoke, "people", "list")) == 5
    if section == "specialist":
        assert as_json(invoke, "appointments") == []
    if section == "instructors":
        assert [a for a in as_json(invoke, "appointments") if a["role"] == "briefing_instructor"] == []
    if section == "district":
        assert "best_practices" not in (folder / "ohs.toml").read_text(encoding="utf-8")
        assert as_json(invoke, "docs", "list") == []  # the pack comes after the district step


def test_unknown_sections_and_keys_are_refused_by_name(invoke, folder):
    answers = folder.parent / "answers.toml"
    answers.write_text(ANSWERS + "\n[heads]\nperson = \"Петрова\"\n", encoding="utf-8")
    result = setup(invoke, answers)
    assert result.exit_code == 1 and "неизвестный раздел [heads]" in result.stderr
    assert not (folder / "ohs.toml").exists()  # refused before the workspace was made
    answers.write_text(ANSWERS.replace("[head]\n", "[head]\npersn = \"x\"\n"), encoding="utf-8")
    result = setup(invoke, answers)
    assert result.exit_code == 1 and "[head], ключ persn: неизвестный ключ" in result.stderr


def test_setup_without_a_terminal_asks_for_the_answers_file(invoke, folder):
    result = invoke("setup")
    assert result.exit_code == 1 and "ohs setup --answers ФАЙЛ" in result.stderr


def test_in_a_terminal_setup_asks_and_asks_again_after_a_wrong_answer(invoke, folder, monkeypatch):
    from core.cli.commands import setup_cmd
    from core.cli.setup.core_steps import PROFILE_FIELDS

    monkeypatch.setattr(setup_cmd, "_terminal", lambda: True)
    profile = {"name": "МБУ СШОР № 3", "inn": "7107000000"}
    first = [profile.get(key, "") for key in PROFILE_FIELDS]
    second = [("7107000013" if key == "inn" else "") for key in PROFILE_FIELDS]  # the name is now the default
    lines = [*first, *second,
             str(folder.parent / "hr.xlsx"), "y",  # the HR file, then «import?» after the summary
             "Петрова", "",  # head; no specialist
             "", "", "",  # no commission, no instructors for either department
             "", "",  # no goals; no sector profile
             "n"]  # the district does not ask for the report
    result = invoke("setup", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output + result.stderr
    assert "не сходится контрольная цифра" in result.stderr and "Шаг не записан; ответьте ещё раз." in result.output
    org = as_json(invoke, "org", "show")
    assert org["inn"] == "7107000013" and org["name"] == "МБУ СШОР № 3" and org["head"]["full_name"].startswith("Петрова")
    assert "required = false" in (folder / "ohs.toml").read_text(encoding="utf-8")


def test_hook_setup_steps(pm):
    """Plugins add their steps between the core's, by order; a disabled plugin's step is gone."""
    from core.cli.setup.runner import all_steps

    keys = [s.key for s in all_steps(pm)]
    assert keys == ["profile", "people", "head", "specialist", "commission", "instructors", "goals", "sector",
                    "district", "pack", "check"]
    pm.unregister(pm.get_plugin("plugins.best_practices"))
    assert "district" not in [s.key for s in all_steps(pm)]
