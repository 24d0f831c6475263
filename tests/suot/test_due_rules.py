"""Due items from rules as data: medical basis by position and by СОУТ factor, new hires, groups, stats."""

from core.context import Context
import json

import hypothesis.strategies as st
from hypothesis import given

TODAY = ("--today", "2026-11-23")
UNTIL = ("--until", "2030-12-31")


def due(invoke, ws, *extra):
    result = invoke("-w", ws, "due", "--json", *TODAY, *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["items"]


def set_rules(ws, text):
    path = ws / "ohs.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("[rules]\n", "[rules]\n" + text, 1), encoding="utf-8")


def periodic(items, who):
    return [i for i in items if i["kind"] == "medical_periodic" and i["subject"].startswith(who)]


def test_medical_basis_from_the_sout_factor_and_from_the_position(invoke, demo):
    invoke("-w", demo, "medical", "add", "Чернов", "--kind", "periodic", "--on", "2026-11-20", *TODAY)
    # The organization says its staff are not subject to 29н: the accountant has no periodic exam.
    set_rules(demo, 'medical_basis = "none"\n')
    assert periodic(due(invoke, demo, *UNTIL), "Чернов С.") == []
    # EMF above ПДУ (class 3.1) on the accountant's workplace: every 2 years (29н, as 302н [S]).
    added = invoke("-w", demo, "sout", "add", "--workplace", "Бухгалтер", "--department", "Бухгалтерия",
                   "--report-date", "2026-03-01", "--class", "3.1", "--factor", "электромагнитное поле=3.1", *TODAY)
    assert added.exit_code == 0, added.output
    [item] = periodic(due(invoke, demo, *UNTIL), "Чернов С.")
    assert (item["due"], item["extra"]["basis"], item["extra"]["rule_key"]) == ("2028-11-20", "emf",
                                                                                  "medical_exam_emf_years")
    # A position may name its basis in ohs.toml; the earliest applicable date wins.
    path = demo / "ohs.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[rules.positions."Бухгалтер"]\nmedical_basis = "education"\n',
                    encoding="utf-8")
    [item] = periodic(due(invoke, demo, *UNTIL), "Чернов С.")
    assert (item["due"], item["extra"]["basis"]) == ("2027-11-20", "education")


def test_unknown_medical_basis_in_settings_is_refused(invoke, demo):
    set_rules(demo, 'medical_basis = "every_5_years"\n')
    result = invoke("-w", demo, "due", *TODAY)
    assert result.exit_code != 0 and "medical_basis" in result.stderr


def test_new_hire_without_training_is_due_within_60_days(invoke, demo):
    added = invoke("-w", demo, "people", "add", "Новикова Анна Сергеевна", "--position", "Бухгалтер",
                   "--department", "Бухгалтерия", "--hired-on", "2026-11-02", *TODAY)
    assert added.exit_code == 0, added.output
    [item] = [i for i in due(invoke, demo, *UNTIL) if i["kind"] == "training_new_hire"
              and i["subject"].startswith("Новикова")]
    assert item["due"] == "2027-01-01" and "60 календарных дней" in item["rule"]
    assert item["record"].startswith("person:")
    result = invoke("-w", demo, "training", "add", "--department", "Бухгалтерия", "--program", "B", "--on",
                    "2026-11-20", "--protocol", "77", "--result", "passed", "--json", *TODAY)
    assert result.exit_code == 0, result.output
    assert "Новикова Анна Сергеевна" in {r["person"] for r in json.loads(result.output)}
    assert not [i for i in due(invoke, demo, *UNTIL) if i["kind"] == "training_new_hire"
                and i["subject"].startswith("Новикова")]


def test_stats_count_the_records(invoke, demo, pm):
    from core.app import App

    app = App(pm, workspace=str(demo))
    with app.session(write=False) as session:
        figures = {key: value for found in pm.hook.stats(ctx=Context.of(session, app.org(session), pm))
                   for key, _label, value in found or ()}
    trainings = json.loads(invoke("-w", demo, "training", "list", "--json").output)
    exams = json.loads(invoke("-w", demo, "medical", "list", "--json").output)
    workplaces = json.loads(invoke("-w", demo, "sout", "list", "--json").output)["workplaces"]
    assert figures["trainings"] == len(trainings) > 0 and figures["medical_exams"] == len(exams) > 0
    assert figures["sout_workplaces"] == len({(w["department"], w["position"]) for w in workplaces}) > 0


@given(st.dates(), st.integers(min_value=1, max_value=240), st.sampled_from(["months", "years", "days"]))
def test_add_period_moves_forward_and_keeps_the_day_when_it_exists(day, value, unit):
    import datetime

    from core.obligations.rules.periodicity import add_period

    try:
        later = add_period(day, value, unit)
    except (ValueError, OverflowError):
        return  # beyond year 9999
    assert later > day
    if unit != "days" and day.day <= 28:
        assert later.day == day.day
    if unit == "days":
        assert later - day == datetime.timedelta(days=value)
