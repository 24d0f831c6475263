"""``ohs org``: the organization profile."""

from __future__ import annotations

import click

from core.cli.commands.options import ISO_DATE, json_option, today_option, today_or


@click.group()
def org() -> None:
    """Профиль организации: наименование, реквизиты, сфера, руководитель."""


@org.command(name="show")
@json_option
@today_option
@click.pass_obj
def org_show(app, as_json: bool, today) -> None:
    """Показать профиль организации."""
    from core.storage.models import SECTORS
    from core.registry.activities import catalogue, titles
    from core.registry.org import PROFILE_KEYS, profile
    from core.cli.output import echo_json

    today = today_or(today)
    with app.session(write=False) as session:
        data = profile(session, app.org(session), today)
    if as_json:
        echo_json(data)
        return
    for k in PROFILE_KEYS:
        value = data[k.key]
        if isinstance(value, dict):
            value = f"{value['full_name']} ({value['position']})"
        elif isinstance(value, bool):
            value = "да" if value else "нет"
        elif k.key == "sector" and value:
            value = f"{value} ({SECTORS[value]})"
        elif k.key == "activities":
            value = ", ".join(titles(value, catalogue(app.pm)))
        elif k.key == "headcount" and data["headcount_computed"]:
            value = f"{value} (по списку работников на {today:%d.%m.%Y})"
        click.echo(f"{k.title}: {value if value not in (None, '') else '—'}")


@org.command(name="set")
@click.argument("assignments", nargs=-1, required=True, metavar="КЛЮЧ=ЗНАЧЕНИЕ...")
@click.option("--since", type=ISO_DATE, default=None, metavar="ДАТА",
              help="С какой даты работник — руководитель или представитель (по умолчанию: первый — с даты приема, "
                   "сменщик — с сегодняшнего дня).")
@today_option
@click.pass_obj
def org_set(app, assignments: tuple[str, ...], since, today) -> None:
    """Изменить профиль: ohs org set name="…" inn=7107000000 sector=education head=12.

    Ключи: name, short_name, legal_address, inn, kpp, ogrn, okved, sector (production,
    non_production, education, healthcare), small_business (да/нет), headcount (число или auto),
    municipality, phone, email, website, activities (виды деятельности через запятую: плавание,
    футбол, гимнастика… — по ним строятся перечень инструкций, программы и опасности), head и
    worker_representative (работник: номер, СНИЛС или ФИО). ИНН и ОГРН проверяются по контрольным
    цифрам. Если хоть одно значение неверно, ничего не меняется.
    """
    from core.registry.activities import catalogue
    from core.registry.org import parse_assignments, set_profile

    pairs = parse_assignments(assignments)
    with app.session() as session:
        changed = set_profile(session, app.org(session), pairs, today_or(today), since,
                              known_activities=catalogue(app.pm))
    if changed:
        click.echo("Изменено: " + ", ".join(changed))
    else:
        click.echo("Ничего не изменилось: значения те же.")


@org.command(name="add")
@click.argument("key", metavar="КЛЮЧ")
@click.option("--name", required=True, metavar="НАИМЕНОВАНИЕ", help="Полное наименование организации.")
@click.option("--short-name", default="", metavar="НАИМЕНОВАНИЕ", help="Сокращённое наименование.")
@click.option("--district", default=None, metavar="РАЙОН",
              help="Район, к которому организация относится на сервере (его видит администрация района).")
@click.option("--inn", default=None, metavar="ИНН", help="ИНН организации (проверяется по контрольным цифрам).")
@json_option
@click.pass_obj
def org_add(app, key: str, name: str, short_name: str, district: str | None, inn: str | None, as_json: bool) -> None:
    """Зарегистрировать организацию на сервере.

    Пример: ohs org add school5 --name "МБОУ СОШ № 5" --district "Центральный район". Организация записывается в базу сервера, а для неё создаётся рабочая папка orgs/КЛЮЧ/ в рабочей
    папке сервера (с --db и без рабочей папки — в текущей папке); её ohs.toml указывает на ту же базу.
    Ключ — строчные латинские буквы, цифры, точка, «_», «-». Повторная регистрация ключа — ошибка,
    ничего не записывается. Учётные записи работников организации: ohs user add ЛОГИН --org КЛЮЧ.
    """
    from pathlib import Path

    from core.audit import current_user
    from core.cli.output import echo_json
    from core.clock import now
    from core.errors import WorkspaceError
    from core.registry.server_orgs import add_organization

    from core.storage.db import env_database_url

    try:
        root = app.workspace.root
        configured = app.workspace.database_url
    except WorkspaceError:
        if not (app.db_option or env_database_url()):
            raise
        root, configured = Path.cwd(), None  # a server run with --db only: its folder is where the command runs
    # The address as the administrator wrote it (postgresql://…), else the one the App worked out (ohs.db).
    database_url = app.db_option or env_database_url() or configured or app.database_url
    # ``--from-workspace DIR`` (moving an existing SQLite workspace in) will branch here to its own service in
    # core.registry.server_orgs, beside add_organization, with the same key check and workspace staging.
    with app.session() as session:
        result = add_organization(session, key, name=name, short_name=short_name, district=district, inn=inn,
                                  root=root, database_url=database_url, now=now(), actor=current_user())
    if as_json:
        echo_json(result.to_json())
        return
    district_text = f", район: {result.org.district}" if result.org.district else ""
    click.echo(f"Организация «{result.org.name}» (ключ {result.org.key}{district_text}) зарегистрирована.")
    click.echo(f"Рабочая папка: {result.workspace}")
    click.echo(f"Учётная запись специалиста: ohs user add ЛОГИН --org {result.org.key} --role specialist")


@org.command(name="list")
@json_option
@click.pass_obj
def org_list(app, as_json: bool) -> None:
    """Организации в базе.

    На сервере района — все зарегистрированные: ключ, наименование, район, ИНН.
    """
    from core.cli.output import echo_json, echo_table
    from core.registry.server_orgs import list_organizations

    with app.session(write=False) as session:
        rows = list_organizations(session)
    if as_json:
        echo_json(rows)
        return
    echo_table(["Ключ", "Наименование", "Район", "ИНН"],
               [(r["key"], r["short_name"] or r["name"], r["district"], r["inn"]) for r in rows])
