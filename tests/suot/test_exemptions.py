"""Position facts, ``ohs suot exemptions`` and the list of positions exempted from workplace instruction."""

from __future__ import annotations

import datetime
import json

import docx

from plugins.suot.scan import scan_text

#: The Правила обучения (№ 2464) are limited to 01.09.2026 in core/obligations/rules/acts.toml; past that day no
#: extension or replacement is known, so the list is still made and `ohs check` asks to verify it.
BEFORE_SUNSET = "2026-08-20"


def text_of(path):
    document = docx.Document(path)
    body = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(body + cells)


def checks(invoke, ws, *extra):
    result = invoke("-w", ws, "suot", "exemptions", "--json", *extra)
    assert result.exit_code == 0, result.output
    return {c["position"]: c for c in json.loads(result.output)}


def test_demo_exemptions_explain_every_position(invoke, demo):
    found = checks(invoke, demo)
    office = ("Бухгалтер", "Главный бухгалтер", "Экономист", "Специалист по кадрам", "Делопроизводитель")
    assert all(found[p]["qualifies"] for p in office)
    assert not found["Тренер-преподаватель"]["qualifies"]
    assert "есть иные источники опасности" in found["Тренер-преподаватель"]["reasons"]
    assert not found["Водитель автомобиля"]["qualifies"]
    assert found["Сторож"]["reasons"][0].startswith('нет данных: ohs suot position set "Сторож"')
    text = invoke("-w", demo, "suot", "exemptions").output
    assert "Бухгалтер (1 чел.): освобождается" in text and "Освобождается должностей: 5" in text


def test_position_facts_and_conditions(invoke, demo):
    def set_(*args):
        result = invoke("-w", demo, "suot", "position", "set", *args)
        assert result.exit_code == 0, result.output

    set_("сторож", "--office-only", "yes", "--other-hazards", "no")  # case-insensitive, register spelling kept
    # The demo's СОУТ register holds class 2 (2022) for the watchman's workplace: one СОУТ record, whichever
    # command entered it, so no «нет данных о СОУТ» (issue 15, point 3).
    assert checks(invoke, demo)["Сторож"]["qualifies"]
    set_("Сторож", "--sout-class", "3.1")
    assert "класс условий труда 3.1" in checks(invoke, demo)["Сторож"]["reasons"][0]
    set_("Сторож", "--sout-class", "2", "--sout-date", "2025-03-01")
    assert checks(invoke, demo)["Сторож"]["qualifies"]  # earlier facts kept, latest record wins
    facts = {f["position"]: f for f in json.loads(invoke("-w", demo, "suot", "position", "list", "--json").output)}
    assert facts["Сторож"]["office_only"] is True and facts["Сторож"]["sout_class"] == "2"
    register = json.loads(invoke("-w", demo, "sout", "list", "--json").output)["workplaces"]
    assert {(w["department"], w["report_date"], w["class"]) for w in register if w["position"] == "Сторож"} >= {
        ("Хозяйственный отдел", "2025-03-01", "2")}  # the date given with the facts went to the СОУТ register


def test_sout_entered_by_either_command_is_one_record(invoke, demo):
    """A newer `ohs sout add` result outranks the position's older class; `position set` feeds `due`."""
    def run(*args):
        result = invoke("-w", demo, *args, "--today", "2026-11-23")
        assert result.exit_code == 0, result.output
        return result

    run("suot", "position", "set", "Сторож", "--office-only", "yes", "--other-hazards", "no", "--sout-class", "2",
        "--sout-date", "2022-03-15")
    assert checks(invoke, demo, "--today", "2026-11-23")["Сторож"]["qualifies"]
    run("sout", "add", "--workplace", "Сторож", "--department", "Хозяйственный отдел", "--report-date", "2026-06-01",
        "--class", "3.1", "--factor", "шум=3.1")
    reasons = checks(invoke, demo, "--today", "2026-11-23")["Сторож"]["reasons"]
    assert any("класс условий труда 3.1" in r for r in reasons)
    facts = {f["position"]: f for f in json.loads(invoke("-w", demo, "suot", "position", "list", "--json").output)}
    assert (facts["Сторож"]["sout_class"], str(facts["Сторож"]["sout_date"])) == ("3.1", "2026-06-01")
    run("suot", "position", "set", "Водитель автомобиля", "--sout-class", "2", "--sout-date", "2026-11-20")
    items = json.loads(run("due", "--json", "--until", "2032-12-31").output)["items"]
    [planned] = [i for i in items if i["kind"] == "sout" and i["extra"]["position"] == "Водитель автомобиля"]
    assert planned["due"] == "2031-11-20" and planned["extra"]["report_date"] == "2026-11-20"


def test_unknown_position_and_class_are_refused(invoke, demo):
    result = invoke("-w", demo, "suot", "position", "set", "Бугалтер", "--office-only", "yes")
    assert result.exit_code == 1
    assert "не занимает ни один работник" in result.stderr and "Бухгалтер" in result.stderr
    bad = invoke("-w", demo, "suot", "position", "set", "Бухгалтер", "--sout-class", "5")
    assert bad.exit_code == 1 and "3.1" in bad.stderr


def test_exemptions_document_lists_only_qualifying_positions(invoke, demo):
    result = invoke("-w", demo, "docs", "make", "briefing_exemptions", "--today", BEFORE_SUNSET, "--json")
    assert result.exit_code == 0, result.output
    made = json.loads(result.output)
    text = text_of(made["path"])
    assert "ПЕРЕЧЕНЬ" in text and "освобождённых от прохождения первичного и повторного инструктажа" in text
    assert "УТВЕРЖДЕН\n" in text and "приказом директора" in text
    # Approved by the order's grif: the head does not sign it again; the developer does (issue 16, point 7).
    assert "М.А. Ульянова" not in text and "Разработал:" in text and "О.В. Колесникова" in text
    assert "постановлением Правительства РФ от 24.12.2021 № 2464" in text
    for position in ("Бухгалтер", "Главный бухгалтер", "Экономист", "Специалист по кадрам", "Делопроизводитель"):
        assert f"\n{position}\n" in text, position
    assert "Тренер-преподаватель" not in text and "Водитель автомобиля" not in text
    assert scan_text(text, datetime.date.fromisoformat(BEFORE_SUNSET)).outdated == []


def test_exemptions_after_the_sunset_are_made_and_flagged_for_checking(invoke, demo):
    result = invoke("-w", demo, "docs", "make", "briefing_exemptions", "--today", "2026-11-23", "--json")
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in docx.Document(json.loads(result.output)["path"]).paragraphs)
    assert "№ 2464" in text
    report = scan_text(text, datetime.date(2026, 11, 23))
    assert report.outdated == [] and [c.act.key for c in report.unverified][:1] == ["gov_2464_2021"]
    findings = json.loads(invoke("-w", demo, "check", "--json", "--today", "2026-11-23").output)["findings"]
    [warning] = [f for f in findings if f["severity"] == "warning" and "№ 2464" in f["title"]]
    assert "Перечень профессий" in warning["detail"] and "publication.pravo.gov.ru" in warning["detail"]


def test_no_qualifying_position_is_explained(invoke, demo):
    for position in ("Бухгалтер", "Главный бухгалтер", "Экономист", "Специалист по кадрам", "Делопроизводитель"):
        assert invoke("-w", demo, "suot", "position", "set", position, "--other-hazards", "yes").exit_code == 0
    result = invoke("-w", demo, "docs", "make", "briefing_exemptions", "--today", BEFORE_SUNSET)
    assert result.exit_code == 1
    assert "ohs suot exemptions" in result.stderr and "ohs suot position set" in result.stderr


def test_an_approved_exemption_list_stops_repeat_briefing_deadlines(invoke, demo):
    """Office positions meeting the conditions leave `ohs due` only once the employer approved the list."""
    def repeat_subjects():
        result = invoke("-w", demo, "due", "--today", "2026-11-23", "--until", "2027-12-31", "--json")
        assert result.exit_code == 0, result.output
        return {i["subject"].split(", ", 1)[-1] for i in json.loads(result.output)["items"]
                if i["kind"] == "briefing_repeat"}

    assert {"Главный бухгалтер", "Бухгалтер", "Тренер-преподаватель"} <= repeat_subjects()
    made = json.loads(invoke("-w", demo, "docs", "make", "briefing_exemptions", "--today", "2026-11-23",
                             "--json").output)
    approved = invoke("-w", demo, "docs", "approve", str(made["id"]), "--by", "Ульянова", "--on", "2026-11-23",
                      "--order-number", "45-од", "--today", "2026-11-23")
    assert approved.exit_code == 0, approved.output
    after = repeat_subjects()
    assert not {"Главный бухгалтер", "Бухгалтер", "Экономист", "Специалист по кадрам", "Делопроизводитель"} & after
    assert "Тренер-преподаватель" in after and "Водитель автомобиля" in after


def test_exempted_positions_leave_the_workplace_program(invoke, demo):
    """The program and the approved exemption list agree: a freed position is not in the program's groups."""
    def program():
        made = json.loads(invoke("-w", demo, "docs", "make", "workplace_program", "--today", "2026-11-23",
                                 "--json").output)
        return text_of(made["path"])

    before = program()
    assert "главный бухгалтер" in before and "освобождённые" not in before
    made = json.loads(invoke("-w", demo, "docs", "make", "briefing_exemptions", "--today", "2026-11-23",
                             "--json").output)
    assert invoke("-w", demo, "docs", "approve", str(made["id"]), "--by", "Ульянова", "--on", "2026-11-23",
                  "--order-number", "45-од", "--today", "2026-11-23").exit_code == 0
    exempt = {position for position, c in checks(invoke, demo, "--today", "2026-11-23").items() if c["qualifies"]}
    assert "Главный бухгалтер" in exempt
    after = program()
    groups = [line for line in after.splitlines() if line.startswith("Должности (профессии):")]
    assert groups and not any(p[0].lower() + p[1:] in line for p in exempt for line in groups)
    assert "тренер-преподаватель" in " ".join(groups)
    assert "перечнем профессий (должностей), утверждённым приказом от 23.11.2026 № 45-од" in after
    assert all(p[0].lower() + p[1:] in after for p in exempt)
