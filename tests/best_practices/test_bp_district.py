"""``ohs practice district``: several organizations in one database, who submitted, practices by category.

Each school keeps its own workspace; all of them and the administration's workspace point at one
database: PostgreSQL when available (``backend``), else one SQLite file shared through ``--db``.
"""

from __future__ import annotations

from pathlib import Path

from bp_helpers import add_practice, jrun, run, setup_org

from core.testing import docx_text


def test_district_summary_covers_every_organization(invoke, tmp_path, backend):
    url = backend.url or f"sqlite:///{tmp_path / 'district.db'}"

    def shared(*args, **kwargs):
        # Every command names the shared database, as a district's users would in their scripts.
        return invoke("--db", url, *args, **kwargs)

    schools = {}
    for number in (3, 5, 7):
        folder = tmp_path / f"school{number}"
        result = shared("init", folder, "--org", f"school-{number}")
        assert result.exit_code == 0, result.output
        setup_org(shared, folder, number=number)
        schools[number] = folder
    office = tmp_path / "district"
    assert shared("init", office, "--org", "tula-admin", "--name", "Администрация города Тулы").exit_code == 0
    with open(office / "ohs.toml", "a", encoding="utf-8") as fh:
        fh.write("\n[best_practices]\ndistrict = true\n")

    add_practice(shared, schools[3], "Лонжи над брусьями", "2026-10-20", today="2026-12-01")
    add_practice(shared, schools[3], "Поведенческий аудит", "2026-11-02", category="organization", today="2026-12-01")
    add_practice(shared, schools[5], "Обходы с уполномоченным", "2026-11-05", category="union", today="2026-12-01")
    add_practice(shared, schools[7], "Не отправленная практика", "2026-11-06", today="2026-12-01")
    run(shared, schools[3], "practice", "submit", "--year", "2026", "--quarter", "4", "--on", "2026-12-20",
        "--number", "12/4", "--today", "2026-12-20")
    run(shared, schools[5], "practice", "submit", "--year", "2026", "--quarter", "4", "--on", "2026-12-28",
        "--today", "2026-12-28")
    # Added after the report: the district sees what was submitted, not the register as it is now.
    add_practice(shared, schools[3], "После отчёта", "2026-12-27", today="2026-12-29")

    summary = jrun(shared, office, "practice", "district", "--year", "2026", "--quarter", "4", "--today", "2026-12-30")
    by_name = {o["name"]: o for o in summary["organizations"]}
    assert set(by_name) == {"МБУ СШ № 3", "МБУ СШ № 5", "МБУ СШ № 7"}  # the administration is not listed
    assert by_name["МБУ СШ № 3"]["submitted_on"] == "2026-12-20" and by_name["МБУ СШ № 3"]["number"] == "12/4"
    assert by_name["МБУ СШ № 3"]["practices"] == 2 and not by_name["МБУ СШ № 3"]["late"]
    assert by_name["МБУ СШ № 5"]["late"] and by_name["МБУ СШ № 5"]["practices"] == 1
    assert summary["not_submitted"] == ["МБУ СШ № 7"] and by_name["МБУ СШ № 7"]["overdue"]
    assert summary["submitted"] == 2 and summary["practices"] == 3
    titles = {c["key"]: [(p["organization"], p["title"]) for p in c["practices"]] for c in summary["categories"]}
    assert titles["technique"] == [("МБУ СШ № 3", "Лонжи над брусьями")]
    assert titles["organization"] == [("МБУ СШ № 3", "Поведенческий аудит")]
    assert titles["union"] == [("МБУ СШ № 5", "Обходы с уполномоченным")]

    made = jrun(shared, office, "practice", "district", "--year", "2026", "--quarter", "4", "--today", "2026-12-30",
                "--out", tmp_path / "summary")
    text = docx_text(made["path"])
    assert Path(made["path"]).parent == tmp_path / "summary"
    for expected in ("IV квартал 2026 г.", "Направили отчёт 2 из 3", "МБУ СШ № 7", "не направлен, срок истёк",
                     "направлен 28.12.2026, с опозданием", "Лонжи над брусьями", "Обходы с уполномоченным"):
        assert expected in text, expected
    assert "Не отправленная практика" not in text and "После отчёта" not in text
    # A school's own workspace still sees only its own register.
    assert [p["title"] for p in jrun(shared, schools[5], "practice", "list")] == ["Обходы с уполномоченным"]
