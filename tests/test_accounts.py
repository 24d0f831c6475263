"""Accounts of the district server (core.accounts): adding, signing in with limits, sessions that expire.

Every moment is explicit (``now=``): nothing here reads the wall clock. Each test runs on SQLite and, with
``OHS_TEST_DATABASE_URL``, on PostgreSQL.
"""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import inspect, text
from sqlmodel import select

from core.accounts import (
    ABSOLUTE_TIMEOUT,
    IDLE_TIMEOUT,
    ROLES,
    LoginRefused,
    accounts_exist,
    add_account,
    authenticate,
    disable_account,
    enable_account,
    end_session,
    list_accounts,
    open_session,
    session_account,
    set_password,
)
from core.accounts.models import Account, AccountEvent, LoginFailure, LoginSession
from core.accounts.passwords import use_hasher
from core.app import App
from core.errors import NotFoundError, OhsError
from core.storage.models import AuditEntry

T0 = datetime.datetime(2031, 3, 17, 9, 0)
MIN = datetime.timedelta(minutes=1)
SECRET = "Верный-пароль-42"
ADMIN = "администратор"


@pytest.fixture(autouse=True)
def _cheap(cheap_hashes):
    """Every test here hashes with the cheapest Argon2 (core.testing.cheap_hashes)."""


@pytest.fixture
def server(pm, make_workspace):
    """The application of a server workspace holding organizations «school5» and «school7»."""
    folder = make_workspace("srv", "--org", "school5")
    app = App(pm, workspace=str(folder))
    with app.session() as session:
        from core.storage.models import Organization

        session.add(Organization(key="school7", name="МБОУ СОШ № 7"))
    return app


def _add(app, login="ivanova", password=SECRET, role="specialist", org_key="school5", district=None, now=T0):
    with app.session() as session:
        return add_account(session, login, password, role=role, org_key=org_key, district=district, now=now,
                           actor=ADMIN)


def _signin(app, login="ivanova", password=SECRET, address="10.0.0.1", now=T0):
    """authenticate() in its own transaction, committed whatever it answers (as the sign-in page does)."""
    with app.session() as session:
        try:
            return authenticate(session, login, password, address=address, now=now).login
        except LoginRefused as exc:
            return exc.message


def _count(app, model):
    with app.session(write=False) as session:
        return len(session.exec(select(model)).all())


# -- adding accounts ----------------------------------------------------------------------------------


def test_an_account_is_stored_lowercased_with_an_argon2_hash(server):
    account = _add(server, login="  Ivanova.OT ")
    assert account.login == "ivanova.ot" and account.role == "specialist" and account.district is None
    assert account.password_hash.startswith("$argon2id$")
    assert account.created_at == account.password_changed_at == T0
    with server.session(write=False) as session:
        assert accounts_exist(session)
        [row] = list_accounts(session)
    assert row == {"login": "ivanova.ot", "role": "specialist", "role_title": ROLES["specialist"],
                   "org": "school5", "district": None, "disabled": False, "disabled_at": None,
                   "created": T0, "last_sign_in": None}


def test_no_accounts_means_an_open_server(server):
    with server.session(write=False) as session:
        assert not accounts_exist(session)
        assert list_accounts(session) == []


def test_a_district_account_has_a_district_and_no_organization(server):
    account = _add(server, login="rono", role="district", org_key=None, district="  Центральный   район ")
    assert account.org_id is None and account.district == "Центральный район"


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"login": "ab"}, "от 3 до 64 знаков"),
    ({"login": "иванова"}, "латинские буквы"),
    ({"login": "a" * 65}, "от 3 до 64 знаков"),
    ({"role": "admin"}, "Неизвестная роль «admin»"),
    ({"org_key": "school9"}, "Организации с ключом «school9» нет"),
    ({"org_key": None}, "укажите организацию: --org"),
    ({"district": "Центральный район"}, "укажите --org КЛЮЧ, а не --district"),
    ({"role": "district"}, "укажите --district, а не --org"),
    ({"role": "district", "org_key": None}, "Не указан район"),
    ({"role": "district", "org_key": None, "district": "р" * 201}, "длиннее 200"),
    ({"password": "короткий"}, "не меньше 10 знаков"),
    ({"password": "x" * 1001}, "не больше 1000"),
    ({"login": "ivanova.ot", "password": "IVANOVA.OT"}, "не должен совпадать с логином"),
])
def test_a_wrong_account_is_refused_in_russian_and_nothing_is_written(server, kwargs, expected):
    with pytest.raises(OhsError) as caught:
        _add(server, **kwargs)
    assert expected in caught.value.message
    assert _count(server, Account) == 0 and _count(server, AccountEvent) == 0


def test_a_login_is_taken_once_in_any_case(server):
    _add(server)
    with pytest.raises(OhsError, match="уже есть"):
        _add(server, login="IVANOVA")


def test_the_database_never_holds_a_password_in_clear(server, backend):
    _add(server)
    _signin(server, password="Неверный-пароль-1")
    with server.session() as session:
        set_password(session, "ivanova", "Новый-пароль-2031", now=T0 + MIN, actor=ADMIN)
    assert _signin(server, password="Новый-пароль-2031", now=T0 + 2 * MIN) == "ivanova"
    values = []
    with server.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                values.extend(str(v) for v in row)
    dump = "\n".join(values)
    assert "argon2id" in dump  # the hashes were read: the dump is not empty by mistake
    for clear in (SECRET, "Неверный-пароль-1", "Новый-пароль-2031"):
        assert clear not in dump
    if backend.name == "sqlite":  # the file itself, write-ahead log included
        database = server.workspace.sqlite_path
        raw = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
        for clear in (SECRET, "Неверный-пароль-1", "Новый-пароль-2031"):
            assert clear.encode("utf-8") not in raw


# -- signing in -------------------------------------------------------------------------------------


def test_a_right_password_signs_in_and_is_logged_in_both_logs(server):
    _add(server)
    assert _signin(server, login=" IVANOVA ") == "ivanova"
    with server.session(write=False) as session:
        events = [(e.action, e.actor, e.login, e.address, e.at) for e in session.exec(select(AccountEvent))]
        audit = [(a.action, a.actor, a.entity_id, a.at) for a in session.exec(select(AuditEntry))
                 if a.entity == "account"]
    assert events == [("account.add", ADMIN, "ivanova", None, T0), ("login.ok", "ivanova", "ivanova", "10.0.0.1", T0)]
    assert audit == [("account.add", ADMIN, "ivanova", T0), ("login.ok", "ivanova", "ivanova", T0)]


def test_an_unknown_login_and_a_wrong_password_get_the_same_answer(server):
    _add(server)
    wrong_password = _signin(server, password="Не-тот-пароль-1")
    unknown_login = _signin(server, login="petrov")
    odd_login = _signin(server, login="'; DROP TABLE core_account; --")
    assert wrong_password == unknown_login == odd_login == "Неверный логин или пароль."
    with server.session(write=False) as session:
        reasons = [e.details for e in session.exec(select(AccountEvent).where(AccountEvent.action == "login.failed"))]
    assert ['"unknown_login"' in r for r in reasons] == [False, True, True]
    assert all("Не-тот-пароль" not in r for r in reasons)


def test_a_disabled_account_is_named_only_to_who_knows_its_password(server):
    _add(server)
    with server.session() as session:
        disable_account(session, "ivanova", now=T0, actor=ADMIN)
    assert _signin(server, now=T0 + MIN) == "Учётная запись отключена; обратитесь к администратору сервера."
    assert _signin(server, password="Не-тот-пароль-1", now=T0 + MIN) == "Неверный логин или пароль."
    with server.session() as session:
        enable_account(session, "ivanova", now=T0 + 2 * MIN, actor=ADMIN)
    assert _signin(server, now=T0 + 3 * MIN) == "ivanova"


def test_five_failures_lock_the_login_for_fifteen_minutes(server):
    _add(server)
    answers = [_signin(server, password=f"Не-тот-пароль-{i}", now=T0 + i * MIN) for i in range(5)]
    assert answers[:4] == ["Неверный логин или пароль."] * 4
    assert answers[4] == ("Неверный логин или пароль. Слишком много неудачных попыток входа под этим логином; "
                          "повторите через 15 мин.")
    # Locked: even the right password is not checked; the answer says how long is left.
    assert _signin(server, now=T0 + 14 * MIN) == ("Слишком много неудачных попыток входа под этим логином; "
                                                 "повторите через 5 мин.")
    # Knocking on a lock does not stretch it (refusals are logged, not counted).
    assert _count(server, LoginFailure) == 5
    # Another login from the same address is not affected; the same login after the lock is.
    assert _signin(server, login="petrov", now=T0 + 14 * MIN) == "Неверный логин или пароль."
    assert _signin(server, now=T0 + 19 * MIN) == "ivanova"


def test_failures_spread_over_more_than_the_window_do_not_lock(server):
    _add(server)
    for i in range(4):
        _signin(server, password=f"Не-тот-пароль-{i}", now=T0 + i * MIN)
    # The fifth failure comes 16 minutes after the first: only four fall within any 15 minutes.
    assert _signin(server, password="Не-тот-пароль-5", now=T0 + 16 * MIN) == "Неверный логин или пароль."
    assert _signin(server, now=T0 + 16 * MIN + MIN / 2) == "ivanova"


def test_an_unknown_login_is_locked_like_a_known_one(server):
    answers = [_signin(server, login="nobody", now=T0 + i * MIN) for i in range(6)]
    assert "под этим логином" in answers[4] and "под этим логином" in answers[5]


def test_thirty_failures_from_one_address_lock_the_address(server):
    _add(server)
    # Thirty different logins, a few tries each: no login reaches its own limit.
    for i in range(30):
        answer = _signin(server, login=f"user{i % 10}", address="203.0.113.9", now=T0 + i * MIN / 3)
    assert answer.endswith("Слишком много неудачных попыток входа с этого адреса; повторите через 15 мин.")
    refused = _signin(server, address="203.0.113.9", now=T0 + 10 * MIN)
    assert refused == "Слишком много неудачных попыток входа с этого адреса; повторите через 15 мин."
    assert _signin(server, address="10.0.0.2", now=T0 + 10 * MIN) == "ivanova"


def test_a_hash_made_with_other_parameters_is_replaced_at_sign_in(server):
    from argon2 import PasswordHasher

    old = _add(server).password_hash
    use_hasher(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    assert _signin(server) == "ivanova"
    with server.session(write=False) as session:
        new = session.exec(select(Account)).one().password_hash
    assert old.startswith("$argon2id$v=19$m=8,t=1,p=1$") and new.startswith("$argon2id$v=19$m=16,t=2,p=1$")
    assert _signin(server, now=T0 + MIN) == "ivanova"


# -- sessions --------------------------------------------------------------------------------------


def _open(app, login="ivanova", now=T0):
    with app.session() as session:
        account = authenticate(session, login, SECRET, address="10.0.0.1", now=now)
        return open_session(session, account, address="10.0.0.1", now=now)


def _who(app, token, now):
    with app.session() as session:
        account = session_account(session, token, now=now)
        return account.login if account else None


def test_only_the_sha256_of_a_token_is_stored(server):
    import hashlib

    _add(server)
    token = _open(server)
    assert len(token) >= 40
    with server.session(write=False) as session:
        stored = session.exec(select(LoginSession)).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in stored.token_hash
    assert _who(server, token, T0 + MIN) == "ivanova"
    assert _who(server, "a-token-nobody-was-given", T0 + MIN) is None
    assert _who(server, "", T0 + MIN) is None


def test_an_idle_session_ends_after_thirty_minutes(server):
    _add(server)
    token = _open(server)
    assert IDLE_TIMEOUT == 30 * MIN
    assert _who(server, token, T0 + 30 * MIN) == "ivanova"  # used at the last moment: the idle time starts again
    assert _who(server, token, T0 + 60 * MIN) == "ivanova"
    assert _who(server, token, T0 + 90 * MIN + datetime.timedelta(seconds=1)) is None


def test_last_seen_is_written_at_most_once_a_minute(server):
    _add(server)
    token = _open(server)

    def last_seen():
        with server.session(write=False) as session:
            return session.exec(select(LoginSession)).one().last_seen_at

    _who(server, token, T0 + datetime.timedelta(seconds=59))
    assert last_seen() == T0
    _who(server, token, T0 + MIN)
    assert last_seen() == T0 + MIN


def test_a_busy_session_still_ends_twelve_hours_after_sign_in(server):
    _add(server)
    token = _open(server)
    assert ABSOLUTE_TIMEOUT == 12 * 60 * MIN
    moment = T0
    while moment + 20 * MIN <= T0 + ABSOLUTE_TIMEOUT:
        moment += 20 * MIN
        assert _who(server, token, moment) == "ivanova"
    assert _who(server, token, T0 + ABSOLUTE_TIMEOUT + MIN) is None


def test_sign_out_disable_and_a_new_password_end_sessions(server):
    _add(server)
    _add(server, login="petrova", role="viewer")
    first, second = _open(server), _open(server, now=T0 + MIN)
    other = _open(server, login="petrova")
    with server.session() as session:
        end_session(session, first, now=T0 + 2 * MIN)
        end_session(session, first, now=T0 + 2 * MIN)  # twice: no error
        end_session(session, "unknown", now=T0 + 2 * MIN)
    assert _who(server, first, T0 + 3 * MIN) is None and _who(server, second, T0 + 3 * MIN) == "ivanova"
    with server.session() as session:
        set_password(session, "IVANOVA", "Новый-пароль-2031", now=T0 + 4 * MIN, actor=ADMIN)
    assert _who(server, second, T0 + 5 * MIN) is None
    with server.session() as session:
        account = disable_account(session, "petrova", now=T0 + 6 * MIN, actor=ADMIN)
    assert account.disabled_at == T0 + 6 * MIN
    assert _who(server, other, T0 + 7 * MIN) is None
    with server.session(write=False) as session:
        rows = {r["login"]: r for r in list_accounts(session)}
        actions = [e.action for e in session.exec(select(AccountEvent).order_by(AccountEvent.id))]
    assert rows["petrova"]["disabled"] and rows["ivanova"]["last_sign_in"] == T0 + MIN
    assert actions.count("logout") == 1 and "account.password" in actions and "account.disable" in actions


def test_administering_an_unknown_account_names_it(server):
    with server.session() as session, pytest.raises(NotFoundError, match="Учётной записи «nobody» нет"):
        set_password(session, "nobody", "Новый-пароль-2031", now=T0, actor=ADMIN)
    _add(server)
    with server.session() as session:
        disable_account(session, "ivanova", now=T0, actor=ADMIN)
    with server.session() as session, pytest.raises(OhsError, match="уже отключена"):
        disable_account(session, "ivanova", now=T0, actor=ADMIN)
