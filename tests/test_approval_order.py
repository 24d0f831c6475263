"""Approval reaches the documents (issue 16, points 2 and 7): one order approves the pack, every grif is filled
in the approved file, its sha256 is the file's, and signatures follow one rule."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import docx

TODAY = "2026-11-23"
ORDER = ["--by", "Ульянова", "--on", TODAY, "--order-number", "45-од", "--today", TODAY]


def jrun(invoke, ws, *args):
    result = invoke("-w", ws, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def pack(invoke, ws) -> dict[str, dict]:
    return {d["kind"]: d for d in jrun(invoke, ws, "suot", "pack", "--today", TODAY)["made"]}


def grif_cells(path) -> list[str]:
    """Every table cell's text of the DOCX (the grifs stand in borderless tables or corner blocks)."""
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return cells + [p.text for p in document.paragraphs]


def rows(path) -> list[list[str]]:
    document = docx.Document(str(path))
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


def sha(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_one_order_approves_the_pack_and_fills_every_grif(invoke, demo):
    made = pack(invoke, demo)
    ids = [str(d["id"]) for d in made.values()]
    result = jrun(invoke, demo, "docs", "approve", *ids, *ORDER)
    approved = {d["kind"]: d for d in result["approved"]}
    assert set(approved) == set(made)

    # Approved by order: the number and date of the approving order are in the grif of the approved file.
    regulation = grif_cells(approved["suot_regulation"]["path"])
    assert any("УТВЕРЖДЕНО" in c and "от 23.11.2026 № 45-од" in c for c in regulation), regulation[:3]
    assert not any("«__» ________ 20__ г. № ____" in c for c in regulation)
    for kind in ("intro_program", "workplace_program", "briefing_exemptions", "instructions_list"):
        assert any("от 23.11.2026 № 45-од" in c for c in grif_cells(approved[kind]["path"])), kind
    # Approved by signature: УТВЕРЖДАЮ carries the approver and the day.
    policy = grif_cells(approved["policy"]["path"])
    assert any("УТВЕРЖДАЮ" in c and "М.А. Ульянова" in c and "23.11.2026" in c for c in policy)
    # The draft stays as it was made; the approved rendering is a new file of the same version.
    draft = made["suot_regulation"]["path"]
    assert any("от «__» ________ 20__ г. № ____" in c for c in grif_cells(draft))
    assert approved["suot_regulation"]["path"] != draft and approved["suot_regulation"]["version"] == 1

    # The registry vouches for the approved file: its sha256 is the file's, and ohs verify agrees.
    for kind, doc in approved.items():
        shown = jrun(invoke, demo, "docs", "show", str(doc["id"]))
        assert shown["status"] == "approved" and shown["path"] == doc["path"], kind
        assert shown["sha256"] == sha(doc["path"]) and shown["file"] == "ok", kind
    verify = invoke("-w", demo, "verify")
    assert verify.exit_code == 0, verify.output

    # The approving order itself: registered, approved, listing the documents, with the acknowledgement table.
    order = result["order"]
    assert order["number"] == "45-од" and order["sha256"] == sha(order["path"])
    shown = jrun(invoke, demo, "docs", "show", str(order["id"]))
    assert shown["kind"] == "order_approve" and shown["status"] == "approved" and shown["order_number"] == "45-од"
    text = "\n".join(grif_cells(order["path"]))
    assert "Об утверждении локальных нормативных актов по охране труда" in text
    assert "23 ноября 2026 г." in text and "№ 45-од" in text
    for kind in ("suot_regulation", "policy", "intro_program", "measures_plan"):
        assert made[kind]["title"] in text, kind
    assert "Приказ о назначении ответственного" not in text  # orders are signed, not approved by another order
    table = rows(order["path"])
    assert ["Должность", "Ф.И.О.", "Подпись", "Дата"] in table
    assert ["Специалист по охране труда", "О.В. Колесникова", "", ""] in table
    assert any(r[0] == "Директор" and r[-1] == "М.А. Ульянова" for r in table)  # the head signs the order


def test_several_ids_with_one_bad_id_change_nothing(invoke, demo):
    made = pack(invoke, demo)
    ids = [str(d["id"]) for d in made.values()]
    folder = Path(made["suot_regulation"]["path"]).parent
    before = sorted(p.name for p in folder.iterdir())
    for bad in (["999"], [ids[0]]):  # unknown; the same document twice
        result = invoke("-w", demo, "docs", "approve", *ids, *bad, *ORDER)
        assert result.exit_code == 1, result.output
    # A tampered file found only while approving, after the others were checked.
    tampered = made["measures_plan"]["path"]
    with open(tampered, "ab") as fh:
        fh.write(b"x")
    result = invoke("-w", demo, "docs", "approve", *ids, *ORDER)
    assert result.exit_code == 1 and "изменён" in result.stderr
    assert {d["status"] for d in jrun(invoke, demo, "docs", "list")} == {"draft"}
    assert "order_approve" not in {d["kind"] for d in jrun(invoke, demo, "docs", "list")}
    assert sorted(p.name for p in folder.iterdir()) == before  # no approved file, no order, no temporary file


def test_a_document_approved_by_order_needs_the_order_number(invoke, demo):
    made = pack(invoke, demo)
    result = invoke("-w", demo, "docs", "approve", str(made["suot_regulation"]["id"]), "--by", "Ульянова",
                    "--on", TODAY, "--today", TODAY)
    assert result.exit_code == 1 and "--order-number" in result.stderr
    # A document approved by the head's signature needs none; no order is made, the date fills УТВЕРЖДАЮ.
    result = jrun(invoke, demo, "docs", "approve", str(made["policy"]["id"]), "--by", "Ульянова", "--on", TODAY,
                  "--today", TODAY)
    assert result["order"] is None
    assert any("УТВЕРЖДАЮ" in c and "23.11.2026" in c for c in grif_cells(result["approved"][0]["path"]))


def test_a_draft_whose_data_changed_is_not_approved_silently(invoke, demo):
    made = pack(invoke, demo)
    added = invoke("-w", demo, "people", "add", "Громов Пётр Ильич", "--position", "Инженер-энергетик",
                   "--hired-on", "2026-01-12", "--department", "Административно-хозяйственная часть",
                   "--gender", "m")
    assert added.exit_code == 0, added.output
    result = invoke("-w", demo, "docs", "approve", str(made["instructions_list"]["id"]), *ORDER)
    assert result.exit_code == 1 and "изменились после того, как сделан проект" in result.stderr
    assert "ohs docs make instructions_list" in result.stderr


def test_a_new_version_is_approved_by_a_new_order_that_repeals_the_old(invoke, demo):
    first = jrun(invoke, demo, "docs", "make", "suot_regulation", "--today", "2026-11-19")
    jrun(invoke, demo, "docs", "approve", str(first["id"]), "--by", "Ульянова", "--on", "2026-11-20",
         "--order-number", "40-од", "--today", TODAY)
    again = jrun(invoke, demo, "docs", "make", "suot_regulation", "--today", TODAY)
    result = jrun(invoke, demo, "docs", "approve", str(again["id"]), *ORDER)
    text = "\n".join(grif_cells(result["order"]["path"]))
    assert "Признать утратившими силу" in text and "утверждённый приказом от 20.11.2026 № 40-од" in text
    assert any("от 23.11.2026 № 45-од" in c for c in grif_cells(result["approved"][0]["path"]))
    assert jrun(invoke, demo, "docs", "show", str(first["id"]))["status"] == "superseded"
    program = jrun(invoke, demo, "docs", "make", "intro_program", "--today", TODAY)
    taken = invoke("-w", demo, "docs", "approve", str(program["id"]), *ORDER)
    assert taken.exit_code == 1 and "уже сделан" in taken.stderr


def test_developer_signs_and_the_approver_does_not_sign_twice(invoke, demo):
    made = pack(invoke, demo)
    for kind in ("suot_regulation", "policy", "intro_program", "briefing_exemptions", "measures_plan"):
        table = rows(made[kind]["path"])
        assert ["Специалист по охране труда", "________________", "О.В. Колесникова"] in table, kind
        assert "Разработал:" in [p.text for p in docx.Document(made[kind]["path"]).paragraphs], kind
        # Approved by the grif: no «Директор ____ М.А. Ульянова» line at the end.
        assert not any(r and r[0] == "Директор" for r in table), kind
        shown = jrun(invoke, demo, "docs", "show", str(made[kind]["id"]))
        assert shown["authors"] == ["Колесникова Ольга Викторовна"], kind
    # An order is signed by the head and has no developer line.
    order = rows(made["order_responsible"]["path"])
    assert any(r[0] == "Директор" for r in order) and "Разработал:" not in "\n".join(grif_cells(
        made["order_responsible"]["path"]))
    # --author names the developer instead of the default.
    other = jrun(invoke, demo, "docs", "make", "policy", "--author", "Ульянова", "--today", TODAY)
    assert ["Директор", "________________", "М.А. Ульянова"] in rows(other["path"])
    assert ["Специалист по охране труда", "________________", "О.В. Колесникова"] not in rows(other["path"])


def test_pack_says_how_to_approve_it_in_one_command(invoke, demo):
    result = invoke("-w", demo, "suot", "pack", "--today", TODAY)
    assert result.exit_code == 0, result.output
    ids = " ".join(str(i) for i in sorted(d["id"] for d in jrun(invoke, demo, "docs", "list")))
    assert "одним приказом" in result.output
    assert f"ohs docs approve {ids} --by Ульянова --on ДАТА --order-number" in result.output


def test_the_approved_rendering_uses_the_options_the_draft_was_made_with(invoke, demo):
    """A plan made for 2026 in January 2027 is rendered again for 2026 (2027 has no measures yet)."""
    plan = jrun(invoke, demo, "docs", "make", "measures_plan", "--year", "2026", "--today", "2027-01-10")
    result = jrun(invoke, demo, "docs", "approve", str(plan["id"]), "--by", "Ульянова", "--on", "2027-01-10",
                  "--today", "2027-01-10")
    text = "\n".join(grif_cells(result["approved"][0]["path"]))
    assert "на 2026 год" in text and "10.01.2027" in text


def test_verify_checks_the_approved_file_and_the_draft_it_was_made_from(invoke, demo):
    made = pack(invoke, demo)
    result = jrun(invoke, demo, "docs", "approve", str(made["policy"]["id"]), "--by", "Ульянова", "--on", TODAY,
                  "--today", TODAY)
    assert invoke("-w", demo, "verify").exit_code == 0
    for path in (result["approved"][0]["path"], made["policy"]["path"]):
        original = Path(path).read_bytes()
        Path(path).write_bytes(original + b"x")
        broken = invoke("-w", demo, "verify")
        assert broken.exit_code == 1 and Path(path).name in broken.output + broken.stderr, path
        Path(path).write_bytes(original)
    assert invoke("-w", demo, "verify").exit_code == 0


def test_a_workspace_template_without_the_filled_grif_is_named(invoke, demo):
    """A copy made before grifs were filled still approves, and the user learns why the grif stays blank."""
    template = demo / "templates" / "suot" / "instructions_list.xml.j2"
    copied = invoke("-w", demo, "docs", "template", "copy", "instructions_list")
    assert copied.exit_code == 0, copied.output
    template.write_text(template.read_text(encoding="utf-8").replace("doc.approved", "None"), encoding="utf-8")
    made = jrun(invoke, demo, "docs", "make", "instructions_list", "--today", TODAY)
    result = invoke("-w", demo, "docs", "approve", str(made["id"]), *ORDER)
    assert result.exit_code == 0, result.output
    assert "не выводит doc.approved" in result.stderr and "instructions_list" in result.stderr
