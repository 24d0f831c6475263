"""``ohs practice proposal``: workers' proposals, survey imports (Google/Яндекс Формы), accept and reject."""

from __future__ import annotations

import datetime

import pytest
from bp_helpers import TODAY, jrun, refused, run, setup_org

GOOGLE_CSV = (
    '"Отметка времени","Ваше ФИО","Подразделение","Ваше предложение","Оцените обучение от 1 до 5"\n'
    '"20.11.2026 14:05:12","Серов Виктор Иванович","Зал № 1","Повесить памятки у снарядов","5"\n'
    '"21.11.2026 09:00:00","Иванов Пётр","","",""\n'
    '"22.11.2026 10:30:00","Незнакомцев Н.Н.","Зал № 2","Разминка перед снарядами, с тестами","4"\n'
)


def test_proposal_accepted_becomes_a_practice_and_rejected_keeps_the_reason(invoke, workspace):
    setup_org(invoke, workspace)
    first = jrun(invoke, workspace, "practice", "proposal", "add", "--text", "Разминка с тестами готовности",
                 "--author", "Серов В.И.", "--on", "2026-10-01", "--category", "technology", "--effect",
                 "меньше растяжений", "--today", TODAY)
    second = jrun(invoke, workspace, "practice", "proposal", "add", "--text", "Купить тренажёр", "--on",
                  "2026-10-02", "--channel", "union", "--today", TODAY)
    accepted = jrun(invoke, workspace, "practice", "proposal", "accept", first["id"], "--on", "2026-10-10",
                    "--title", "Разминка с контролем готовности", "--implemented", "2026-11-01", "--today", TODAY)
    practice = accepted["practice"]
    assert practice["category"] == "technology" and practice["source"] == "proposal"
    assert practice["author"] == "Серов В.И." and practice["effect"] == "меньше растяжений"
    assert practice["description"] == "Разминка с тестами готовности"
    assert "причина" in refused(invoke, workspace, "practice", "proposal", "reject", second["id"], "--today", TODAY)
    run(invoke, workspace, "practice", "proposal", "reject", second["id"], "--reason", "дорого", "--on",
        "2026-10-11", "--today", TODAY)
    rows = {r["id"]: r for r in jrun(invoke, workspace, "practice", "proposal", "list")}
    assert rows[first["id"]]["status"] == "accepted" and rows[first["id"]]["practice_id"] == practice["id"]
    assert rows[second["id"]]["status"] == "rejected" and rows[second["id"]]["reason"] == "дорого"
    # A decision is taken once.
    assert "уже отклонено" in refused(invoke, workspace, "practice", "proposal", "accept", second["id"], "--title",
                                      "x", "--implemented", "2026-11-01", "--today", TODAY)
    assert [p["title"] for p in jrun(invoke, workspace, "practice", "list")] == ["Разминка с контролем готовности"]


def test_accept_without_practice_fields_writes_nothing(invoke, workspace):
    setup_org(invoke, workspace)
    row = jrun(invoke, workspace, "practice", "proposal", "add", "--text", "Памятки", "--today", TODAY)
    assert "категория" in refused(invoke, workspace, "practice", "proposal", "accept", row["id"], "--title", "Памятки",
                                  "--implemented", "2026-11-01", "--today", TODAY)
    assert jrun(invoke, workspace, "practice", "proposal", "list")[0]["status"] == "new"
    assert jrun(invoke, workspace, "practice", "list") == []


def test_google_forms_csv_import(invoke, workspace, tmp_path):
    setup_org(invoke, workspace)
    path = tmp_path / "опрос.csv"
    path.write_text(GOOGLE_CSV, encoding="utf-8")
    result = jrun(invoke, workspace, "practice", "proposal", "import", path, "--survey", "Опрос ноября",
                  "--today", TODAY)
    assert result["added"] == 2 and result["skipped"] == 1
    rows = jrun(invoke, workspace, "practice", "proposal", "list")
    assert [r["received_on"] for r in rows] == ["2026-11-20", "2026-11-22"]
    assert rows[0]["author_id"] is not None and rows[0]["author"] == "Серов Виктор Иванович"
    assert rows[1]["author_id"] is None and rows[1]["author"] == "Незнакомцев Н.Н."  # not in the register: kept as typed
    assert rows[1]["text"] == "Разминка перед снарядами, с тестами" and rows[1]["department"] == "Зал № 2"
    assert rows[0]["answers"] == {"Оцените обучение от 1 до 5": "5"} and rows[0]["survey"] == "Опрос ноября"
    assert "уже импортирован" in refused(invoke, workspace, "practice", "proposal", "import", path, "--today", TODAY)


def test_yandex_forms_xlsx_import(invoke, workspace, tmp_path):
    from openpyxl import Workbook

    setup_org(invoke, workspace)
    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Время создания", "Предложение по улучшению условий и охраны труда", "Категория",
                  "Ожидаемый эффект"])
    sheet.append([101, datetime.datetime(2026, 11, 18, 12, 0), "QR-коды с инструкциями у снарядов", "техника",
                  "инструкция всегда под рукой"])
    sheet.append([102, "2026-11-19 08:15:00", "Больше перерывов", "что-то своё", None])
    path = tmp_path / "yandex.xlsx"
    book.save(path)
    assert jrun(invoke, workspace, "practice", "proposal", "import", path, "--channel", "training",
                "--today", TODAY)["added"] == 2
    rows = jrun(invoke, workspace, "practice", "proposal", "list")
    assert [(r["received_on"], r["category"], r["channel"]) for r in rows] == [
        ("2026-11-18", "technique", "training"), ("2026-11-19", None, "training")]
    assert rows[0]["effect"] == "инструкция всегда под рукой" and rows[0]["answers"] == {"ID": "101"}
    assert rows[1]["answers"] == {"ID": "102", "Категория": "что-то своё"}  # an unknown category is kept as answered


@pytest.mark.parametrize(("header", "missing"), [
    ('"ФИО","Подразделение"', ["Отметка времени", "Предложение"]),
    ('"Отметка времени","ФИО"', ["Предложение"]),
    ('"Ваше предложение","ФИО"', ["Отметка времени"]),
])
def test_survey_with_missing_columns_lists_them(invoke, workspace, tmp_path, header, missing):
    path = tmp_path / "bad.csv"
    path.write_text(header + '\n"a","b"\n', encoding="utf-8")
    message = refused(invoke, workspace, "practice", "proposal", "import", path, "--today", TODAY)
    first_line = message.splitlines()[0]
    assert "не хватает колонок" in first_line
    for title in missing:
        assert title in first_line
    assert jrun(invoke, workspace, "practice", "proposal", "list") == []


def test_survey_with_bad_dates_names_every_row_and_writes_nothing(invoke, workspace, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text('Отметка времени;Предложение\nвчера;раз\n20.11.2026;два\n01.12.2026;три\n', encoding="utf-8")
    message = refused(invoke, workspace, "practice", "proposal", "import", path, "--today", TODAY)
    assert "строка 2" in message and "не дата" in message and "строка 3" not in message
    assert "строка 4: дата ответа 01.12.2026 ещё не наступила" in message
    assert jrun(invoke, workspace, "practice", "proposal", "list") == []
