"""``ohs suot sector``: the sector profiles of the Положение о СУОТ (``[suot] sector_profiles`` in ohs.toml)."""

from __future__ import annotations

import click

from core.cli.commands.options import json_option


@click.group(name="sector")
def sector_group() -> None:
    """Профиль отрасли для Положения о СУОТ: образование, спортивная школа и другие из данных плагина."""


@sector_group.command(name="list")
@json_option
@click.pass_obj
def sector_list(app, as_json: bool) -> None:
    """Профили отрасли: выбранные в ohs.toml (или подходящие по наименованию и ОКВЭД) отмечены «*»."""
    from core.cli.output import echo_json, echo_table
    from plugins.suot.sectors import chosen_profiles, profiles

    configured = app.workspace.section("suot").get("sector_profiles")
    with app.session(write=False) as session:
        chosen = {p.key for p in chosen_profiles(app.org(session), configured)}
    rows = [{"key": p.key, "title": p.title, "chosen": p.key in chosen} for p in profiles().values()]
    if as_json:
        echo_json({"configured": configured is not None, "profiles": rows})
        return
    echo_table(["", "Ключ", "Профиль"], [("*" if r["chosen"] else "", r["key"], r["title"]) for r in rows])
    if configured is None:
        click.echo("Профили не заданы в ohs.toml: выбраны подходящие по наименованию и ОКВЭД; "
                   "задать: ohs suot sector set КЛЮЧ…")


@sector_group.command(name="set")
@click.argument("keys", nargs=-1, metavar="КЛЮЧ…")
@click.pass_obj
def sector_set(app, keys: tuple[str, ...]) -> None:
    """Выбрать профили отрасли (ключи из «ohs suot sector list»); без ключей — только общие разделы.

    Пример: ohs suot sector set education sports_school
    """
    from core.workspace_settings import set_settings
    from plugins.suot.sectors import chosen_profiles

    with app.context() as ctx:
        chosen = chosen_profiles(ctx.org, [k.strip() for k in keys if k.strip()])
        set_settings(ctx.session, app.workspace, "suot", {"sector_profiles": [p.key for p in chosen]})
        ctx.audit("settings.set", "workspace", None, section="suot", sector_profiles=[p.key for p in chosen])
    if chosen:
        click.echo("Профиль отрасли: " + ", ".join(f"{p.title} ({p.key})" for p in chosen) + " — записано в ohs.toml [suot].")
    else:
        click.echo("Профиль отрасли не выбран: в Положении только общие разделы (записано в ohs.toml [suot]).")
