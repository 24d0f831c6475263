"""The server's administrator: a school's SQLite workspace moved onto the district's PostgreSQL, districts assigned."""

import json
import os
import shutil

import pytest

from core.testing import PG_ENV


@pytest.fixture
def server_and_school(invoke, tmp_path, request):
    """An administration's server workspace on a fresh PostgreSQL database, and a copy of the SQLite demo school."""
    if not os.environ.get(PG_ENV):
        pytest.skip(f"PostgreSQL: задайте {PG_ENV}")
    school = tmp_path / "school"
    shutil.copytree(request.getfixturevalue("_sqlite_demo_original"), school)
    databases = request.getfixturevalue("_pg_admin")
    server = tmp_path / "server"
    result = invoke("--db", databases.url(databases.create()), "init", str(server), "--org", "admin")
    assert result.exit_code == 0, result.output
    return server, school


def test_org_add_from_workspace_moves_the_school_with_its_journals(invoke, server_and_school):
    server, school = server_and_school
    before = json.loads(invoke("-w", str(school), "people", "list", "--json").output)
    moved = invoke("-w", str(server), "org", "add", "dyussh", "--name", "МБУ ДО «ДЮСШ»", "--district", "Кировский район",
                   "--from-workspace", str(school))
    assert moved.exit_code == 0, moved.output
    assert "перенесена" in moved.output
    folder = server / "orgs" / "dyussh"
    verify = invoke("-w", str(folder), "verify")
    assert verify.exit_code == 0, verify.output
    after = json.loads(invoke("-w", str(folder), "people", "list", "--json").output)
    assert sorted(p["full_name"] for p in after) == sorted(p["full_name"] for p in before)
    orgs = {o["key"]: o for o in json.loads(invoke("-w", str(server), "org", "list", "--json").output)}
    assert orgs["dyussh"]["district"] == "Кировский район" and orgs["dyussh"]["name"] == "МБУ ДО «ДЮСШ»"
    again = invoke("-w", str(server), "org", "add", "dyussh", "--name", "Ещё раз", "--from-workspace", str(school))
    assert again.exit_code == 1 and "dyussh" in again.output


def test_org_district_moves_an_organization_between_districts(invoke, server_and_school):
    server, _school = server_and_school
    assert invoke("-w", str(server), "org", "add", "school5", "--name", "МБОУ СОШ № 5").exit_code == 0
    assert invoke("-w", str(server), "org", "district", "school5", "Советский район").exit_code == 0
    orgs = {o["key"]: o for o in json.loads(invoke("-w", str(server), "org", "list", "--json").output)}
    assert orgs["school5"]["district"] == "Советский район"
    assert invoke("-w", str(server), "org", "district", "school5", "").exit_code == 0
    orgs = {o["key"]: o for o in json.loads(invoke("-w", str(server), "org", "list", "--json").output)}
    assert orgs["school5"]["district"] is None
    missing = invoke("-w", str(server), "org", "district", "nope", "Советский район")
    assert missing.exit_code == 1 and "«nope»" in missing.output
