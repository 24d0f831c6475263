"""The people register through the command line: add, list, show, dismiss, import, export."""

import json

import openpyxl

from core.registry.validation import snils_control


def snils(n: int) -> str:
    number = f"{n:09d}"
    return f"{number[:3]}-{number[3:6]}-{number[6:]} {snils_control(number)}"


def people(invoke, ws, *extra):
    result = invoke("-w", ws, "people", "list", "--json", "--today", "2026-11-23", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def add(invoke, ws, full_name, *extra):
    result = invoke("-w", ws, "people", "add", full_name, "--position", "Тренер-преподаватель",
                    "--hired-on", "2020-09-01", "--today", "2026-11-23", *extra)
    return result


def test_add_list_show_dismiss(invoke, workspace):
    result = add(invoke, workspace, "Серов Виктор Иванович", "--department", "Отделение гимнастики",
                 "--birth-date", "1975-03-14", "--snils", "112-233-445 95", "--gender", "m")
    assert result.exit_code == 0, result.output
    add(invoke, workspace, "Ульянова Марина Александровна")
    listing = people(invoke, workspace)
    assert [p["full_name"] for p in listing] == ["Серов Виктор Иванович", "Ульянова Марина Александровна"]
    shown = json.loads(invoke("-w", workspace, "people", "show", "112-233-445 95", "--json").output)
    assert shown["department"] == "Отделение гимнастики" and shown["birth_date"] == "1975-03-14"
    text = invoke("-w", workspace, "people", "show", "Серов В.И.").output
    assert "ФИО: Серов Виктор Иванович" in text and "СНИЛС: 112-233-445 95" in text
    result = invoke("-w", workspace, "people", "dismiss", "Серов", "--on", "2026-05-31")
    assert result.exit_code == 0 and "уволен(а) 31.05.2026" in result.output
    assert [p["surname"] for p in people(invoke, workspace)] == ["Ульянова"]
    assert len(people(invoke, workspace, "--all")) == 2
    again = invoke("-w", workspace, "people", "dismiss", "Серов", "--on", "2026-06-30")
    assert again.exit_code == 1 and "уже уволен" in again.stderr


def test_bad_values_are_refused_with_a_russian_sentence(invoke, workspace):
    cases = [
        (["--snils", "112-233-445 96"], "СНИЛС"),
        (["--birth-date", "31.02.1980"], "такой даты нет"),
        (["--birth-date", "2021-01-01"], "рождения"),
    ]
    for extra, expected in cases:
        result = add(invoke, workspace, "Иванов Иван Иванович", *extra)
        assert result.exit_code in (1, 2), extra
        assert expected in result.stderr, (extra, result.stderr)
        assert "Traceback" not in result.output
    future = invoke("-w", workspace, "people", "add", "Иванов Иван", "--position", "Сторож",
                    "--hired-on", "2027-01-01", "--today", "2026-11-23")
    assert future.exit_code == 1 and "ещё не наступила" in future.stderr
    assert people(invoke, workspace, "--all") == []


def test_unknown_and_ambiguous_people(invoke, workspace):
    add(invoke, workspace, "Иванов Иван Иванович")
    add(invoke, workspace, "Иванов Пётр Сергеевич")
    missing = invoke("-w", workspace, "people", "show", "Петров")
    assert missing.exit_code == 1 and "не найден" in missing.stderr
    ambiguous = invoke("-w", workspace, "people", "show", "Иванов")
    assert ambiguous.exit_code == 1 and "нескольким" in ambiguous.stderr
    assert json.loads(invoke("-w", workspace, "people", "show", "Иванов П.С.", "--json").output)["name"] == "Пётр"
    assert invoke("-w", workspace, "people", "show", "999").exit_code == 1


def test_duplicate_snils_is_refused(invoke, workspace):
    add(invoke, workspace, "Иванов Иван Иванович", "--snils", snils(123456789))
    result = add(invoke, workspace, "Петров Пётр Петрович", "--snils", snils(123456789))
    assert result.exit_code == 1 and "уже есть" in result.stderr


def write_cp1251_csv(path, rows):
    lines = ["ФИО;Дата рождения;Должность;Подразделение;Дата приема;СНИЛС"] + [";".join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))


def test_import_a_1c_style_csv_then_reimport_without_duplicates(invoke, workspace, tmp_path):
    rows = [
        ("Ульянова Марина Александровна", "12.04.1972", "Директор", "Администрация", "01.09.2014", snils(100200300)),
        ("Серов Виктор Иванович", "14.03.1975", "Тренер-преподаватель", "Отделение гимнастики", "15.08.2011", snils(100200301)),
        ("Ёлкина Алёна Петровна", "1990-01-02", "Бухгалтер", "Бухгалтерия", "2019-02-01", ""),
    ]
    path = tmp_path / "staff.csv"
    write_cp1251_csv(path, rows)
    result = invoke("-w", workspace, "people", "import", path, "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert "добавлено 3" in result.output
    listing = people(invoke, workspace)
    assert {p["full_name"] for p in listing} == {r[0] for r in rows}
    assert {p["department"] for p in listing} == {"Администрация", "Отделение гимнастики", "Бухгалтерия"}
    # The same file again: nothing added, nothing changed.
    again = invoke("-w", workspace, "people", "import", path, "--today", "2026-11-23", "--json")
    report = json.loads(again.output)
    assert {k: report[k] for k in ("dry_run", "added", "updated", "unchanged", "added_lines", "changes", "absent")} == {
        "dry_run": False, "added": 0, "updated": 0, "unchanged": 3, "added_lines": [], "changes": [], "absent": []}
    # A transfer in HR is an update of the same person, not a new one.
    rows[1] = rows[1][:2] + ("Старший тренер-преподаватель",) + rows[1][3:]
    write_cp1251_csv(path, rows)
    moved = json.loads(invoke("-w", workspace, "people", "import", path, "--today", "2026-11-23", "--json").output)
    assert (moved["added"], moved["updated"]) == (0, 1)
    assert len(people(invoke, workspace)) == 3
    assert json.loads(invoke("-w", workspace, "people", "show", "Серов", "--json").output)["position"] == "Старший тренер-преподаватель"


def test_import_is_all_or_nothing_and_lists_every_bad_row(invoke, workspace, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "Фамилия,Имя,Отчество,Должность,Дата приема,СНИЛС\n"
        "Иванов,Иван,Иванович,Сторож,01.02.2020,\n"
        "Петров,Пётр,,Сторож,31.02.2020,\n"
        ",Анна,Сергеевна,Бухгалтер,01.03.2021,\n"
        "Сидоров,Сидор,,Сторож,01.03.2021,112-233-445 96\n",
        encoding="utf-8",
    )
    result = invoke("-w", workspace, "people", "import", path, "--today", "2026-11-23")
    assert result.exit_code == 1
    err = result.stderr
    assert "строка 3, столбец «Дата приема»" in err
    assert "строка 4, столбец «Фамилия»" in err
    assert "строка 5, столбец «СНИЛС»" in err
    assert people(invoke, workspace, "--all") == []


def test_dry_run_reports_without_writing(invoke, workspace, tmp_path):
    path = tmp_path / "staff.csv"
    write_cp1251_csv(path, [("Ульянова Марина Александровна", "12.04.1972", "Директор", "Администрация", "01.09.2014", "")])
    result = invoke("-w", workspace, "people", "import", path, "--dry-run", "--today", "2026-11-23")
    assert result.exit_code == 0 and "Будет: добавлено 1" in result.output
    assert people(invoke, workspace, "--all") == []


def test_import_xlsx_with_date_cells(invoke, workspace, tmp_path):
    import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Фамилия", "Имя", "Отчество", "Дата рождения", "Должность", "Подразделение", "Дата приёма", "СНИЛС"])
    sheet.append(["Колесникова", "Ольга", "Викторовна", datetime.datetime(1985, 6, 1), "Специалист по охране труда",
                  "Администрация", datetime.datetime(2020, 10, 14), 11223344595])
    path = tmp_path / "staff.xlsx"
    book.save(path)
    result = invoke("-w", workspace, "people", "import", path, "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    person = people(invoke, workspace)[0]
    assert person["snils"] == "112-233-445 95" and person["hired_on"] == "2020-10-14" and person["birth_date"] == "1985-06-01"


def test_files_that_are_not_people_lists_are_refused(invoke, workspace, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("это не таблица", encoding="utf-8")
    odd = tmp_path / "list.pdf"
    odd.write_bytes(b"%PDF-1.4")
    unknown = tmp_path / "cols.csv"
    unknown.write_text("ФИО;Должность;Дата приема;Любимый цвет\nИванов Иван;Сторож;01.01.2020;синий\n", encoding="utf-8")
    for path in (empty, binary, fake, odd, tmp_path / "missing.csv"):
        result = invoke("-w", workspace, "people", "import", path)
        assert result.exit_code in (1, 2), path
        assert "Traceback" not in result.output
        assert result.stderr.startswith("Ошибка:") or "Ошибка" in result.stderr, (path, result.stderr)
    assert people(invoke, workspace, "--all") == []
    # A column the toolkit does not use is named and skipped, not refused.
    ignored = invoke("-w", workspace, "people", "import", unknown, "--dry-run", "--today", "2026-11-23")
    assert ignored.exit_code == 0 and "Не используются колонки: «Любимый цвет»." in ignored.output


def test_export_round_trips_through_import(invoke, make_workspace, tmp_path):
    source = make_workspace("source", "--demo")
    for ext in ("csv", "xlsx"):
        exported = tmp_path / f"staff.{ext}"
        result = invoke("-w", source, "people", "export", exported, "--all", "--today", "2026-11-23")
        assert result.exit_code == 0, result.output
        target = make_workspace(f"target_{ext}")
        imported = invoke("-w", target, "people", "import", exported, "--today", "2026-11-23")
        assert imported.exit_code == 0, imported.output

        def comparable(ws):
            return sorted(json.dumps(p | {"id": None}, sort_keys=True, ensure_ascii=False) for p in people(invoke, ws, "--all"))

        assert len(comparable(source)) == 45
        assert comparable(source) == comparable(target)
