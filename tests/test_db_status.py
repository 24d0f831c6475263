"""``ohs db status`` compares the live schema with the models and names each difference in Russian."""

import json

import sqlalchemy as sa

from core.storage.db import make_engine
from core.testing import workspace_db_url


def _drop_table(folder, table):
    engine = make_engine(workspace_db_url(folder))
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP TABLE {table}"))
    engine.dispose()


def test_status_says_the_schema_matches(invoke, workspace, backend):
    result = invoke("-w", workspace, "db", "status")
    assert result.exit_code == 0, result.output
    assert "Схема соответствует программе" in result.output
    data = json.loads(invoke("-w", workspace, "db", "status", "--json").output)
    assert data["schema_ok"] is True and data["differences"] == []


def test_status_names_a_missing_table_even_when_revisions_are_current(invoke, workspace, backend):
    _drop_table(workspace, "suot_absence")
    shown = invoke("-w", workspace, "db", "status")
    assert shown.exit_code == 0
    assert "Схема расходится с программой (1)" in shown.output and "нет таблицы suot_absence" in shown.output
    data = json.loads(invoke("-w", workspace, "db", "status", "--json").output)
    assert data["schema_ok"] is False
    assert data["differences"] == [{"kind": "missing_table", "table": "suot_absence", "column": None,
                                    "text": "нет таблицы suot_absence"}]
    checked = invoke("-w", workspace, "db", "status", "--check")
    assert checked.exit_code == 1
    assert "Схема базы данных расходится с программой (1)" in checked.stderr
    assert "нет таблицы suot_absence" in checked.stderr and "Traceback" not in checked.output


def test_status_names_a_missing_column_and_a_nullable_one(invoke, workspace, backend):
    engine = make_engine(workspace_db_url(workspace))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE suot_absence"))
        conn.execute(sa.text("CREATE TABLE suot_absence (id INTEGER PRIMARY KEY, org_id INTEGER, "
                             "person_id INTEGER NOT NULL, from_on DATE NOT NULL, to_on VARCHAR(10) NOT NULL, "
                             "created_at TIMESTAMP NOT NULL)"))
    engine.dispose()
    data = json.loads(invoke("-w", workspace, "db", "status", "--json").output)
    texts = [d["text"] for d in data["differences"]]
    assert texts == [
        "столбец suot_absence.org_id допускает пустые значения, а должен быть обязательным",
        "столбец suot_absence.to_on имеет тип «текст», а должен — «дата»",
        "в таблице suot_absence нет столбца reason",
    ]
