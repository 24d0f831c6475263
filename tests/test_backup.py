"""``ohs backup`` and ``ohs restore`` as a user runs them: round trip, a copy taken while others write,
tampered archives refused with nothing left behind (SQLite, and PostgreSQL when a server is given)."""

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

TODAY = ("--today", "2026-11-23")


def restore_args(request, backend):
    """``--db`` with a new empty database for a PostgreSQL archive; nothing for SQLite."""
    if backend.name == "sqlite":
        return []
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("PostgreSQL: нет pg_dump или pg_restore")
    admin = request.getfixturevalue("_pg_admin")
    return ["--db", admin.url(admin.create())]


def make_backup(invoke, ws, archive, *extra):
    result = invoke("-w", ws, "backup", str(archive), *extra)
    assert result.exit_code == 0, result.output
    return archive


def leftovers(folder: Path, name: str):
    """Temporary folders and files a failed restore or backup could have left beside the target."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


def people(invoke, ws):
    result = invoke("-w", ws, "people", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_demo_round_trip_restores_a_verified_copy(invoke, demo, tmp_path, backend, request):
    db = restore_args(request, backend)
    archive = make_backup(invoke, demo, tmp_path / "copy.zip")
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("MANIFEST.json"))
    kind = "sqlite" if backend.name == "sqlite" else "postgresql"
    assert manifest["database"]["kind"] == kind
    assert ("ohs.db" if kind == "sqlite" else "db.dump") in names and "ohs.toml" in names
    assert any(n.startswith("files/") for n in names)
    assert {row["path"] for row in manifest["files"]} == names - {"MANIFEST.json"}
    assert manifest["organization"]["key"] in (demo / "ohs.toml").read_text(encoding="utf-8")
    assert manifest["counts"]["people"] == 45

    new = tmp_path / "new"
    result = invoke("restore", str(archive), str(new), *db, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["people"] == 45 and report["journal_entries"] == manifest["counts"]["journal_entries"] > 0
    assert report["files"] == sum(1 for n in names if n.startswith(("files/", "out/", "templates/")))
    verify = invoke("-w", new, "verify", "--json")
    assert verify.exit_code == 0, verify.output
    assert all(j["ok"] for j in json.loads(verify.output))
    assert people(invoke, new) == people(invoke, demo)
    for row in manifest["files"]:
        if row["path"].startswith("files/"):
            assert hashlib.sha256((new / row["path"]).read_bytes()).hexdigest() == row["sha256"]
    assert not (new / "MANIFEST.json").exists() and not (new / "db.dump").exists()
    if kind == "postgresql":
        # The restored workspace works with the new database, not the original's.
        assert db[1] in (new / "ohs.toml").read_text(encoding="utf-8")


def test_human_output_and_existing_archive(invoke, demo, tmp_path):
    archive = tmp_path / "copy.zip"
    first = invoke("-w", demo, "backup", str(archive))
    assert first.exit_code == 0, first.output
    assert "Резервная копия записана" in first.output and "Работников: 45" in first.output
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by the owner only
    before = archive.read_bytes()
    again = invoke("-w", demo, "backup", str(archive))
    assert again.exit_code == 1 and "уже существует" in again.output and "--force" in again.output
    assert archive.read_bytes() == before
    forced = invoke("-w", demo, "backup", str(archive), "--force")
    assert forced.exit_code == 0, forced.output
    assert zipfile.ZipFile(archive).testzip() is None
    assert leftovers(tmp_path, "copy.zip") == []


def test_a_symlink_in_the_workspace_is_refused_and_no_archive_is_left(invoke, demo, tmp_path):
    secret = tmp_path / "elsewhere.txt"
    secret.write_text("не из рабочей папки", encoding="utf-8")
    (demo / "files" / "link").symlink_to(secret)
    result = invoke("-w", demo, "backup", str(tmp_path / "copy.zip"))
    assert result.exit_code == 1
    assert "символическая ссылка files/link" in result.output
    assert not (tmp_path / "copy.zip").exists() and leftovers(tmp_path, "copy.zip") == []


WRITER = textwrap.dedent("""
    import sys, pathlib
    from click.testing import CliRunner
    from core.cli.root import build_cli
    from core.plugins import get_plugin_manager

    ws, progress, stop = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    cli = build_cli(get_plugin_manager(entry_points=False))
    people = ["Кириллов", "Климова", "Козлова", "Куликов"]
    for i in range(60):  # bounded: the test stops it much sooner
        if stop.exists():
            break
        result = CliRunner().invoke(cli, ["-w", ws, "briefing", "add", people[i % 4], "--kind", "repeat",
                                          "--on", "2026-03-12", "--by", "Матвеев Леонид Романович",
                                          "--today", "2026-11-23"])
        if result.exit_code != 0:
            sys.exit(result.output)
        progress.with_suffix(".tmp").write_text(str(i + 1))
        progress.with_suffix(".tmp").replace(progress)  # the test never reads a half-written number
""")


def briefing_count(invoke, ws):
    result = invoke("-w", ws, "briefing", "list", "--json")
    assert result.exit_code == 0, result.output
    return len(json.loads(result.output))


def test_a_backup_taken_while_another_process_writes_restores_consistent(invoke, demo, tmp_path, backend, request):
    db = restore_args(request, backend)
    base = briefing_count(invoke, demo)
    progress, stop = tmp_path / "progress", tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(demo), str(progress), str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (progress.exists() and int(progress.read_text()) >= 2):
            assert writer.poll() is None, writer.communicate()
            assert time.monotonic() < deadline, "the writer added nothing in 120 s"
            time.sleep(0.05)
        written_before = int(progress.read_text())
        archive = make_backup(invoke, demo, tmp_path / "live.zip")
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=180)
    assert writer.returncode == 0, out + err
    final = briefing_count(invoke, demo)
    assert final > base

    new = tmp_path / "restored"
    result = invoke("restore", str(archive), str(new), *db)
    assert result.exit_code == 0, result.output
    assert invoke("-w", new, "verify").exit_code == 0
    restored = briefing_count(invoke, new)
    # One moment of the journal: everything committed before the copy began, nothing beyond the end.
    assert base + written_before <= restored <= final


def rewrite(archive: Path, target: Path, change):
    """Copy an archive member by member; ``change(name, data)`` returns a list of (name, data) to write instead."""
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            for name, data in change(info.filename, src.read(info)):
                dst.writestr(name, data)
    return target


def _manifest_rows(data, edit):
    manifest = json.loads(data)
    for row in manifest["files"]:
        edit(row)
    return json.dumps(manifest).encode()


def changed_byte(name, data):
    if name == "ohs.toml":
        return [(name, data.replace(b"key", b"kez", 1))]
    return [(name, data)]


def missing_file(name, data):
    return [] if name.startswith("files/") else [(name, data)]


def escaping_member(name, data):
    if name != "MANIFEST.json":
        return [(name, data)]
    row = {"path": "../x", "size": 3, "sha256": hashlib.sha256(b"bad").hexdigest()}
    manifest = json.loads(data)
    manifest["files"].append(row)
    return [(name, json.dumps(manifest).encode()), ("../x", b"bad")]


def absolute_member(name, data):
    return [(name, data)] + ([("/tmp/ohs-absolute-x", b"bad")] if name == "ohs.toml" else [])


def symlink_member(name, data):
    if name != "ohs.toml":
        return [(name, data)]
    link = zipfile.ZipInfo("files/evil")
    link.external_attr = 0o120777 << 16
    return [(name, data), (link, b"/etc/passwd")]


def manifest_hash(name, data):
    if name != "MANIFEST.json":
        return [(name, data)]
    return [(name, _manifest_rows(data, lambda row: row.update(sha256="0" * 64) if row["path"] == "ohs.toml" else None))]


@pytest.mark.parametrize(("change", "message"), [
    (changed_byte, "«ohs.toml» не совпадает с описью"),
    (missing_file, "нет файла «files/"),
    (escaping_member, "«../x» выходит за пределы папки восстановления"),
    (absolute_member, "задан абсолютным путём"),
    (symlink_member, "символическая ссылка"),
    (manifest_hash, "«ohs.toml» не совпадает с описью"),
], ids=["changed-byte", "missing-file", "dot-dot", "absolute", "symlink", "manifest-hash"])
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_tampered_archive_is_refused_and_nothing_is_left(invoke, demo, tmp_path, change, message):
    good = make_backup(invoke, demo, tmp_path / "good.zip")
    bad = rewrite(good, tmp_path / "bad.zip", change)
    work = tmp_path / "restore-here"
    work.mkdir()
    new = work / "new"
    result = invoke("restore", str(bad), str(new))
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Ошибка: Архив отклонён") and message in result.output
    assert not new.exists() and list(work.iterdir()) == []
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_an_edited_journal_with_a_rehashed_manifest_is_refused_by_the_chain(invoke, demo, tmp_path):
    """Someone edits a briefing in the archived database and fixes the manifest: the hash chain still names it."""
    good = make_backup(invoke, demo, tmp_path / "good.zip")
    scratch = tmp_path / "scratch.db"
    with zipfile.ZipFile(good) as zf:
        scratch.write_bytes(zf.read("ohs.db"))
    conn = sqlite3.connect(scratch)
    conn.execute("UPDATE core_briefing SET \"on\" = '2026-01-01' WHERE seq = 3")
    conn.commit()
    conn.close()
    forged = scratch.read_bytes()

    def edit(name, data):
        if name == "ohs.db":
            return [(name, forged)]
        if name == "MANIFEST.json":
            return [(name, _manifest_rows(data, lambda row: row.update(
                size=len(forged), sha256=hashlib.sha256(forged).hexdigest()) if row["path"] == "ohs.db" else None))]
        return [(name, data)]

    bad = rewrite(good, tmp_path / "bad.zip", edit)
    result = invoke("restore", str(bad), str(tmp_path / "new"))
    assert result.exit_code == 1, result.output
    assert "не прошла проверку: Журнал инструктажей" in result.output
    assert not (tmp_path / "new").exists() and leftovers(tmp_path, "new") == []


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_restore_refuses_a_non_empty_folder_and_accepts_an_empty_one(invoke, demo, tmp_path):
    archive = make_backup(invoke, demo, tmp_path / "copy.zip")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("чужой файл", encoding="utf-8")
    result = invoke("restore", str(archive), str(busy))
    assert result.exit_code == 1 and "не пуста" in result.output
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert invoke("restore", str(archive), str(empty)).exit_code == 0
    assert (empty / "ohs.db").is_file() and invoke("-w", empty, "verify").exit_code == 0


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_not_an_archive_and_a_foreign_zip_are_refused(invoke, tmp_path, workspace):
    text = tmp_path / "notes.zip"
    text.write_text("не архив", encoding="utf-8")
    result = invoke("restore", str(text), str(tmp_path / "a"))
    assert result.exit_code == 1 and "не архив ZIP" in result.output
    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("readme.txt", "hello")
    result = invoke("restore", str(foreign), str(tmp_path / "b"))
    assert result.exit_code == 1 and "нет описи MANIFEST.json" in result.output
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_postgresql_restore_failure_empties_the_target_database(invoke, demo, tmp_path, backend, request):
    """A PostgreSQL archive whose counts disagree after pg_restore: refused, and the target database is empty again."""
    if backend.name != "postgresql":
        pytest.skip("only for PostgreSQL")
    db = restore_args(request, backend)
    good = make_backup(invoke, demo, tmp_path / "good.zip")
    bad = rewrite(good, tmp_path / "bad.zip", lambda name, data: [(name, data if name != "MANIFEST.json" else json.dumps(
        {**json.loads(data), "counts": {**json.loads(data)["counts"], "people": 46}}).encode())])
    result = invoke("restore", str(bad), str(tmp_path / "new"), *db)
    assert result.exit_code == 1 and "не совпадает с описью: работников 45" in result.output
    assert not (tmp_path / "new").exists()
    from sqlalchemy import create_engine, text

    from core.storage.db import normalize_url

    engine = create_engine(normalize_url(db[1]))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar() == 0
    engine.dispose()
    # Now the same target takes the good archive.
    assert invoke("restore", str(good), str(tmp_path / "new"), *db).exit_code == 0


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_backup_of_an_older_schema_is_upgraded_on_restore(invoke, pm, workspace, tmp_path):
    """A copy made before the incidents journal existed (suot_0005) restores into the current schema."""
    from alembic import command
    from sqlalchemy import create_engine

    from core.storage.migrate import alembic_config, database_revisions

    good = make_backup(invoke, workspace, tmp_path / "good.zip")
    scratch = tmp_path / "old.db"
    with zipfile.ZipFile(good) as zf:
        scratch.write_bytes(zf.read("ohs.db"))
    engine = create_engine(f"sqlite:///{scratch}")
    with engine.begin() as conn:
        command.downgrade(alembic_config(pm, conn), "suot_0005")
        assert "suot_0005" in database_revisions(conn)
    engine.dispose()
    old = scratch.read_bytes()

    def edit(name, data):
        if name == "ohs.db":
            return [(name, old)]
        if name == "MANIFEST.json":
            return [(name, _manifest_rows(data, lambda row: row.update(
                size=len(old), sha256=hashlib.sha256(old).hexdigest()) if row["path"] == "ohs.db" else None))]
        return [(name, data)]

    result = invoke("restore", str(rewrite(good, tmp_path / "old.zip", edit)), str(tmp_path / "new"))
    assert result.exit_code == 0, result.output
    # Upgraded by the restore itself (read straight from the file, before any other command opens it).
    conn = sqlite3.connect(tmp_path / "new" / "ohs.db")
    revisions = {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
    conn.close()
    current = sqlite3.connect(workspace / "ohs.db")
    heads = {row[0] for row in current.execute("SELECT version_num FROM alembic_version")}
    current.close()
    assert revisions == heads and "suot_0005" not in revisions  # every branch at the installed head


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_flipped_byte_in_the_archive_file_is_refused(invoke, demo, tmp_path):
    """Bit rot on the disk: one byte of the archive changed in place (inside the database's compressed data)."""
    archive = make_backup(invoke, demo, tmp_path / "copy.zip")
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("ohs.db")
    raw = bytearray(archive.read_bytes())
    raw[info.header_offset + 30 + len(info.filename) + info.compress_size // 2] ^= 0xFF
    archive.write_bytes(bytes(raw))
    result = invoke("restore", str(archive), str(tmp_path / "new"))
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Ошибка: Архив отклонён: файл «ohs.db»")
    assert not (tmp_path / "new").exists() and leftovers(tmp_path, "new") == []


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_an_archive_that_unpacks_beyond_the_cap_is_refused(invoke, demo, tmp_path, monkeypatch):
    archive = make_backup(invoke, demo, tmp_path / "copy.zip")
    monkeypatch.setenv("OHS_RESTORE_MAX_BYTES", "1000")
    result = invoke("restore", str(archive), str(tmp_path / "new"))
    assert result.exit_code == 1 and "больше допустимого" in result.output
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_archived_database_is_one_file(invoke, demo, tmp_path):
    archive = make_backup(invoke, demo, tmp_path / "copy.zip")
    with zipfile.ZipFile(archive) as zf:
        header = zf.read("ohs.db")[:20]
        assert not any(n.endswith(("-wal", "-shm")) for n in zf.namelist())
    assert header[:16] == b"SQLite format 3\x00" and header[18:20] == b"\x01\x01"  # rollback journal, not WAL


def _no_system_tools(monkeypatch, tmp_path):
    import core.storage.backup_pg

    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.setattr(core.storage.backup_pg, "glob", lambda pattern: [])


def test_a_missing_pg_dump_is_named_in_russian(monkeypatch, tmp_path):
    from core.storage.backup_pg import find_tool
    from core.errors import OhsError

    _no_system_tools(monkeypatch, tmp_path)
    monkeypatch.delenv("OHS_PG_BIN", raising=False)
    with pytest.raises(OhsError, match="Программа pg_dump не найдена; установите клиент PostgreSQL версии 15"):
        find_tool("pg_dump", 15)


def test_a_pg_dump_older_than_the_server_is_refused(monkeypatch, tmp_path):
    from core.storage.backup_pg import find_tool
    from core.errors import OhsError

    _no_system_tools(monkeypatch, tmp_path)
    bin_dir = tmp_path / "pg14"
    bin_dir.mkdir()
    fake = bin_dir / "pg_dump"
    fake.write_text(f"#!{sys.executable}\nprint('pg_dump (PostgreSQL) 14.9')\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("OHS_PG_BIN", str(bin_dir))
    with pytest.raises(OhsError, match="pg_dump версии 14 старше сервера PostgreSQL 15"):
        find_tool("pg_dump", 15)
    assert find_tool("pg_dump", 14) == str(fake)


def test_a_district_database_is_backed_up_whole_and_says_so(invoke, demo, tmp_path, backend, request):
    """Two organizations share one PostgreSQL database: the archive holds both, the output and the manifest say so."""
    if backend.name != "postgresql":
        pytest.skip("only for PostgreSQL")
    import re

    db = restore_args(request, backend)
    url = re.search(r'(?m)^url = "(.*)"$', (demo / "ohs.toml").read_text(encoding="utf-8")).group(1)
    assert invoke("--db", url, "init", str(tmp_path / "second"), "--org", "second-school").exit_code == 0
    archive = tmp_path / "district.zip"
    result = invoke("-w", demo, "backup", str(archive))
    assert result.exit_code == 0, result.output
    assert "скопирована целиком" in result.output and "2 организации" in result.output
    manifest = json.loads(zipfile.ZipFile(archive).read("MANIFEST.json"))
    assert manifest["database"]["scope"] == "database"
    assert "second-school" in {o["key"] for o in manifest["database"]["organizations"]}
    restored = invoke("restore", str(archive), str(tmp_path / "new"), *db)
    assert restored.exit_code == 0, restored.output
    from sqlalchemy import create_engine, text

    from core.storage.db import normalize_url

    engine = create_engine(normalize_url(db[1]))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM core_organization WHERE key = 'second-school'")).scalar() == 1
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_backup_failing_midway_leaves_the_old_archive_and_no_part(invoke, demo, tmp_path, monkeypatch):
    import core.storage.backup

    archive = make_backup(invoke, demo, tmp_path / "copy.zip")
    before = archive.read_bytes()
    real = core.storage.backup.add_member

    def failing(zf, name, source):
        if name.startswith("files/"):
            raise OSError(28, "No space left on device")
        return real(zf, name, source)

    monkeypatch.setattr(core.storage.backup, "add_member", failing)
    result = invoke("-w", demo, "backup", str(archive), "--force")
    assert result.exit_code == 1
    assert "Резервная копия не записана: на диске нет места" in result.output and "не изменён" in result.output
    assert archive.read_bytes() == before
    assert leftovers(tmp_path, "copy.zip") == [] and not any(p.name.startswith(".ohs-backup-") for p in tmp_path.iterdir())
