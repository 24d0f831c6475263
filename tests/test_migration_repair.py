"""Databases made while released revisions were still being edited are repaired by suot_0007.

Each test builds a database exactly as one old commit did: the revision files of that commit (today's
files where they are unchanged since, the old text from tests/data/old_revisions/ where they were
edited later) are run by Alembic, rows are written, and then a user runs ``ohs``. Afterwards every
table and column the models need exists, ``ohs db status --check`` is clean and the old rows are kept.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from core.storage.db import make_engine, normalize_url
from core.storage.migrate import alembic_config, migration_locations
from core.storage.schema_check import compare_schema, model_metadata
from core.workspace import create_workspace

OLD = Path(__file__).parent / "data" / "old_revisions"

#: The revision files each commit shipped (``git ls-tree <commit>``); a path means the file as that commit had it.
_CORE4 = ["core_0001_initial", "core_0002_person_contacts_org_roles", "core_0003_documents", "core_0004_commissions"]
_BRANCHES = ["best_practices_0001_branch", "contest_digital_0001_branch", "contest_specialist_0001_branch",
             "suot_0001_branch", "suot_0002_goals_procedures_positions"]
_SLOTS = {name: OLD / "a5ed760" / f"{name}.py"
          for name in ("suot_0004_training_medical_sout", "suot_0005_risks_control", "suot_0006_incidents")}
COMMITS: dict[str, dict[str, Path | None]] = {
    "ef651ec": {**dict.fromkeys(_CORE4 + _BRANCHES),
                "suot_0003_measures": OLD / "ef651ec" / "suot_0003_measures.py"},
    "a5ed760": {**dict.fromkeys(_CORE4 + _BRANCHES + ["core_0005_briefings", "suot_0003_measures"]), **_SLOTS},
    "28f8626": {**dict.fromkeys(_CORE4 + _BRANCHES + ["core_0005_briefings", "suot_0003_measures",
                                                      "contest_digital_0002_entries"]), **_SLOTS},
    "49f863a": {**dict.fromkeys(_CORE4 + _BRANCHES + ["core_0005_briefings", "suot_0003_measures",
                                                      "contest_digital_0002_entries", "contest_specialist_0002_portfolio",
                                                      "suot_0004_training_medical_sout", "suot_0006_incidents"]),
                "suot_0005_risks_control": _SLOTS["suot_0005_risks_control"]},
}
NOW = datetime.datetime(2026, 11, 20, 10, 0)


def _old_versions(pm, commit: str, folder: Path) -> Path:
    """A versions folder holding the revision files of ``commit``."""
    current = {p.stem: p for d in migration_locations(pm) for p in d.glob("*.py")}
    folder.mkdir()
    for name, old in COMMITS[commit].items():
        shutil.copy(old or current[name], folder / f"{name}.py")
    return folder


def _build_old_database(pm, url: str, commit: str, folder: Path) -> None:
    """Run the commit's revisions and write one organization, a person, a measure and its event."""
    from alembic import command

    engine = make_engine(url)
    with engine.begin() as conn:
        cfg = alembic_config(pm, conn)
        cfg.set_main_option("version_locations", str(_old_versions(pm, commit, folder)))
        command.upgrade(cfg, "heads")
        meta = sa.MetaData()
        meta.reflect(conn, only=["core_organization", "core_person", "suot_measure", "suot_measure_event"])
        org = meta.tables["core_organization"]
        conn.execute(org.insert().values(id=7, key="old", name="Старая школа", short_name="", legal_address="",
                                         municipality="", phone="", email="", website="", created_at=NOW))
        conn.execute(meta.tables["core_person"].insert().values(
            id=3, org_id=7, surname="Иванова", name="Анна", position="Тренер",
            hired_on=datetime.date(2020, 1, 9), osh_role="none", created_at=NOW))
        conn.execute(meta.tables["suot_measure"].insert().values(
            id=5, org_id=7, year=2026, source="plan", measure="Обучить тренеров", deadline=datetime.date(2026, 12, 1),
            responsible_id=3, funding="бюджет", added_on=datetime.date(2026, 1, 10), created_at=NOW))
        event = meta.tables["suot_measure_event"]
        values = {"id": 11, "measure_id": 5, "status": "started", "on": datetime.date(2026, 2, 1), "created_at": NOW}
        if "org_id" in event.c:
            values["org_id"] = 7
        conn.execute(event.insert().values(**values))
    engine.dispose()


def _workspace_on(tmp_path: Path, backend) -> tuple[Path, str]:
    """A workspace folder whose database is the backend's (its own ohs.db on SQLite)."""
    root = tmp_path / "old"
    create_workspace(root, "old", database_url=backend.url)
    url = normalize_url(backend.url) if backend.url else f"sqlite:///{root / 'ohs.db'}"
    return root, url


@pytest.mark.parametrize("commit", sorted(COMMITS))
def test_an_old_workspace_gets_every_table_and_keeps_its_rows(pm, invoke, tmp_path, backend, commit):
    root, url = _workspace_on(tmp_path, backend)
    _build_old_database(pm, url, commit, tmp_path / "versions")
    engine = make_engine(url)
    with engine.connect() as conn:  # the defect as users met it: the old schema misses what models need
        assert compare_schema(conn, model_metadata(pm))

    status = invoke("-w", root, "db", "status", "--check")
    assert status.exit_code == 0, status.output
    assert "Схема соответствует" in status.output
    due = invoke("-w", root, "due", "--today", "2026-11-23")
    assert due.exit_code == 0, due.output

    with engine.connect() as conn:
        assert compare_schema(conn, model_metadata(pm)) == []
        assert conn.execute(sa.text("SELECT id, org_id, measure_id FROM suot_measure_event")).all() == [(11, 7, 5)]
        assert conn.execute(sa.text("SELECT surname FROM core_person")).scalars().all() == ["Иванова"]
        assert conn.execute(sa.text("SELECT measure FROM suot_measure")).scalars().all() == ["Обучить тренеров"]
        index_names = {ix["name"] for ix in sa.inspect(conn).get_indexes("suot_measure_event")}
        assert "ix_suot_measure_event_org_id" in index_names
        nullable = {c["name"]: c["nullable"] for c in sa.inspect(conn).get_columns("suot_measure_event")}
        assert nullable["org_id"] is False
        assert {(tuple(fk["constrained_columns"]), fk["referred_table"])
                for fk in sa.inspect(conn).get_foreign_keys("suot_measure_event")} >= {
            (("org_id",), "core_organization"), (("measure_id",), "suot_measure")}
    engine.dispose()


def test_the_repair_does_nothing_on_a_database_made_by_the_final_revisions(invoke, workspace, backend, pm):
    from core.testing import workspace_db_url

    engine = make_engine(workspace_db_url(workspace))
    with engine.connect() as conn:
        before = {t: [c["name"] for c in sa.inspect(conn).get_columns(t)] for t in sa.inspect(conn).get_table_names()}
        assert compare_schema(conn, model_metadata(pm)) == []
        # The suot branch stands at the repair revision or a later one (revision ids are zero-padded).
        versions = {r[0] for r in conn.execute(sa.text("SELECT version_num FROM alembic_version"))}
        assert any(v.startswith("suot_") and v >= "suot_0007" for v in versions)
    engine.dispose()
    assert invoke("-w", workspace, "db", "status", "--check").exit_code == 0
    engine = make_engine(workspace_db_url(workspace))
    with engine.connect() as conn:
        assert before == {t: [c["name"] for c in sa.inspect(conn).get_columns(t)]
                          for t in sa.inspect(conn).get_table_names()}
    engine.dispose()
