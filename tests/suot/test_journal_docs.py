"""``journal_intro`` and ``journal_workplace``: the briefing journals printed from the hash-chained records.

Each test makes the journal as a user would (``ohs suot journal …`` or ``ohs docs make …``), reads
the DOCX back and checks it against ``ohs briefing list --json`` and REGULATION.md §2.6.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from core.render import pdf

TODAY = "2026-11-23"
DEPARTMENT = "Хозяйственный отдел"
WORKPLACE_KINDS = {"primary", "repeat", "unscheduled", "targeted"}

# REGULATION.md §2.6: the ten data a journal records, in order, after the entry number.
HEADERS = [
    "№ п/п",
    "Дата проведения инструктажа по охране труда",
    "ФИО (при наличии) работника, прошедшего инструктаж",
    "Профессия (должность) работника, прошедшего инструктаж",
    "Число, месяц, год рождения работника",
    "Вид инструктажа по охране труда",
    "Причина проведения (для внепланового или целевого)",
    "ФИО (при наличии), профессия (должность) работника, проводившего инструктаж",
    "Наименование локального акта (актов), в объеме требований которого проведен инструктаж",
    "Подпись работника, проводившего инструктаж",
    "Подпись работника, прошедшего инструктаж",
]
KIND_WORDS = {"intro": "вводный", "primary": "первичный", "repeat": "повторный", "unscheduled": "внеплановый",
              "targeted": "целевой"}
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря")


def run(invoke, ws, *args):
    result = invoke("-w", ws, *args)
    assert result.exit_code == 0, result.output
    return result.output


def jrun(invoke, ws, *args):
    return json.loads(run(invoke, ws, *args, "--json"))


def words(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year} г."  # ГОСТ Р 7.0.97: no «ёлочки» in a filled date


def numeric(iso: str | None) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else ""


def folded(text: str) -> str:
    return " ".join(text.replace("ё", "е").split())


def journal_rows(path: Path) -> tuple[list[list[str]], list]:
    """Data rows of every table part (header rows dropped), and the tables themselves."""
    document = docx.Document(str(path))
    rows = []
    for table in document.tables:
        for row in table.rows[2:]:
            rows.append([cell.text for cell in row.cells])
    return rows, document.tables


def paper_order(entries):
    """Entries as a journal prints them: by date, then entry; a correction right after the entry it corrects."""
    by_seq = {e["seq"]: e for e in entries}

    def root(entry):
        while entry["corrects"] is not None and entry["corrects"] in by_seq:
            entry = by_seq[entry["corrects"]]
        return entry

    return sorted(entries, key=lambda e: (root(e)["on"], root(e)["seq"], root(e) is not e, e["seq"]))


def department_entries(invoke, ws, department):
    """The department's workplace entries from the register, in the journal's (date) order."""
    people = {p["id"]: p for p in jrun(invoke, ws, "people", "list", "--all")}
    return paper_order([e for e in jrun(invoke, ws, "briefing", "list")
                        if e["kind"] in WORKPLACE_KINDS and people[e["person_id"]]["department"] == department])


def test_workplace_journal_of_a_department(invoke, demo):
    before = department_entries(invoke, demo, DEPARTMENT)
    assert len(before) >= 5  # the demo's department has a history to print
    original = before[3]
    fixed_on = (datetime.date.fromisoformat(original["on"]) + datetime.timedelta(days=1)).isoformat()
    correction = jrun(invoke, demo, "briefing", "correct", str(original["seq"]), "--reason", "ошибка в дате",
                      "--on", fixed_on, "--signature", "simple", "--today", TODAY)
    entries = department_entries(invoke, demo, DEPARTMENT)
    assert len(entries) == len(before) + 1

    made = jrun(invoke, demo, "suot", "journal", "workplace", "--department", DEPARTMENT, "--today", TODAY)
    path = Path(made["path"])
    rows, tables = journal_rows(path)

    # The ten columns of §2.6 after the number, then the column numbers; both repeat on every page.
    header = [folded(c.text) for c in tables[0].rows[0].cells]
    assert header == [folded(h) for h in HEADERS]
    assert [c.text for c in tables[0].rows[1].cells] == [str(i) for i in range(1, 12)]
    for table in tables:
        flags = [r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None for r in table.rows[:3]]
        assert flags == [True, True, False]

    # Every entry of the department, numbered 1…N in date order, nothing else; dates never go back.
    assert [datetime.datetime.strptime(r[1], "%d.%m.%Y") for r in rows if not r[6].startswith("Исправление")] == sorted(
        datetime.datetime.strptime(r[1], "%d.%m.%Y") for r in rows if not r[6].startswith("Исправление"))
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(entries) + 1)]
    for row, entry in zip(rows, entries, strict=True):
        assert row[1] == numeric(entry["on"])
        assert row[2] == entry["person"]
        assert row[3] == entry["position"]
        assert row[4] == numeric(entry["birth_date"])
        assert row[5] == KIND_WORDS[entry["kind"]]
        position = entry["instructor_position"]
        assert row[7] == f"{entry['instructor']}, {position[0].lower()}{position[1:]}"  # lower case after a comma
        assert row[8] == (entry["act"] or "")

    # The correction is an entry of its own pointing to the original, which stays and points back.
    number = {e["seq"]: i for i, e in enumerate(entries, start=1)}
    fixed, old = rows[number[correction["seq"]] - 1], rows[number[original["seq"]] - 1]
    assert fixed[6] == f"Исправление записи № {number[original['seq']]}: ошибка в дате"
    assert fixed[1] == numeric(fixed_on) and old[1] == numeric(original["on"])
    assert f"Запись исправлена: см. № {number[correction['seq']]}" in old[6]
    # Signature method: electronic ones are named in both signature columns, paper leaves room to sign.
    assert fixed[9] == fixed[10] == "простая электронная подпись"
    assert old[9] == old[10] == ""

    # Title page: organization, department, first and last entry's dates; the journal is landscape.
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    org = jrun(invoke, demo, "org", "show")
    assert org["name"] in text and DEPARTMENT in text
    assert "ЖУРНАЛ\nрегистрации инструктажа по охране труда на рабочем месте" in text
    dates = sorted(e["on"] for e in entries)
    # A running journal: «Окончен» is left for the hand that closes it; the title page names its keeper.
    assert f"Начат {words(dates[0])}" in text and "Окончен «___» ____________ 20___ г." in text
    assert "Ответственный за ведение журнала: " in text and "Том № ____" in text
    assert "пронумеровано, прошнуровано и скреплено печатью" in text
    assert all(s.orientation == WD_ORIENT.LANDSCAPE and s.page_width > s.page_height for s in document.sections)
    # The journal is registered like any document.
    listed = jrun(invoke, demo, "docs", "list", "--kind", "journal_workplace")
    assert [d["id"] for d in listed] == [made["id"]] and listed[0]["file"] == "ok"


def test_intro_journal(invoke, demo):
    entries = paper_order([e for e in jrun(invoke, demo, "briefing", "list") if e["kind"] == "intro"])
    assert entries
    made = jrun(invoke, demo, "docs", "make", "journal_intro", "--today", TODAY)
    rows, tables = journal_rows(Path(made["path"]))
    assert [folded(c.text) for c in tables[0].rows[0].cells] == [folded(h) for h in HEADERS]
    assert [(r[0], r[1], r[2], r[5]) for r in rows] == [
        (str(i), numeric(e["on"]), e["person"], "вводный") for i, e in enumerate(entries, start=1)]
    document = docx.Document(made["path"])
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ЖУРНАЛ\nрегистрации вводного инструктажа по охране труда" in text
    dates = sorted(e["on"] for e in entries)
    # A running journal: «Окончен» is left for the hand that closes it; the title page names its keeper.
    assert f"Начат {words(dates[0])}" in text and "Окончен «___» ____________ 20___ г." in text
    assert "Ответственный за ведение журнала: " in text and "Том № ____" in text
    assert "пронумеровано, прошнуровано и скреплено печатью" in text
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE


def test_period_is_a_volume_of_its_own(invoke, demo):
    entries = department_entries(invoke, demo, DEPARTMENT)
    dates = sorted({e["on"] for e in entries})
    since, until = dates[1], dates[-2]
    inside = [e for e in entries if since <= e["on"] <= until]
    assert 0 < len(inside) < len(entries)
    made = jrun(invoke, demo, "suot", "journal", "workplace", "--department", DEPARTMENT, "--from", since,
                "--to", until, "--today", TODAY)
    rows, _tables = journal_rows(Path(made["path"]))
    assert [(r[0], r[2]) for r in rows] == [(str(i), e["person"]) for i, e in enumerate(inside, start=1)]
    text = "\n".join(p.text for p in docx.Document(made["path"]).paragraphs)
    assert f"Начат {words(since)}" in text and f"Окончен {words(until)}" in text
    # The same volume through the generic command (parameters as text; a date also as 31.12.2026).
    generic = jrun(invoke, demo, "docs", "make", "journal_workplace", "--param", f"department={DEPARTMENT}",
                   "--param", f"since={since}", "--param", f"until={numeric(until)}", "--today", TODAY)
    assert journal_rows(Path(generic["path"]))[0] == rows


def test_every_department_in_one_file(invoke, demo):
    departments = [d["name"] for d in jrun(invoke, demo, "people", "departments")]
    made = jrun(invoke, demo, "docs", "make", "journal_workplace", "--today", TODAY)
    document = docx.Document(made["path"])
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("регистрации инструктажа по охране труда на рабочем месте") == len(departments)
    for name in departments:
        assert name in text
    assert len(document.sections) == len(departments)
    assert all(s.orientation == WD_ORIENT.LANDSCAPE for s in document.sections)
    rows, _tables = journal_rows(Path(made["path"]))
    numbered = [r for r in rows if r[0]]
    assert len(numbered) == sum(len(department_entries(invoke, demo, d)) for d in departments)


def test_refusals_make_nothing(invoke, demo):
    unknown = invoke("-w", demo, "suot", "journal", "workplace", "--department", "Цех № 9", "--today", TODAY)
    assert unknown.exit_code == 1 and "Подразделения «Цех № 9» нет" in unknown.stderr
    assert DEPARTMENT in unknown.stderr and "ohs people departments" in unknown.stderr
    backwards = invoke("-w", demo, "suot", "journal", "intro", "--from", "2026-06-01", "--to", "2026-05-01",
                       "--today", TODAY)
    assert backwards.exit_code == 1 and "раньше его начала" in backwards.stderr
    bad_date = invoke("-w", demo, "docs", "make", "journal_intro", "--param", "since=2026-13-01", "--today", TODAY)
    assert bad_date.exit_code == 1 and "Начало периода журнала" in bad_date.stderr
    assert jrun(invoke, demo, "docs", "list", "--kind", "journal_intro") == []
    assert not list((demo / "out").glob("journal_*.docx"))


def test_long_journal_splits_into_parts_with_the_header(tmp_path):
    """1,201 entries: three tables of at most 500 entries, each with both header rows, numbering unbroken."""
    from core.journal.briefing_models import BRIEFING_KINDS, SIGNATURES
    from core.plugins import get_plugin_manager
    from core.render.docx_writer import write_docx
    from core.render.environment import make_environment, namespaces_from_dirs, render_markup

    pm = get_plugin_manager()
    env = make_environment(namespaces_from_dirs([d for batch in pm.hook.template_dirs() for d in batch]))
    day = datetime.date(2026, 3, 2)
    # Rows as the context builder gives them (plugins/suot/journals/entries.py ROW_FIELDS).
    entries = [(i, day, f"Иванов-{i} Пётр", "Тренер «по прыжкам» & акробатике", None, "repeat", "",
                "Петрова Анна Ивановна", "Старший тренер", "ИОТ № 3", "paper", i, i, None) for i in range(1, 1202)]
    context = {"org": {"name": "ООО «Тест»"}, "kind_titles": BRIEFING_KINDS, "signature_titles": SIGNATURES,
               "training_rules_in_force": True,
               "journals": [{"department": "Цех", "entries": entries, "corrections": {}, "started": day,
                             "ended": None}]}
    path = write_docx(render_markup(env, "suot/journal_workplace.xml.j2", context), tmp_path / "long.docx")
    rows, tables = journal_rows(path)
    assert [len(t.rows) - 2 for t in tables] == [500, 500, 201]
    assert all(t.rows[0].cells[2].text == HEADERS[2] for t in tables)
    assert [r[0] for r in rows] == [str(i) for i in range(1, 1202)]
    assert rows[0][3] == "Тренер «по прыжкам» & акробатике"
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Окончен «___» ____________ 20___ г." in text  # no end date given: a blank to fill in


@pytest.mark.libreoffice
@pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice (soffice) не установлен")
@pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                    reason="poppler-utils (pdftotext, pdfinfo) не установлены")
def test_journal_converts_to_landscape_pdf(invoke, demo):
    made = jrun(invoke, demo, "suot", "journal", "workplace", "--department", DEPARTMENT, "--pdf", "--today", TODAY)
    info = subprocess.run(["pdfinfo", made["pdf"]], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, _, height = size.split(":")[1].split()[:3]
    assert float(width) > float(height)
    text = subprocess.run(["pdftotext", "-layout", made["pdf"], "-"], capture_output=True, text=True, check=True).stdout
    assert "ЖУРНАЛ" in text and DEPARTMENT in text
    # Header cells wrap word by word in the narrow columns; the words themselves must all be there.
    words = set(text.split())
    assert {"Подпись", "работника,", "инструктаж"} <= words, sorted(words)[:80]


def test_title_page_names_keeper_and_volume(invoke, demo):
    """The department's appointed instructor keeps its journal; a volume number given is printed; a closed
    period fills «Окончен», a running journal leaves it blank."""
    appointed = [a for a in jrun(invoke, demo, "appointments", "--as-of", TODAY)
                 if a["role"] == "briefing_instructor" and a.get("department") == DEPARTMENT]
    assert len(appointed) == 1
    made = jrun(invoke, demo, "docs", "make", "journal_workplace", "--param", f"department={DEPARTMENT}",
                "--param", "volume=2", "--today", TODAY)
    text = "\n".join(p.text for p in docx.Document(made["path"]).paragraphs)
    person = appointed[0]
    position = person["position"][0].lower() + person["position"][1:]
    assert f"Ответственный за ведение журнала: {position} " in text
    assert "Том № 2" in text and "Окончен «___» ____________ 20___ г." in text
