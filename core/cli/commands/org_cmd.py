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
