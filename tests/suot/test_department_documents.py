"""The list of OSH documents each department holds, with statuses from the document registry."""

from __future__ import annotations

import json

from plugins.suot.scan import read_document_text

TODAY = "2026-11-23"


def make(invoke, ws):
    result = invoke("-w", ws, "docs", "make", "department_documents", "--today", TODAY, "--json")
    assert result.exit_code == 0, result.output
    return read_document_text(json.loads(result.output)["path"])


def departments(invoke, ws):
    result = invoke("-w", ws, "people", "departments", "--json")
    assert result.exit_code == 0, result.output
    return [d["name"] if isinstance(d, dict) else d for d in json.loads(result.output)]


def regulation_row(text, department):
    block = text[text.index(f". {department}\n"):]
    return next(line for line in block.splitlines() if line.startswith("1\tПоложение о системе управления"))


def test_every_department_has_its_table(invoke, demo):
    text = make(invoke, demo)
    names = departments(invoke, demo)
    assert len(names) >= 5
    for name in names:
        assert f". {name}\n" in text, name
    assert text.count("№ п/п\tДокумент\tОснование\tСостояние") == len(names)
    assert "Журнал регистрации инструктажей по охране труда на рабочем месте" in text
    assert "утверждённой формы журнала нет" not in text and "содержат все обязательные сведения об инструктаже" in text
    # Instructions: one per position of the department.
    assert "видов работ подразделения: Водитель автомобиля; Гардеробщик; Заведующий хозяйством;" in text
    assert "Ответственный за хранение документов: заведующий хозяйством" in text
    assert "Ответственный за хранение документов: директор М.А. Ульянова" in text
    assert "ведётся в подразделении" in text


def test_status_follows_the_registry(invoke, demo):
    first = make(invoke, demo)
    assert regulation_row(first, "Бухгалтерия").endswith("нет — сделайте: ohs docs make suot_regulation")
    made = invoke("-w", demo, "docs", "make", "suot_regulation", "--today", "2026-11-20", "--json")
    assert made.exit_code == 0, made.output
    doc_id = json.loads(made.output)["id"]
    assert regulation_row(make(invoke, demo), "Бухгалтерия").endswith("\tпроект")
    approved = invoke("-w", demo, "docs", "approve", str(doc_id), "--by", "Ульянова", "--on", "2026-11-21",
                      "--order-number", "12", "--today", TODAY)
    assert approved.exit_code == 0, approved.output
    text = make(invoke, demo)
    for name in departments(invoke, demo):
        assert regulation_row(text, name).endswith("\tутверждён 21.11.2026"), name


def test_missing_head_names_the_command(invoke, workspace):
    result = invoke("-w", workspace, "docs", "make", "department_documents")
    assert result.exit_code == 1 and "ohs org set head=" in result.stderr
