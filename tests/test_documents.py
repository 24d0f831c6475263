"""The document registry: make, versions, approval, diff, acknowledgement, template overrides."""

import json

import pytest

from core.testing import docx_text
from core.documents.kinds import DocumentKind, MissingDataError, MissingField
from core.hookspecs import hookimpl

TEMPLATE = """\
{% from "base/approval.xml.j2" import approved_by_signature %}
<document>
{{ approved_by_signature(head.position, head | initials) }}
<title>ПОЛОЖЕНИЕ о пожарной безопасности</title>
<p align="center">{{ org.short_name }}</p>
<h>Общие положения</h>
<item>Положение действует в {{ org.short_name }} с {{ doc.date | date_words }}.</item>
<item>Ответственный — {{ responsible }}.</item>
</document>
"""


@pytest.fixture
def fire_kind(tmp_path, register):
    folder = tmp_path / "plugin_templates" / "firedocs"
    folder.mkdir(parents=True)
    (folder / "fire.xml.j2").write_text(TEMPLATE, encoding="utf-8")
    state = {"responsible": "завхоз"}

    def build(request):
        if state["responsible"] is None:
            raise MissingDataError("Положение о пожарной безопасности", [
                MissingField("Ответственный за пожарную безопасность", "ohs fire set responsible=…")])
        return {"responsible": request.options.get("responsible", state["responsible"])}

    def everyone(session, org, today):
        from core.registry.people import list_people

        return list_people(session, org, on=today)

    class FireDocs:
        @hookimpl
        def template_dirs(self):
            return [folder]

        @hookimpl
        def document_kinds(self):
            return [DocumentKind(key="fire_regulation", title="Положение о пожарной безопасности",
                                 template="firedocs/fire.xml.j2", build=build, approval="head",
                                 grammatical_gender="n", acknowledge=everyone,
                                 instrumental_title="Положением о пожарной безопасности", plugin="firedocs")]

    register(FireDocs())
    return state


def run(invoke, ws, *args):
    result = invoke("-w", ws, *args)
    assert result.exit_code == 0, result.output
    return result.output


def jrun(invoke, ws, *args):
    return json.loads(run(invoke, ws, *args, "--json"))


def text_of(path):
    return docx_text(path)


def test_hook_document_kinds(fire_kind, invoke, demo):
    kinds = jrun(invoke, demo, "docs", "kinds")
    assert {"key": "fire_regulation", "title": "Положение о пожарной безопасности", "template": "firedocs/fire.xml.j2",
            "plugin": "firedocs", "approval": "head", "acknowledge": True} in kinds


def test_hook_template_dirs(fire_kind, pm):
    from core.documents.templates import builtin_namespaces

    spaces = builtin_namespaces(pm)
    assert "firedocs" in spaces and "base" in spaces
    for name in ("suot", "best_practices", "contest_specialist", "contest_digital"):
        assert name in spaces and spaces[name][0].is_dir()


def test_make_registers_a_draft_that_reads_back(fire_kind, invoke, demo):
    made = jrun(invoke, demo, "docs", "make", "fire_regulation", "--author", "Колесникова", "--today", "2026-11-23")
    assert made["version"] == 1 and made["status"] == "draft"
    text = text_of(made["path"])
    assert "ПОЛОЖЕНИЕ о пожарной безопасности" in text
    assert "МБУ СШОР «Спортивная гимнастика»" in text
    assert "«23» ноября 2026 г." in text and "М.А. Ульянова" in text and "УТВЕРЖДАЮ" in text
    assert "ЛИСТ ОЗНАКОМЛЕНИЯ" in text and "Серов Виктор Иванович" in text  # the sheet lists the staff
    shown = jrun(invoke, demo, "docs", "show", str(made["id"]))
    assert shown["authors"] == ["Колесникова Ольга Викторовна"] and shown["file"] == "ok"
    import hashlib
    assert shown["sha256"] == hashlib.sha256(open(made["path"], "rb").read()).hexdigest()


def test_versions_approval_and_diff(fire_kind, invoke, demo):
    first = jrun(invoke, demo, "docs", "make", "fire_regulation", "--today", "2026-11-01")
    run(invoke, demo, "docs", "approve", str(first["id"]), "--by", "Ульянова", "--on", "2026-11-02",
        "--order-number", "45", "--today", "2026-11-23")
    again = invoke("-w", demo, "docs", "approve", str(first["id"]), "--by", "Ульянова", "--on", "2026-11-03",
                   "--today", "2026-11-23")
    assert again.exit_code == 1 and "только проект" in again.stderr  # frozen
    fire_kind["responsible"] = "заместитель директора по АХР"
    second = jrun(invoke, demo, "docs", "make", "fire_regulation", "--today", "2026-11-20")
    assert second["version"] == 2
    diff = run(invoke, demo, "docs", "diff", str(first["id"]), str(second["id"]))
    assert "-2. Ответственный — завхоз." in diff or "-Ответственный — завхоз." in diff.replace("2. ", "")
    assert "заместитель директора по АХР" in diff
    run(invoke, demo, "docs", "approve", str(second["id"]), "--by", "Ульянова", "--on", "2026-11-21", "--today", "2026-11-23")
    # --order-number also registered the approving order (kind order_approve): read this kind's versions.
    listing = {d["version"]: d for d in jrun(invoke, demo, "docs", "list", "--kind", "fire_regulation")}
    assert listing[1]["status"] == "superseded" and listing[2]["status"] == "approved"
    assert listing[1]["order_number"] == "45"


def test_approval_is_checked(fire_kind, invoke, demo):
    made = jrun(invoke, demo, "docs", "make", "fire_regulation", "--today", "2026-11-20")
    cases = [
        (["--by", "Ульянова", "--on", "2026-12-01"], "ещё не наступила"),
        (["--by", "Ульянова", "--on", "2026-11-01"], "раньше даты создания"),
        (["--by", "Никто", "--on", "2026-11-21"], "не найден"),
    ]
    for extra, expected in cases:
        result = invoke("-w", demo, "docs", "approve", str(made["id"]), *extra, "--today", "2026-11-23")
        assert result.exit_code == 1 and expected in result.stderr, (extra, result.stderr)


def test_a_file_changed_behind_the_registry_is_detected(fire_kind, invoke, demo):
    made = jrun(invoke, demo, "docs", "make", "fire_regulation", "--today", "2026-11-20")
    with open(made["path"], "ab") as fh:
        fh.write(b"tampered")
    assert jrun(invoke, demo, "docs", "show", str(made["id"]))["file"] == "changed"
    result = invoke("-w", demo, "docs", "approve", str(made["id"]), "--by", "Ульянова", "--on", "2026-11-21",
                    "--today", "2026-11-23")
    assert result.exit_code == 1 and "изменён" in result.stderr


def test_acknowledgement_goes_stale_with_a_new_version(fire_kind, invoke, demo):
    first = jrun(invoke, demo, "docs", "make", "fire_regulation", "--today", "2026-10-01")
    draft_ack = invoke("-w", demo, "docs", "ack", str(first["id"]), "Серов", "--on", "2026-10-02", "--today", "2026-11-23")
    assert draft_ack.exit_code == 1 and "проект" in draft_ack.stderr
    run(invoke, demo, "docs", "approve", str(first["id"]), "--by", "Ульянова", "--on", "2026-10-01", "--today", "2026-11-23")
    staff = len(jrun(invoke, demo, "people", "list", "--today", "2026-10-05"))
    due = jrun(invoke, demo, "due", "--today", "2026-10-05", "--until", "2026-12-31")["items"]
    acks = [i for i in due if i["kind"] == "acknowledgement"]
    assert len(acks) == staff and all(i["due"] == "2026-10-15" for i in acks if not i["overdue"])
    run(invoke, demo, "docs", "ack", str(first["id"]), "--all-required", "--on", "2026-10-05", "--method", "simple",
        "--today", "2026-11-23")
    acked_first = {p["full_name"] for p in jrun(invoke, demo, "people", "list", "--today", "2026-10-05")}
    due = jrun(invoke, demo, "due", "--today", "2026-10-06", "--until", "2026-12-31")["items"]
    assert [i for i in due if i["kind"] == "acknowledgement"] == []
    # A new approved version: everyone must acknowledge again.
    second = jrun(invoke, demo, "docs", "make", "fire_regulation", "--today", "2026-11-10")
    run(invoke, demo, "docs", "approve", str(second["id"]), "--by", "Ульянова", "--on", "2026-11-10", "--today", "2026-11-23")
    due = jrun(invoke, demo, "due", "--today", "2026-11-23", "--until", "2026-12-31")["items"]
    again = [i for i in due if i["kind"] == "acknowledgement"]
    assert again and all(i["record"] == f"document:{second['id']}" for i in again)
    short = {p["full_name"]: f"{p['surname']} {p['name'][0]}.{p['patronymic'][0]}." for p in
             jrun(invoke, demo, "people", "list", "--today", "2026-11-23")}
    for item in again:
        # Those who knew the first version acknowledge «повторно»; those hired since, for the first time.
        was_acked = any(short.get(name) == item["subject"] for name in acked_first)
        assert ("повторно" in item["title"]) == was_acked, item
    run(invoke, demo, "docs", "ack", str(second["id"]), "Серов", "--on", "2026-11-12", "--today", "2026-11-23")
    twice = invoke("-w", demo, "docs", "ack", str(second["id"]), "Серов", "--on", "2026-11-13", "--today", "2026-11-23")
    assert twice.exit_code == 1 and "уже ознакомлен" in twice.stderr
    due = jrun(invoke, demo, "due", "--today", "2026-11-23", "--until", "2026-12-31")["items"]
    assert "Серов В.И." not in {i["subject"] for i in due if i["kind"] == "acknowledgement"}


def test_missing_data_lists_every_field_with_its_command(fire_kind, invoke, demo):
    fire_kind["responsible"] = None
    result = invoke("-w", demo, "docs", "make", "fire_regulation")
    assert result.exit_code == 1
    assert "не хватает данных" in result.stderr and "ohs fire set responsible=" in result.stderr
    assert jrun(invoke, demo, "docs", "list") == []
    assert not list((demo / "out").glob("*.docx"))


def test_workspace_template_overrides_the_builtin(fire_kind, invoke, demo):
    shown = run(invoke, demo, "docs", "template", "show", "fire_regulation")
    assert "ПОЛОЖЕНИЕ о пожарной безопасности" in shown
    copied = demo / "templates" / "firedocs" / "fire.xml.j2"
    run(invoke, demo, "docs", "template", "copy", "fire_regulation")
    assert copied.read_text(encoding="utf-8") == TEMPLATE
    again = invoke("-w", demo, "docs", "template", "copy", "fire_regulation")
    assert again.exit_code == 1 and "--force" in again.stderr
    copied.write_text(TEMPLATE.replace("ПОЛОЖЕНИЕ о пожарной безопасности", "ИНСТРУКЦИЯ о мерах пожарной безопасности"),
                      encoding="utf-8")
    made = jrun(invoke, demo, "docs", "make", "fire_regulation")
    assert "ИНСТРУКЦИЯ о мерах пожарной безопасности" in text_of(made["path"])


def test_a_workspace_template_cannot_reach_python_internals(fire_kind, invoke, demo):
    target = demo / "templates" / "firedocs"
    target.mkdir(parents=True)
    (target / "fire.xml.j2").write_text("<document><p>{{ ''.__class__.__mro__ }}</p></document>", encoding="utf-8")
    result = invoke("-w", demo, "docs", "make", "fire_regulation")
    assert result.exit_code == 1 and "fire.xml.j2" in result.stderr and "Traceback" not in result.output
    assert jrun(invoke, demo, "docs", "list") == []


def test_unknown_kind_lists_the_known_ones(fire_kind, invoke, demo):
    result = invoke("-w", demo, "docs", "make", "no_such_kind")
    assert result.exit_code == 1 and "fire_regulation" in result.stderr


def test_approval_blocks_side_by_side_are_registered_with_their_text(tmp_path, register, invoke, demo):
    """Corner blocks in a table (СОГЛАСОВАНО | УТВЕРЖДАЮ) are read for diffs like any text."""
    folder = tmp_path / "grif_templates" / "grifdocs"
    folder.mkdir(parents=True)
    (folder / "grif.xml.j2").write_text(
        '{% from "base/approval.xml.j2" import grifs, agree_lines, approve_lines %}\n<document>\n'
        '{{ grifs(agree_lines(worker_representative.position, worker_representative | initials), '
        'approve_lines(head.position, head | initials)) }}\n<title>ИНСТРУКЦИЯ</title>\n</document>\n',
        encoding="utf-8")

    class GrifDocs:
        @hookimpl
        def template_dirs(self):
            return [folder]

        @hookimpl
        def document_kinds(self):
            return [DocumentKind(key="grif", title="Инструкция", template="grifdocs/grif.xml.j2",
                                 build=lambda request: {}, grammatical_gender="f")]

    register(GrifDocs())
    first = jrun(invoke, demo, "docs", "make", "grif")
    text = text_of(first["path"])
    assert "СОГЛАСОВАНО" in text and "УТВЕРЖДАЮ" in text and "М.А. Ульянова" in text
    run(invoke, demo, "org", "set", "head=Серов", "--today", "2026-11-23")
    second = jrun(invoke, demo, "docs", "make", "grif", "--today", "2026-11-24")
    diff = run(invoke, demo, "docs", "diff", str(first["id"]), str(second["id"]))
    # The row of corner blocks is one line of the registered text, so the new head shows in the diff.
    assert "М.А. Ульянова" in diff and "В.И. Серов" in diff


def test_make_passes_params_to_the_kind(fire_kind, invoke, demo):
    made = jrun(invoke, demo, "docs", "make", "fire_regulation", "--param", "responsible=заместитель директора по АХР",
                "--today", "2026-11-23")
    assert "Ответственный — заместитель директора по АХР." in text_of(made["path"])
    bad = invoke("-w", demo, "docs", "make", "fire_regulation", "--param", "responsible")
    assert bad.exit_code == 1 and "КЛЮЧ=ЗНАЧЕНИЕ" in bad.output
    # The refused call made nothing: only the first version is registered.
    assert [d["version"] for d in jrun(invoke, demo, "docs", "list") if d["kind"] == "fire_regulation"] == [1]


def test_make_with_pdf(fire_kind, invoke, demo):
    import shutil

    if not shutil.which("soffice"):
        result = invoke("-w", demo, "docs", "make", "fire_regulation", "--pdf")
        assert result.exit_code == 1 and "LibreOffice" in result.stderr
        assert jrun(invoke, demo, "docs", "list") == []  # nothing registered without the PDF asked for
        return
    made = jrun(invoke, demo, "docs", "make", "fire_regulation", "--pdf")
    from pathlib import Path

    pdf = Path(made["pdf"])
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
