"""A second organization with demo data in a database that already holds one (shared SQLite file, PostgreSQL)."""

import subprocess
import sys

import sqlalchemy as sa

from core.storage.db import make_engine
from core.testing import workspace_db_url


def ohs(*args):
    """Run ohs in a fresh process: only there are the models imported as a user's command imports them."""
    return subprocess.run([sys.executable, "-m", "core", *map(str, args)], capture_output=True, text=True)


def _rows_per_table(url, org_key):
    """Row count of every table with org_id, for the organization ``org_key``."""
    engine = make_engine(url)
    counts = {}
    with engine.connect() as conn:
        org_id = conn.execute(sa.text("SELECT id FROM core_organization WHERE key = :k"), {"k": org_key}).scalar_one()
        inspector = sa.inspect(conn)
        for table in inspector.get_table_names():
            if "org_id" in {c["name"] for c in inspector.get_columns(table)}:
                counts[table] = conn.execute(sa.text(f"SELECT COUNT(*) FROM {table} WHERE org_id = :o"),
                                             {"o": org_id}).scalar_one()
    engine.dispose()
    return counts


def test_second_demo_into_a_database_with_an_organization(demo, tmp_path, backend):
    url = workspace_db_url(demo)
    from core.workspace import load_workspace

    key = load_workspace(demo).org_key
    before = _rows_per_table(url, key)

    second = tmp_path / "second"
    result = ohs("--db", url, "init", second, "--demo", "--org", "second-school")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr

    assert _rows_per_table(url, key) == before
    theirs = _rows_per_table(url, "second-school")
    assert theirs["core_person"] == before["core_person"] > 0
    assert theirs["core_briefing"] == before["core_briefing"] > 0
    # The second workspace keeps the shared URL in its ohs.toml and works on its own organization.
    people = ohs("-w", second, "people", "list", "--json")
    assert people.returncode == 0, people.stderr
    verify = ohs("-w", demo, "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
