"""``ohs contest digital facts``: years of operation from the first recorded use, figures from every ``stats`` hook."""

from __future__ import annotations

import datetime
import json

import pytest
import yaml

from core.hookspecs import hookimpl
from plugins.contest_digital.facts import calendar_years

D = datetime.date


@pytest.mark.parametrize(("start", "end", "years"), [
    (D(2025, 11, 24), D(2025, 11, 24), 0.0),
    (D(2025, 11, 24), D(2025, 11, 1), 0.0),
    (D(2025, 11, 24), D(2026, 11, 23), 0.99),
    (D(2025, 11, 24), D(2026, 11, 24), 1.0),
    (D(2025, 11, 24), D(2026, 11, 25), 1.0),
    (D(2023, 11, 24), D(2026, 11, 24), 3.0),
    (D(2023, 11, 24), D(2026, 11, 23), 2.99),
    (D(2023, 11, 24), D(2026, 11, 28), 3.01),
    (D(2024, 2, 29), D(2025, 2, 28), 1.0),
    (D(2024, 1, 1), D(2024, 7, 2), 0.5),
])
def test_calendar_years(start, end, years):
    assert calendar_years(start, end) == years


def facts_json(invoke, ws, *extra):
    result = invoke("-w", ws, "contest", "digital", "facts", "--json", *extra)
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.output)


def score_points(invoke, ws, today, key):
    result = invoke("-w", ws, "contest", "digital", "score", "--json", "--today", today)
    assert result.exit_code == 0, result.output + result.stderr
    return {i["key"]: i["points"] for i in json.loads(result.output)["items"]}[key]


def test_operation_boundaries_from_the_first_recorded_use(invoke, workspace):
    """Exactly 1 and exactly 3 years after the workspace was created score «от 1 до 3 лет»."""
    first = D.fromisoformat(facts_json(invoke, workspace)["facts"]["first_use"])
    year = lambda n, days=0: (first.replace(year=first.year + n) + datetime.timedelta(days=days)).isoformat()  # noqa: E731
    assert facts_json(invoke, workspace, "--as-of", year(1))["answers"]["operation_years"]["value"] == 1.0
    assert score_points(invoke, workspace, year(1, -1), "operation_years") == 20
    assert score_points(invoke, workspace, year(1), "operation_years") == 50
    assert score_points(invoke, workspace, year(3), "operation_years") == 50
    assert score_points(invoke, workspace, year(3, 4), "operation_years") == 100


def test_first_use_is_the_earliest_audit_entry(invoke, workspace):
    from sqlmodel import update

    from core.app import App
    from core.storage.models import AuditEntry
    from core.plugins import get_plugin_manager

    app = App(get_plugin_manager(entry_points=False), workspace=str(workspace))
    with app.session() as session:
        org = app.org(session)
        session.exec(update(AuditEntry).where(AuditEntry.org_id == org.id).values(at=datetime.datetime(2022, 3, 1, 9)))
        # The organization row was created now; the log says the toolkit has been used since 2022.
    data = facts_json(invoke, workspace, "--as-of", "2026-03-01")
    assert data["facts"]["first_use"] == "2022-03-01" and data["facts"]["launch_year"] == 2022
    assert data["answers"]["operation_years"]["value"] == 4.0
    assert "01.03.2022" in data["answers"]["operation_years"]["source"]


class Usage:
    """Another plugin's usage figures, reported through the stats hook only, and one journal it keeps."""

    @hookimpl
    def stats(self, ctx):
        return [("documents", "документов сделано", 7), ("journal.briefings", "записей в журнале инструктажей", 120),
                ("journal.trainings", "записей в журнале обучения", 30), ("district.reports", "Отчётов в район", 4),
                ("zeta_log", "записей в журнале зета", 5), ("zeta_log.red", "— из них красных", 2)]

    @hookimpl
    def journals(self):
        from core.journal import Journal

        return [Journal("zeta_log", "Журнал зета", verify=lambda session, org: None)]


def test_figures_come_from_every_stats_hook(invoke, workspace, register, tmp_path):
    register(Usage())
    data = facts_json(invoke, workspace)
    # Journal entries: the journal.* figures and the zeta journal's own figure, not its breakdown.
    assert data["facts"]["headlines"] == {"people": 0, "documents": 7, "journal_entries": 155, "reports": 4}
    labels = {s["label"]: s["value"] for s in data["facts"]["stats"]}
    assert labels["записей в журнале обучения"] == 30 and labels["работников в реестре"] == 0
    out = tmp_path / "answers.yaml"
    result = invoke("-w", workspace, "contest", "digital", "facts", "--out", out)
    assert result.exit_code == 0 and "score --answers" in result.output
    text = out.read_text(encoding="utf-8")
    assert "#   отчётов представлено: 4" in text and "#   записей в журналах: 155" in text
    assert "#   организаций, обслуживаемых в базе данных: 1" in text
    # A figure that alone makes a headline is not repeated; the others follow, in one style.
    assert text.count("работников в реестре: 0") == 1 and "#   записей в журнале обучения: 30" in text
    assert "Отчётов в район" not in text
    shown = invoke("-w", workspace, "contest", "digital", "questionnaire", "show", "--json").output
    indicators = {f["key"]: f for f in json.loads(shown)["fields"]}["operation.indicators"]
    assert "записей в журнале инструктажей: 120" in indicators["value"] and indicators["source"] == "facts"
    again = invoke("-w", workspace, "contest", "digital", "facts", "--out", out)
    assert again.exit_code == 1 and "уже есть" in again.stderr


def test_facts_file_is_an_answers_file_to_complete(invoke, workspace, tmp_path):
    out = tmp_path / "answers.yaml"
    invoke("-w", workspace, "contest", "digital", "facts", "--out", out)
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["edition"] == "836-2021" and set(data["criteria"]) == {"operation_years", "deployments"}
    assert "  # tasks:" in text and "not_relevant (20) | relevant (50) | acute (100)" in text
    # The applicant uncomments a line and fills it in: the file scores with it.
    out.write_text(text.replace("  # tasks:", "  tasks: acute"), encoding="utf-8")
    result = invoke("-w", workspace, "contest", "digital", "score", "--answers", out, "--json")
    scored = json.loads(result.output)
    assert {i["key"]: i["points"] for i in scored["items"]}["tasks"] == 100
    assert scored["total"] == 100 + 20 + 20 and len(scored["missing"]) == 9


def test_deployments_count_the_organizations_in_the_database(invoke, tmp_path, backend):
    db = backend.url or f"sqlite:///{tmp_path / 'one' / 'ohs.db'}"
    for name in ("one", "two", "three"):
        assert invoke("--db", db, "init", tmp_path / name, "--org", name).exit_code == 0
    result = invoke("--db", db, "-w", tmp_path / "two", "contest", "digital", "facts", "--json")
    data = json.loads(result.output)
    assert data["facts"]["organizations"] == 3 and data["answers"]["deployments"]["value"] == 3
