"""The organization profile: set, show, validation by check digits, nothing changed on error."""

import json


def show(invoke, ws):
    result = invoke("-w", ws, "org", "show", "--json", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_set_and_show_the_profile(invoke, workspace):
    result = invoke(
        "-w", workspace, "org", "set",
        "name=Общество с ограниченной ответственностью «Ромашка»", "short_name=ООО «Ромашка»",
        "inn=7707083893", "kpp=770701001", "ogrn=1027700132195", "okved=85.41", "sector=education",
        "small_business=да", "municipality=город Тула", "phone=+7 (4872) 47-12-19",
        "email=ot@romashka.ru", "website=romashka.ru", "legal_address=300044, г. Тула, ул. Ленина, 1",
    )
    assert result.exit_code == 0, result.output
    data = show(invoke, workspace)
    assert data["inn"] == "7707083893" and data["kpp"] == "770701001" and data["ogrn"] == "1027700132195"
    assert data["sector"] == "education" and data["small_business"] is True
    assert data["website"] == "https://romashka.ru"
    text = invoke("-w", workspace, "org", "show").output
    assert "Сокращённое наименование: ООО «Ромашка»" in text and "Сфера: education (образование)" in text


def test_wrong_check_digit_is_refused_and_nothing_changes(invoke, workspace):
    invoke("-w", workspace, "org", "set", "short_name=ООО «Ромашка»")
    result = invoke("-w", workspace, "org", "set", "short_name=Другое", "inn=7707083894")
    assert result.exit_code == 1
    assert "ИНН" in result.stderr and "контрольн" in result.stderr
    assert show(invoke, workspace)["short_name"] == "ООО «Ромашка»"


def test_each_identifier_names_the_check_that_failed(invoke, workspace):
    cases = {
        "inn=77070838": "10 цифр",
        "ogrn=1027700132196": "контрольн",
        "kpp=77070100": "9",
        "sector=retail": "production",
        "small_business=может быть": "да",
        "headcount=-5": "отрицательной",
        "email=нет-почты": "почт",
        "okved=8541": "ОКВЭД",
    }
    for assignment, expected in cases.items():
        result = invoke("-w", workspace, "org", "set", assignment)
        assert result.exit_code == 1, assignment
        assert expected in result.stderr, (assignment, result.stderr)


def test_unknown_key_and_bad_syntax_are_refused(invoke, workspace):
    result = invoke("-w", workspace, "org", "set", "colour=red")
    assert result.exit_code == 1 and "Неизвестный ключ «colour»" in result.stderr
    result = invoke("-w", workspace, "org", "set", "inn")
    assert result.exit_code == 1 and "КЛЮЧ=ЗНАЧЕНИЕ" in result.stderr


def test_headcount_is_computed_from_people_unless_set(invoke, workspace):
    for name, hired, dismissed in (("Иванов Иван", "2020-01-01", None), ("Петров Пётр", "2021-01-01", "2026-06-30"),
                                   ("Сидоров Сидор", "2026-11-01", None), ("Новиков Ник", "2026-11-20", None)):
        invoke("-w", workspace, "people", "add", name, "--position", "Сторож", "--hired-on", hired, "--today", "2026-11-23")
        if dismissed:
            invoke("-w", workspace, "people", "dismiss", name, "--on", dismissed)
    data = show(invoke, workspace)
    assert data["headcount"] == 3 and data["headcount_computed"] is True
    invoke("-w", workspace, "org", "set", "headcount=120")
    data = show(invoke, workspace)
    assert data["headcount"] == 120 and data["headcount_computed"] is False
    invoke("-w", workspace, "org", "set", "headcount=auto")
    assert show(invoke, workspace)["headcount"] == 3


def test_head_is_a_person_of_the_register(invoke, workspace):
    invoke("-w", workspace, "people", "add", "Ульянова Марина Александровна", "--position", "Директор",
           "--hired-on", "2014-09-01")
    result = invoke("-w", workspace, "org", "set", "head=Ульянова М.А.", "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert show(invoke, workspace)["head"]["full_name"] == "Ульянова Марина Александровна"
    result = invoke("-w", workspace, "org", "set", "head=Никто Никтович")
    assert result.exit_code == 1 and "не найден" in result.stderr


def test_a_dismissed_person_cannot_become_head(invoke, workspace):
    invoke("-w", workspace, "people", "add", "Серов Виктор Иванович", "--position", "Тренер", "--hired-on", "2010-01-01")
    invoke("-w", workspace, "people", "dismiss", "Серов", "--on", "2025-01-01")
    result = invoke("-w", workspace, "org", "set", "head=Серов", "--today", "2026-11-23")
    assert result.exit_code == 1 and "уволен" in result.stderr


def test_check_reports_missing_requisites(invoke, workspace):
    findings = json.loads(invoke("-w", workspace, "check", "--json").output)["findings"]
    titles = {f["title"] for f in findings}
    assert "Не заполнено: ИНН" in titles and "Не указан руководитель организации" in titles
    invoke("-w", workspace, "org", "set", "inn=7707083893")
    titles = {f["title"] for f in json.loads(invoke("-w", workspace, "check", "--json").output)["findings"]}
    assert "Не заполнено: ИНН" not in titles


def test_the_first_head_holds_the_role_from_hiring_a_successor_from_today(invoke, workspace):
    for name, hired in (("Ульянова Марина Александровна", "2014-09-01"), ("Серов Виктор Иванович", "2010-01-01")):
        invoke("-w", workspace, "people", "add", name, "--position", "Директор", "--hired-on", hired)
    invoke("-w", workspace, "org", "set", "head=Ульянова", "--today", "2026-11-23")

    def head_on(day):
        return json.loads(invoke("-w", workspace, "org", "show", "--json", "--today", day).output)["head"]

    # Orders signed before the toolkit was set up still find their head.
    assert head_on("2020-05-01")["full_name"].startswith("Ульянова")
    invoke("-w", workspace, "org", "set", "head=Серов", "--today", "2026-12-01")
    assert head_on("2026-11-30")["full_name"].startswith("Ульянова")
    assert head_on("2026-12-01")["full_name"].startswith("Серов")
    invoke("-w", workspace, "org", "set", "head=Ульянова", "--since", "2027-02-01", "--today", "2027-02-01")
    assert head_on("2027-02-01")["full_name"].startswith("Ульянова")
