"""The Положение о СУОТ (suot_regulation) made for the demo school and read back from the DOCX."""

from __future__ import annotations

import datetime
import json
import re
import tomllib
from pathlib import Path

import pytest

from plugins.suot.scan import read_document_text, scan_text

BEFORE_SUNSET = "2026-08-01"
SCAN_DAY = datetime.date(2026, 11, 23)
COACHES = ("Тренер-преподаватель", "Старший тренер-преподаватель")
# The demo school applies every procedure but milk: the procedures follow the list of section 5 in its
# order, the sports school's own section after them, then planning, control, improvement (776н, III–VII).
SECTIONS = (
    "1. Общие положения", "2. Политика (стратегия) и цели в области охраны труда",
    "3. Распределение обязанностей в сфере охраны труда по уровням управления",
    "4. Комитет (комиссия) по охране труда и уполномоченные лица по охране труда",
    "5. Процедуры, направленные на достижение целей в области охраны труда",
    "6. Подготовка работников по охране труда", "7. Организация и проведение оценки условий труда",
    "8. Управление профессиональными рисками",
    "9. Организация и проведение наблюдения за состоянием здоровья работников",
    "12. Обеспечение работников средствами индивидуальной защиты, смывающими средствами",
    "13. Обеспечение безопасного выполнения подрядных работ и снабжения безопасной продукцией",
    "14. Безопасность учебно-тренировочного процесса и перевозки обучающихся",
    "15. Планирование мероприятий по реализации процедур",
    "16. Контроль функционирования СУОТ и мониторинг реализации процедур",
    "17. Анализ функционирования СУОТ и планирование улучшений",
    "18. Реагирование на аварии, несчастные случаи и профессиональные заболевания",
    "19. Управление документами СУОТ", "20. Стимулирование работы по охране труда",
    "Структура обучения безопасным методам труда персонала",
)
_POSITIONS_BLOCK = re.compile(r'\[rules\.positions\."[^"]+"\]\n(?:[a-z_]+ = \d+\n)+')


def coach_overrides(ws: Path) -> None:
    """The school's own choice (3 months for coaches) in the demo's ohs.toml, written once."""
    path = ws / "ohs.toml"
    config = tomllib.loads(path.read_text(encoding="utf-8"))
    have = config.get("rules", {}).get("positions", {})
    extra = "".join(f'\n[rules.positions."{p}"]\nrepeat_briefing_months = 3\n' for p in COACHES if p not in have)
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def drop_position_overrides(ws: Path) -> None:
    path = ws / "ohs.toml"
    path.write_text(_POSITIONS_BLOCK.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert "positions" not in tomllib.loads(path.read_text(encoding="utf-8")).get("rules", {})


def make(invoke, ws: Path, today: str) -> tuple[dict, str]:
    result = invoke("-w", ws, "docs", "make", "suot_regulation", "--today", today, "--json")
    assert result.exit_code == 0, result.output
    made = json.loads(result.output)
    return made, read_document_text(made["path"])


def test_demo_regulation_reads_back(invoke, demo):
    coach_overrides(demo)
    made, text = make(invoke, demo, BEFORE_SUNSET)
    assert made["kind"] == "suot_regulation" and made["status"] == "draft"
    assert "Муниципальное бюджетное учреждение «Спортивная школа олимпийского резерва «Спортивная гимнастика»" in text
    assert "в МБУ СШОР «Спортивная гимнастика»" in text
    # СОГЛАСОВАНО on the left, УТВЕРЖДЕНО on the right, side by side in the first (borderless) table.
    import docx

    left, right = docx.Document(made["path"]).tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs][:3] == [
        "СОГЛАСОВАНО", "Представитель трудового коллектива", "________________ В.И. Серов"]
    assert [p.text for p in right.paragraphs][:2] == ["УТВЕРЖДЕНО", "приказом директора МБУ СШОР «Спортивная гимнастика»"]
    # Levels of management by position: the local normative act names nobody (names are in the orders).
    assert "Руководитель организации (директор):" in text and "Ульянова" not in text.split("ЛИСТ ОЗНАКОМЛЕНИЯ")[0]
    # Names stay out of the normative text; the developer signs the «Разработал» block under it (issue 16, point 7).
    normative = text.split("ЛИСТ ОЗНАКОМЛЕНИЯ")[0].split("Разработал")[0]
    assert "\n3.5. Специалист по охране труда:\n" in text and "Колесникова" not in normative
    for heading in SECTIONS:
        assert heading in text, heading
    # Levels of management carry the register's own titles.
    assert "заместитель директора по административно-хозяйственной работе" in text
    assert "старший тренер-преподаватель — Отделение спортивной гимнастики" in text
    # Training: periodicities from the rules, citing 2464 and its points while it is in force.
    # 2464 is named in full once (section 1, «далее — Правила обучения») and by its short name after.
    assert ("Правилами обучения по охране труда и проверки знания требований охраны труда, утв. постановлением "
            "Правительства РФ от 24.12.2021 № 2464 (далее — Правила обучения)") in text
    assert "Повторный инструктаж по охране труда проводится не реже одного раза в 6 месяцев (Правила обучения, п. 14)" in text
    assert "оказание первой помощи пострадавшим — не реже одного раза в 3 года" in text
    assert "В — безопасные методы и приёмы выполнения работ повышенной опасности — не реже одного раза в год" in text
    assert "не реже одного раза в 5 лет (Закон о специальной оценке, ч. 4 ст. 8)" in text
    # Psychiatric examination: at hiring, then only on the psychiatrist's suspicion (342н).
    assert "при приёме на работу. В дальнейшем освидетельствование проводится только по направлению" in text
    assert "подозрения на наличие медицинских противопоказаний (Порядок психиатрического освидетельствования)" in text
    assert "утв. приказом Минздрава России от 20.05.2022 № 342н (далее — Порядок психиатрического освидетельствования)" in text
    assert "раз в 5 лет" not in text and "каждые 5 лет" not in text
    # Documents management: records are never edited.
    assert "Ошибка в записи исправляется новой записью" in text
    # The acknowledgement sheet lists the current staff.
    assert "ЛИСТ ОЗНАКОМЛЕНИЯ" in text and "Серов Виктор Иванович" in text


def test_appendix_has_3_months_for_coaches_and_6_for_others(invoke, demo):
    coach_overrides(demo)
    _, text = make(invoke, demo, BEFORE_SUNSET)
    appendix = text[text.index("Структура обучения безопасным методам труда персонала"):]
    assert "Повторный инструктаж на рабочем месте\t1 раз в 6 месяцев; для должностей таблицы 2 — чаще" in appendix
    for position in COACHES:
        assert f"\n{position}\t1 раз в 3 месяца\t" in appendix, position
    assert "Остальные должности (профессии)\t1 раз в 6 месяцев" in appendix
    assert "Обучение по программе В (безопасные методы работ повышенной опасности)\t1 раз в год" in appendix
    assert "Обучение по оказанию первой помощи пострадавшим\t1 раз в 3 года" in appendix
    assert "повторный инструктаж по охране труда: Правила обучения" in appendix
    report = scan_text(text, datetime.date.fromisoformat(BEFORE_SUNSET))
    assert report.outdated == [] and report.contradictions == []


def test_without_overrides_everyone_has_6_months(invoke, demo):
    drop_position_overrides(demo)
    _, text = make(invoke, demo, BEFORE_SUNSET)
    assert "Таблица 2" not in text and "1 раз в 3 месяца" not in text
    assert "Повторный инструктаж на рабочем месте\t1 раз в 6 месяцев\t" in text


def test_org_wide_override_changes_the_text(invoke, demo):
    drop_position_overrides(demo)
    path = demo / "ohs.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("[rules]\n", "[rules]\nrepeat_briefing_months = 4\n", 1),
                    encoding="utf-8")
    _, text = make(invoke, demo, BEFORE_SUNSET)
    assert "не реже одного раза в 4 месяца" in text and "срок установлен работодателем строже требования" in text


def test_after_the_2464_sunset_nothing_outdated_is_cited(invoke, demo):
    coach_overrides(demo)
    _, text = make(invoke, demo, SCAN_DAY.isoformat())
    report = scan_text(text, SCAN_DAY)
    assert report.outdated == [], [c.describe() for c in report.outdated]
    assert report.contradictions == [], [c.to_json() for c in report.contradictions]
    assert "438н" not in text and "302н" not in text and "12.0.004" not in text
    # 2464 past its sunset: still the basis (nothing replaced it), flagged for verification.
    assert "№ 2464" in text and {c.act.key for c in report.unverified} == {"gov_2464_2021"}
    assert "776н" in text and "29н" in text and "342н" in text and "988н" in text


def test_only_applicable_procedures_are_listed(invoke, demo):
    _, text = make(invoke, demo, BEFORE_SUNSET)
    section = text[text.index("5. Процедуры"):text.index("6. Подготовка")]
    assert "подготовка работников по охране труда" in section
    assert "управление профессиональными рисками" in section
    # The demo school's own choices (plugins.suot.procedures): no milk, contractors apply.
    from importlib.util import find_spec

    if find_spec("plugins.suot.procedures") is not None:
        assert "молоком" not in section
        assert "обеспечение безопасного выполнения подрядных работ" in section


def test_looser_override_stops_the_document(invoke, demo):
    path = demo / "ohs.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("[rules]\n", "[rules]\nrepeat_briefing_months = 12\n", 1),
                    encoding="utf-8")
    result = invoke("-w", demo, "docs", "make", "suot_regulation", "--today", BEFORE_SUNSET)
    assert result.exit_code == 1
    assert "не реже одного раза в 6 месяцев" in result.stderr and "№ 2464" in result.stderr
    assert "в ohs.toml указано 12" in result.stderr


def test_missing_head_names_the_command(invoke, workspace):
    result = invoke("-w", workspace, "docs", "make", "suot_regulation")
    assert result.exit_code == 1 and "ohs org set head=" in result.stderr


@pytest.mark.parametrize("kind", ["suot_regulation", "department_documents"])
def test_kinds_are_listed(invoke, demo, kind):
    result = invoke("-w", demo, "docs", "kinds", "--json")
    assert kind in {k["key"] for k in json.loads(result.output)}


def test_workers_level_leaves_out_the_head_and_the_specialist(invoke, demo):
    _, text = make(invoke, demo, BEFORE_SUNSET)
    workers = next(line for line in text.splitlines() if line.startswith("3.6. Работники ("))
    assert "тренер-преподаватель" in workers and "сторож" in workers
    assert "директор," not in workers and "специалист по охране труда" not in workers
