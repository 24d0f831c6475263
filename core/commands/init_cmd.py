"""``ohs init``: create a workspace, optionally with the demo organization."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import click

from core.commands.options import ISO_DATE


@click.command()
@click.argument("directory", required=False, default=".", metavar="[ПАПКА]")
@click.option("--demo", is_flag=True, help="Заполнить учебной организацией: спортивная школа г. Тулы.")
@click.option("--employees", type=click.IntRange(1, 200_000), default=None, metavar="N",
              help="Для --demo: столько работников (синтетическая организация для замеров).")
@click.option("--years", type=click.IntRange(1, 30), default=None, metavar="Y",
              help="Для --demo: столько лет истории.")
@click.option("--as-of", "as_of", type=ISO_DATE, default=None, metavar="ДАТА",
              help="Для --demo: дата, на которую строится история (по умолчанию 2026-11-23).")
@click.option("--org", "org_key", default=None, metavar="КЛЮЧ", help="Ключ организации в базе (по умолчанию — по имени папки).")
@click.option("--name", default="", help="Полное наименование организации.")
@click.pass_obj
def init(app, directory: str, demo: bool, employees: int | None, years: int | None,
         as_of: datetime.date | None, org_key: str | None, name: str) -> None:
    """Создать рабочую папку: ohs.toml, базу данных и папки templates/, out/, files/.

    Существующая рабочая папка не перезаписывается. С --demo папка заполняется учебной
    организацией; --employees и --years строят синтетическую организацию нужного размера
    (одинаковые параметры дают одинаковые данные).
    """
    from core.errors import OhsError
    from core.workspace import CONFIG_NAME, create_workspace, load_workspace, new_org_key

    if (employees or years) and not demo:
        raise OhsError("Параметры --employees и --years действуют только вместе с --demo.")
    if app.db_option:  # a bad address is refused before anything is written
        from core.db import check_url, normalize_url

        check_url(normalize_url(app.db_option))
    root = Path(directory).expanduser()
    if (root / CONFIG_NAME).exists():
        raise OhsError(f"В папке {root} уже есть рабочая папка ohs ({CONFIG_NAME}); она не будет перезаписана.")
    created_root = not root.exists()
    before = set(root.iterdir()) if root.exists() else set()
    key = org_key or new_org_key(root.resolve())
    try:
        workspace = create_workspace(root, key, database_url=app.db_option)
        app.__dict__["workspace"] = workspace  # the App now serves the new workspace
        app.creating = True
        if demo:
            from core.demo import demo_rules_toml

            with open(workspace.config_path, "a", encoding="utf-8") as fh:
                fh.write(demo_rules_toml())
            workspace = app.__dict__["workspace"] = load_workspace(workspace.root)
        summary = _create_organization(app, demo, employees, years, as_of, name)
    except BaseException:
        # Nothing half-written: remove what this command created, keep what was there.
        app.__dict__.pop("engine", None)
        if created_root:
            shutil.rmtree(root, ignore_errors=True)
        elif root.exists():
            for path in set(root.iterdir()) - before:
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        raise
    click.echo(f"Рабочая папка создана: {workspace.root}")
    click.echo(summary)


def _create_organization(app, demo: bool, employees: int | None, years: int | None,
                         as_of: datetime.date | None, name: str) -> str:
    from sqlmodel import select

    from core.app import audit
    from core.errors import OhsError
    from core.models import Organization

    with app.session() as session:
        key = app.workspace.org_key
        if session.exec(select(Organization).where(Organization.key == key)).first():
            raise OhsError(f"В базе уже есть организация с ключом «{key}»; укажите другой ключ параметром --org.")
        org = Organization(key=key, name=" ".join(name.split()))
        session.add(org)
        session.flush()
        audit(session, org, "org.create", "organization", org.id, key=key, name=org.name)
        if not demo:
            return "Заполните профиль: ohs org set name=… inn=… ; добавьте людей: ohs people import ФАЙЛ."
        from core.demo import build_demo

        result = build_demo(session, org, app.pm, employees=employees, years=years, as_of=as_of)
        return (
            f"Учебная организация: {org.short_name or org.name}; работников сейчас: {result.active}, "
            f"всего в истории: {result.total}; история за {result.years} г. по {result.as_of:%d.%m.%Y}."
        )
