"""Briefing programs: introductory and workplace, by position group."""

from __future__ import annotations

from plugins.suot.documents.programs import group_of, load_data
import datetime
import json


from core.testing import docx_text
from plugins.suot.scan import scan_text

SCAN_ON = datetime.date(2026, 11, 23)


def make(invoke, ws, kind, today="2026-11-23"):
    """Make the document through the CLI; its text, checked for citations of acts not in force."""
    result = invoke("-w", ws, "docs", "make", kind, "--today", today, "--json")
    assert result.exit_code == 0, result.output
    text = docx_text(json.loads(result.output)["path"])
    assert not scan_text(text, SCAN_ON).outdated
    return text


def test_intro_program(invoke, demo):
    text = make(invoke, demo, "intro_program")
    assert "ПРОГРАММА" in text and "вводного инструктажа" in text
    assert "УТВЕРЖДЕНА" in text and "СОГЛАСОВАНО" in text and "В.И. Серов" in text
    assert "Общие сведения об организации" in text and "Хозяйственный отдел" in text
    assert "О.В. Колесникова" in text and "80 минут" in text


def test_workplace_program_groups_present_positions(invoke, demo):
    text = make(invoke, demo, "workplace_program")
    for group in ("Водители", "Медицинский персонал", "Технический и обслуживающий персонал",
                  "Тренерско-преподавательский состав", "Административный и офисный персонал"):
        assert group in text
    assert "Прочие работники" not in text  # every demo position has its group
    assert "Страховка и помощь при выполнении упражнений" in text


def test_position_groups():
    data = load_data("workplace_topics.toml")
    groups, fallback = data["group"], data["fallback"]
    assert group_of("Делопроизводитель", groups, fallback) == "office"
    assert group_of("Водитель автомобиля", groups, fallback) == "drivers"
    assert group_of("Электромонтёр по ремонту", groups, fallback) == "technical"
    assert group_of("Инструктор-методист", groups, fallback) == "coaches"
    assert group_of("Астроном", groups, fallback) == "other"
    for group in groups:
        assert group["confidence"] in ("C", "S", "K") and group["source"]
