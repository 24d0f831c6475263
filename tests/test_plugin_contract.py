"""A plugin written inside a test adds a command, a table (with its migration) and a due item."""

from core.context import Context
import datetime
import json
import textwrap

import click
import pytest
from sqlmodel import Field, SQLModel

from core.obligations.checks import Finding
from core.obligations.due import DueItem
from core.hookspecs import hookimpl

MIGRATION = '''
"""Test plugin's table."""
import sqlalchemy as sa
from alembic import op

revision = "testnote_0001"
down_revision = None
branch_labels = ("testnote",)
depends_on = "core_0001"


def upgrade():
    op.create_table(
        "testnote_note",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("core_organization.id"), nullable=False),
        sa.Column("text", sa.String(200), nullable=False),
        sa.Column("due", sa.Date, nullable=False),
    )


def downgrade():
    op.drop_table("testnote_note")
'''


@pytest.fixture(scope="module")
def note_model():
    class Note(SQLModel, table=True):
        __tablename__ = "testnote_note"
        id: int | None = Field(default=None, primary_key=True)
        org_id: int = Field(foreign_key="core_organization.id")
        text: str = Field(max_length=200)
        due: datetime.date

    yield Note
    # One process-wide metadata: leave it as the other tests expect it.
    SQLModel.metadata.remove(Note.__table__)


@pytest.fixture
def note_plugin(note_model, tmp_path, register):
    versions = tmp_path / "testnote_migrations"
    versions.mkdir()
    (versions / "testnote_0001.py").write_text(textwrap.dedent(MIGRATION), encoding="utf-8")
    Note = note_model

    class NotePlugin:
        @hookimpl
        def register_models(self, register):
            register(Note)

        @hookimpl
        def migration_dirs(self):
            return [versions]

        @hookimpl
        def register_commands(self, cli):
            @cli.command(name="note")
            @click.argument("text")
            @click.option("--due", required=True)
            @click.pass_obj
            def note(app, text, due):
                """Добавить заметку со сроком."""
                with app.session() as session:
                    org = app.org(session)
                    session.add(Note(org_id=org.id, text=text, due=datetime.date.fromisoformat(due)))
                click.echo("записано")

        @hookimpl
        def due_items(self, ctx, until):
            from sqlmodel import select

            rows = ctx.session.exec(select(Note).where(Note.org_id == ctx.org.id, Note.due <= until))
            return [DueItem(due=n.due, title=n.text, source="testnote", record=f"note:{n.id}") for n in rows]

        @hookimpl
        def checks(self, ctx):
            return [Finding(severity="error", title="Проверочное нарушение", source="testnote")]

        @hookimpl
        def stats(self, ctx):
            return [("notes", "заметок", 1)]

    return register(NotePlugin())


def test_hook_register_commands(note_plugin, invoke, workspace):
    assert invoke("-w", workspace, "note", "Заменить огнетушитель", "--due", "2026-12-01").output == "записано\n"


def test_hook_register_models(note_plugin, invoke, workspace):
    """The plugin's table is created by its own migration branch and holds its rows."""
    invoke("-w", workspace, "note", "Первая", "--due", "2026-12-01")
    status = json.loads(invoke("-w", workspace, "db", "status", "--json").output)
    assert "testnote_0001" in status["revisions"]


def test_hook_migration_dirs(note_plugin, pm):
    from core.storage.migrate import migration_locations

    assert any(p.name == "testnote_migrations" for p in migration_locations(pm))


def test_hook_due_items(note_plugin, invoke, workspace):
    invoke("-w", workspace, "note", "Поздняя", "--due", "2026-12-20")
    invoke("-w", workspace, "note", "Просроченная", "--due", "2026-11-01")
    invoke("-w", workspace, "note", "Ранняя", "--due", "2026-11-30")
    invoke("-w", workspace, "note", "Вне срока", "--due", "2027-06-01")
    out = json.loads(invoke("-w", workspace, "due", "--today", "2026-11-23", "--until", "2026-12-31", "--json").output)
    titles = [(i["title"], i["overdue"]) for i in out["items"]]
    # Overdue first, then by date; beyond --until not shown.
    assert titles == [("Просроченная", True), ("Ранняя", False), ("Поздняя", False)]
    assert out["items"][0]["record"].startswith("note:")


def test_hook_checks(note_plugin, invoke, workspace):
    result = invoke("-w", workspace, "check", "--json")
    findings = json.loads(result.output)["findings"]
    assert findings[0]["title"] == "Проверочное нарушение"  # errors before warnings
    assert {f["source"] for f in findings} >= {"testnote", "core"}


def test_hook_stats(note_plugin, pm, workspace, invoke):
    invoke("-w", workspace, "note", "x", "--due", "2026-12-01")
    from core.app import App

    app = App(pm, workspace=str(workspace))
    with app.session(write=False) as session:
        figures = [f for batch in pm.hook.stats(ctx=Context.of(session, app.org(session), pm)) for f in batch]
    assert ("notes", "заметок", 1) in figures
    assert ("people", "работников в реестре", 0) in figures


def test_plugins_command_lists_the_hooks_each_implements(note_plugin, invoke):
    rows = json.loads(invoke("plugins", "--json").output)
    by_name = {r["name"]: r for r in rows}
    assert {"suot", "best_practices", "contest_specialist", "contest_digital"} <= set(by_name)
    note = next(r for r in rows if r["name"].startswith("test-"))
    assert {"register_models", "migration_dirs", "checks", "stats"} <= set(note["hooks"])


def test_plugins_command_shows_five_builtin_plugins(invoke):
    out = invoke("plugins").output
    assert out.startswith("Плагины (5):")
    for name in ("suot", "best_practices", "ppe", "contest_specialist", "contest_digital"):
        assert f"  {name} (встроенный)" in out


def test_due_and_check_work_before_plugins_contribute(invoke, workspace):
    out = json.loads(invoke("-w", workspace, "due", "--today", "2026-11-23", "--json").output)
    assert out["items"] == [] and out["until"] == "2026-12-23"
    assert "Сроков до 23.12.2026 нет" in invoke("-w", workspace, "due", "--today", "2026-11-23").output


def test_hook_journals(register, invoke, workspace):
    """A plugin's journal is verified by ``ohs verify`` next to the core's, and a broken one fails it."""
    from core.journal import Journal, JournalReport

    class LedgerPlugin:
        @hookimpl
        def journals(self):
            def verify(session, org):
                return JournalReport("ledger", "Журнал проверки", 3, broken_index=1, message="запись №2 изменена")

            return [Journal("ledger", "Журнал проверки", verify)]

    register(LedgerPlugin())
    result = invoke("-w", workspace, "verify", "--json")
    assert result.exit_code == 1
    reports = {r["journal"]: r for r in json.loads(result.output)}
    assert reports["briefings"]["ok"] is True
    assert reports["ledger"] == {"journal": "ledger", "title": "Журнал проверки", "entries": 3, "ok": False,
                                 "message": "запись №2 изменена", "broken": {}}
