"""Day one of a real organization: the HR file, the paper history (``ohs history``), a true deadline list."""

from __future__ import annotations

import datetime
import json

import openpyxl
import pytest

from core.testing import docx_text

TODAY = ("--today", "2026-11-23")
D = datetime.date

#: The HR department's list (as ``ohs people import`` reads it).
STAFF = [
    ("ФИО", "Должность", "Подразделение", "Дата приема", "СНИЛС", "Дата рождения"),
    ("Петров Пётр Петрович", "Тренер-преподаватель", "Отделение плавания", D(2013, 9, 1), "112-233-445 95",
     D(1980, 1, 1)),
    ("Сидорова Анна Ивановна", "Бухгалтер", "Бухгалтерия", D(2018, 3, 15), None, D(1990, 2, 2)),
    ("Козлов Иван Сергеевич", "Тренер-преподаватель", "Отделение плавания", D(2020, 1, 10), None, D(1985, 3, 3)),
    ("Орлова Вера Олеговна", "Уборщик служебных помещений", "Хозяйственный отдел", D(2016, 5, 4), None,
     D(1970, 4, 4)),
]
HISTORY_HEADER = ("ФИО", "СНИЛС", "Подразделение", "Должность", "Вводный инструктаж", "Повторный инструктаж",
                  "Программа Б: дата", "Программа Б: протокол", "Первая помощь: дата", "Первая помощь: протокол",
                  "Медосмотр", "СОУТ: № карты", "СОУТ: дата", "СОУТ: класс", "Источник")
#: The paper history: Петров fully known, Сидорова's repeat briefing only, one workplace row (СОУТ of the
#: accountant's workplace, 2021: its five years have passed). Козлов and Орлова have no records at all.
HISTORY = [
    HISTORY_HEADER,
    ("Петров Пётр Петрович", "112-233-445 95", None, None, D(2013, 9, 1), D(2026, 9, 10), D(2024, 10, 15), "7/2024",
     D(2022, 10, 15), "3/2022", D(2026, 5, 20), "12", D(2022, 6, 10), "2", "журнал инструктажей № 3"),
    ("Сидорова Анна Ивановна", None, None, None, None, D(2026, 2, 1), None, None, None, None, None, None, None, None,
     None),
    (None, None, "Бухгалтерия", "Бухгалтер", None, None, None, None, None, None, None, "5", D(2021, 3, 1), "2",
     "карта СОУТ № 5"),
]


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path


def ok(result):
    assert result.exit_code == 0, result.output + (result.stderr or "")
    return result


@pytest.fixture
def day_one(invoke, workspace, tmp_path):
    """An organization built from the HR file and the history file only."""
    ok(invoke("-w", workspace, "people", "import", write_xlsx(tmp_path / "staff.xlsx", STAFF), *TODAY))
    ok(invoke("-w", workspace, "history", "import", write_xlsx(tmp_path / "history.xlsx", HISTORY), *TODAY))
    return workspace


def due_items(invoke, ws, *extra):
    return json.loads(ok(invoke("-w", ws, "due", "--json", *TODAY, "--until", "2032-12-31", *extra)).output)["items"]


def test_day_one_lists_only_what_the_history_makes_overdue_and_one_gap_line_per_unknown_person(invoke, day_one):
    items = due_items(invoke, day_one)
    overdue = {(i["kind"], i["subject"], i["due"]) for i in items if i["overdue"]}
    # Exactly what a known last date plus its period puts in the past (coaches' 3-month rule is the demo's,
    # not this organization's: 6 months).
    assert overdue == {
        ("briefing_repeat", "Сидорова А.И., Бухгалтер", "2026-08-01"),           # 01.02.2026 + 6 months
        ("training", "Петров П.П., Тренер-преподаватель", "2025-10-15"),          # first aid 15.10.2022 + 3 years
        ("sout", "Бухгалтерия — Бухгалтер", "2026-03-01"),                       # СОУТ 01.03.2021 + 5 years
    }
    for item in items:
        if item["overdue"]:
            assert item["record"].split(":")[0] in ("briefing", "training", "medical", "sout"), item
    gaps = [i for i in items if i["status"] == "no_data"]
    assert gaps and all(i["due"] is None and not i["overdue"] and "ohs history import" in i["fix"] for i in gaps)
    by_person = {}
    for item in gaps:
        by_person.setdefault(item["subject"], set()).add(item["kind"])
    assert by_person["Козлов И.С., Тренер-преподаватель"] >= {"briefing_repeat", "training", "medical_missing"}
    assert by_person["Орлова В.О., Уборщик служебных помещений"] >= {"briefing_repeat", "training",
                                                                   "medical_missing"}
    assert by_person["Сидорова А.И., Бухгалтер"] == {"training", "medical_missing"}
    assert "Петров П.П., Тренер-преподаватель" not in by_person
    assert by_person["Хозяйственный отдел — Уборщик служебных помещений"] == {"sout_missing"}
    # The text: «просрочено» only for those three; each person without records on one gap line.
    text = ok(invoke("-w", day_one, "due", *TODAY, "--until", "2032-12-31")).output
    assert text.count("просрочено  ") == 3
    for who in ("Козлов И.С.", "Орлова В.О."):
        lines = [line for line in text.splitlines() if who in line]
        assert len(lines) == 1 and lines[0].strip().startswith("нет сведений — "), lines
    assert "заполнить: ohs history import ФАЙЛ" in text


def test_carried_over_entries_are_ordinary_marked_entries(invoke, day_one, tmp_path):
    briefings = json.loads(ok(invoke("-w", day_one, "briefing", "list", "--json")).output)
    assert [(b["person"], b["kind"], b["on"]) for b in briefings] == [
        ("Петров Пётр Петрович", "intro", "2013-09-01"), ("Сидорова Анна Ивановна", "repeat", "2026-02-01"),
        ("Петров Пётр Петрович", "repeat", "2026-09-10")]
    assert briefings[0]["reason"] == "перенесено из бумажного журнала; источник: журнал инструктажей № 3"
    assert briefings[1]["reason"] == "перенесено из бумажного журнала; источник: файл history.xlsx, строка 3"
    assert all(b["instructor"] is None for b in briefings)
    trainings = json.loads(ok(invoke("-w", day_one, "training", "list", "--json")).output)
    assert {(t["program"], t["on"], t["protocol"], t["result"]) for t in trainings} == {
        ("B", "2024-10-15", "7/2024", "passed"), ("first_aid", "2022-10-15", "3/2022", "passed")}
    assert all(t["reason"].startswith("перенесено из бумажного журнала") for t in trainings)
    exams = json.loads(ok(invoke("-w", day_one, "medical", "list", "--json")).output)
    assert [(e["kind"], e["on"]) for e in exams] == [("periodic", "2026-05-20")]
    workplaces = json.loads(ok(invoke("-w", day_one, "sout", "list", "--json")).output)["workplaces"]
    assert {(w["department"], w["position"], w["workplace_no"], w["class"]) for w in workplaces} == {
        ("Отделение плавания", "Тренер-преподаватель", "12", "2"), ("Бухгалтерия", "Бухгалтер", "5", "2")}
    verified = invoke("-w", day_one, "verify")
    assert verified.exit_code == 0, verified.output
    # The printed journal holds the carried-over entry (no instructor known: the paper names them).
    made = ok(invoke("-w", day_one, "suot", "journal", "workplace", "--department", "Бухгалтерия", "--out",
                     tmp_path, *TODAY))
    path = next(tmp_path.glob("*.docx"))
    assert "перенесено из бумажного журнала" in docx_text(path), made.output


def test_reimport_and_dry_run_write_nothing_new(invoke, day_one, tmp_path):
    again = json.loads(ok(invoke("-w", day_one, "history", "import", tmp_path / "history.xlsx", "--json",
                                 *TODAY)).output)
    assert (again["briefings"], again["trainings"], again["medical_exams"], again["sout"]) == (0, 0, 0, 0)
    assert again["already_recorded"] == 3 + 2 + 1 + 2
    rows = [HISTORY_HEADER, ("Козлов Иван Сергеевич", None, None, None, D(2020, 1, 10), D(2026, 10, 1))]
    dry = ok(invoke("-w", day_one, "history", "import", write_xlsx(tmp_path / "more.xlsx", rows), "--dry-run",
                    *TODAY)).output
    assert "Будет перенесено из бумажных журналов: инструктажей 2" in dry and "база не изменена" in dry
    assert len(json.loads(invoke("-w", day_one, "briefing", "list", "--json").output)) == 3


def test_bad_rows_are_all_listed_and_nothing_is_written(invoke, workspace, tmp_path):
    ok(invoke("-w", workspace, "people", "import", write_xlsx(tmp_path / "staff.xlsx", STAFF), *TODAY))
    rows = [
        HISTORY_HEADER,
        ("Петров Пётр Петрович", None, None, None, None, D(2026, 9, 10)),                        # fine alone
        ("Никитин Олег Ильич", None, None, None, None, D(2026, 9, 10)),                          # not registered
        ("Сидорова Анна Ивановна", None, None, None, None, "31.02.2026"),                        # no such date
        ("Козлов Иван Сергеевич", None, None, None, None, D(2027, 1, 10)),                       # in the future
        ("Орлова Вера Олеговна", None, None, None, None, None, D(2024, 10, 15)),                 # no protocol
        (None, None, "Бухгалтерия", "Бухгалтер", None, None, None, None, None, None, None, "5", D(2021, 3, 1), "5"),
        ("Петров Пётр Петрович", None, None, None, D(2010, 1, 1)),                               # twice, before hire
    ]
    result = invoke("-w", workspace, "history", "import", write_xlsx(tmp_path / "bad.xlsx", rows), *TODAY)
    assert result.exit_code == 1
    assert "Файл bad.xlsx не импортирован: ошибок 6; исправьте их и повторите." in result.stderr
    for expected in ("строка 3, столбец «ФИО»: Работника нет в реестре",
                     "строка 4, столбец «Повторный инструктаж»: Повторный инструктаж „31.02.2026“: такой даты нет.",
                     "строка 5, столбец «Повторный инструктаж»: Дата инструктажа 10.01.2027 ещё не наступила",
                     "строка 6, столбец «Программа Б: дата»: Дата проверки знания есть, а номера протокола нет",
                     "строка 7, столбец «СОУТ: класс»: Класс условий труда «5» неизвестен",
                     "строка 8, столбец «ФИО»: Строка относится к тому же работнику"):
        assert expected in result.stderr, (expected, result.stderr)
    assert "Traceback" not in result.stderr
    assert json.loads(invoke("-w", workspace, "briefing", "list", "--json").output) == []


def test_unknown_columns_are_named_with_the_expected_ones(invoke, workspace, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("ФИО;Дата последнего инструктажа\nПетров Пётр Петрович;01.02.2026\n", encoding="utf-8")
    result = invoke("-w", workspace, "history", "import", path, *TODAY)
    assert result.exit_code == 1 and "„Дата последнего инструктажа“" in result.stderr
    assert "Повторный инструктаж" in result.stderr and "ohs history template" in result.stderr


def test_template_has_russian_headers_and_its_example_imports(invoke, workspace, tmp_path):
    path = tmp_path / "шаблон.xlsx"
    ok(invoke("-w", workspace, "history", "template", path))
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["ФИО", "СНИЛС", "Дата рождения"] and "Программа А: протокол" in header
    assert "СОУТ: № карты" in header and "Психиатрическое освидетельствование" in header
    assert sheet.cell(2, 1).value == "Иванова Мария Петровна"
    ok(invoke("-w", workspace, "people", "add", "Иванова Мария Петровна", "--position", "Тренер-преподаватель",
              "--department", "Отделение спортивной гимнастики", "--hired-on", "2015-09-01", "--snils",
              "112-233-445 95", *TODAY))
    data = json.loads(ok(invoke("-w", workspace, "history", "import", path, "--json", *TODAY)).output)
    assert (data["briefings"], data["trainings"], data["medical_exams"], data["sout"]) == (3, 2, 2, 1)


def test_position_programmes_give_every_holder_an_item(invoke, day_one, demo):
    ok(invoke("-w", day_one, "suot", "position", "set", "Тренер-преподаватель", "--programs", "Б, первая помощь",
              *TODAY))
    items = due_items(invoke, day_one)
    kozlov = {(i["kind"], i["extra"].get("program"), i["status"]) for i in items
              if i["subject"].startswith("Козлов") and i["kind"] == "training"}
    assert kozlov == {("training", "B", "no_data"), ("training", "first_aid", "no_data")}
    # In a journal kept in the toolkit, a required programme with no record is owed since hiring, whatever
    # the hiring date: the demo's accountant (program Б only) now owes program А too.
    ok(invoke("-w", demo, "suot", "position", "set", "Бухгалтер", "--programs", "A,B", *TODAY))
    [item] = [i for i in due_items(invoke, demo) if i["kind"] == "training_missing" and i["subject"].startswith(
        "Чернов С.")]
    assert item["extra"]["program"] == "A" and item["status"] in ("overdue", "due")
    bad = invoke("-w", demo, "suot", "position", "set", "Бухгалтер", "--programs", "Г", *TODAY)
    assert bad.exit_code == 1 and "Программы «Г» нет" in bad.stderr


def test_csv_history_and_exports_keep_gaps_out_of_calendars(invoke, workspace, tmp_path):
    ok(invoke("-w", workspace, "people", "import", write_xlsx(tmp_path / "staff.xlsx", STAFF), *TODAY))
    path = tmp_path / "история.csv"
    path.write_bytes("ФИО;Повторный инструктаж;Медосмотр;Источник\r\nКозлов Иван Сергеевич;01.10.2026;2026-03-02;"
                     "журнал № 1\r\n".encode("cp1251"))  # as Russian Excel saves CSV
    data = json.loads(ok(invoke("-w", workspace, "history", "import", path, "--json", *TODAY)).output)
    assert (data["briefings"], data["medical_exams"]) == (1, 1)
    result = ok(invoke("-w", workspace, "due", *TODAY, "--until", "2032-12-31", "--xlsx", tmp_path / "сроки.xlsx",
                       "--ics", tmp_path / "сроки.ics"))
    items = due_items(invoke, workspace)
    dated = [i for i in items if i["status"] != "no_data"]
    assert len(dated) < len(items)  # the others have gaps
    assert f"Таблица: {tmp_path / 'сроки.xlsx'} (строк: {len(dated)})." in result.output
    assert (tmp_path / "сроки.ics").read_text(encoding="utf-8").count("BEGIN:VEVENT") == len(dated)
