"""``ohs init``: create a workspace, optionally with the demo organization."""

from __future__ import annotations

import contextlib
import datetime
from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE

#: The closing hint of a new (not demo) workspace: ``ohs setup``, and the order of the plain commands that
#: works — the head and the appointments name people, so the people come first.
NEXT_STEPS = (
    "Дальше — по шагам: ohs setup (спросит в терминале; для скрипта — ohs setup --answers ответы.toml).\n"
    "Или вручную, в этом порядке:\n"
    "  1. ohs org set name=… short_name=… inn=… legal_address=… okved=…\n"
    "  2. ohs people import ФАЙЛ --dry-run, затем без --dry-run (выгрузка 1С, «Паруса» или Excel как есть)\n"
    "  3. ohs org set head=РАБОТНИК (руководитель — из уже загруженных работников)\n"
    "  4. ohs appoint osh_responsible РАБОТНИК --order-number … --order-date …\n"
    "  5. ohs commission add knowledge_check --order-number … --order-date … --chair … --member …\n"
    "  6. ohs appoint briefing_instructor РАБОТНИК --department … --order-number … --order-date …\n"
    "  7. ohs suot goal add \"…\"\n"
    "  8. ohs suot pack, затем ohs check — чего ещё не хватает"
)


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
    (одинаковые параметры дают одинаковые данные). Папку, недоделанную прерванной командой
    «ohs init» (ohs.toml без организации в базе или база без ohs.toml), команда доделывает.
    """
    from core.errors import OhsError
    from core.workspace import CONFIG_NAME, DB_NAME, Workspace, config_text, new_org_key

    if (employees or years) and not demo:
        raise OhsError("Параметры --employees и --years действуют только вместе с --demo.")
    if app.db_option:  # a bad address is refused before anything is written
        from core.storage.db import check_url, normalize_url

        check_url(normalize_url(app.db_option))
    root = Path(directory).expanduser()
    if root.exists() and not root.is_dir():
        raise OhsError(f"{root} — это файл, а не папка.")
    config_path = root / CONFIG_NAME
    existing = _read_config(config_path)
    if existing is not None:
        text = existing
        key = str(_parse(text, config_path).get("organization", {}).get("key") or "")
        if not key:
            raise OhsError(f"В папке {root} уже есть {CONFIG_NAME} без ключа организации; она не будет перезаписана.")
    else:
        key = org_key or new_org_key(root.resolve())
        text = config_text(key, database_url=app.db_option)
    if demo:
        from core.demo import demo_rules_toml

        rules = demo_rules_toml()
        if rules and rules not in text:
            text += rules
    created_root = not root.exists()
    database = root / DB_NAME
    database_existed = database.exists()
    root.mkdir(parents=True, exist_ok=True)
    workspace = Workspace(root=root.resolve(), config=_parse(text, config_path))
    app.__dict__["workspace"] = workspace  # the App now serves the new workspace
    app.creating = True
    try:
        summary = _create_organization(app, demo, employees, years, as_of, name, text,
                                       resuming=existing is not None, database_existed=database_existed)
    except BaseException:
        # Nothing half-made stays: only what this command created goes (folders only when empty).
        engine = app.__dict__.pop("engine", None)
        if engine is not None:
            engine.dispose()
        if not database_existed and not app.db_option and existing is None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        if created_root:
            with contextlib.suppress(OSError):
                root.rmdir()
        raise
    click.echo(f"Рабочая папка создана: {workspace.root}")
    if summary:
        click.echo(summary)


def _parse(text: str, path: Path) -> dict:
    import tomllib

    from core.errors import OhsError

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OhsError(f"Файл {path} повреждён и не читается как TOML: {exc}; он не будет перезаписан.") from None


def _read_config(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        from core.errors import OhsError

        raise OhsError(f"Файл {path} не читается ({exc}); он не будет перезаписан.") from None


def _create_organization(app, demo: bool, employees: int | None, years: int | None,
                         as_of: datetime.date | None, name: str, config: str, *, resuming: bool,
                         database_existed: bool) -> str:
    """Folders, the organization (and the demo), then ``ohs.toml``: all of it appears at commit, or none."""
    from sqlalchemy import func
    from sqlmodel import select

    from core.audit import audit
    from core.errors import OhsError
    from core.io.atomic import pending_files
    from core.storage.models import Organization
    from core.workspace import CONFIG_NAME, DB_NAME, FOLDERS

    from core.storage.db import register_all_models

    workspace = app.workspace
    # A resumed database may already be current, so no migration imported the models: the demo touches
    # every plugin's tables and their foreign keys must all resolve.
    register_all_models(app.pm)
    with app.session() as session:
        files = pending_files(session)
        key = workspace.org_key
        if session.exec(select(Organization).where(Organization.key == key)).first():
            if resuming:
                raise OhsError(f"В папке {workspace.root} уже есть рабочая папка ohs ({CONFIG_NAME}); "
                               "она не будет перезаписана.")
            raise OhsError(f"В базе уже есть организация с ключом «{key}»; укажите другой ключ параметром --org.")
        if resuming:
            files.note(f"Рабочая папка {workspace.root} была недоделана (прервана команда «ohs init»): "
                       "в базе нет её организации; создание продолжено.")
        elif database_existed and not app.db_option:
            if session.exec(select(func.count()).select_from(Organization)).one():
                raise OhsError(f"В папке {workspace.root} уже есть база {DB_NAME}; выберите другую папку.")
            files.note(f"В папке {workspace.root} осталась база {DB_NAME} от прерванной команды «ohs init» "
                       "(без организации); создание продолжено в ней.")
        for folder in FOLDERS:
            files.mkdir(workspace.root / folder)
        # Written last and placed at commit: a folder with ohs.toml always has its organization.
        files.write(workspace.config_path, config)
        org = Organization(key=key, name=" ".join(name.split()))
        session.add(org)
        session.flush()
        audit(session, org, "org.create", "organization", org.id, key=key, name=org.name)
        if not demo:
            # Run by «ohs setup», whose steps follow at once: the hint would only interrupt them.
            return "" if getattr(app, "setting_up", False) else NEXT_STEPS
        from core.demo import build_demo

        result = build_demo(session, org, app.pm, employees=employees, years=years, as_of=as_of,
                            workspace=app.workspace)
        return (
            f"Учебная организация: {org.short_name or org.name}; работников сейчас: {result.active}, "
            f"всего в истории: {result.total}; история за {result.years} г. по {result.as_of:%d.%m.%Y}."
        )
