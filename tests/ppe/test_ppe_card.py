"""The personal card read back from the DOCX: every field compared with the records; the plugin can be disabled."""

from __future__ import annotations

from click.testing import CliRunner
from ppe_helpers import TODAY, jrun, run, setup_org

from core.testing import docx_text


def test_card_fields_match_the_records(invoke, workspace, tmp_path):
    setup_org(invoke, workspace)
    run(invoke, workspace, "ppe", "size", "set", "Петрова", "--number", "0107", "--height", "164", "--clothing", "48",
        "--shoes", "38", "--headwear", "56", "--respirator", "2", "--gloves", "7", "--today", TODAY)
    run(invoke, workspace, "ppe", "issue", "Петрова", "--item", "Халат", "--qty", "1", "--on", "2026-01-31",
        "--certificate", "модель «Лотос», сертификат № 0457812", "--today", TODAY)
    run(invoke, workspace, "ppe", "return", "Петрова", "--item", "Халат", "--qty", "1", "--on", "2026-05-04",
        "--wear", "40", "--today", TODAY)
    made = jrun(invoke, workspace, "ppe", "card", "Петрова", "--out", tmp_path / "cards", "--today", TODAY)
    lines = [line.strip() for line in docx_text(made["path"]).splitlines() if line.strip()]
    text = "\n".join(lines)

    def after(label):
        return lines[lines.index(label) + 1]

    person = next(p for p in jrun(invoke, workspace, "people", "list") if p["surname"] == "Петрова")
    assert "ЛИЧНАЯ КАРТОЧКА № 0107" in text and "Приложение № 2 к Правилам" in text
    assert (after("Фамилия"), after("Имя"), after("Отчество (при наличии)")) == ("Петрова", "Анна", "Ивановна")
    assert after("Табельный номер") == "0107"
    assert after("Структурное подразделение") == person["department"] == "Хозяйственный отдел"
    assert after("Профессия (должность)") == person["position"]
    assert after("Дата поступления на работу") == "02.03.2020"
    assert after("Пол") == "женский"
    sizes = jrun(invoke, workspace, "ppe", "size", "show", "Петрова")
    assert [after(label) for label in ("Рост", "Размер одежды", "Размер обуви", "Размер головного убора",
                                       "Размер СИЗОД", "Размер СИЗ рук")] == [
        sizes[k] for k in ("height", "clothing", "shoes", "headwear", "respirator", "gloves")]
    norm = jrun(invoke, workspace, "ppe", "norm", "show", "Уборщик служебных помещений", "--today", TODAY)
    for item in norm["items"]:
        at = lines.index(item["name"])
        assert lines[at + 1: at + 4] == [item["basis"], f"{item['unit']}, {item['period']}", str(item["quantity"])]
    # The back side: the issue and its return on one row.
    issue = [e for e in jrun(invoke, workspace, "ppe", "history", "Петрова")]
    row = lines[lines.index("подпись сдавшего СИЗ") + 1:][:7]
    assert row == ["Халат", issue[0]["certificate"], "31.01.2026", "1", "04.05.2026", "1", "40"]


def test_department_cards_in_one_file(invoke, workspace, tmp_path):
    setup_org(invoke, workspace)
    made = jrun(invoke, workspace, "ppe", "card", "--department", "Хозяйственный отдел", "--out", tmp_path,
                "--today", TODAY)
    text = docx_text(made["path"])
    assert made["people"] == 2 and text.count("ЛИЧНАЯ КАРТОЧКА") == 2
    assert "Петрова" in text and "Сидоров" in text


def test_everything_else_works_with_ppe_disabled(tmp_path, monkeypatch):
    """A workspace made and used with the plugin off: due, check and the СУОТ pack work without it."""
    from core.cli.root import build_cli
    from core.plugins import get_plugin_manager

    monkeypatch.setenv("OHS_DISABLE_PLUGINS", "ppe")
    pm = get_plugin_manager(entry_points=False)
    assert "plugins.ppe" not in {pm.get_name(p) for p in pm.get_plugins()}
    cli = build_cli(pm)
    demo = tmp_path / "demo"
    made = CliRunner().invoke(cli, ["init", str(demo), "--demo"], catch_exceptions=False)
    assert made.exit_code == 0, made.output

    def ok(*args):
        result = CliRunner().invoke(cli, ["-w", str(demo), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    assert "СИЗ" not in ok("due", "--today", TODAY)
    ok("check", "--today", TODAY)
    ok("suot", "pack", "--today", TODAY)
    result = CliRunner().invoke(cli, ["-w", str(demo), "ppe", "norm", "list"])
    assert result.exit_code != 0


def test_the_plugin_can_be_switched_off_on_a_database_that_has_its_tables(demo, monkeypatch):
    """The demo was made with ppe on (ppe_0002 in the database): switched off, the rest still works."""
    from core.cli.root import build_cli
    from core.plugins import get_plugin_manager

    monkeypatch.setenv("OHS_DISABLE_PLUGINS", "ppe")
    cli = build_cli(get_plugin_manager(entry_points=False))

    def ok(*args):
        result = CliRunner().invoke(cli, ["-w", str(demo), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    assert "СИЗ" not in ok("due", "--today", TODAY)
    assert "СИЗ" not in ok("check", "--today", TODAY)
    ok("suot", "pack", "--today", TODAY)
    assert "СИЗ" not in ok("verify")
    monkeypatch.delenv("OHS_DISABLE_PLUGINS")
    back = build_cli(get_plugin_manager(entry_points=False))
    result = CliRunner().invoke(back, ["-w", str(demo), "verify"], catch_exceptions=False)
    assert result.exit_code == 0 and "Журнал выдачи СИЗ" in result.output


def test_washing_agents_have_their_own_card(invoke, workspace, tmp_path):
    setup_org(invoke, workspace)
    run(invoke, workspace, "ppe", "norm", "add", "Уборщик служебных помещений", "--item", "Крем очищающий", "--qty",
        "12", "--period", "12", "--basis", "etn:Прил. 3", "--washing", "--from", "2025-01-01")
    run(invoke, workspace, "ppe", "issue", "Петрова", "--item", "Крем очищающий", "--qty", "12", "--on", "2025-03-03",
        "--today", TODAY)
    run(invoke, workspace, "ppe", "issue", "Петрова", "--item", "Халат", "--qty", "1", "--on", "2025-03-03",
        "--today", TODAY)
    siz = docx_text(jrun(invoke, workspace, "ppe", "card", "Петрова", "--out", tmp_path / "a", "--today", TODAY)["path"])
    washing = docx_text(jrun(invoke, workspace, "ppe", "card", "Петрова", "--washing", "--out", tmp_path / "b",
                             "--today", TODAY)["path"])
    assert "Крем очищающий" not in siz and "Халат" in siz
    assert "Приложение № 3" in washing and "учета выдачи смывающих средств" in washing
    assert "Крем очищающий" in washing and "Халат" not in washing and "03.03.2025" in washing


def test_issue_sheet_of_a_day_and_the_skills_list(invoke, workspace, tmp_path):
    setup_org(invoke, workspace)
    run(invoke, workspace, "ppe", "norm", "add", "Уборщик служебных помещений", "--item", "Респиратор", "--qty", "1",
        "--period", "до износа", "--basis", "hazard:own.detergents", "--skills", "--from", "2025-01-01")
    run(invoke, workspace, "ppe", "issue", "Петрова", "Сидоров", "--item", "Халат", "--qty", "1", "--size", "50",
        "--on", "2026-11-20", "--today", TODAY)
    run(invoke, workspace, "ppe", "issue", "Петрова", "--item", "Очки защитные", "--qty", "1", "--on", "2026-11-02",
        "--today", TODAY)
    sheet = jrun(invoke, workspace, "docs", "make", "ppe_issue_sheet", "--today", TODAY)
    text = docx_text(sheet["path"])
    assert "20.11.2026" in text and "Петрова Анна Ивановна" in text and "Сидоров Олег Петрович" in text
    assert "Очки защитные" not in text
    older = jrun(invoke, workspace, "docs", "make", "ppe_issue_sheet", "--param", "on=2026-11-02", "--today", TODAY)
    assert "Очки защитные" in docx_text(older["path"]) and "Халат" not in docx_text(older["path"])
    skills = docx_text(jrun(invoke, workspace, "docs", "make", "ppe_skills_list", "--today", TODAY)["path"])
    assert "Респиратор" in skills and "Петрова Анна Ивановна" in skills and "Халат" not in skills
