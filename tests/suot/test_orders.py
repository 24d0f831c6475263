"""СУОТ orders: the responsible person, the knowledge-check commission, the briefings order."""

from __future__ import annotations

import datetime
import json

import docx

from plugins.suot.scan import scan_text



def text_of(path):
    document = docx.Document(path)
    body = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(body + cells)


def make(invoke, ws, kind, today="2026-11-23"):
    result = invoke("-w", ws, "docs", "make", kind, "--today", today, "--json")
    assert result.exit_code == 0, result.output
    text = text_of(json.loads(result.output)["path"])
    # Scanned on the making date: the document must cite only acts in force then.
    assert not scan_text(text, datetime.date.fromisoformat(today)).outdated
    return text


def test_order_responsible(invoke, demo):
    text = make(invoke, demo, "order_responsible")
    assert "ПРИКАЗ" in text and "№ 12-ОТ" in text and "12 января 2026 г." in text and "г. Тула" in text
    assert "ПРИКАЗЫВАЮ:" in text
    assert "Назначить специалиста по охране труда Колесникову Ольгу Викторовну ответственной" in text
    assert "Контроль за исполнением настоящего приказа оставляю за собой." in text
    assert "М.А. Ульянова" in text and "С приказом ознакомлена" in text and "О.В. Колесникова" in text
    for outdated in ("438н", "302н", "12.0.004", "1/29", "№ 2464"):
        assert outdated not in text  # the appointment rests on ТК РФ and 776н, not on the training rules


def test_order_cites_2464_while_it_is_in_force(invoke, demo):
    text = make(invoke, demo, "order_commission", today="2026-06-01")
    assert "от 24.12.2021 № 2464" in text


def test_order_responsible_refuses_without_appointment(invoke, workspace):
    result = invoke("-w", workspace, "docs", "make", "order_responsible", "--today", "2026-11-23")
    assert result.exit_code == 1
    assert "ohs appoint osh_responsible" in result.output + result.stderr


def test_order_commission(invoke, demo):
    text = make(invoke, demo, "order_commission")
    assert "№ 14-ОТ" in text and "ПРИКАЗЫВАЮ:" in text
    assert "Председатель комиссии: Ульянова Марина Александровна — директор." in text
    assert "Колесникова Ольга Викторовна — специалист по охране труда" in text
    assert "заместитель директора по спортивной подготовке" in text
    assert "заместитель директора по административно-хозяйственной работе" in text
    assert "С приказом ознакомлены:" in text


def test_commission_of_two_is_refused(invoke, demo):
    result = invoke("-w", demo, "commission", "add", "knowledge_check", "--order-number", "99", "--order-date",
                    "2026-11-20", "--chair", "Ульянова", "--member", "Колесникова", "--today", "2026-11-23")
    assert result.exit_code == 1
    assert "не менее трёх человек" in result.output + result.stderr


def test_order_commission_refuses_without_commission(invoke, workspace):
    result = invoke("-w", workspace, "docs", "make", "order_commission", "--today", "2026-11-23")
    assert result.exit_code == 1 and "ohs commission add knowledge_check" in result.output + result.stderr


def test_order_briefings(invoke, demo):
    text = make(invoke, demo, "order_briefings")
    assert "№ 13-ОТ" in text and "ПРИКАЗЫВАЮ:" in text
    assert "на специалиста по охране труда Колесникову Ольгу Викторовну" in text
    for department in ("Администрация", "Бухгалтерия", "Хозяйственный отдел", "Отделение спортивной гимнастики"):
        assert department in text
    assert "Старший тренер-преподаватель" in text
    assert "не реже одного раза в 6 месяцев" in text
    assert "«Тренер-преподаватель»" in text and "не реже одного раза в 3 месяца" in text
    assert "журнале регистрации вводного инструктажа" in text


def test_order_briefings_refuses_without_appointments(invoke, workspace):
    result = invoke("-w", workspace, "docs", "make", "order_briefings", "--today", "2026-11-23")
    out = result.output + result.stderr
    assert result.exit_code == 1 and "ohs appoint intro_briefing" in out and "ohs appoint briefing_instructor" in out
