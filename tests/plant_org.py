"""A second organization for the document tests, shaped unlike the demo school.

A small foundry (production sector, a limited company, eight people, men and women, two departments,
a part of the staff in harmful conditions), built only through the commands a specialist types — so the
documents are checked on data the demo generator never produced.
"""

from __future__ import annotations

import json
from pathlib import Path

TODAY = "2026-11-23"
SPECIALIST = "Громова"

PEOPLE = [
    # surname name patronymic, position, department, hired, birth, gender, role
    ("Лаптев Аркадий Семёнович", "Генеральный директор", "Администрация", "2015-03-02", "1968-04-11", "m", "head"),
    ("Громова Ирина Павловна", "Инженер по охране труда", "Администрация", "2019-09-16", "1985-12-02", "f",
     "specialist"),
    ("Ким Татьяна Олеговна", "Главный бухгалтер", "Администрация", "2017-01-10", "1979-06-23", "f", "none"),
    ("Шестаков Олег Юрьевич", "Мастер участка", "Литейный участок", "2016-05-04", "1974-02-15", "m", "none"),
    ("Ерёмин Пётр Ильич", "Литейщик металлов и сплавов", "Литейный участок", "2018-08-20", "1990-10-30", "m",
     "none"),
    ("Сабиров Ринат Маратович", "Литейщик металлов и сплавов", "Литейный участок", "2026-09-01", "1999-01-05",
     "m", "none"),
    ("Дьячкова Алла Викторовна", "Кладовщик", "Литейный участок", "2021-02-01", "1971-07-19", "f", "none"),
    ("Мухин Степан Андреевич", "Электрогазосварщик", "Литейный участок", "2020-11-02", "1988-03-08", "m", "none"),
]


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def build_plant(invoke, folder: Path) -> Path:
    """The foundry's workspace, with enough history for every document kind."""
    ok(invoke("init", str(folder)))
    ws = ["-w", str(folder)]
    for full, position, department, hired, birth, gender, role in PEOPLE:
        ok(invoke(*ws, "people", "add", full, "--position", position, "--department", department,
                  "--hired-on", hired, "--birth-date", birth, "--gender", gender, "--role", role, "--today", TODAY))
    ok(invoke(*ws, "org", "set", "name=Общество с ограниченной ответственностью «Приокский литейный участок»",
              "short_name=ООО «Приокский литейный участок»", "legal_address=301840, г. Ефремов, ул. Заводская, 7",
              "inn=7107001232", "kpp=711301001", "ogrn=1027100123456", "okved=24.52", "sector=production",
              "small_business=true", "municipality=муниципальное образование город Ефремов",
              "phone=(48741) 6-20-15", "head=Лаптев", "worker_representative=Мухин", "--since", "2025-01-09",
              "--today", TODAY))
    ok(invoke(*ws, "appoint", "osh_responsible", "Громова", "--order-number", "3-ОТ", "--order-date", "2025-01-10",
              "--today", TODAY))
    ok(invoke(*ws, "appoint", "intro_briefing", "Громова", "--order-number", "3-ОТ", "--order-date", "2025-01-10",
              "--today", TODAY))
    for department, instructor in (("Литейный участок", "Шестаков"), ("Администрация", "Громова")):
        ok(invoke(*ws, "appoint", "briefing_instructor", instructor, "--department", department, "--order-number",
                  "3-ОТ", "--order-date", "2025-01-10", "--today", TODAY))
    ok(invoke(*ws, "commission", "add", "knowledge_check", "--order-number", "4-ОТ", "--order-date", "2025-01-10",
              "--chair", "Лаптев", "--member", "Громова", "--member", "Шестаков", "--secretary", "Ким",
              "--today", TODAY))
    ok(invoke(*ws, "suot", "goal", "add", "Снижение производственного травматизма на литейном участке",
              "--indicator", "число микротравм за год", "--target", "0", "--year", "2026", "--today", TODAY))
    for position in ("Главный бухгалтер", "Генеральный директор"):
        ok(invoke(*ws, "suot", "position", "set", position, "--office-only", "yes", "--other-hazards", "no",
                  "--sout-class", "2", "--today", TODAY))
    # Briefings: intro and primary of the new foundry worker, repeat ones of the shop floor.
    ok(invoke(*ws, "briefing", "add", "Сабиров", "--kind", "intro", "--on", "2026-09-01", "--by", "Громова",
              "--today", TODAY))
    ok(invoke(*ws, "briefing", "add", "Сабиров", "--kind", "primary", "--on", "2026-09-01", "--by", "Шестаков",
              "--today", TODAY))
    ok(invoke(*ws, "briefing", "add", "Ерёмин", "Дьячкова", "Мухин", "--kind", "repeat", "--on", "2026-06-15",
              "--by", "Шестаков", "--today", TODAY))
    ok(invoke(*ws, "training", "add", "Громова", "Шестаков", "--program", "A", "--on", "2026-02-12", "--protocol",
              "1", "--result", "passed", "--today", TODAY))
    ok(invoke(*ws, "medical", "add", "Ерёмин", "--kind", "periodic", "--on", "2026-03-03", "--result", "fit",
              "--today", TODAY))
    ok(invoke(*ws, "sout", "add", "--workplace", "Литейщик металлов и сплавов", "--department", "Литейный участок",
              "--report-date", "2024-10-01", "--class", "3.2", "--today", TODAY))
    ok(invoke(*ws, "risk", "assess", "--hazard", "mechanical.fall", "--position", "Литейщик металлов и сплавов",
              "--department", "Литейный участок", "--probability", "3", "--severity", "4", "--on", "2026-03-01",
              "--measure", "Установить ограждение разливочной площадки", "--deadline", "2026-12-20",
              "--responsible", "Шестаков", "--funding", "собственные средства", "--expected",
              "исключено падение с площадки", "--today", TODAY))
    ok(invoke(*ws, "control", "add", "--stage", "1", "--on", "2026-10-12", "--by", "Шестаков", "--department",
              "Литейный участок", "--finding", "Не закреплён защитный экран у плавильной печи", "--today", TODAY))
    ok(invoke(*ws, "incidents", "add", "--type", "microtrauma", "--injured", "Ерёмин", "--on", "2026-04-14",
              "--time", "10:20", "--place", "Литейный участок", "--circumstances",
              "Ожог кисти брызгами металла при заливке формы", "--injury", "ожог кисти I степени",
              "--causes", "не опущен щиток", "--today", TODAY))
    accident = json.loads(ok(invoke(*ws, "incidents", "add", "--type", "accident", "--injured", "Мухин", "--on",
                                    "2026-05-20", "--time", "14:05", "--place", "Сварочный пост литейного участка",
                                    "--circumstances", "Падение с приставной лестницы при ремонте вытяжки",
                                    "--injury", "перелом лучевой кости", "--severity", "light",
                                    "--member", "Лаптев", "--member", "Громова", "--causes",
                                    "работа с неисправной лестницы", "--today", TODAY, "--json")))
    ok(invoke(*ws, "incidents", "close", str(accident["id"]), "--on", "2026-06-25", "--days", "34",
              "--outcome", "выздоровел, приступил к работе", "--act-number", "1", "--act-date", "2026-05-23",
              "--today", TODAY))
    # СИЗ: the foundry's own norms for the casters (ЕТН, appendix 1), washing agents, and what was issued.
    caster = "Литейщик металлов и сплавов"
    for item, qty, unit, period, extra in (
            ("Костюм для защиты от повышенных температур", "1", "комплект", "12", ["--skills"]),
            ("Перчатки для защиты от повышенных температур", "6", "пара", "12", []),
            ("Щиток защитный лицевой", "1", "шт.", "до износа", ["--skills"]),
            ("Средство для очищения кожи от трудносмываемых загрязнений", "2400", "мл", "12", ["--washing"])):
        ok(invoke(*ws, "ppe", "norm", "add", caster, "--item", item, "--qty", qty, "--unit", unit, "--period", period,
                  "--basis", 'etn:"Прил. 1"', "--from", "2026-01-01", *extra))
    ok(invoke(*ws, "ppe", "issue", "Ерёмин", "--item", "Костюм для защиты от повышенных температур", "--qty", "1",
              "--on", "2026-01-15", "--size", "52-54/182-188", "--today", TODAY))
    ok(invoke(*ws, "ppe", "issue", "Ерёмин", "Сабиров", "--item", "Щиток защитный лицевой", "--qty", "1",
              "--on", "2026-09-01", "--today", TODAY))
    ok(invoke(*ws, "practice", "add", "--category", "organization", "--source", "training", "--title", "Наставничество для новых литейщиков",
              "--description", "Каждый новый литейщик первые две недели работает в паре с опытным под контролем "
              "мастера участка", "--effect", "нет травм у новых работников в 2026 году", "--implemented",
              "2026-09-01", "--author", "Громова", "--today", TODAY))
    return folder
