"""Several employments of one person (issue 15, point 1): part-time positions, transfers with history, journals.

A 1С:ЗУП-style file lists an internal part-timer twice (one СНИЛС, two табельных номера); a second file moves
one worker to another department from a «Дата перевода» and another to a new position with no date (the
import day). Every person, employment and department is checked, then the workplace journals: an entry goes
to the department of the employment held on its date, a part-timer's entry to both departments.
"""

from __future__ import annotations

import datetime as dt
import json

import docx
from openpyxl import Workbook
from sqlalchemy import text

from core.storage.db import make_engine, normalize_url, sqlite_url
from core.storage.migrate import ensure_schema, upgrade

TODAY = "2026-11-23"
HEAD = ("№", "Сотрудник", "Табельный номер", "Подразделение", "Должность", "Дата приема", "Вид занятости", "Ставка",
        "СНИЛС")
HIRED = [
    ("Список сотрудников",),
    ("Организация: МБУ СШ «Волна»",),
    (),
    HEAD,
    (1, "Ульянова Марина Александровна", "0000-00001", "Отделение плавания", "Тренер-преподаватель",
     dt.datetime(2015, 9, 1), "Основное место работы", 1, "112-233-445 95"),
    (2, "Серов Пётр Ильич", "0000-00002", "Отделение футбола", "Тренер-преподаватель", dt.datetime(2018, 9, 1),
     "Основное место работы", 1, None),
    (3, "Ким Ли", "0000-00004", "Хозяйственный отдел", "Уборщик служебных помещений", dt.datetime(2020, 2, 3),
     "Основное место работы", 1, None),
    (4, "Колесникова Анна Сергеевна", "0000-00005", "Администрация", "Специалист по охране труда",
     dt.datetime(2019, 3, 1), "Основное место работы", 1, None),
    (5, "Ульянова Марина Александровна", "0000-00003", "Методический отдел", "Методист", dt.datetime(2019, 1, 10),
     "Внутреннее совместительство", 0.25, "112-233-445 95"),
    ("Итого",),
]
# Серов moves to the swimming department from 01.03.2026; Ким gets a new position with no date (the import day).
MOVED = [
    ("Список сотрудников",),
    (*HEAD, "Дата перевода"),
    (1, "Ульянова Марина Александровна", "0000-00001", "Отделение плавания", "Тренер-преподаватель",
     dt.datetime(2015, 9, 1), "Основное место работы", 1, "112-233-445 95", None),
    (2, "Серов Пётр Ильич", "0000-00002", "Отделение плавания", "Тренер-преподаватель", dt.datetime(2018, 9, 1),
     "Основное место работы", 1, None, dt.datetime(2026, 3, 1)),
    (3, "Ким Ли", "0000-00004", "Хозяйственный отдел", "Гардеробщик", dt.datetime(2020, 2, 3),
     "Основное место работы", 1, None, None),
    (5, "Ульянова Марина Александровна", "0000-00003", "Методический отдел", "Методист", dt.datetime(2019, 1, 10),
     "Внутреннее совместительство", 0.25, "112-233-445 95", None),
]


def xlsx(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(list(row) or [None])
    book.save(path)
    return path


def ok(invoke, ws, *args):
    result = invoke("-w", ws, *args, "--today", TODAY)
    assert result.exit_code == 0, result.output + result.stderr
    return result.output


def refused(invoke, ws, *args):
    result = invoke("-w", ws, *args, "--today", TODAY)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output + result.stderr
    return result.stderr


def card(invoke, ws, who):
    return json.loads(invoke("-w", ws, "people", "show", who, "--json").output)


def jobs(invoke, ws, who):
    """The person's employments as (position, department, kind, rate, number, from, to, reason)."""
    return [(e["position"], e["department"], e["kind"], e["rate"], e["personnel_number"], e["started_on"],
             e["ended_on"], e["reason"]) for e in card(invoke, ws, who)["employments"]]


def names_in(invoke, ws, department):
    listed = json.loads(ok(invoke, ws, "people", "list", "--json", "--department", department))
    return sorted(p["full_name"] for p in listed)


def journal(invoke, ws, department):
    """The department's printed workplace journal: (date, name, position) of every row."""
    made = json.loads(ok(invoke, ws, "suot", "journal", "workplace", "--department", department, "--json"))
    rows = []
    for table in docx.Document(made["path"]).tables:
        for row in table.rows[2:]:
            cells = [c.text.strip() for c in row.cells]
            if cells[1]:
                rows.append((cells[1], cells[2], cells[3]))
    return rows


def test_part_timer_and_transfers_from_hr_files_and_the_journals(invoke, workspace, tmp_path):
    out = ok(invoke, workspace, "people", "import", xlsx(tmp_path / "hired.xlsx", HIRED))
    assert "строки 5 и 9: один работник (СНИЛС совпадает)" in out
    assert "Методист, Методический отдел (внутреннее совместительство) — совместительство" in out
    people = {p["full_name"]: p for p in json.loads(ok(invoke, workspace, "people", "list", "--json"))}
    assert sorted(people) == ["Ким Ли", "Колесникова Анна Сергеевна", "Серов Пётр Ильич",
                              "Ульянова Марина Александровна"]
    # The person's own fields stay the main employment.
    assert (people["Ульянова Марина Александровна"]["position"],
            people["Ульянова Марина Александровна"]["department"]) == ("Тренер-преподаватель", "Отделение плавания")
    assert jobs(invoke, workspace, "Ульянова") == [
        ("Тренер-преподаватель", "Отделение плавания", "main", 1.0, "0000-00001", "2015-09-01", None, "hire"),
        ("Методист", "Методический отдел", "internal", 0.25, "0000-00003", "2019-01-10", None, "hire")]
    assert jobs(invoke, workspace, "Колесникова") == [
        ("Специалист по охране труда", "Администрация", "main", 1.0, "0000-00005", "2019-03-01", None, "hire")]
    departments = json.loads(ok(invoke, workspace, "people", "departments", "--json"))
    assert {d["name"]: d["people"] for d in departments} == {
        "Администрация": 1, "Методический отдел": 1, "Отделение плавания": 1, "Отделение футбола": 1,
        "Хозяйственный отдел": 1}

    # Briefings before the move, recorded as the journals were kept then; the methodical department's instructor
    # briefs the part-timer there.
    ok(invoke, workspace, "appoint", "briefing_instructor", "Колесникова", "--department", "Отделение футбола",
       "--order-number", "5", "--order-date", "2026-01-10")
    ok(invoke, workspace, "appoint", "briefing_instructor", "Колесникова", "--department", "Методический отдел",
       "--order-number", "5", "--order-date", "2026-01-10")
    ok(invoke, workspace, "appoint", "briefing_instructor", "Колесникова", "--department", "Хозяйственный отдел",
       "--order-number", "5", "--order-date", "2026-01-10")
    for who, on in (("Серов", "2026-02-10"), ("Ульянова", "2026-04-01"), ("Ким", "2026-04-02")):
        ok(invoke, workspace, "briefing", "add", who, "--kind", "repeat", "--on", on, "--by", "Колесникова")

    moved = xlsx(tmp_path / "moved.xlsx", MOVED)
    out = ok(invoke, workspace, "people", "import", moved, "--dry-run")
    assert "Серов Пётр — Подразделение: Отделение футбола → Отделение плавания (перевод с 01.03.2026)" in out
    assert "Ким Ли — Должность: Уборщик служебных помещений → Гардеробщик (перевод с 23.11.2026)" in out
    assert "Будет: добавлено 0, обновлено 2, без изменений 1." in out  # Колесникова is not in the file
    ok(invoke, workspace, "people", "import", moved)
    assert "обновлено 0, без изменений 3" in ok(invoke, workspace, "people", "import", moved)  # nothing twice

    serov = card(invoke, workspace, "Серов")
    assert (serov["position"], serov["department"], serov["hired_on"]) == (
        "Тренер-преподаватель", "Отделение плавания", "2018-09-01")
    assert jobs(invoke, workspace, "Серов") == [
        ("Тренер-преподаватель", "Отделение футбола", "main", 1.0, "0000-00002", "2018-09-01", "2026-02-28", "hire"),
        ("Тренер-преподаватель", "Отделение плавания", "main", 1.0, "0000-00002", "2026-03-01", None, "transfer")]
    assert serov["employments"][1]["previous_id"] == serov["employments"][0]["id"]
    assert jobs(invoke, workspace, "Ким") == [
        ("Уборщик служебных помещений", "Хозяйственный отдел", "main", 1.0, "0000-00004", "2020-02-03", "2026-11-22",
         "hire"),
        ("Гардеробщик", "Хозяйственный отдел", "main", 1.0, "0000-00004", "2026-11-23", None, "transfer")]
    assert len(jobs(invoke, workspace, "Ульянова")) == 2  # listed again, not added again

    assert names_in(invoke, workspace, "Отделение плавания") == ["Серов Пётр Ильич", "Ульянова Марина Александровна"]
    assert names_in(invoke, workspace, "Методический отдел") == ["Ульянова Марина Александровна"]
    assert names_in(invoke, workspace, "Отделение футбола") == []

    # A briefing after the move (by the instructor of the new department), then the journals.
    ok(invoke, workspace, "appoint", "briefing_instructor", "Колесникова", "--department", "Отделение плавания",
       "--order-number", "6", "--order-date", "2026-03-01")
    ok(invoke, workspace, "briefing", "add", "Серов", "--kind", "repeat", "--on", "2026-06-10", "--by", "Колесникова")
    assert journal(invoke, workspace, "Отделение футбола") == [
        ("10.02.2026", "Серов Пётр Ильич", "Тренер-преподаватель")]
    assert journal(invoke, workspace, "Отделение плавания") == [
        ("01.04.2026", "Ульянова Марина Александровна", "Тренер-преподаватель"),
        ("10.06.2026", "Серов Пётр Ильич", "Тренер-преподаватель")]
    assert journal(invoke, workspace, "Методический отдел") == [
        ("01.04.2026", "Ульянова Марина Александровна", "Методист")]
    # Ким's entry of April was made as a cleaner: the position of that day is printed.
    assert journal(invoke, workspace, "Хозяйственный отдел") == [
        ("02.04.2026", "Ким Ли", "Уборщик служебных помещений")]


def test_transfer_command_and_its_refusals(invoke, workspace, tmp_path):
    ok(invoke, workspace, "people", "import", xlsx(tmp_path / "hired.xlsx", HIRED))
    part_time = card(invoke, workspace, "Ульянова")["employments"][1]
    before = jobs(invoke, workspace, "Ульянова")

    message = refused(invoke, workspace, "people", "transfer", "Ульянова", "--department", "Отделение футбола",
                      "--on", "2019-01-10", "--employment", str(part_time["id"]))
    assert "Дата перевода (--on) 10.01.2019 должна быть позже начала работы в должности (10.01.2019)" in message
    assert "ещё не наступила" in refused(invoke, workspace, "people", "transfer", "Ульянова", "--position", "Методист",
                                         "--on", "2026-12-01")
    assert "укажите новую должность (--position) или подразделение (--department)" in refused(
        invoke, workspace, "people", "transfer", "Ульянова", "--on", "2026-10-01")
    assert "Должность №999 не принадлежит" in refused(invoke, workspace, "people", "transfer", "Ульянова",
                                                     "--position", "Методист", "--on", "2026-10-01",
                                                     "--employment", "999")
    assert jobs(invoke, workspace, "Ульянова") == before  # nothing written on error
    assert "Отделение футбола" in {d["name"] for d in json.loads(ok(invoke, workspace, "people", "departments",
                                                                   "--json"))}

    out = ok(invoke, workspace, "people", "transfer", "Ульянова", "--department", "Отделение футбола", "--on",
             "2026-10-01", "--employment", str(part_time["id"]))
    assert "с 01.10.2026 — Методист, Отделение футбола" in out and "закрыта 30.09.2026" in out
    after = card(invoke, workspace, "Ульянова")
    assert (after["position"], after["department"]) == ("Тренер-преподаватель", "Отделение плавания")  # main stays
    assert jobs(invoke, workspace, "Ульянова") == [
        ("Тренер-преподаватель", "Отделение плавания", "main", 1.0, "0000-00001", "2015-09-01", None, "hire"),
        ("Методист", "Методический отдел", "internal", 0.25, "0000-00003", "2019-01-10", "2026-09-30", "hire"),
        ("Методист", "Отделение футбола", "internal", 0.25, "0000-00003", "2026-10-01", None, "transfer")]
    shown = invoke("-w", workspace, "people", "show", "Ульянова").output
    assert "Должности" in shown and "10.01.2019" in shown and "30.09.2026" in shown and "перевод" in shown

    # The main employment: the person's fields follow; dismissal closes every employment.
    ok(invoke, workspace, "people", "transfer", "Ким", "--position", "Гардеробщик", "--on", "2026-05-01")
    assert card(invoke, workspace, "Ким")["position"] == "Гардеробщик"
    invoke("-w", workspace, "people", "dismiss", "Ульянова", "--on", "2026-11-20")
    assert [e[6] for e in jobs(invoke, workspace, "Ульянова")] == ["2026-11-20", "2026-09-30", "2026-11-20"]


def test_upgrade_gives_every_person_one_employment(backend, tmp_path, pm):
    url = normalize_url(backend.url) if backend.url else sqlite_url(tmp_path / "old.db")
    engine = make_engine(url)
    with engine.begin() as conn:
        upgrade(conn, pm, target="core_0014")
        conn.execute(text(
            "INSERT INTO core_organization (id, key, name, short_name, legal_address, municipality, phone, email,"
            " website, created_at) VALUES (1, 'old', 'Школа', '', '', '', '', '', '', :now)"),
            {"now": dt.datetime(2025, 1, 1)})
        conn.execute(text("INSERT INTO core_department (id, org_id, name) VALUES (1, 1, 'Цех')"))
        for i, dismissed in ((1, None), (2, dt.date(2024, 5, 31))):
            conn.execute(text(
                "INSERT INTO core_person (id, org_id, surname, name, position, department_id, hired_on, dismissed_on,"
                " osh_role, personnel_number, employment_kind, rate, created_at) VALUES (:i, 1, :s, 'Иван',"
                " 'Слесарь', 1, :h, :d, 'none', :n, 'main', 0.5, :now)"),
                {"i": i, "s": f"Работник{i}", "h": dt.date(2020, 1, i), "d": dismissed, "n": f"0{i}",
                 "now": dt.datetime(2025, 1, 1)})
    ensure_schema(engine, pm)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT person_id, position, department_id, kind, rate, personnel_number, main, started_on, ended_on,"
            " reason FROM core_employment ORDER BY person_id")).all()
    assert [(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), str(r[7]), r[8] and str(r[8]), r[9]) for r in rows] == [
        (1, "Слесарь", 1, "main", 0.5, "01", True, "2020-01-01", None, "hire"),
        (2, "Слесарь", 1, "main", 0.5, "02", True, "2020-01-02", "2024-05-31", "hire")]
