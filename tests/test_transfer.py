"""Moving a school's SQLite workspace into the district's database (``ohs org add KEY --from-workspace DIR``).

The school works alone for a year (demo history, documents made — one of them outside its folder —, PPE issued,
the quarter's report submitted, a photo attached), then the district's database, which already holds another
organization, takes it over. Checked as a user would: row counts per table, ``ohs verify`` in the new folder,
the same people, briefings, PPE, incidents and reports read back, the files identical, the other organization
untouched; a second move of the key, a broken source and a failure at any step leave nothing behind.
Runs on PostgreSQL (skipped without ``OHS_TEST_DATABASE_URL``) and on a shared SQLite file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from core.cli.root import build_cli
from core.errors import OhsError
from core.plugins import get_plugin_manager
from core.storage.db import make_engine, sqlite_url
from core.storage.transfer import describe_move, move_workspace_in
from core.testing import fixed_test_today
from core.workspace import load_workspace

TODAY = "2026-11-23"
KEY = "school-12"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100


def _cli(*args):
    """Run ohs outside a test's fixtures (the module's shared builds)."""
    env = {n: None for n in ("OHS_DATABASE_URL", "OHS_WORKSPACE", "OHS_DISABLE_PLUGINS")}
    env.update({"OHS_USER": "тестировщик", "OHS_TODAY": fixed_test_today()})
    result = CliRunner().invoke(build_cli(get_plugin_manager(entry_points=False)), [str(a) for a in args], env=env,
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def _school_original(tmp_path_factory):
    """A small demo school on SQLite with a year of work, built once per module."""
    base = tmp_path_factory.mktemp("school")
    ws = base / "school"
    _cli("init", ws, "--demo", "--employees", "8", "--years", "1")

    def run(*args):
        return _cli("-w", ws, *args)

    run("ppe", "norm", "add", "Тренер-преподаватель", "--item", "Костюм спортивный", "--qty", "1", "--period", "12",
        "--basis", "own:решение директора", "--from", "2025-01-01")
    run("ppe", "issue", "Серов", "--item", "Костюм спортивный", "--qty", "1", "--on", "2026-03-01", "--today", TODAY)
    run("docs", "make", "intro_program", "--today", TODAY)
    # A document saved outside the workspace: the move brings it into the new folder.
    run("docs", "make", "policy", "--out", base / "elsewhere", "--today", TODAY)
    run("practice", "submit", "--year", "2026", "--quarter", "4", "--on", "2026-12-20", "--today", "2026-12-20")
    photo = base / "лонжа.jpg"
    photo.write_bytes(JPEG)
    run("practice", "attach", "1", photo, "--today", TODAY)
    return ws


@pytest.fixture
def school(_school_original, tmp_path):
    """A copy of the school for one test (its outside document stays where the original put it)."""
    folder = tmp_path / "school"
    shutil.copytree(_school_original, folder)
    return folder


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def _district_original(request, tmp_path_factory):
    """The district's database with another organization already in it: (backend, template, its folder)."""
    base = tmp_path_factory.mktemp("district")
    if request.param == "postgresql":
        admin = request.getfixturevalue("_pg_admin")  # skips without OHS_TEST_DATABASE_URL
        name = admin.create()
        url = admin.url(name)
    else:
        name = base / "district.db"
        url = sqlite_url(name)
    _cli("--db", url, "init", base / "other", "--demo", "--employees", "5", "--years", "1", "--org", "other-school")
    return request.param, name, base / "other"


@pytest.fixture
def district(_district_original, request, tmp_path):
    """A fresh copy of the district's database: (url, the other organization's folder pointing at it)."""
    kind, name, other_original = _district_original
    other = tmp_path / "other"
    shutil.copytree(other_original, other)
    if kind == "postgresql":
        url = request.getfixturevalue("_pg_admin").clone(name)
    else:
        from core.storage.backup import snapshot_sqlite

        copy = tmp_path / "district.db"
        snapshot_sqlite(name, copy)  # WAL: the file alone may not hold the latest commits
        url = sqlite_url(copy)
    from core.workspace import toml_line

    config = other / "ohs.toml"
    text = "\n".join(toml_line("url", url) if line.startswith("url = ") else line
                     for line in config.read_text(encoding="utf-8").splitlines())
    config.write_text(text + "\n", encoding="utf-8")
    return url, other


def move(pm, school, url, server, key=KEY, **extra):
    """The service as ``ohs org add KEY --from-workspace DIR`` calls it."""
    engine = make_engine(url)
    try:
        return move_workspace_in(load_workspace(school), engine, key=key, name=extra.get("name"),
                                 district=extra.get("district"), target_root=server, pm=pm)
    finally:
        engine.dispose()


def rows_of(url, key):
    """Rows per table of the organization ``key`` (every table with org_id)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            org_id = conn.execute(sa.text("SELECT id FROM core_organization WHERE key = :k"), {"k": key}).scalar()
            if org_id is None:
                return None
            inspector = sa.inspect(conn)
            return {t: conn.execute(sa.text(f"SELECT COUNT(*) FROM {t} WHERE org_id = :o"), {"o": org_id}).scalar()
                    for t in inspector.get_table_names()
                    if "org_id" in {c["name"] for c in inspector.get_columns(t)}}
    finally:
        engine.dispose()


def all_rows(url):
    """Rows per table of the whole database."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {t: conn.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar()
                    for t in sa.inspect(conn).get_table_names()}
    finally:
        engine.dispose()


def jrun(invoke, ws, *args):
    result = invoke("-w", ws, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def without(rows, *keys):
    """Records with the keys that are ids or hashes left out (they differ after a move by design)."""
    return [{k: v for k, v in row.items() if k not in keys} for row in rows]


def file_hashes(root):
    """sha256 of every file under the workspace's folders, by path inside the workspace."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("files", "out", "templates") for p in sorted((root / folder).rglob("*")) if p.is_file()}


def test_a_school_moves_into_a_district_database_whole_and_verified(pm, invoke, school, district, tmp_path):
    url, other = district
    server = tmp_path / "server"
    source_url = sqlite_url(school / "ohs.db")
    source_key = load_workspace(school).org_key
    source_rows = rows_of(source_url, source_key)
    other_rows, other_people = rows_of(url, "other-school"), jrun(invoke, other, "people", "list", "--all")
    people = jrun(invoke, school, "people", "list", "--all")
    card = jrun(invoke, school, "people", "show", "Серов")
    briefings = jrun(invoke, school, "briefing", "list")
    ppe = invoke("-w", school, "ppe", "history").output
    incidents = invoke("-w", school, "incidents", "list").output
    submissions = jrun(invoke, school, "practice", "submissions")
    practices = {p["id"]: p["title"] for p in jrun(invoke, school, "practice", "list")}
    hashes = file_hashes(school)

    summary = move(pm, school, url, server, name="МБОУ «Школа № 12»", district="Центральный район")

    new = server / "orgs" / KEY
    # Row counts: every table of the organization, as the summary says; the audit log gains one row per
    # re-linked journal and one for the move itself.
    moved_rows = rows_of(url, KEY)
    relinked = [j["journal"] for j in summary["journals"]]
    assert {"briefings", "ppe", "best_practices", "incidents"} <= set(relinked)
    assert moved_rows == {**source_rows, "core_audit": source_rows["core_audit"] + len(relinked) + 1}
    assert {t: n for t, n in summary["tables"].items() if n} == {"core_organization": 1, **{
        t: n for t, n in source_rows.items() if n}}
    assert summary["rows"] == sum(source_rows.values()) + 1
    assert summary["organization"]["from"]["key"] == source_key
    assert all(r["ok"] for r in summary["verify"]["before"]) and all(r["ok"] for r in summary["verify"]["after"])
    assert [r["entries"] for r in summary["verify"]["after"]] == [r["entries"] for r in summary["verify"]["before"]]

    lines = list(describe_move(summary))
    assert "в общую базу под ключом «school-12»" in lines[0]
    assert any(line.startswith("Журнал инструктажей: ") and "хеши пересчитаны" in line for line in lines)
    assert any("Проверка до и после переноса (ohs verify)" in line and "всё цело" in line for line in lines)
    assert any("скопирован в её папку out/external/" in line for line in lines)

    # The new folder works: ohs.toml names the key and the district's database; ohs verify passes.
    config = load_workspace(new)
    assert config.org_key == KEY and config.database_url == url
    verify = invoke("-w", new, "verify")
    assert verify.exit_code == 0, verify.output
    assert "Файлы (документы, подтверждения, вложения): " in verify.output and "повреждены" not in verify.output
    org = jrun(invoke, new, "org", "show")
    assert org["name"] == "МБОУ «Школа № 12»"
    # The district goes to core_organization.district (migration core_0016) when the schema has that column.
    engine = make_engine(url)
    with engine.connect() as conn:
        has_district = "district" in {c["name"] for c in sa.inspect(conn).get_columns("core_organization")}
        if has_district:
            stored = conn.execute(sa.text("SELECT district FROM core_organization WHERE key = :k"), {"k": KEY})
            assert stored.scalar() == "Центральный район"
    engine.dispose()
    assert summary["organization"]["district_stored"] == has_district

    # The same records, read back: names, dates, who briefed whom, PPE, incidents, reports and their practices.
    assert without(jrun(invoke, new, "people", "list", "--all"), "id") == without(people, "id")
    moved_card = jrun(invoke, new, "people", "show", "Серов")
    assert without([moved_card], "id", "employments") == without([card], "id", "employments")
    assert without(jrun(invoke, new, "briefing", "list"), "person_id", "instructor_id", "hash") == \
        without(briefings, "person_id", "instructor_id", "hash")
    assert invoke("-w", new, "ppe", "history").output == ppe
    assert invoke("-w", new, "incidents", "list").output == incidents
    moved_practices = {p["id"]: p["title"] for p in jrun(invoke, new, "practice", "list")}
    moved_submissions = jrun(invoke, new, "practice", "submissions")
    assert [[moved_practices[i] for i in s["practice_ids"]] for s in moved_submissions] == \
        [[practices[i] for i in s["practice_ids"]] for s in submissions]
    assert without(moved_submissions, "practice_ids", "document_id", "hash") == \
        without(submissions, "practice_ids", "document_id", "hash")

    # Files: every one identical; the document kept outside the old folder is now inside the new one.
    moved_hashes = file_hashes(new)
    assert {p: h for p, h in moved_hashes.items() if p in hashes} == hashes
    outside = [p for p in moved_hashes if p.startswith("out/external/")]
    assert len(outside) == 1 and outside[0].endswith("policy-v1-2026-11-23.docx")
    assert summary["files"]["brought_in"] and summary["files"]["left_outside"] == []
    docs = jrun(invoke, new, "docs", "list")
    assert any(d["path"].endswith(outside[0]) for d in docs)

    # The moved organization keeps working: a new briefing continues its chain.
    added = invoke("-w", new, "briefing", "add", "Серов", "--kind", "repeat", "--on", "2027-02-11", "--by", "Румянцева",
                   "--today", "2027-02-11")
    assert added.exit_code == 0, added.output
    assert invoke("-w", new, "verify").exit_code == 0

    # The other organization: not one row changed, its journals intact.
    assert rows_of(url, "other-school") == other_rows
    assert jrun(invoke, other, "people", "list", "--all") == other_people
    assert invoke("-w", other, "verify").exit_code == 0


def test_the_same_key_twice_is_refused_with_nothing_written(pm, school, district, tmp_path):
    url, _other = district
    server = tmp_path / "server"
    move(pm, school, url, server)
    before = all_rows(url)
    with pytest.raises(OhsError, match="уже есть организация с ключом «school-12»"):
        move(pm, school, url, server)
    assert all_rows(url) == before
    assert sorted(p.name for p in (server / "orgs").iterdir()) == [KEY]


@pytest.mark.parametrize("where", ["rows", "journals", "files"])
def test_a_failure_midway_leaves_no_rows_and_no_folder(pm, school, district, tmp_path, monkeypatch, where):
    url, _other = district
    server = tmp_path / "server"
    before = all_rows(url)
    if where == "rows":
        import core.storage.transfer_rows as rows

        original = rows.insert_rows

        def insert_rows(conn, copy, new):
            if copy.table.name == "core_briefing":  # after the people, documents and many more are in
                raise RuntimeError("сбой посреди копирования")
            original(conn, copy, new)

        monkeypatch.setattr(rows, "insert_rows", insert_rows)
        expected: type[BaseException] = RuntimeError
    elif where == "journals":
        import core.storage.transfer_chains as chains

        def rehash_journals(*args, **kwargs):
            raise RuntimeError("сбой при пересчёте журналов")

        monkeypatch.setattr(chains, "rehash_journals", rehash_journals)
        expected = RuntimeError
    else:
        import errno

        import core.storage.transfer_files as files

        original_copy, copied = files.copy_checked, []

        def copy_checked(source, target):
            if len(copied) == 5:
                raise OSError(errno.ENOSPC, "No space left on device", str(target))
            copied.append(target)
            return original_copy(source, target)

        monkeypatch.setattr(files, "copy_checked", copy_checked)
        expected = OhsError
    with pytest.raises(expected):
        move(pm, school, url, server)
    assert all_rows(url) == before
    assert rows_of(url, KEY) is None
    assert not (server / "orgs").exists() or list((server / "orgs").iterdir()) == []


def test_a_source_whose_journal_was_edited_is_refused(pm, school, district, tmp_path):
    url, _other = district
    server = tmp_path / "server"
    with sqlite3.connect(school / "ohs.db") as conn:
        conn.execute("UPDATE core_briefing SET \"on\" = '2026-01-01' WHERE seq = 3")
    before = all_rows(url)
    with pytest.raises(OhsError, match="не прошла проверку: Журнал инструктажей"):
        move(pm, school, url, server)
    assert all_rows(url) == before and not (server / "orgs" / KEY).exists()


def test_a_bad_key_and_a_workspace_already_on_the_server_are_refused(pm, school, district, tmp_path):
    url, other = district
    with pytest.raises(OhsError, match="станет именем папки"):
        move(pm, school, url, tmp_path / "server", key="../x")
    if url.startswith("postgresql"):
        with pytest.raises(OhsError, match="уже работает с общей базой"):
            move(pm, other, url, tmp_path / "server")
    assert not (tmp_path / "server").exists()


def test_references_outside_foreign_keys_follow_the_new_ids():
    from core.storage.refs import remap_kind_ref, remap_value

    ids = {("core_person", 2): 12, ("core_person", 5): 15, ("suot_measure", 5): 25, ("best_practices_practice", 3): 33,
           ("best_practices_practice", 4): 34}

    def remap(table, old):
        return ids.get((table, old))

    data = ('{"circumstances":"упал, ушибся","commission":[{"person_id":5},{"outsider":"Иванов"}],'
            '"injured":[{"person_id":2}],"measures":[5]}')
    paths = {"$.injured[].person_id": "core_person", "$.commission[].person_id": "core_person",
             "$.measures[]": "suot_measure"}
    assert remap_value(data, paths, remap) == ('{"circumstances":"упал, ушибся","commission":[{"person_id":15},'
                                               '{"outsider":"Иванов"}],"injured":[{"person_id":12}],"measures":[25]}')
    assert remap_value("[3, 4]", {"$[]": "best_practices_practice"}, remap) == "[33, 34]"
    kinds = {"measure": "suot_measure", "practice": "best_practices_practice"}
    assert remap_kind_ref("measure:5", kinds, remap) == "measure:25"
    assert remap_kind_ref("incident:5", kinds, remap) == "incident:5"  # a case number: the same everywhere
    assert remap_kind_ref("предписание ГИТ № 5", kinds, remap) == "предписание ГИТ № 5"
    assert remap_kind_ref("measure:99", kinds, remap) == "measure:99"  # unknown: kept, and counted by the move



def test_a_moved_journal_rewritten_afterwards_is_caught(pm, invoke, school, district, tmp_path):
    """The re-hash row of the move is itself checked: an entry edited and the chain recomputed after it is found."""
    from sqlmodel import Session, select

    from core.journal.briefings import briefing_journal
    from core.journal.chain import entry_hash_v2
    from core.journal.models import JournalHead
    from core.journal.store import hashed_values
    from core.storage.models import Organization

    url, _other = district
    move(pm, school, url, tmp_path / "server")
    spec = briefing_journal()
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        org = session.exec(select(Organization).where(Organization.key == KEY)).one()
        entries = list(session.exec(select(spec.model).where(spec.model.org_id == org.id).order_by(spec.model.seq)))
        entries[1].act = "Инструктаж не проводился"
        id_seq, prev = {e.id: e.seq for e in entries}, ""
        for entry in entries:
            entry.prev_hash = prev
            entry.hash = prev = entry_hash_v2(spec.key, prev, hashed_values(spec, entry, id_seq))
        head = session.exec(select(JournalHead).where(JournalHead.org_id == org.id,
                                                      JournalHead.journal == spec.key)).one()
        head.last_hash = prev
    engine.dispose()
    result = invoke("-w", tmp_path / "server" / "orgs" / KEY, "verify")
    assert result.exit_code == 1
    assert "журнал пересчитан вне ohs" in result.output
