"""Issue 13 «Nothing lost, nothing exposed»: the people import keeps what the file does not say,
refuses ambiguous rows, and the file readers and writers resist hostile files (formulas, zip bombs,
absurd widths, too-long values)."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest

TODAY = ("--today", "2026-11-23")
FULL_HEADER = ["Фамилия", "Имя", "Отчество", "Дата рождения", "Должность", "Дата приема", "Дата увольнения", "СНИЛС",
               "E-mail", "Пол", "Роль в ОТ"]
SNILS_A, SNILS_B = "112-233-445 95", "087-654-303 00"


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, delimiter=";").writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    """An XLSX as Excel saves typed text: a value starting with «=» is a text cell, not a formula."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        cells = book.active.append(row) or book.active[book.active.max_row]
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"
    book.save(path)
    return path


def people(invoke, ws) -> dict[str, dict]:
    result = invoke("-w", ws, "people", "list", "--all", "--json", *TODAY)
    assert result.exit_code == 0, result.output
    return {p["full_name"]: p for p in json.loads(result.output)}


def imported(invoke, ws, path, *extra):
    result = invoke("-w", ws, "people", "import", path, *TODAY, *extra)
    assert result.exit_code == 0, result.output
    return result


def refused(invoke, ws, *args) -> str:
    result = invoke(*(("-w", ws) if ws else ()), *args)
    assert result.exit_code == 1, result.output
    assert "непредвиденный сбой" not in result.stderr and "Traceback" not in result.stderr
    return result.stderr


@pytest.fixture
def staffed(invoke, workspace, tmp_path):
    """A workspace with one dismissed specialist and one active worker, imported with every column."""
    full = write_csv(tmp_path / "full.csv", [
        FULL_HEADER,
        ["Иванов", "Иван", "Иванович", "01.01.1980", "Слесарь", "01.02.2020", "31.12.2023", SNILS_A, "i@x.ru", "м",
         "специалист по ОТ"],
        ["Петрова", "Анна", "", "02.02.1985", "Токарь", "01.03.2021", "", "", "a@x.ru", "ж", "руководитель службы ОТ"],
    ])
    imported(invoke, workspace, full)
    return workspace


# ---------------------------------------------------------------- 6. import keeps, refuses, shows


def test_file_without_optional_columns_keeps_sex_role_email_and_dismissal(invoke, staffed, tmp_path):
    short = write_csv(tmp_path / "short.csv", [
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Должность", "Дата приема"],
        ["Иванов", "Иван", "Иванович", "01.01.1980", "Слесарь", "01.02.2020"],
        ["Петрова", "Анна", "", "02.02.1985", "Токарь", "01.03.2021"],
    ])
    before = people(invoke, staffed)
    result = imported(invoke, staffed, short)
    assert "обновлено 0, без изменений 2" in result.output
    assert people(invoke, staffed) == before
    ivanov = before["Иванов Иван Иванович"]
    assert (ivanov["gender"], ivanov["osh_role"], ivanov["email"], ivanov["dismissed_on"], ivanov["snils"]) == (
        "m", "specialist", "i@x.ru", "2023-12-31", SNILS_A)


def test_empty_cells_keep_stored_values(invoke, staffed, tmp_path):
    blanks = write_csv(tmp_path / "blanks.csv", [
        FULL_HEADER,
        ["Иванов", "Иван", "Иванович", "", "Слесарь 5 разряда", "01.02.2020", "", "", "", "", ""],
    ])
    before = people(invoke, staffed)["Иванов Иван Иванович"]
    result = imported(invoke, staffed, blanks)
    assert "обновлено 1" in result.output
    after = people(invoke, staffed)["Иванов Иван Иванович"]
    assert after == {**before, "position": "Слесарь 5 разряда"}


def test_dismissed_person_is_rehired_only_by_a_later_hire_date(invoke, staffed, tmp_path):
    same = write_csv(tmp_path / "same.csv", [
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Должность", "Дата приема", "СНИЛС"],
        ["Иванов", "Иван", "Иванович", "01.01.1980", "Слесарь", "01.02.2020", SNILS_A],
    ])
    imported(invoke, staffed, same)
    assert people(invoke, staffed)["Иванов Иван Иванович"]["dismissed_on"] == "2023-12-31"

    again = write_csv(tmp_path / "again.csv", [
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Должность", "Дата приема", "СНИЛС"],
        ["Иванов", "Иван", "Иванович", "01.01.1980", "Слесарь", "15.03.2025", SNILS_A],
    ])
    dry = imported(invoke, staffed, again, "--dry-run")
    assert "Будет: добавлено 0, обновлено 1" in dry.output
    assert "Дата приема: 01.02.2020 → 15.03.2025; Дата увольнения: 31.12.2023 → —" in dry.output
    assert "hired_on" not in dry.output and "dismissed_on" not in dry.output
    assert people(invoke, staffed)["Иванов Иван Иванович"]["dismissed_on"] == "2023-12-31"  # dry run wrote nothing
    imported(invoke, staffed, again)
    ivanov = people(invoke, staffed)["Иванов Иван Иванович"]
    assert (ivanov["hired_on"], ivanov["dismissed_on"]) == ("2025-03-15", None)


def test_dry_run_shows_every_change_in_russian(invoke, staffed, tmp_path):
    changed = write_csv(tmp_path / "changed.csv", [
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Должность", "Дата приема", "Роль в ОТ", "E-mail"],
        ["Петрова", "Анна", "", "02.02.1985", "Токарь", "01.03.2021", "специалист по ОТ", "anna@x.ru"],
        ["Сидоров", "Пётр", "", "03.03.1990", "Маляр", "01.04.2022", "", ""],
    ])
    result = imported(invoke, staffed, changed, "--dry-run")
    assert "строка 3: Сидоров Пётр — новый работник" in result.output
    assert ("строка 2: №2 Петрова Анна — E-mail: a@x.ru → anna@x.ru; "
            "Роль в ОТ: руководитель службы охраны труда → специалист по охране труда") in result.output
    data = json.loads(imported(invoke, staffed, changed, "--dry-run", "--json").output)
    assert data["added_lines"] == [3]
    assert data["changes"] == [{"line": 2, "id": 2, "fields": {"email": ["a@x.ru", "anna@x.ru"],
                                                                "osh_role": ["head", "specialist"]}}]


def test_snils_conflict_on_a_name_match_is_an_error_naming_both(invoke, staffed, tmp_path):
    other = write_csv(tmp_path / "other.csv", [
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Должность", "Дата приема", "СНИЛС"],
        ["Сидоров", "Пётр", "", "03.03.1990", "Маляр", "01.04.2022", ""],
        ["Иванов", "Иван", "Иванович", "01.01.1980", "Слесарь", "01.02.2020", SNILS_B],
    ])
    message = refused(invoke, staffed, "people", "import", other, *TODAY)
    assert "строка 3" in message and "работником №1" in message and "ohs people show 1" in message
    assert SNILS_A not in message and SNILS_B not in message  # masked: only the last digits
    assert "***-***-303 00" in message and "***-***-445 95" in message
    stored = people(invoke, staffed)
    assert stored["Иванов Иван Иванович"]["snils"] == SNILS_A and "Сидоров Пётр" not in stored  # all or nothing


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_line_break_inside_a_name_is_an_error_with_row_and_column(invoke, workspace, tmp_path, suffix):
    write = write_csv if suffix == ".csv" else write_xlsx
    imported(invoke, workspace, write(tmp_path / f"first{suffix}", [
        ["Фамилия", "Имя", "Отчество", "Должность", "Дата приема"],
        ["Иванов", "Иван", "Иванович", "Слесарь", "01.02.2020"],
    ]))
    broken = write(tmp_path / f"broken{suffix}", [
        ["Фамилия", "Имя", "Отчество", "Должность", "Дата приема"],
        ["Петров", "Пётр", "", "Маляр", "01.02.2021"],
        ["Иванов", "Иван\nИванович", "", "Слесарь", "01.02.2020"],
    ])
    message = refused(invoke, workspace, "people", "import", broken, *TODAY)
    assert "строка 3, столбец «Имя»: В ячейке перенос строки" in message
    assert set(people(invoke, workspace)) == {"Иванов Иван Иванович"}


# ---------------------------------------------------------------- 9. formulas never come alive

HOSTILE = ["=cmd|' /C calc'!A0", "+79001234567", "-Минус", "@SUM(1)", "'=уже с апострофом"]


def test_people_export_csv_neutralises_formulas_and_import_gives_them_back(invoke, workspace, tmp_path):
    # XLSX keeps every value as typed (an apostrophe included), so it seeds the register with the hostile names.
    imported(invoke, workspace, write_xlsx(tmp_path / "seed.xlsx", [
        ["Фамилия", "Имя", "Должность", "Дата приема"],
        *[[surname, f"Имя{i}", f"={i}+1", "01.01.2020"] for i, surname in enumerate(HOSTILE)],
    ]))
    before = people(invoke, workspace)
    assert {p["surname"] for p in before.values()} == set(HOSTILE)
    out = tmp_path / "people.csv"
    assert invoke("-w", workspace, "people", "export", out, *TODAY).exit_code == 0
    cells = [cell for row in csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";")
             for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'+79001234567" in cells and "'-Минус" in cells
    assert "''=уже с апострофом" in cells and "'=0+1" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]

    other = tmp_path / "again"
    assert invoke("init", other).exit_code == 0
    imported(invoke, other, out)
    again = people(invoke, other)
    assert {n: (p["surname"], p["position"]) for n, p in again.items()} == {
        n: (p["surname"], p["position"]) for n, p in before.items()}


def _formula_cells(path: Path) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(path)  # not data_only: a formula cell keeps data_type "f"
    return [c.coordinate for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_people_export_xlsx_keeps_formula_text_as_text(invoke, workspace, tmp_path):
    assert invoke("-w", workspace, "people", "add", "=HYPERLINK(\"http://x\") Имя", "--position", "@x",
                  "--hired-on", "2020-01-01", *TODAY).exit_code == 0
    out = tmp_path / "people.xlsx"
    assert invoke("-w", workspace, "people", "export", out, *TODAY).exit_code == 0
    assert _formula_cells(out) == []
    assert invoke("init", tmp_path / "again").exit_code == 0
    imported(invoke, tmp_path / "again", out)
    assert [(p["surname"], p["position"]) for p in people(invoke, tmp_path / "again").values()] == [
        ('=HYPERLINK("http://x")', "@x")]


def test_training_registry_and_due_xlsx_write_no_formulas(invoke, workspace, tmp_path):
    assert invoke("-w", workspace, "people", "add", "=1+2 Иван", "--position", "=SUM(A1:A9)",
                  "--hired-on", "2020-01-01", *TODAY).exit_code == 0
    result = invoke("-w", workspace, "training", "add", "1", "--program", "A", "--on", "2026-11-20",
                    "--protocol", "=2*3", "--result", "passed", "--provider", "=HYPERLINK(\"http://x\")", *TODAY)
    assert result.exit_code == 0, result.output
    registry = tmp_path / "registry.xlsx"
    assert invoke("-w", workspace, "training", "registry", "--year", "2026", "--out", registry).exit_code == 0
    due = tmp_path / "due.xlsx"
    result = invoke("-w", workspace, "due", "--today", "2026-11-23", "--until", "2030-01-01", "--xlsx", due)
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    texts = [c.value for sheet in load_workbook(registry) for row in sheet.iter_rows() for c in row]
    assert "=1+2" in texts and "=2*3" in texts
    assert any(isinstance(v, str) and v.startswith("=1+2") for s in load_workbook(due) for r in s.iter_rows()
               for v in (c.value for c in r))
    assert _formula_cells(registry) == [] and _formula_cells(due) == []


# ---------------------------------------------------------------- 11. archives and widths


_SHEET = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
          b"<row>" + b"<c/>" * 100 + b"</row>", b"</sheetData></worksheet>")
_BODY = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
         b"<w:p/>" * 100, b"</w:body></w:document>")


def _bomb(path: Path, base: Path, part: str, unpacked_mb: int, xml: tuple[bytes, bytes, bytes]) -> Path:
    """``base`` with ``part`` replaced by valid XML of ``unpacked_mb`` MB of one repeated element (packs ~1000×)."""
    head, repeated, tail = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, zipfile.ZipFile(base) as source:
        for info in source.infolist():
            if info.filename != part:
                archive.writestr(info, source.read(info.filename))
        with archive.open(part, "w", force_zip64=True) as stream:
            stream.write(head)
            chunk = repeated * ((1 << 20) // len(repeated)) if repeated else b""
            for _ in range(unpacked_mb):
                stream.write(chunk)
            stream.write(tail)
    return path


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    base = write_xlsx(folder / "base.xlsx", [["Фамилия", "Имя", "Должность", "Дата приема"]])
    from docx import Document

    Document().save(folder / "base.docx")
    return {
        "xlsx_total": _bomb(folder / "total.xlsx", base, "xl/worksheets/sheet1.xml", 210, _SHEET),
        "xlsx_ratio": _bomb(folder / "ratio.xlsx", base, "xl/worksheets/sheet1.xml", 20, _SHEET),
        "docx": _bomb(folder / "bomb.docx", folder / "base.docx", "word/document.xml", 25, _BODY),
    }


def test_xlsx_zip_bombs_are_refused_before_reading(invoke, tmp_path, bombs):
    assert invoke("init", tmp_path / "ws").exit_code == 0
    total = refused(invoke, tmp_path / "ws", "people", "import", bombs["xlsx_total"], *TODAY)
    assert "«total.xlsx» распаковывается в 210 МБ — больше предела 200 МБ" in total
    ratio = refused(invoke, tmp_path / "ws", "people", "import", bombs["xlsx_ratio"], *TODAY)
    assert "«ratio.xlsx»: часть xl/worksheets/sheet1.xml сжата в" in ratio and "(предел 100)" in ratio
    survey = refused(invoke, tmp_path / "ws", "practice", "proposal", "import", bombs["xlsx_total"], *TODAY)
    assert "«total.xlsx» распаковывается" in survey


def test_docx_zip_bomb_is_refused_by_suot_scan(invoke, bombs):
    message = refused(invoke, None, "suot", "scan", bombs["docx"], "--as-of", "2026-11-01")
    assert "Документ «bomb.docx»" in message and "предела" in message


def test_docx_of_too_many_paragraphs_is_refused_before_python_docx(invoke, tmp_path):
    from docx import Document

    Document().save(tmp_path / "base.docx")
    # 110,000 empty paragraphs: 0.6 MB of XML, within every archive limit; python-docx needs ~4 s and ~40 µs each.
    many = _bomb(tmp_path / "many.docx", tmp_path / "base.docx", "word/document.xml", 0,
                 (_BODY[0] + b"<w:p/>" * 110_000, b"", _BODY[2]))
    message = refused(invoke, None, "suot", "scan", many, "--as-of", "2026-11-01")
    assert "В документе «many.docx» больше 100 000 абзацев и ячеек таблиц" in message


def test_one_row_of_millions_of_cells_is_refused_by_streaming(invoke, tmp_path):
    # 20,000 cells packs at ~6:1 and passes the archive limits; openpyxl would build the whole row.
    base = write_xlsx(tmp_path / "base.xlsx", [["Фамилия"]])
    wide = tmp_path / "wide.xlsx"
    with zipfile.ZipFile(wide, "w", zipfile.ZIP_DEFLATED) as archive, zipfile.ZipFile(base) as source:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info, source.read(info.filename))
        cells = b"".join(b'<c t="n"><v>%d</v></c>' % (i * 7919 % 100003) for i in range(20_000))
        archive.writestr("xl/worksheets/sheet1.xml", b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                         b'spreadsheetml/2006/main"><sheetData><row r="1">' + cells + b"</row></sheetData></worksheet>")
    assert invoke("init", tmp_path / "ws").exit_code == 0
    message = refused(invoke, tmp_path / "ws", "people", "import", wide, *TODAY)
    assert "в строке 1 больше 200 колонок" in message


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_header_of_100000_columns_is_a_clear_error(invoke, tmp_path, suffix):
    header = ["Фамилия", "Имя", "Должность", "Дата приема"] + [f"x{i}" for i in range(100_000 if suffix == ".csv"
                                                                                     else 5_000)]
    path = (write_csv if suffix == ".csv" else write_xlsx)(tmp_path / f"wide{suffix}", [header])
    assert invoke("init", tmp_path / "ws").exit_code == 0
    message = refused(invoke, tmp_path / "ws", "people", "import", path, *TODAY)
    assert "больше 200 колонок" in message and "не больше 200" in message


# ---------------------------------------------------------------- 12. Russian names, lengths on both databases


def test_option_names_never_reach_the_user(invoke, workspace):
    result = invoke("-w", workspace, "people", "add", "Иванов Иван", "--position", "Слесарь",
                    "--hired-on", "2020-13-01")
    assert result.exit_code == 2  # a usage error
    assert "Hired_on" not in result.stderr and "hired_on" not in result.stderr
    assert "Дата --hired-on „2020-13-01“: такой даты нет" in result.stderr
    result = invoke("-w", workspace, "people", "add", "Иванов Иван", "--position", "Слесарь", "--hired-on",
                    "2020-01-01", "--birth-date", "1.1.85")
    assert result.exit_code == 2 and "Birth_date" not in result.stderr and "--birth-date" in result.stderr


def test_too_long_values_fail_the_same_way_on_every_database(invoke, workspace, tmp_path):
    long_name = "Я" * 101
    message = refused(invoke, workspace, "people", "add", f"{long_name} Иван", "--position", "Слесарь",
                      "--hired-on", "2020-01-01", *TODAY)
    assert "Фамилия: 101 знаков, а помещается не больше 100" in message
    message = refused(invoke, workspace, "people", "add", "Иванов Иван", "--position", "П" * 301,
                      "--hired-on", "2020-01-01", "--department", "Цех", *TODAY)
    assert "Должность: 301 знаков, а помещается не больше 300" in message
    path = write_csv(tmp_path / "long.csv", [
        ["ФИО", "Должность", "Подразделение", "Дата приема"],
        [f"Иванов {long_name}", "Слесарь", "Д" * 301, "01.02.2020"],
    ])
    message = refused(invoke, workspace, "people", "import", path, *TODAY)
    assert "строка 2, столбец «ФИО»: Имя: 101 знаков, а помещается не больше 100" in message
    assert "строка 2, столбец «Подразделение»: Подразделение: 301 знаков" in message
    message = refused(invoke, workspace, "org", "set", "name=" + "О" * 501, "phone=+7 900 000-00-00")
    assert "Полное наименование (name): 501 знаков, а помещается не больше 500" in message
    message = refused(invoke, workspace, "org", "set", "headcount=99999999999")  # over PostgreSQL's INTEGER
    assert "Численность 99999999999 больше 10 000 000 человек" in message
    assert people(invoke, workspace) == {}
