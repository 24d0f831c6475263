"""The list of OSH instructions: by position of the register and by type of work."""

from __future__ import annotations

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


def test_instructions_list(invoke, demo):
    text = make(invoke, demo, "instructions_list")
    assert "ПЕРЕЧЕНЬ" in text and "УТВЕРЖДЕН" in text
    assert "ИОТ-001" in text
    assert "Инструкция по охране труда для тренера-преподавателя" in text
    assert "Инструкция по охране труда для специалиста по охране труда" in text
    assert "Инструкция по охране труда при выполнении работ на высоте" in text
    assert "для повара" not in text  # no such position in the demo school
    assert "при перевозке обучающихся" in text


def test_work_types_need_positions(invoke, demo):
    # Without the driver the transport instruction goes away.
    result = invoke("-w", demo, "people", "list", "--json")
    driver = next(p for p in json.loads(result.output) if p["position"] == "Водитель автомобиля")
    fired = invoke("-w", demo, "people", "dismiss", str(driver["id"]), "--on", "2026-11-01")
    assert fired.exit_code == 0, fired.output
    text = make(invoke, demo, "instructions_list")
    assert "при перевозке обучающихся" not in text and "для водителя автомобиля" not in text
