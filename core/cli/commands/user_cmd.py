"""``ohs user``: accounts of the district server (who signs in to ``ohs serve``, with which role)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import click

from core.cli.commands.options import json_option

if TYPE_CHECKING:
    from core.app import App

#: Role keys as click offers them (core.accounts.rules.ROLES holds the titles; kept literal so ``--help``
#: does not import the services).
ROLE_CHOICE = click.Choice(["specialist", "head", "viewer", "district"])

password_stdin_option = click.option(
    "--password-stdin", is_flag=True,
    help="Прочитать пароль из стандартного ввода (одна строка) — для скриптов; иначе он спрашивается дважды.",
)


@click.group()
def user() -> None:
    """Учётные записи сервера: кто входит в «ohs serve» и с какой ролью.

    Роли: specialist — специалист по охране труда, head — руководитель, viewer — просмотр
    (все трое — одной организации, --org КЛЮЧ); district — администрация района (--district НАЗВАНИЕ).
    Как только в базе есть хоть одна учётная запись, каждая страница сервера требует входа.
    Пароль хранится только в виде хеша Argon2 и нигде не показывается.
    """


def _read_password(from_stdin: bool, login: str) -> str:
    """The new password: one line of standard input, or asked twice at a hidden prompt (checked at once)."""
    from core.accounts.rules import check_password
    from core.errors import OhsError

    if from_stdin:
        # Only the line end is dropped: spaces may be part of a password.
        import sys

        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise OhsError("Пароль не прочитан: с --password-stdin передайте его одной строкой на стандартный ввод.")
        return line

    def checked(value: str) -> str:
        try:
            check_password(value, login)
        except OhsError as exc:
            raise click.UsageError(exc.message) from None
        return value

    password: str = click.prompt("Пароль", hide_input=True, confirmation_prompt="Повторите пароль",
                                 value_proc=checked, err=True)
    return password


@user.command(name="add")
@click.argument("login", metavar="ЛОГИН")
@click.option("--org", "org_key", default=None, metavar="КЛЮЧ", help="Организация (для ролей specialist, head, viewer).")
@click.option("--district", default=None, metavar="РАЙОН", help="Район (для роли district).")
@click.option("--role", type=ROLE_CHOICE, required=True, help="Роль учётной записи.")
@password_stdin_option
@click.pass_obj
def user_add(app: App, login: str, org_key: str | None, district: str | None, role: str, password_stdin: bool) -> None:
    """Добавить учётную запись.

    Пример: ohs user add ivanova --org school5 --role specialist. Логин — от 3 до 64 знаков: латинские буквы, цифры, точка, «_», «-» (хранится строчными).
    Пароль — не короче 10 знаков и не совпадает с логином. Для администрации района:
    ohs user add rono --district "Центральный район" --role district.
    """
    from core.accounts import ROLES, add_account
    from core.accounts.admin import check_new_account
    from core.audit import current_user
    from core.clock import now

    # Login, role, organization or district are checked before the password is asked (the add checks them again).
    with app.session(write=False) as session:
        login = check_new_account(session, login, role=role, org_key=org_key, district=district)[0]
    password = _read_password(password_stdin, login)
    with app.session() as session:
        account = add_account(session, login, password, role=role, org_key=org_key, district=district,
                              now=now(), actor=current_user())
    scope = f"организация {org_key.strip()}" if org_key else f"район {account.district}"
    click.echo(f"Учётная запись {account.login} добавлена: {ROLES[account.role]}, {scope}.")


@user.command(name="passwd")
@click.argument("login", metavar="ЛОГИН")
@password_stdin_option
@click.pass_obj
def user_passwd(app: App, login: str, password_stdin: bool) -> None:
    """Сменить пароль.

    Все открытые сеансы учётной записи завершаются: кто знал старый пароль, выходит.
    """
    from core.accounts import find_account, set_password
    from core.audit import current_user
    from core.clock import now

    with app.session(write=False) as session:
        login = find_account(session, login).login  # an unknown login is refused before the password is asked
    password = _read_password(password_stdin, login)
    with app.session() as session:
        account = set_password(session, login, password, now=now(), actor=current_user())
    click.echo(f"Пароль учётной записи {account.login} изменён; открытые сеансы завершены.")


@user.command(name="disable")
@click.argument("login", metavar="ЛОГИН")
@click.pass_obj
def user_disable(app: App, login: str) -> None:
    """Отключить учётную запись.

    Войти с ней больше нельзя, открытые сеансы завершаются; сама запись и её история сохраняются
    (вернуть вход — «ohs user enable»).
    """
    from core.accounts import disable_account
    from core.audit import current_user
    from core.clock import now

    with app.session() as session:
        account = disable_account(session, login, now=now(), actor=current_user())
    click.echo(f"Учётная запись {account.login} отключена; открытые сеансы завершены.")


@user.command(name="enable")
@click.argument("login", metavar="ЛОГИН")
@click.pass_obj
def user_enable(app: App, login: str) -> None:
    """Снова разрешить вход.

    Отключённая учётная запись снова может входить — с прежним паролем (сменить — «ohs user passwd»).
    """
    from core.accounts import enable_account
    from core.audit import current_user
    from core.clock import now

    with app.session() as session:
        account = enable_account(session, login, now=now(), actor=current_user())
    click.echo(f"Учётная запись {account.login} снова может входить.")


@user.command(name="list")
@json_option
@click.pass_obj
def user_list(app: App, as_json: bool) -> None:
    """Список учётных записей.

    Роль, организация или район, отключена ли, когда создана и когда был последний вход (время — UTC).
    """
    from core.accounts import list_accounts
    from core.cli.output import echo_json, echo_table

    with app.session(write=False) as session:
        rows = list_accounts(session)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("Учётных записей нет: сервер открыт без входа. Добавьте первую: ohs user add ЛОГИН --org КЛЮЧ "
                   "--role specialist.")
        return
    echo_table(
        ["Логин", "Роль", "Организация / район", "Отключена", "Создана (UTC)", "Последний вход (UTC)"],
        [(r["login"], r["role_title"], r["org"] or r["district"], _moment(r["disabled_at"]),
          _moment(r["created"]), _moment(r["last_sign_in"])) for r in rows],
    )


def _moment(value: datetime.datetime | None) -> str:
    return value.strftime("%d.%m.%Y %H:%M") if value else ""
