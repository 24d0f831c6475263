"""HR exports as 1С:ЗУП, 1С:Бухгалтерия and «Парус» write them, imported without editing (issue 15, point 1)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import Workbook

TODAY = "2026-11-23"
ORG_LINE = "Организация: МБУ СШОР «Спортивная гимнастика»"


def xlsx(path, rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row) or [None])  # an empty list would not make a row
    book.save(path)
    return path


def run(invoke, ws, *args):
    return invoke("-w", ws, *args, "--today", TODAY)


def imported(invoke, ws, path, *extra):
    result = run(invoke, ws, "people", "import", path, *extra)
    assert result.exit_code == 0, result.output + result.stderr
    return result.output


def listing(invoke, ws):
    result = run(invoke, ws, "people", "list", "--json", "--all")
    assert result.exit_code == 0, result.output
    return {p["full_name"]: p for p in json.loads(result.output)}


def departments(invoke, ws):
    return [d["name"] for d in json.loads(run(invoke, ws, "people", "departments", "--json").output)]


def plain(invoke, ws, *args):
    return invoke("-w", ws, *args)


def refused(invoke, ws, *args, today=True):
    result = run(invoke, ws, *args) if today else plain(invoke, ws, *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output + result.stderr
    return result.stderr


ZUP = [
    ("Список сотрудников",),
    (ORG_LINE,),
    ("Дата формирования: 20.11.2026",),
    (),
    ("№", "Сотрудник", "Табельный номер", "Подразделение", "Должность", "Дата приема", "Вид занятости", "Ставка",
     "Оклад", "Пол", "Дата рождения", "СНИЛС"),
    (1, "Ульянова Марина Александровна", "0000-00001", "Отделение лёгкой атлетики", "Тренер-преподаватель",
     dt.datetime(2015, 9, 1), "Основное место работы", 1, 45000, "Женский", dt.datetime(1980, 2, 1), "112-233-445 95"),
    (2, "Серов Пётр Ильич", "0000-00002", "Отделение легкой атлетики", "Методист", "01.09.2018 0:00:00",
     "Внешнее совместительство", 0.5, 20000, "Мужской", "12.03.1975", None),
    (),
    # The part-timer: the same person (СНИЛС) in a second position, with a number of her own.
    (3, "Ульянова Марина Александровна", "0000-00003", "Методический отдел", "Методист", dt.datetime(2019, 1, 10),
     "Внутреннее совместительство", 0.25, 10000, "Женский", dt.datetime(1980, 2, 1), "112-233-445 95"),
    ("Итого", None, None, None, None, None, None, None, 75000),
    (None, "Главный бухгалтер ____________ Иванова И.И."),
]

BUH = [
    ("МБУ СШОР «Спортивная гимнастика»",),
    ("Список работников организации",),
    (),
    ("Работник", "Таб. №", "Подразделение организации", "Должность", "Принят", "Пол", "Оклад"),
    ("Колесникова Анна Сергеевна", 7, "Администрация", "Специалист по охране труда", dt.datetime(2021, 3, 1), "Ж", 50000),
    ("Ёлкин Семён Петрович", 8, "администрация ", "Заместитель директора", "01.02.2020 г.", "М", 60000),
    ("Всего: 2",),
]

PARUS = [
    ("Учреждение: МБУ СШОР «Спортивная гимнастика»",),
    ("Штатная расстановка на 01.11.2026",),
    ("Физическое лицо", "Табельный номер", "Подразделение", "Должность", "Дата приема", "Вид занятости", "Ставка",
     "Дата рождения"),
    ("Быстрова Ольга Ивановна", "00015", "Отделение спортивной гимнастики", "Тренер-преподаватель",
     "1 сентября 2010 г.", "Основное место работы", "0,75", dt.datetime(1988, 7, 7)),
    ("Ильин Илья Ильич", "00016", "Отделение спортивной гимнастики", "тренер-преподаватель", dt.datetime(2012, 9, 3),
     "основное место работы", "1", None),
    ("Итого", None, None, None, None, None, "1,75"),
]


def test_1c_zup_export_with_titles_total_part_timer_and_yo(invoke, workspace, tmp_path):
    out = imported(invoke, workspace, xlsx(tmp_path / "zup.xlsx", ZUP))
    assert "Заголовок таблицы — строка 5 (найдена по названиям колонок)." in out
    assert "Не используются колонки: «№», «Оклад»." in out
    assert "Строка 10 («Итого») — конец таблицы" in out
    assert "строки 6 и 9: один работник (СНИЛС совпадает)" in out and "Методист, Методический отдел" in out
    assert ("подразделение «Отделение легкой атлетики» (строка 7) — то же, что «Отделение лёгкой атлетики»; "
            "записано как «Отделение лёгкой атлетики»") in out
    people = listing(invoke, workspace)
    assert set(people) == {"Ульянова Марина Александровна", "Серов Пётр Ильич"}
    ulyanova, serov = people["Ульянова Марина Александровна"], people["Серов Пётр Ильич"]
    assert {k: ulyanova[k] for k in ("personnel_number", "position", "department", "hired_on", "employment_kind",
                                      "rate", "gender", "birth_date", "snils")} == {
        "personnel_number": "0000-00001", "position": "Тренер-преподаватель", "department": "Отделение лёгкой атлетики",
        "hired_on": "2015-09-01", "employment_kind": "main", "rate": 1.0, "gender": "f", "birth_date": "1980-02-01",
        "snils": "112-233-445 95"}
    assert {k: serov[k] for k in ("personnel_number", "hired_on", "employment_kind", "rate", "gender", "birth_date",
                                  "department")} == {
        "personnel_number": "0000-00002", "hired_on": "2018-09-01", "employment_kind": "external", "rate": 0.5,
        "gender": "m", "birth_date": "1975-03-12", "department": "Отделение лёгкой атлетики"}
    # The part-timer's second position (Методист, Методический отдел) is an employment of its own now.
    assert departments(invoke, workspace) == ["Методический отдел", "Отделение лёгкой атлетики"]
    shown = plain(invoke, workspace, "people", "show", "Серов").output
    assert "Табельный номер: 0000-00002" in shown and "Вид занятости: внешнее совместительство" in shown
    assert "Ставка: 0,5" in shown and "Пол: мужской" in shown and "Дата приема: 01.09.2018" in shown
    assert "0000-00001" in run(invoke, workspace, "people", "list").output


def test_1c_accounting_and_parus_exports(invoke, workspace, tmp_path):
    out = imported(invoke, workspace, xlsx(tmp_path / "buh.xlsx", BUH))
    assert "Заголовок таблицы — строка 4" in out and "Не используются колонки: «Оклад»." in out
    assert "Строка 7 («Итого») — конец таблицы" in out
    out = imported(invoke, workspace, xlsx(tmp_path / "parus.xlsx", PARUS))
    assert "Заголовок таблицы — строка 3" in out and "Не используются" not in out
    assert "должность «тренер-преподаватель» (строка 5) — то же, что «Тренер-преподаватель»" in out
    people = listing(invoke, workspace)
    assert people["Колесникова Анна Сергеевна"]["personnel_number"] == "7"
    assert people["Колесникова Анна Сергеевна"]["gender"] == "f"
    assert people["Ёлкин Семён Петрович"]["hired_on"] == "2020-02-01"
    assert people["Ёлкин Семён Петрович"]["department"] == "Администрация"
    assert people["Быстрова Ольга Ивановна"]["hired_on"] == "2010-09-01"
    assert people["Быстрова Ольга Ивановна"]["rate"] == 0.75
    assert people["Быстрова Ольга Ивановна"]["personnel_number"] == "00015"
    assert people["Ильин Илья Ильич"]["position"] == "Тренер-преподаватель"
    assert people["Ильин Илья Ильич"]["employment_kind"] == "main"
    assert departments(invoke, workspace) == ["Администрация", "Отделение спортивной гимнастики"]


def test_partial_reimport_keeps_stored_values_matches_by_number_and_lists_absent(invoke, workspace, tmp_path):
    imported(invoke, workspace, xlsx(tmp_path / "zup.xlsx", ZUP))
    imported(invoke, workspace, xlsx(tmp_path / "parus.xlsx", PARUS))
    before = listing(invoke, workspace)
    # Ульянова married: a new surname, the same табельный номер; most cells empty.
    partial = xlsx(tmp_path / "partial.xlsx", [
        ("Список сотрудников",),
        ("Сотрудник", "Таб. №", "Должность", "Дата приема", "Ставка", "Подразделение", "Дата рождения"),
        ("Иванова Марина Александровна", "0000-00001", "Тренер-преподаватель", dt.datetime(2015, 9, 1), None, None,
         dt.datetime(1980, 2, 1)),
        ("Быстрова Ольга Ивановна", 15, "Тренер-преподаватель", "01.09.2010", None, None, None),
    ])
    out = imported(invoke, workspace, partial, "--dry-run")
    assert "строка 3: №1 Иванова Марина — Фамилия: Ульянова → Иванова" in out
    assert "Будет: добавлено 0, обновлено 1, без изменений 1." in out
    assert "Нет в файле, но числятся работающими (2) — возможно, уволены; программа их не увольняет" in out
    assert "Ильин Илья Ильич" in out and "Серов Пётр Ильич" in out
    imported(invoke, workspace, partial)
    after = listing(invoke, workspace)
    assert "Ульянова Марина Александровна" not in after
    marina = after["Иванова Марина Александровна"]
    old = before["Ульянова Марина Александровна"]
    assert {k: v for k, v in marina.items() if k not in ("surname", "full_name")} == {
        k: v for k, v in old.items() if k not in ("surname", "full_name")}
    assert after["Быстрова Ольга Ивановна"] == before["Быстрова Ольга Ивановна"]  # «15» is the stored «00015»
    assert after["Ильин Илья Ильич"]["dismissed_on"] is None  # listed, never dismissed

    # --clear-empty: the empty «Ставка» and «Подразделение» cells now clear the stored values.
    out = imported(invoke, workspace, partial, "--clear-empty")
    cleared = listing(invoke, workspace)["Быстрова Ольга Ивановна"]
    assert (cleared["rate"], cleared["department"], cleared["birth_date"]) == (None, None, None)
    assert "Ставка: 0,75 → —" in out


def test_header_candidates_and_unknown_layouts(invoke, workspace, tmp_path):
    two = xlsx(tmp_path / "two.xlsx", [
        ("ФИО", "Должность", "Дата приема"), ("Иванов Иван", "Сторож", "01.01.2020"), (),
        ("ФИО", "Должность", "Дата приема"), ("Петров Петр", "Дворник", "01.01.2021"),
    ])
    message = refused(invoke, workspace, "people", "import", two)
    assert "заголовками колонок могут быть строки 1, 4: укажите нужную, например --header-row 1" in message
    out = imported(invoke, workspace, two, "--header-row", "4", "--dry-run")
    assert "Заголовок таблицы — строка 4 (указана в --header-row)." in out and "добавлено 1" in out

    odd = xlsx(tmp_path / "odd.xlsx", [("Отчет",), ("Кто", "Кем работает", "С какого числа", "Оклад"),
                                       ("Иванов Иван", "Сторож", dt.datetime(2020, 1, 1), 1)])
    message = refused(invoke, workspace, "people", "import", odd)
    assert "не найдена строка заголовков" in message
    assert "«Кто», «Кем работает», «С какого числа», «Оклад»" in message  # the columns found
    assert "Ожидаются колонки: ФИО, Фамилия, Имя" in message and "Табельный номер" in message
    out = imported(invoke, workspace, odd, "--map", "Кто=ФИО", "--map", "Кем работает=position",
                   "--map", "С какого числа=Дата приема", "--map", "Оклад=-")
    assert "Заголовок таблицы — строка 2" in out and "добавлено 1" in out and "Не используются" not in out
    assert listing(invoke, workspace)["Иванов Иван"]["position"] == "Сторож"
    assert "поле «Зарплата» неизвестно" in refused(invoke, workspace, "people", "import", odd, "--map", "Оклад=Зарплата")


def test_duplicates_in_one_file(invoke, workspace, tmp_path):
    same_number = xlsx(tmp_path / "same.xlsx", [
        ("Сотрудник", "Табельный номер", "Должность", "Дата приема", "Вид занятости", "Дата рождения"),
        ("Серов Пётр Ильич", "12", "Методист", "01.09.2019", "Внутреннее совместительство", None),
        ("Серов Петр Ильич", "12", "Тренер-преподаватель", "01.09.2018", "Основное место работы", "12.03.1975"),
    ])
    out = imported(invoke, workspace, same_number)
    assert "строки 3 и 2: один работник (табельный номер совпадает)" in out
    serov = listing(invoke, workspace)["Серов Петр Ильич"]
    assert (serov["position"], serov["birth_date"], serov["employment_kind"]) == (
        "Тренер-преподаватель", "1975-03-12", "main")

    namesakes = xlsx(tmp_path / "namesakes.xlsx", [
        ("ФИО", "Должность", "Дата приема", "Дата рождения", "Табельный номер"),
        ("Ким Ли", "Сторож", "01.01.2020", "01.01.1990", "31"),
        ("Ким Ли", "Дворник", "01.01.2021", "01.01.1990", "32"),
    ])
    message = refused(invoke, workspace, "people", "import", namesakes)
    assert "строка 2, столбец «ФИО»: те же ФИО и дата рождения, что в строке 3." in message
    assert "строка 3, столбец «ФИО»: Ким Ли с датой рождения 01.01.1990 уже есть в строке 2" in message
    assert "Ким Ли" not in listing(invoke, workspace)


def test_yo_and_case_are_one_letter_for_departments_and_positions(invoke, workspace):
    def add(name, department, position="Тренер-преподаватель по лёгкой атлетике"):
        result = run(invoke, workspace, "people", "add", name, "--position", position, "--hired-on", "2020-09-01",
                     "--department", department)
        assert result.exit_code == 0, result.output + result.stderr

    add("Серов Пётр Ильич", "Отделение лёгкой атлетики")
    add("Ким Ли", "отделение  ЛЕГКОЙ атлетики", "тренер-преподаватель по легкой атлетике")
    assert departments(invoke, workspace) == ["Отделение лёгкой атлетики"]
    assert listing(invoke, workspace)["Ким Ли"]["position"] == "Тренер-преподаватель по лёгкой атлетике"
    listed = json.loads(run(invoke, workspace, "people", "list", "--json", "--department",
                            "Отделение легкой атлетики").output)
    assert len(listed) == 2


def test_edit_is_validated_and_audited(invoke, workspace, tmp_path):
    imported(invoke, workspace, xlsx(tmp_path / "zup.xlsx", ZUP))
    result = run(invoke, workspace, "people", "edit", "Серов", "Ставка=1", "Вид занятости=Основное место работы",
                 "department=Методический отдел", "tab=0000-00020")
    assert result.exit_code == 0, result.output + result.stderr
    assert "Ставка: 0,5 → 1" in result.output and "Вид занятости: внешнее совместительство → основное место" \
        in result.output
    serov = listing(invoke, workspace)["Серов Пётр Ильич"]
    assert (serov["rate"], serov["employment_kind"], serov["department"], serov["personnel_number"]) == (
        1.0, "main", "Методический отдел", "0000-00020")
    # Refused as add refuses it; nothing of the command is written.
    message = refused(invoke, workspace, "people", "edit", "Серов", "Ставка=0,5", "СНИЛС=112-233-445 96")
    assert "контрольн" in message.lower()
    message = refused(invoke, workspace, "people", "edit", "Серов", "hired_on=2030-01-01")
    assert "ещё не наступила" in message
    assert "ожидается КЛЮЧ=ЗНАЧЕНИЕ" in refused(invoke, workspace, "people", "edit", "Серов", "Зарплата=1")
    assert listing(invoke, workspace)["Серов Пётр Ильич"]["rate"] == 1.0
    cleared = run(invoke, workspace, "people", "edit", "Серов", "Ставка=")
    assert cleared.exit_code == 0 and listing(invoke, workspace)["Серов Пётр Ильич"]["rate"] is None
    audit = _audit(workspace, "people.edit")
    assert len(audit) == 2 and audit[0]["changes"]["rate"] == [0.5, 1.0]


def _audit(workspace, action):
    from sqlalchemy import create_engine, text

    from core.testing import workspace_db_url

    engine = create_engine(workspace_db_url(workspace))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT details FROM core_audit WHERE action = :a ORDER BY id"), {"a": action})
        found = [json.loads(r[0]) for r in rows]
    engine.dispose()
    return found


def test_departments_rename_merge_remove(invoke, workspace, tmp_path):
    imported(invoke, workspace, xlsx(tmp_path / "buh.xlsx", BUH))
    imported(invoke, workspace, xlsx(tmp_path / "parus.xlsx", PARUS))
    appointed = run(invoke, workspace, "appoint", "briefing_instructor", "Быстрова", "--order-number", "5",
                    "--order-date", "2026-01-10", "--department", "Отделение спортивной гимнастики")
    assert appointed.exit_code == 0, appointed.output + appointed.stderr
    sout = run(invoke, workspace, "sout", "add", "--workplace", "Тренер-преподаватель", "--department",
               "Отделение спортивной гимнастики", "--report-date", "2024-03-15", "--class", "2")
    assert sout.exit_code == 0, sout.output + sout.stderr

    renamed = plain(invoke, workspace, "people", "departments", "rename", "администрация", "Дирекция")
    assert renamed.exit_code == 0 and "«Администрация» переименовано в «Дирекция»" in renamed.output
    assert "уже есть" in refused(invoke, workspace, "people", "departments", "rename", "Дирекция",
                                 "Отделение спортивной гимнастики", today=False)
    message = refused(invoke, workspace, "people", "departments", "remove", "Дирекция", today=False)
    assert "не пусто (записей: 2 — работники (и уволенные): 2)" in message

    merged = plain(invoke, workspace, "people", "departments", "merge", "Отделение спортивной гимнастики", "дирекция")
    assert merged.exit_code == 0, merged.output + merged.stderr
    assert "перенесено работников 2, других записей 2" in merged.output
    assert departments(invoke, workspace) == ["Дирекция"]
    assert "одно подразделение «Дирекция»" in refused(invoke, workspace, "people", "departments", "merge", "Дирекция",
                                                      "ДИРЕКЦИЯ", today=False)
    assert {p["department"] for p in listing(invoke, workspace).values()} == {"Дирекция"}
    appointments = json.loads(plain(invoke, workspace, "appointments", "--json", "--as-of", TODAY).output)
    assert [a["department"] for a in appointments if a["role"] == "briefing_instructor"] == ["Дирекция"]
    assert [s["department"] for s in json.loads(plain(invoke, workspace, "sout", "list", "--json").output)["workplaces"]] == [
        "Дирекция"]

    run(invoke, workspace, "people", "add", "Новиков Ян", "--position", "Сторож", "--hired-on", "2020-01-01",
        "--department", "Гараж")
    run(invoke, workspace, "people", "edit", "Новиков", "department=Дирекция")
    removed = plain(invoke, workspace, "people", "departments", "remove", "гараж")
    assert removed.exit_code == 0 and "«Гараж» удалено" in removed.output
    assert departments(invoke, workspace) == ["Дирекция"]
    actions = {a: len(_audit(workspace, a)) for a in ("departments.rename", "departments.merge", "departments.remove")}
    assert actions == {"departments.rename": 1, "departments.merge": 1, "departments.remove": 1}


@pytest.mark.parametrize("text,expected", [
    ("01.09.2015 0:00:00", dt.date(2015, 9, 1)), ("01.09.2015 г.", dt.date(2015, 9, 1)),
    ("1 сентября 2015 г.", dt.date(2015, 9, 1)), ("3 мая 2016", dt.date(2016, 5, 3)),
])
def test_text_dates_as_hr_programs_write_them(tmp_path, text, expected):
    from core.registry.people_io import read_people_table

    path = xlsx(tmp_path / "d.xlsx", [("ФИО", "Должность", "Дата приема"), ("Иванов Иван", "Сторож", text)])
    table = read_people_table(path, today=dt.date(2026, 11, 23))
    assert table.errors == [] and table.people[0].hired_on == expected


@pytest.mark.parametrize("cell,reason", [
    ("полставки", "Ставка „полставки“"), ("3", "не больше 2"), ("совмещение", "Вид занятости „совмещение“"),
])
def test_bad_employment_values_are_named(tmp_path, cell, reason):
    from core.registry.people_io import read_people_table

    column = "Вид занятости" if "Вид" in reason else "Ставка"
    path = xlsx(tmp_path / "d.xlsx", [("ФИО", "Должность", "Дата приема", column),
                                      ("Иванов Иван", "Сторож", "01.01.2020", cell)])
    table = read_people_table(path, today=dt.date(2026, 11, 23))
    assert [(e.line, e.column) for e in table.errors] == [(2, column)] and reason in table.errors[0].reason


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_carries_number_kind_and_rate_back_into_import(invoke, make_workspace, tmp_path, suffix):
    source, target = make_workspace("a"), make_workspace("b")
    imported(invoke, source, xlsx(tmp_path / "zup.xlsx", ZUP))
    exported = tmp_path / f"people{suffix}"
    assert run(invoke, source, "people", "export", exported).exit_code == 0
    imported(invoke, target, exported)
    strip = lambda people: {n: {k: v for k, v in p.items() if k != "id"} for n, p in people.items()}  # noqa: E731
    assert strip(listing(invoke, target)) == strip(listing(invoke, source))
    assert listing(invoke, target)["Серов Пётр Ильич"]["rate"] == 0.5


def test_add_takes_number_kind_and_rate(invoke, workspace):
    result = run(invoke, workspace, "people", "add", "Ким Ли", "--position", "Сторож", "--hired-on", "2020-01-01",
                 "--personnel-number", "0042", "--employment-kind", "external", "--rate", "0,5")
    assert result.exit_code == 0, result.output + result.stderr
    kim = listing(invoke, workspace)["Ким Ли"]
    assert (kim["personnel_number"], kim["employment_kind"], kim["rate"]) == ("0042", "external", 0.5)
    assert "Ставка „два“" in refused(invoke, workspace, "people", "add", "Ли Ким", "--position", "Сторож",
                                     "--hired-on", "2020-01-01", "--rate", "два")


def test_a_number_held_by_someone_else_is_refused_unless_freed_by_a_dismissal(invoke, workspace, tmp_path):
    header = ("Сотрудник", "Табельный номер", "Должность", "Дата приема", "Дата рождения")
    imported(invoke, workspace, xlsx(tmp_path / "a.xlsx", [header, ("Ким Ли", "31", "Сторож", "01.01.2015",
                                                                    "01.01.1990")]))
    other = xlsx(tmp_path / "b.xlsx", [header, ("Пак Юрий", "31", "Дворник", "01.01.2021", "02.02.1991")])
    message = refused(invoke, workspace, "people", "import", other)
    assert "строка 2: табельный номер 31 в реестре у работника №1 с другими ФИО или датой рождения" in message
    assert set(listing(invoke, workspace)) == {"Ким Ли"}
    assert plain(invoke, workspace, "people", "dismiss", "Ким", "--on", "2020-12-31").exit_code == 0
    imported(invoke, workspace, other)
    assert listing(invoke, workspace)["Пак Юрий"]["personnel_number"] == "31"


def test_csv_report_with_title_rows_in_windows_1251(invoke, workspace, tmp_path):
    path = tmp_path / "zup.csv"
    path.write_bytes((
        "Список сотрудников\r\n"
        f"{ORG_LINE}\r\n"
        "\r\n"
        "№;Сотрудник;Таб. №;Должность;Принят;Вид занятости;Ставка;Оклад\r\n"
        "1;Серов Пётр Ильич;00012;Методист;01.09.2018;Основное место работы;1;40000\r\n"
        "Итого;;;;;;;40000\r\n"
    ).encode("cp1251"))
    out = imported(invoke, workspace, path)
    assert "Заголовок таблицы — строка 4" in out and "Строка 6 («Итого»)" in out
    assert listing(invoke, workspace)["Серов Пётр Ильич"]["personnel_number"] == "00012"


def test_both_employee_and_natural_person_columns_read_the_first(tmp_path):
    from core.registry.people_io import read_people_table

    path = xlsx(tmp_path / "z.xlsx", [("Сотрудник", "Физическое лицо", "Таб.номер", "Должность", "Дата приема"),
                                      ("Ким Ли (осн.)", "Ким Ли", "5", "Сторож", "01.01.2020")])
    table = read_people_table(path, today=dt.date(2026, 11, 23))
    assert table.layout.ignored == ["Физическое лицо"] and table.layout.columns["full_name"][1] == "Сотрудник"
    assert (table.people[0].surname, table.people[0].name, table.people[0].patronymic) == ("Ким", "Ли", None)
    assert (table.people[0].personnel_number, table.people[0].employment_kind) == ("5", "main")


@pytest.mark.parametrize("note,kind", [("осн.", "main"), ("вн. совм.", "internal"), ("внутр. совм.", "internal"),
                                       ("внеш. совм.", "external"), ("совместитель", "external"), ("декрет", None)])
def test_a_note_after_the_name_is_not_part_of_it(tmp_path, note, kind):
    from core.registry.people_io import read_people_table

    path = xlsx(tmp_path / "n.xlsx", [("Сотрудник", "Должность", "Дата приема"),
                                      (f"Иванов Иван Иванович ({note})", "Сторож", "01.01.2020")])
    person = read_people_table(path, today=dt.date(2026, 11, 23)).people[0]
    assert (person.patronymic, person.employment_kind) == ("Иванович", kind)


def test_an_internal_part_timer_not_joined_by_snils_or_number_is_listed(tmp_path):
    from core.registry.people_io import read_people_table

    path = xlsx(tmp_path / "p.xlsx", [("Сотрудник", "Табельный номер", "Должность", "Дата приема"),
                                      ("Ульянова Марина Александровна", "1", "Тренер-преподаватель", "01.09.2015"),
                                      ("Ульянова Марина Александровна (вн. совм.)", "3", "Методист", "10.01.2019")])
    table = read_people_table(path, today=dt.date(2026, 11, 23))
    assert [(e.line, e.column) for e in table.errors] == [(3, "Сотрудник")]
    assert "внутреннее совместительство, и те же ФИО в строке 2" in table.errors[0].reason
