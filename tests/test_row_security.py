"""Row-level security on ``org_id`` (issue 18, the second line): a forgotten filter returns nothing of another organization.

Two demo schools share one PostgreSQL database. With every transaction of the application entered as the
tenant of school A (as the district server does), the everyday commands still work, an unfiltered query sees
only A, and a write carrying B's id is refused by the database itself. Skipped without ``OHS_TEST_DATABASE_URL``.
"""

from __future__ import annotations

import contextlib
import json
import textwrap

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from core.hookspecs import hookimpl
from core.storage.db import make_engine
from core.storage.row_security import POLICY, TENANT_ROLE, enter_tenant, ensure_row_security
from core.testing import workspace_db_url

DAY = "2026-11-23"
ON_PG = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


@pytest.fixture
def district(demo, invoke, tmp_path):
    """The demo school (A) and a second demo school (B) in one PostgreSQL database, row security set up."""
    url = workspace_db_url(demo)
    second = tmp_path / "second"
    result = invoke("--db", url, "init", second, "--demo", "--org", "school-b")
    assert result.exit_code == 0, result.output
    engine = make_engine(url)
    covered = ensure_row_security(engine)
    with engine.connect() as conn:
        ids = dict(conn.execute(sa.text("SELECT key, id FROM core_organization")).all())
    from core.workspace import load_workspace

    a, b = ids[load_workspace(demo).org_key], ids["school-b"]
    yield {"a": demo, "b": second, "url": url, "engine": engine, "a_id": a, "b_id": b, "covered": covered}
    engine.dispose()


def act_as_tenant(monkeypatch, org_id):
    """Every transaction the application opens acts as ``org_id``'s tenant (what the server will do)."""
    from core.app import App

    opened = App.session

    @contextlib.contextmanager
    def session(self, write=True, tenant=None):
        # The server's own way in: App.session(tenant=…) calls enter_tenant first thing in the transaction.
        with opened(self, write, org_id) as s:
            yield s

    monkeypatch.setattr(App, "session", session)


@pytest.fixture
def as_tenant_a(district, monkeypatch):
    """The two schools, every transaction of the application entered as school A's tenant."""
    act_as_tenant(monkeypatch, district["a_id"])
    return district


def counts(engine, org_id):
    """Rows per table of one organization, read as the owner (no row security)."""
    with engine.connect() as conn:
        tables = conn.execute(sa.text(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'org_id' "
            "AND table_schema = current_schema()")).scalars().all()
        return {t: conn.execute(sa.text(f'SELECT count(*) FROM "{t}" WHERE org_id = :o'), {"o": org_id}).scalar_one()
                for t in tables}


def ok(invoke, ws, *args):
    """Run a command in workspace ``ws`` and expect success."""
    result = invoke("-w", ws, *args)
    assert result.exit_code == 0, (args, result.output)
    return result.output


@ON_PG
def test_the_everyday_commands_work_as_the_tenant(as_tenant_a, invoke, tmp_path):
    d = as_tenant_a
    a, engine = d["a"], d["engine"]
    theirs, ours_before = counts(engine, d["b_id"]), counts(engine, d["a_id"])

    people = json.loads(ok(invoke, a, "people", "list", "--json"))
    with engine.connect() as owner:
        ours = set(owner.execute(sa.text("SELECT id FROM core_person WHERE org_id = :a"), {"a": d["a_id"]}).scalars())
    assert people and {p["id"] for p in people} <= ours
    ok(invoke, a, "people", "add", "Новиков Пётр Ильич", "--position", "Сторож", "--hired-on", "2026-11-01",
       "--today", DAY)
    ok(invoke, a, "briefing", "add", "Новиков", "--kind", "intro", "--on", DAY, "--by", "Колесникова",
       "--today", DAY)
    ok(invoke, a, "docs", "make", "policy", "--today", DAY, "--json")
    ok(invoke, a, "suot", "pack", "--out", tmp_path / "pack", "--today", DAY, "--json")
    ok(invoke, a, "practice", "add", "--category", "technique", "--title", "Страховочные лонжи",
       "--description", "Описание", "--effect", "Эффект", "--implemented", "2026-10-20", "--today", DAY)
    ok(invoke, a, "practice", "report", "--year", "2026", "--quarter", "4", "--today", "2026-12-20", "--json")
    ok(invoke, a, "practice", "submit", "--year", "2026", "--quarter", "4", "--on", "2026-12-20",
       "--today", "2026-12-20", "--json")
    ok(invoke, a, "due", "--today", DAY, "--json")
    ok(invoke, a, "check", "--today", DAY, "--json")
    ok(invoke, a, "ppe", "issue", "Миронова Жанна Львовна", "--item", "1", "--qty", "6", "--on", DAY, "--today", DAY)
    assert "нарушен" not in ok(invoke, a, "verify").lower()
    # The district summary reads every organization on purpose: as a tenant it sees its own school only,
    # so the server runs the district's views as the owner, scoped by the district account instead.
    summary = json.loads(ok(invoke, a, "practice", "district", "--year", "2026", "--quarter", "4", "--json"))
    assert len(summary["organizations"]) == 1

    # What the commands wrote is A's, and B is untouched.
    assert counts(engine, d["b_id"]) == theirs
    grown = {t for t, n in counts(engine, d["a_id"]).items() if n > ours_before[t]}
    assert {"core_person", "core_briefing", "core_document", "best_practices_practice", "best_practices_submission",
            "ppe_entry", "core_audit"} <= grown, grown
    with engine.connect() as owner:
        newcomer = owner.execute(sa.text("SELECT org_id FROM core_person WHERE surname = 'Новиков'")).scalars().all()
    assert newcomer == [d["a_id"]]


@ON_PG
def test_the_commands_really_run_as_the_tenant(district, monkeypatch, invoke):
    """Entered as B's tenant, A's workspace finds no organization at all: the database hides A's row."""
    act_as_tenant(monkeypatch, district["b_id"])
    result = invoke("-w", district["a"], "people", "list")
    assert result.exit_code == 1 and "Организации с ключом" in result.stderr


@ON_PG
def test_an_unfiltered_query_sees_only_the_tenants_rows(district):
    from core.journal.briefing_models import Briefing
    from core.storage.models import AuditEntry, Organization, Person
    from plugins.suot.schedule.models import SuotMedicalExam

    engine, a, b = district["engine"], district["a_id"], district["b_id"]
    with Session(engine) as owner:  # the owner (a superuser here) sees both schools
        assert {p.org_id for p in owner.exec(select(Person))} == {a, b}
    with Session(engine) as session, session.begin():
        enter_tenant(session, a)
        assert session.execute(sa.text("SELECT current_user")).scalar() == TENANT_ROLE
        for model in (Person, Briefing, SuotMedicalExam, AuditEntry):
            rows = session.exec(select(model)).all()
            assert rows and {r.org_id for r in rows} == {a}, model.__tablename__
        assert [o.id for o in session.exec(select(Organization))] == [a]
        # Another organization's row by its id is as absent as one that never existed.
        assert session.execute(sa.text("SELECT count(*) FROM core_person WHERE org_id = :b"), {"b": b}).scalar() == 0
        assert session.execute(sa.text("UPDATE core_person SET position = 'x' WHERE org_id = :b"), {"b": b}).rowcount == 0
        assert session.execute(sa.text("DELETE FROM core_briefing WHERE org_id = :b"), {"b": b}).rowcount == 0
    # The switch ends with the transaction: the pooled connection comes back as the owner.
    with Session(engine) as owner:
        assert owner.execute(sa.text("SELECT current_user")).scalar() != TENANT_ROLE
        assert owner.execute(sa.text("SELECT count(DISTINCT org_id) FROM core_person")).scalar() == 2


@ON_PG
def test_a_write_with_another_organizations_id_is_refused(district):
    engine = district["engine"]
    for statement in ("INSERT INTO core_department (org_id, name) VALUES (:b, 'Чужой отдел')",
                      "UPDATE core_person SET org_id = :b WHERE id = (SELECT min(id) FROM core_person)",
                      "UPDATE core_organization SET id = :b"):
        with pytest.raises(DBAPIError, match="row-level security"):
            with Session(engine) as session, session.begin():
                enter_tenant(session, district["a_id"])
                session.execute(sa.text(statement), {"b": district["b_id"]})


@ON_PG
def test_without_an_organization_the_tenant_sees_nothing(district):
    with Session(district["engine"]) as session, session.begin():
        session.execute(sa.text(f"SET LOCAL ROLE {TENANT_ROLE}"))
        assert session.execute(sa.text("SELECT count(*) FROM core_person")).scalar() == 0


MIGRATIONS = {
    "rlsnote_0001": '''
        revision = "rlsnote_0001"
        down_revision = None
        branch_labels = ("rlsnote",)
        depends_on = "core_0001"


        def upgrade():
            import sqlalchemy as sa
            from alembic import op

            op.create_table("rlsnote_note", sa.Column("id", sa.Integer, primary_key=True),
                            sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
                            sa.Column("text", sa.Text, nullable=False))
        ''',
    # A later revision changes the column the policy depends on (PostgreSQL refuses that under a policy).
    "rlsnote_0002": '''
        revision = "rlsnote_0002"
        down_revision = "rlsnote_0001"


        def upgrade():
            import sqlalchemy as sa
            from alembic import op

            op.alter_column("rlsnote_note", "org_id", type_=sa.BigInteger, existing_type=sa.Integer)
        ''',
}


def _policies(engine):
    """Each ohs policy's table and catalogue row version (xmin changes when the policy is rewritten)."""
    with engine.connect() as conn:
        return dict(conn.execute(sa.text(
            "SELECT c.relname, p.xmin::text FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE p.polname = :p AND n.nspname = current_schema()"),
            {"p": POLICY}).all())


@ON_PG
def test_a_plugin_table_is_covered_and_setting_up_twice_changes_nothing(district, register, invoke, tmp_path):
    engine, a, b = district["engine"], district["a_id"], district["b_id"]
    assert "core_person" in district["covered"] and "core_organization" in district["covered"]
    versions = tmp_path / "rlsnote_migrations"
    versions.mkdir()
    (versions / "rlsnote_0001.py").write_text(textwrap.dedent(MIGRATIONS["rlsnote_0001"]), encoding="utf-8")

    class NotePlugin:
        @hookimpl
        def migration_dirs(self):
            return [versions]

    register(NotePlugin())
    ok(invoke, district["a"], "people", "list")  # the command upgrades the database: the plugin's table appears
    # The upgrade set the policy on the new table at once, but granted nothing: closed until the server sets up.
    assert "rlsnote_note" in _policies(engine)
    with pytest.raises(DBAPIError, match="permission denied"):
        with Session(engine) as session, session.begin():
            enter_tenant(session, a)
            session.execute(sa.text("SELECT * FROM rlsnote_note"))

    first = ensure_row_security(engine)
    policies = _policies(engine)
    assert first == sorted(district["covered"] + ["rlsnote_note"])
    assert ensure_row_security(engine) == first
    assert _policies(engine) == policies  # the second run rewrote no policy

    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO rlsnote_note (org_id, text) VALUES (:b, 'записка B')"), {"b": b})
    with Session(engine) as session, session.begin():
        enter_tenant(session, a)
        session.execute(sa.text("INSERT INTO rlsnote_note (org_id, text) VALUES (:a, 'записка A')"), {"a": a})
        assert session.execute(sa.text("SELECT org_id, text FROM rlsnote_note")).all() == [(a, "записка A")]
    with pytest.raises(DBAPIError, match="row-level security"):
        with Session(engine) as session, session.begin():
            enter_tenant(session, a)
            session.execute(sa.text("INSERT INTO rlsnote_note (org_id, text) VALUES (:b, 'x')"), {"b": b})

    # A migration changing org_id's type passes (the policies are lifted for it) and the table stays covered.
    (versions / "rlsnote_0002.py").write_text(textwrap.dedent(MIGRATIONS["rlsnote_0002"]), encoding="utf-8")
    ok(invoke, district["a"], "people", "list")
    assert set(_policies(engine)) == set(first)
    with Session(engine) as session, session.begin():
        enter_tenant(session, a)
        assert session.execute(sa.text("SELECT text FROM rlsnote_note")).scalars().all() == ["записка A"]


@ON_PG
def test_withheld_tables_are_out_of_the_tenants_reach(district):
    engine = district["engine"]
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE rls_account (id serial PRIMARY KEY, login text NOT NULL)"))
    ensure_row_security(engine, withhold={"rls_account"})
    with pytest.raises(DBAPIError, match="permission denied"):
        with Session(engine) as session, session.begin():
            enter_tenant(session, district["a_id"])
            session.execute(sa.text("SELECT * FROM rls_account"))


@ON_PG
def test_a_database_never_set_up_is_named_in_russian(district, monkeypatch):
    from core.errors import OhsError
    from core.storage import row_security

    monkeypatch.setattr(row_security, "TENANT_ROLE", "ohs_never_created")
    with pytest.raises(OhsError, match="не настроено разделение организаций"):
        with Session(district["engine"]) as session, session.begin():
            enter_tenant(session, district["a_id"])


def test_nothing_to_do_on_sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert ensure_row_security(engine) == []
    with Session(engine) as session, session.begin():
        enter_tenant(session, 1)
        assert session.execute(sa.text("SELECT 1")).scalar() == 1


@ON_PG
def test_a_servers_backup_restores_into_a_cluster_without_the_role(district, invoke, monkeypatch, tmp_path, request):
    """The dump keeps the policies; their role is not in a database's dump, so restore creates it first."""
    import shutil
    import uuid

    from core.storage import row_security

    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("PostgreSQL: нет pg_dump или pg_restore")
    role = f"ohs_t_{uuid.uuid4().hex[:10]}"  # a role of this test alone, so the cluster's own can stay
    monkeypatch.setattr(row_security, "TENANT_ROLE", role)
    admin = request.getfixturevalue("_pg_admin")
    target = admin.url(admin.create())
    engines = [district["engine"], make_engine(target)]

    def forget_role():
        for engine in engines:
            with engine.begin() as conn:
                if conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
                    conn.execute(sa.text(f"DROP OWNED BY {role}"))
        with engines[0].begin() as conn:
            conn.execute(sa.text(f"DROP ROLE IF EXISTS {role}"))

    request.addfinalizer(forget_role)
    ensure_row_security(district["engine"])
    archive = tmp_path / "server.zip"
    ok(invoke, district["a"], "backup", archive)
    forget_role()  # the cluster the copy goes to has never heard of the role

    new = tmp_path / "restored"
    result = invoke("restore", str(archive), str(new), "--db", target)
    assert result.exit_code == 0, result.output
    restored = make_engine(target)
    engines.append(restored)
    assert len(_policies(restored)) == len(district["covered"])
    ensure_row_security(restored)  # the grants were left out of the copy: the server gives them again
    with Session(restored) as session, session.begin():
        enter_tenant(session, district["b_id"])
        assert set(session.execute(sa.text("SELECT org_id FROM core_person")).scalars()) == {district["b_id"]}
