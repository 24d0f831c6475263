"""The demo organization: the Tula sports school, deterministic, scalable for benchmarks."""

import datetime
import json
from collections import Counter

from core.registry.validation import normalize_snils


def people(invoke, ws, *extra):
    return json.loads(invoke("-w", ws, "people", "list", "--json", *extra).output)


def test_the_demo_is_the_school_of_the_seed(invoke, demo):
    org = json.loads(invoke("-w", demo, "org", "show", "--json", "--today", "2026-11-23").output)
    assert org["short_name"] == "МБУ СШОР «Спортивная гимнастика»"
    assert org["legal_address"] == "300044, г. Тула, ул. Набережная Дрейера, 33"
    assert org["head"]["full_name"].startswith("Ульянова М") and org["head"]["position"] == "Директор"
    assert org["worker_representative"]["full_name"].startswith("Серов В")
    staff = people(invoke, demo, "--today", "2026-11-23")
    assert 35 <= len(staff) <= 50
    positions = Counter(p["position"] for p in staff)
    assert positions["Тренер-преподаватель"] >= 10
    assert positions["Специалист по охране труда"] == 1
    assert {"Администрация", "Бухгалтерия", "Хозяйственный отдел", "Отделение спортивной гимнастики"} <= {
        p["department"] for p in staff}
    assert [p["osh_role"] for p in staff if p["position"] == "Специалист по охране труда"] == ["specialist"]


def test_demo_people_are_plausible(invoke, demo):
    everyone = people(invoke, demo, "--all", "--today", "2026-11-23")
    assert any(p["dismissed_on"] for p in everyone)  # history has people who left
    for p in everyone:
        assert normalize_snils(p["snils"]) == p["snils"]
        birth, hired = datetime.date.fromisoformat(p["birth_date"]), datetime.date.fromisoformat(p["hired_on"])
        assert (hired - birth).days >= 18 * 365, p
        assert hired <= datetime.date(2026, 11, 23)
        if p["dismissed_on"]:
            assert datetime.date.fromisoformat(p["dismissed_on"]) >= hired
    assert len({p["snils"] for p in everyone}) == len(everyone)
    assert {p["gender"] for p in everyone} == {"m", "f"}


def test_same_arguments_give_the_same_data(invoke, make_workspace):
    first = make_workspace("a", "--demo", "--employees", "300", "--years", "2")
    second = make_workspace("b", "--demo", "--employees", "300", "--years", "2")
    def without_ids(ws):
        return [{k: v for k, v in p.items() if k != "id"} for p in people(invoke, ws, "--all")]

    a, b = without_ids(first), without_ids(second)
    assert a == b
    assert sum(1 for p in people(invoke, first, "--today", "2026-11-23")) == 300
    other = make_workspace("c", "--demo", "--employees", "300", "--years", "3")
    assert without_ids(other) != a


def test_scaled_demo_splits_coaches_into_departments(invoke, make_workspace):
    ws = make_workspace("big", "--demo", "--employees", "600", "--years", "1")
    depts = json.loads(invoke("-w", ws, "people", "departments", "--json").output)
    coaching = [d for d in depts if d["name"].startswith("Отделение спортивной гимнастики №")]
    assert len(coaching) >= 3


def test_hook_demo_data(invoke, make_workspace, register):
    """Plugins add their history to the demo through ``demo_data`` with a seeded generator."""
    from core.hookspecs import hookimpl

    seen = []

    class History:
        @hookimpl
        def demo_data(self, ctx, people, rng, years):
            seen.append((len(people), years, ctx.today, rng.random()))

    register(History())
    make_workspace("d1", "--demo", "--employees", "50", "--years", "2")
    make_workspace("d2", "--demo", "--employees", "50", "--years", "2")
    assert seen[0][1:3] == (2, datetime.date(2026, 11, 23))
    assert seen[0] == seen[1]  # same arguments, same generator state


def test_employees_without_demo_is_a_usage_error(invoke, tmp_path):
    result = invoke("init", tmp_path / "x", "--employees", "10")
    assert result.exit_code == 1 and "--demo" in result.stderr
    assert not (tmp_path / "x").exists()


def test_the_demo_keeps_the_schools_own_stricter_rule(demo):
    """Appendix A of the school's regulation: repeat briefing of coaches every 3 months."""
    import tomllib

    rules = tomllib.loads((demo / "ohs.toml").read_text(encoding="utf-8"))["rules"]["positions"]
    assert rules["Тренер-преподаватель"]["repeat_briefing_months"] == 3
    assert rules["Старший тренер-преподаватель"]["repeat_briefing_months"] == 3
