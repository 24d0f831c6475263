"""``ohs user`` and ``ohs org add`` as the server's administrator runs them (passwords through standard input)."""

from __future__ import annotations

import json
import tomllib

import pytest


PASSWORD = "Длинный пароль 2031"


@pytest.fixture(autouse=True)
def _cheap(cheap_hashes):
    """Every test here hashes with the cheapest Argon2 (core.testing.cheap_hashes)."""


@pytest.fixture
def server(make_workspace, invoke):
    """A server workspace with one registered school (key school5)."""
    folder = make_workspace("srv", "--org", "server")
    result = invoke("-w", folder, "org", "add", "school5", "--name", "МБОУ СОШ № 5", "--district", "Центральный район")
    assert result.exit_code == 0, result.output
    return folder


def accounts(invoke, folder):
    result = invoke("-w", folder, "user", "list", "--json")
    assert result.exit_code == 0, result.output
    return {a["login"]: a for a in json.loads(result.stdout)}


def signs_in(folder, pm, login, password):
    """Whether the server would let ``login`` in with ``password`` (the service the sign-in page calls)."""
    import datetime

    from core.accounts import LoginRefused, authenticate, open_session
    from core.app import App

    now = datetime.datetime(2031, 3, 17, 10)
    with App(pm, workspace=str(folder)).session() as session:
        try:
            account = authenticate(session, login, password, address="127.0.0.1", now=now)
        except LoginRefused:
            return False
        open_session(session, account, address="127.0.0.1", now=now)
    return True


def test_the_roles_offered_are_the_roles_known():
    from core.accounts import ROLES
    from core.cli.commands.user_cmd import ROLE_CHOICE

    assert list(ROLE_CHOICE.choices) == list(ROLES)


def test_add_list_passwd_disable_enable(server, invoke, pm):
    result = invoke("-w", server, "user", "add", "Ivanova", "--org", "school5", "--role", "specialist",
                    "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Учётная запись ivanova добавлена: специалист по охране труда, организация school5.\n"
    result = invoke("-w", server, "user", "add", "rono", "--district", "Центральный район", "--role", "district",
                    "--password-stdin", input=PASSWORD + "\r\n")
    assert result.exit_code == 0, result.output
    listed = accounts(invoke, server)
    assert listed["ivanova"]["role_title"] == "специалист по охране труда" and listed["ivanova"]["org"] == "school5"
    assert listed["rono"]["district"] == "Центральный район" and listed["rono"]["org"] is None
    assert signs_in(server, pm, "rono", PASSWORD)  # the Windows line end was not part of the password
    table = invoke("-w", server, "user", "list").stdout
    assert "ivanova" in table and "район (администрация)" in table and PASSWORD not in table

    result = invoke("-w", server, "user", "passwd", "IVANOVA", "--password-stdin", input="Новый пароль 2031\n")
    assert result.exit_code == 0, result.output
    assert not signs_in(server, pm, "ivanova", PASSWORD) and signs_in(server, pm, "ivanova", "Новый пароль 2031")
    assert accounts(invoke, server)["ivanova"]["last_sign_in"] == "2031-03-17T10:00:00"

    result = invoke("-w", server, "user", "disable", "ivanova")
    assert result.exit_code == 0 and "отключена" in result.stdout
    assert accounts(invoke, server)["ivanova"]["disabled"] is True
    assert not signs_in(server, pm, "ivanova", "Новый пароль 2031")
    result = invoke("-w", server, "user", "disable", "ivanova")
    assert result.exit_code == 1 and "уже отключена" in result.stderr
    assert invoke("-w", server, "user", "enable", "ivanova").exit_code == 0
    assert signs_in(server, pm, "ivanova", "Новый пароль 2031")


def test_the_prompt_asks_twice_and_again_after_a_mismatch_or_a_short_password(server, invoke, pm):
    answers = "qwerty\nДлинный пароль 1\nДругой пароль 22\nДлинный пароль 1\nДлинный пароль 1\n"
    result = invoke("-w", server, "user", "add", "petrov", "--org", "school5", "--role", "head", input=answers)
    assert result.exit_code == 0, result.output
    assert "Ошибка: Пароль слишком короткий: нужно не меньше 10 знаков." in result.stderr
    assert "Ошибка: введённые значения не совпадают." in result.stderr
    assert result.stderr.count("Повторите пароль") == 2
    assert "Длинный пароль 1" not in result.output  # hidden input is not echoed
    assert signs_in(server, pm, "petrov", "Длинный пароль 1")


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["bad login", "--org", "school5", "--role", "viewer"], PASSWORD, "Логин «bad login» не подходит"),
    (["petrov", "--org", "school9", "--role", "viewer"], PASSWORD, "Организации с ключом «school9» нет на сервере"),
    (["petrov", "--org", "school5", "--role", "district"], PASSWORD, "укажите --district, а не --org"),
    (["petrov", "--district", "Центральный район", "--role", "head"], PASSWORD, "а не --district"),
    (["petrov", "--role", "viewer"], PASSWORD, "укажите организацию: --org"),
    (["petrov", "--org", "school5", "--role", "viewer"], "", "Пароль не прочитан"),
    (["petrov", "--org", "school5", "--role", "viewer"], "petrov", "не меньше 10 знаков"),
    (["petrovich", "--org", "school5", "--role", "viewer"], "PETROVICH ", "не должен совпадать с логином"),
    (["petrovich.ot", "--org", "school5", "--role", "viewer"], "Petrovich.OT", "не должен совпадать с логином"),
])
def test_wrong_input_is_refused_in_russian_and_adds_nothing(server, invoke, args, stdin, message):
    result = invoke("-w", server, "user", "add", *args, "--password-stdin", input=stdin + "\n" if stdin else "")
    assert result.exit_code == 1, result.output
    assert message in result.stderr and result.stderr.startswith("Ошибка: ")
    assert accounts(invoke, server) == {}


def test_usage_errors_exit_with_two(server, invoke):
    assert invoke("-w", server, "user", "add", "petrov", "--org", "school5").exit_code == 2  # no --role
    assert invoke("-w", server, "user", "add", "petrov", "--org", "school5", "--role", "admin").exit_code == 2


def test_a_second_account_with_the_same_login_and_unknown_logins(server, invoke):
    args = ["-w", server, "user", "add", "ivanova", "--org", "school5", "--role", "viewer", "--password-stdin"]
    assert invoke(*args, input=PASSWORD).exit_code == 0
    result = invoke(*args, input=PASSWORD)
    assert result.exit_code == 1 and "Учётная запись «ivanova» уже есть" in result.stderr
    for command in (["passwd", "nobody", "--password-stdin"], ["disable", "nobody"], ["enable", "nobody"]):
        result = invoke("-w", server, "user", *command, input=PASSWORD)
        assert result.exit_code == 1 and "Учётной записи «nobody» нет" in result.stderr


def test_the_commands_work_on_a_database_named_with_db(server, invoke, backend, tmp_path, monkeypatch):
    from core.testing import workspace_db_url

    url = backend.url or workspace_db_url(server)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no ohs.toml here or above: only --db names the database
    result = invoke("--db", url, "user", "add", "ivanova", "--org", "school5", "--role", "viewer", "--password-stdin",
                    input=PASSWORD)
    assert result.exit_code == 0, result.output
    assert list(accounts(invoke, server)) == ["ivanova"]
    # Without a server workspace the organization's folder goes where the command runs.
    result = invoke("--db", url, "org", "add", "school7", "--name", "Школа № 7")
    assert result.exit_code == 0, result.output
    config = tomllib.loads((elsewhere / "orgs" / "school7" / "ohs.toml").read_text(encoding="utf-8"))
    assert config["organization"]["key"] == "school7" and config["database"]["url"] == url
    assert invoke("-w", elsewhere / "orgs" / "school7", "user", "list", "--json").exit_code == 0
    result = invoke("user", "list")
    assert result.exit_code == 1 and "Рабочая папка не найдена" in result.stderr


def test_org_add_registers_the_organization_and_its_workspace(server, invoke, backend):
    folder = server / "orgs" / "school5"
    config = tomllib.loads((folder / "ohs.toml").read_text(encoding="utf-8"))
    server_config = tomllib.loads((server / "ohs.toml").read_text(encoding="utf-8"))
    assert config["organization"]["key"] == "school5"
    if backend.url:
        assert config["database"]["url"] == server_config["database"]["url"]
    else:
        assert config["database"]["url"] == f"sqlite:///{server.resolve() / 'ohs.db'}"
    assert {p.name for p in folder.iterdir()} == {"ohs.toml", "templates", "out", "files"}
    # The new workspace works on the server's database, for its own organization.
    shown = invoke("-w", folder, "org", "show", "--json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["name"] == "МБОУ СОШ № 5"
    listed = invoke("-w", server, "org", "list", "--json")
    assert {o["key"]: o["district"] for o in json.loads(listed.stdout)} == {"school5": "Центральный район",
                                                                           "server": None}
    result = invoke("-w", server, "org", "add", "school7", "--name", "  МБОУ  СОШ № 7 ", "--short-name", "СОШ № 7",
                    "--inn", "7707083893", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"key": "school7", "name": "МБОУ СОШ № 7", "short_name": "СОШ № 7",
                                         "district": None, "inn": "7707083893",
                                         "workspace": str((server / "orgs" / "school7").resolve())}


def test_a_second_org_add_of_a_key_is_refused_and_writes_nothing(server, invoke):
    config = server / "orgs" / "school5" / "ohs.toml"
    before = config.read_bytes()
    result = invoke("-w", server, "org", "add", "school5", "--name", "Другая школа")
    assert result.exit_code == 1
    assert "Организация с ключом «school5» уже зарегистрирована" in result.stderr
    assert config.read_bytes() == before
    listed = json.loads(invoke("-w", server, "org", "list", "--json").stdout)
    assert [o["name"] for o in listed if o["key"] == "school5"] == ["МБОУ СОШ № 5"]


@pytest.mark.parametrize(("args", "message"), [
    (["School7", "--name", "Школа"], "Ключ «School7» не подходит"),
    (["../x", "--name", "Школа"], "Ключ «../x» не подходит"),
    (["school7", "--name", "  "], "Не указано наименование"),
    (["school7", "--name", "Школа", "--inn", "7707083894"], "ИНН"),
    (["school7", "--name", "Школа", "--district", " "], "Не указан район"),
    (["school7", "--name", "Ш" * 501], "помещается не больше 500"),
])
def test_org_add_refuses_wrong_values_and_leaves_no_folder(server, invoke, args, message):
    result = invoke("-w", server, "org", "add", *args)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert sorted(p.name for p in (server / "orgs").iterdir()) == ["school5"]
    assert not (server.parent / "x").exists()


def test_org_add_does_not_take_over_a_folder_in_use(server, invoke):
    taken = server / "orgs" / "school7"
    taken.mkdir()
    (taken / "notes.txt").write_text("чужое", encoding="utf-8")
    result = invoke("-w", server, "org", "add", "school7", "--name", "Школа")
    assert result.exit_code == 1 and "уже существует и не пуста" in result.stderr
    assert sorted(p.name for p in taken.iterdir()) == ["notes.txt"]
    listed = json.loads(invoke("-w", server, "org", "list", "--json").stdout)
    assert "school7" not in {o["key"] for o in listed}


def test_the_admin_actions_are_in_the_servers_log_without_the_password(server, invoke, pm):
    from sqlmodel import select

    from core.accounts.models import AccountEvent
    from core.app import App

    invoke("-w", server, "user", "add", "ivanova", "--org", "school5", "--role", "viewer", "--password-stdin",
           input=PASSWORD)
    invoke("-w", server, "user", "passwd", "ivanova", "--password-stdin", input="Новый пароль 2031")
    invoke("-w", server, "user", "disable", "ivanova")
    with App(pm, workspace=str(server)).session(write=False) as session:
        events = list(session.exec(select(AccountEvent).order_by(AccountEvent.id)))
    assert [(e.action, e.actor, e.login) for e in events] == [
        ("org.add", "тестировщик", None), ("account.add", "тестировщик", "ivanova"),
        ("account.password", "тестировщик", "ivanova"), ("account.disable", "тестировщик", "ivanova")]
    assert all(PASSWORD not in e.details and "Новый пароль" not in e.details for e in events)
