"""What a crash used to leave behind, reproduced by hand: orphan files, truncated evidence, half-made init,
concurrent versions on PostgreSQL, symbolic links as attachments; and ``ohs verify`` re-reading every file."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from pathlib import Path

import pytest
from fault_harness import TODAY, ohs

from core.hookspecs import hookimpl


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def test_orphan_document_file_is_replaced_with_a_note(invoke, demo):
    """A file at the next version's path that no registry row names (a crash's leftover) is replaced."""
    orphan = demo / "out" / f"suot_regulation-v1-{TODAY}.docx"
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"PK\x03\x04 half a file")
    result = invoke("-w", demo, "docs", "make", "suot_regulation", "--today", TODAY, "--json")
    assert result.exit_code == 0, result.output
    assert "остался от прерванной команды" in result.stderr
    data = json.loads(result.stdout)
    assert Path(data["path"]) == orphan.resolve()
    assert hashlib.sha256(orphan.read_bytes()).hexdigest() == data["sha256"]
    ok(invoke("-w", demo, "verify"))


def test_registered_file_is_never_replaced(invoke, demo):
    first = json.loads(ok(invoke("-w", demo, "docs", "make", "suot_regulation", "--today", TODAY, "--json")).stdout)
    before = Path(first["path"]).read_bytes()
    out = demo / "out" / "again"
    # The same file name in another folder is a new file; in the same folder the next version gets a new name.
    second = json.loads(ok(invoke("-w", demo, "docs", "make", "suot_regulation", "--today", TODAY, "--json")).stdout)
    assert second["version"] == first["version"] + 1 and Path(first["path"]).read_bytes() == before
    assert not out.exists()


def test_failed_command_leaves_no_file(invoke, demo, monkeypatch):
    """A command that fails after the DOCX is written (here: no LibreOffice for --pdf) leaves nothing behind."""
    monkeypatch.setenv("OHS_SOFFICE", str(demo / "no-soffice"))
    out = demo / "out" / "failed"
    result = invoke("-w", demo, "docs", "make", "policy", "--out", out, "--pdf", "--today", TODAY)
    assert result.exit_code == 1
    assert not out.exists() or not list(out.iterdir())
    assert json.loads(invoke("-w", demo, "docs", "list", "--json", "--kind", "policy").stdout) == []


def _evidence_item(invoke, demo):
    listed = json.loads(ok(invoke("-w", demo, "contest", "specialist", "portfolio", "list", "Колесникова",
                                  "--json")).stdout)
    return next(i for i in listed if i["evidence"])


def test_truncated_evidence_is_named_by_verify_refused_by_pack_and_repaired(invoke, demo, tmp_path):
    item = _evidence_item(invoke, demo)
    sha = item["evidence"][0]["sha256"]
    stored = demo / "files" / sha[:2] / sha
    content = stored.read_bytes()
    stored.write_bytes(content[: len(content) // 2])  # what a kill during the old copy left under the hash name

    result = invoke("-w", demo, "verify", "--json")
    assert result.exit_code == 1
    files = next(s for s in json.loads(result.stdout) if s["journal"] == "files")
    assert not files["ok"] and any(sha in line for line in files["broken"])
    text = invoke("-w", demo, "verify").stdout
    assert str(stored) in text

    pack = invoke("-w", demo, "contest", "specialist", "pack", "Колесникова", "--out", tmp_path / "pack",
                  "--as-of", TODAY)
    assert pack.exit_code == 1 and "повреждён" in pack.stderr
    assert not list((tmp_path / "pack").glob("*.zip"))

    scan = tmp_path / item["evidence"][0]["filename"]
    scan.write_bytes(content)
    again = invoke("-w", demo, "contest", "specialist", "portfolio", "evidence", item["id"], scan, "--today", TODAY)
    assert again.exit_code == 0, again.output
    assert "повреждён" in again.stderr
    assert stored.read_bytes() == content
    ok(invoke("-w", demo, "verify"))


def test_symlinks_are_refused_as_evidence_and_attachments(invoke, demo, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.7\n secret")
    link = tmp_path / "link.pdf"
    link.symlink_to(secret)
    item = _evidence_item(invoke, demo)
    result = invoke("-w", demo, "contest", "specialist", "portfolio", "evidence", item["id"], link, "--today", TODAY)
    assert result.exit_code == 1 and "символическая ссылка" in result.stderr
    practices = json.loads(ok(invoke("-w", demo, "practice", "list", "--json")).stdout)
    result = invoke("-w", demo, "practice", "attach", practices[0]["id"], link, "--today", TODAY)
    assert result.exit_code == 1 and "символическая ссылка" in result.stderr
    sha = hashlib.sha256(secret.read_bytes()).hexdigest()
    assert not (demo / "files" / sha[:2] / sha).exists()


def test_hook_stored_files(register, invoke, workspace, tmp_path):
    """A plugin's stored files are re-read by ``ohs verify``; a changed or missing one fails it, named."""
    from core.io.integrity import StoredFile

    good, bad = tmp_path / "good.bin", tmp_path / "bad.bin"
    good.write_bytes(b"good")
    bad.write_bytes(b"changed")

    class Store:
        @hookimpl
        def stored_files(self, ctx):
            return [StoredFile(good, hashlib.sha256(b"good").hexdigest(), 4, "Скан 1"),
                    StoredFile(bad, hashlib.sha256(b"bad").hexdigest(), 3, "Скан 2"),
                    StoredFile(tmp_path / "gone.bin", "0" * 64, None, "Скан 3")]

    register(Store())
    result = invoke("-w", workspace, "verify", "--json")
    assert result.exit_code == 1
    files = next(s for s in json.loads(result.stdout) if s["journal"] == "files")
    assert files["entries"] == 3 and not files["ok"]
    assert len(files["broken"]) == 2 and "Скан 2" in files["broken"][0] and "gone.bin" in files["broken"][1]
    bad.write_bytes(b"bad")
    (tmp_path / "gone.bin").unlink(missing_ok=True)


def test_init_resumes_a_folder_with_ohs_toml_and_no_database(invoke, tmp_path):
    folder = tmp_path / "half"
    ok(invoke("init", folder))
    for name in ("ohs.db", "ohs.db-wal", "ohs.db-shm"):
        (folder / name).unlink(missing_ok=True)
    refused = invoke("-w", folder, "people", "list")
    assert refused.exit_code == 1
    result = invoke("init", folder)
    assert result.exit_code == 0, result.output
    assert "недоделана" in result.stderr and "продолжено" in result.stderr
    assert ok(invoke("-w", folder, "people", "list", "--json")).stdout.strip() == "[]"
    assert "не будет перезаписана" in invoke("init", folder).stderr


def test_init_resumes_a_database_left_without_organization(invoke, pm, tmp_path):
    from core.storage.db import make_engine, sqlite_url
    from core.storage.migrate import ensure_schema

    folder = tmp_path / "half"
    folder.mkdir()
    engine = make_engine(sqlite_url(folder / "ohs.db"))
    ensure_schema(engine, pm)  # what a kill after the migrations and before the organization left
    engine.dispose()
    # In a process of its own, as a user reruns it: nothing but the resumed command has imported the models.
    result = ohs("init", folder, "--demo", "--employees", "5", "--as-of", TODAY)
    assert result.returncode == 0, result.stderr
    assert "прерванной команды" in result.stderr
    ok(invoke("-w", folder, "verify"))


@pytest.mark.storage
def test_concurrent_docs_make_keeps_every_committed_file(demo, backend, pm, invoke):
    """Two transactions making the same kind at once: the second waits for the first's number, both files stay."""
    import threading

    from core.app import App
    from core.documents.kinds import get_kind
    from core.documents.registry import make_document

    if backend.name != "postgresql":
        pytest.skip("SQLite serialises writers with BEGIN IMMEDIATE; the race is PostgreSQL's")
    kind = get_kind(pm, "suot_regulation")
    today = datetime.date(2026, 11, 23)
    first_app, second_app = App(pm, workspace=str(demo)), App(pm, workspace=str(demo))
    outcome: dict[str, object] = {}

    def second() -> None:
        try:
            with second_app.session() as session:
                doc = make_document(session, second_app.org(session), pm, second_app.workspace, kind, today)
                outcome["version"] = doc.version
        except Exception as exc:  # reported by the assertion below
            outcome["error"] = exc

    with first_app.session() as session:
        first = make_document(session, first_app.org(session), pm, first_app.workspace, kind, today)
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(timeout=1.5)  # the second transaction runs while the first is still open
    thread.join(timeout=60)
    assert "error" not in outcome, outcome
    assert {first.version, outcome["version"]} == {1, 2}
    docs = json.loads(invoke("-w", demo, "docs", "list", "--json", "--kind", "suot_regulation").stdout)
    assert sorted(d["version"] for d in docs) == [1, 2]
    assert all(d["file"] == "ok" for d in docs), docs
    ok(invoke("-w", demo, "verify"))


def test_export_overwrite_is_atomic(invoke, demo, tmp_path, monkeypatch):
    """``people export`` over a good file: a failure while writing keeps the old file and leaves no temporary."""
    target = tmp_path / "people.csv"
    ok(invoke("-w", demo, "people", "export", target))
    before = target.read_bytes()
    import core.registry.people_io as people_io

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(people_io.csv, "writer", broken)
    result = invoke("-w", demo, "people", "export", target)
    assert result.exit_code == 1
    assert target.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["people.csv"] or all(
        not name.endswith(".tmp") for name in os.listdir(tmp_path))


def test_verify_names_a_file_left_waiting_beside_its_place(invoke, demo):
    """Killed between the commit and the rename: verify fails and says where the whole content waits."""
    made = json.loads(ok(invoke("-w", demo, "docs", "make", "policy", "--today", TODAY, "--json")).stdout)
    path = Path(made["path"])
    waiting = path.with_name(f".{path.name}.k1ll3d.tmp")
    path.rename(waiting)
    result = invoke("-w", demo, "verify")
    assert result.exit_code == 1
    assert waiting.name in result.stdout and "переименуйте" in result.stdout
