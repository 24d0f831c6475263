"""The Положение о СУОТ is complete to 776н, read back from the DOCX as a specialist reads it: a section with
content for every applied procedure, the committee and the authorized persons, the three-stage control the
control acts use, sector content, acts' short names introduced once, and no person named in the text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from plugins.suot.scan import read_document_text

ON = "2026-11-23"
BEFORE_SUNSET = "2026-08-01"
#: A line of the normative text itself: a numbered heading or point, a sub-point, a dash item, a table row.
#: Requisites (the grif, a developer's or approver's signature) and the acknowledgement sheet are not text
#: of the act and are left to the signature rules.
_NORMATIVE = re.compile(r"^(?:\d+(?:\.\d+)*\.\s|[а-я]\)\s|– |.*\t)")


def jrun(invoke, ws: Path, *args):
    result = invoke("-w", ws, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def regulation(invoke, ws: Path, today: str = ON) -> str:
    made = jrun(invoke, ws, "docs", "make", "suot_regulation", "--today", today)
    return read_document_text(made["path"])


def body(text: str) -> str:
    """The act from its title to the developer's signature block («Разработал») or the acknowledgement sheet."""
    start = text.index("ПОЛОЖЕНИЕ\n")
    ends = [text.index(mark, start) for mark in ("\nРазработал", "ЛИСТ ОЗНАКОМЛЕНИЯ") if mark in text[start:]]
    return text[start:min(ends, default=len(text))]


def sections(text: str) -> dict[str, tuple[int, list[str]]]:
    """Numbered section title → (number, its lines: points «N.k. …» with their sub-points)."""
    found: dict[str, tuple[int, list[str]]] = {}
    lines = body(text).splitlines()
    for i, line in enumerate(lines):
        match = re.fullmatch(r"(\d+)\. (.+)", line)
        if not match:
            continue
        number = int(match.group(1))
        points = []
        for following in lines[i + 1:]:
            if re.fullmatch(r"\d+\. .+", following) or following.startswith("Приложение"):
                break
            points.append(following)
        found[match.group(2)] = (number, points)
    return found


def capitalized(title: str) -> str:
    return title[:1].upper() + title[1:]


def test_every_applied_procedure_has_a_section_with_content(invoke, demo):
    applied = [p for p in jrun(invoke, demo, "suot", "procedures", "--today", ON) if p["applies"]]
    assert {p["key"] for p in applied} >= {"informing", "work_rest", "ppe", "contractors"}
    text = regulation(invoke, demo)
    found = sections(text)
    listing = body(text)[body(text).index("Процедуры, направленные"):]
    for procedure in applied:
        title = capitalized(procedure["title"])
        assert title in found, title
        number, points = found[title]
        # Real content, not a hand-off to other acts: several points of substance.
        numbered = [p for p in points if p.startswith(f"{number}.")]
        assert len(numbered) >= 3 and sum(map(len, numbered)) > 600, (title, points)
        # The list of procedures points at the section that holds it.
        assert f"{procedure['title']} (раздел {number})" in listing
    # The procedure the school does not apply has no section.
    assert not any("молоком" in title for title in found)


def test_a_procedure_applied_later_gets_its_section(invoke, demo):
    result = invoke("-w", demo, "suot", "procedure", "set", "milk_nutrition", "yes", "--since", "2026-11-01",
                    "--reason", "вредные условия по СОУТ", "--today", ON)
    assert result.exit_code == 0, result.output
    found = sections(regulation(invoke, demo))
    title = next(t for t in found if t.startswith("Обеспечение работников молоком"))
    number, points = found[title]
    assert len([p for p in points if p.startswith(f"{number}.")]) >= 3


def test_ppe_section_follows_766n_and_767n(invoke, demo):
    text = regulation(invoke, demo)
    assert "утв. приказом Минтруда России от 29.10.2021 № 766н (далее — Правила обеспечения СИЗ)" in text
    assert "утв. приказом Минтруда России от 29.10.2021 № 767н (далее — Единые типовые нормы)" in text
    _, points = sections(text)["Обеспечение работников средствами индивидуальной защиты, смывающими средствами"]
    joined = "\n".join(points)
    assert "в соответствии с Правилами обеспечения СИЗ на основании Единых типовых норм" in joined
    assert "личной карточке учёта выдачи СИЗ" in joined and "Смывающие средства выдаются" in joined
    # Nothing is handed off to an act the pack does not contain.
    assert "устанавливаются локальными нормативными актами работодателя с учётом настоящего Положения" not in text


def test_committee_and_authorized_persons(invoke, demo):
    text = regulation(invoke, demo)
    found = sections(text)
    number, points = found["Комитет (комиссия) по охране труда и уполномоченные лица по охране труда"]
    joined = "\n".join(points)
    assert "на паритетной основе" in joined and "уполномоченных лиц по охране труда" in joined
    control = found["Контроль функционирования СУОТ и мониторинг реализации процедур"][0]
    assert f"проводит вторую ступень контроля функционирования СУОТ (раздел {control})" in joined
    # The knowledge-check commission's order is cited by its number and date, not by its members.
    commission = jrun(invoke, demo, "commission", "list")[0]
    day = "{2}.{1}.{0}".format(*commission["order_date"].split("-"))
    assert f"состав комиссии утверждён приказом работодателя от {day} № {commission['order_number']}" in text


def test_control_stages_are_the_ones_the_control_acts_accept(invoke, demo):
    from plugins.suot.risks.control import stages

    text = body(regulation(invoke, demo))
    printed = re.findall(r"^[а-я]\) (\w+ ступень) — проводит (.+?)(?:, (\w+))?[;.]$", text, re.M)
    accepted = stages()
    assert [(name, who) for name, who, _ in printed] == [(s["name"], s["who"]) for s in accepted.values()]
    assert [period for *_, period in printed] == [s["period"] for s in accepted.values()]
    # Each stage is described, and the control acts take exactly those numbers.
    for stage in accepted.values():
        assert f"{capitalized(stage['name'])} контроля. {stage['scope']}" in text
    refused = invoke("-w", demo, "control", "add", "--stage", str(len(accepted) + 1), "--on", "2026-11-20",
                     "--by", "Колесникова", "--conclusion", "Нарушений не выявлено", "--today", ON)
    assert refused.exit_code == 1
    for stage in accepted.values():
        assert f"{stage['number']} — {stage['who']}" in refused.stderr


def _name_forms(person: dict) -> set[str]:
    surname, name, patronymic = person["full_name"].split()[:3]
    initials = f"{name[0]}.{patronymic[0]}."
    return {person["full_name"], f"{initials} {surname}", f"{surname} {initials}", f"{surname} {name}"}


def test_no_person_is_named_in_the_act(invoke, demo):
    people = jrun(invoke, demo, "people", "list", "--all")
    text = regulation(invoke, demo)
    normative = [line for line in body(text).splitlines() if _NORMATIVE.match(line)]
    assert len(normative) > 150
    named = [(form, line) for line in normative for person in people for form in _name_forms(person) if form in line]
    assert named == []
    initials = re.compile(r"\b[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+|\b[А-ЯЁ][а-яё]+\s[А-ЯЁ]\.\s?[А-ЯЁ]\.")
    assert [line for line in normative if initials.search(line)] == []


def _stem_pattern(short: str) -> re.Pattern[str]:
    """A short name in any case: each word's stem, then any ending («Правила обучения» → «Правил… обучени…»)."""
    words = [re.escape(w if len(w) <= 4 or w.isupper() else w[:-2]) + r"\w*" for w in short.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words))


def test_each_short_name_is_defined_once_before_its_first_use(invoke, demo):
    for today in (BEFORE_SUNSET, ON):
        text = body(regulation(invoke, demo, today))
        paragraphs = text.split("\n")
        definitions = re.findall(r"\(далее\s+—\s+([^)]+)\)", text)
        assert {"Положение", "работодатель", "СУОТ", "Правила обучения", "СИЗ", "Примерное положение"} <= set(definitions)
        assert len(definitions) == len(set(definitions)), definitions
        for short in definitions:
            where = next(i for i, p in enumerate(paragraphs) if f"(далее — {short})" in p)
            pattern = _stem_pattern(short)
            before = [p for p in paragraphs[:where] if pattern.search(p)]
            assert before == [], (short, before)
            after = [p for p in paragraphs[where + 1:] if pattern.search(p)]
            assert after, f"«{short}» введено, но не используется"


def test_no_commentary_sentences(invoke, demo):
    text = body(regulation(invoke, demo))
    for remark in ("сама по себе не является", "Периодическое освидетельствование через установленное число лет",
                   "случай, установленный работодателем", "Допускается ведение учёта", "может освободить"):
        assert remark not in text


def test_sector_content_of_an_educational_sports_school(invoke, demo):
    text = regulation(invoke, demo)
    found = sections(text)
    _, health = found["Организация и проведение наблюдения за состоянием здоровья работников"]
    assert any("выполняющие работы в образовательной организации (Перечень факторов и работ)" in p
               and "периодический медицинский осмотр не реже одного раза в год" in p for p in health)
    _, sport = found["Безопасность учебно-тренировочного процесса и перевозки обучающихся"]
    joined = "\n".join(sport)
    assert "осматривает спортивные снаряды" in joined and "страховку" in joined
    assert "организованная перевозка группы детей автобусами" in joined


def test_an_organization_of_another_sector_gets_none_of_it(invoke, demo):
    result = invoke("-w", demo, "org", "set", "sector=production", "okved=25.11",
                    "name=Общество с ограниченной ответственностью «Металлоконструкции»",
                    "short_name=ООО «Металлоконструкции»")
    assert result.exit_code == 0, result.output
    text = regulation(invoke, demo)
    assert "образовательной организации" not in text and "личную медицинскую книжку" not in text
    assert "Безопасность учебно-тренировочного процесса" not in text and "страховку" not in text
    assert "обучающихся и посетителей" not in text and "выездами с обучающимися" not in text
    # The sections still follow one another and the list of procedures points at the right ones.
    numbers = [n for n, _ in sections(text).values()]
    assert numbers == list(range(1, len(numbers) + 1))


def test_sector_profiles_named_in_the_workspace(invoke, demo):
    path = demo / "ohs.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[suot]\nsector_profiles = ["education"]\n', encoding="utf-8")
    text = regulation(invoke, demo)
    assert "образовательной организации" in text and "страховку" not in text
    path.write_text(path.read_text(encoding="utf-8").replace('["education"]', '["school"]'), encoding="utf-8")
    result = invoke("-w", demo, "docs", "make", "suot_regulation", "--today", ON)
    assert result.exit_code == 1 and "Профиля отрасли «school» нет" in result.stderr
    assert "Traceback" not in result.stderr


def test_hook_suot_regulation_ppe(invoke, demo, register, tmp_path):
    """A plugin keeping СИЗ norms puts its paragraphs into the СИЗ section in place of the default one."""
    from core.hookspecs import hookimpl

    folder = tmp_path / "tpl" / "ppe_test"
    folder.mkdir(parents=True)
    (folder / "norms.xml.j2").write_text(
        '<item level="2">Нормы выдачи СИЗ утверждены приказом от {{ ppe.order_date }} № {{ ppe.order_number }}'
        ' для {{ ppe.positions }} должностей.</item>\n', encoding="utf-8")

    class NormsPlugin:
        @hookimpl
        def template_dirs(self):
            return [folder]

        @hookimpl
        def suot_regulation_ppe(self, ctx):
            return {"template": "ppe_test/norms.xml.j2",
                    "context": {"order_date": "10.01.2026", "order_number": "3-ОТ", "positions": 12}}

    default = "Нормы бесплатной выдачи СИЗ и смывающих средств работникам"
    assert default in regulation(invoke, demo)
    register(NormsPlugin())
    text = regulation(invoke, demo)
    _, points = sections(text)["Обеспечение работников средствами индивидуальной защиты, смывающими средствами"]
    assert any(p.endswith("Нормы выдачи СИЗ утверждены приказом от 10.01.2026 № 3-ОТ для 12 должностей.")
               for p in points)
    assert default not in text
