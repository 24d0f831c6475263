"""The ``ohs`` command line: the root group, global options and error handling.

Only click, pluggy and the hook contract are imported here; storage, templates and documents are
imported inside the commands that use them, so ``ohs --help`` stays fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from core.cli import i18n as cli_i18n
from core.errors import OhsError, os_error
from core.cli.lazy import LazyGroup

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class OhsGroup(LazyGroup):
    """The root group: turns user errors into one Russian sentence and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; show ``OhsError`` without a traceback unless ``--debug``."""
        try:
            return super().invoke(ctx)
        except OhsError as exc:
            if _debug(ctx):
                raise
            _quiet_cleanup()
            # A disk or permission failure wrapped by a command still gets the one sentence naming its cause.
            raise UserError(os_error(exc) or exc) from exc
        except (click.exceptions.Exit, click.ClickException, click.Abort, BrokenPipeError):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if _debug(ctx):
                raise
            _quiet_cleanup()
            translated = os_error(exc) or _database_error(exc, ctx)
            if translated is not None:
                raise UserError(translated) from exc
            raise UnexpectedError(exc) from exc


class UserError(click.ClickException):
    """A Russian message for bad input or state, with optional detail lines; exit code 1."""

    exit_code = 1

    def __init__(self, error: OhsError) -> None:
        super().__init__(error.message)
        self.details = error.details

    def show(self, file: Any = None) -> None:
        """Print «Ошибка: …» and the details on stderr."""
        file = file or sys.stderr
        click.echo(f"Ошибка: {self.message}", file=file)
        for line in self.details:
            click.echo(f"  {line}", file=file)


class UnexpectedError(click.ClickException):
    """A failure the toolkit did not expect: one line, and how to see the traceback."""

    exit_code = 1

    def __init__(self, exc: Exception) -> None:
        super().__init__(f"{type(exc).__name__}: {exc}")

    def show(self, file: Any = None) -> None:
        """Print the message and the hint about ``--debug``."""
        click.echo(
            f"Ошибка: непредвиденный сбой ({self.message}); подробности — с параметром --debug.",
            file=file or sys.stderr,
        )


def _quiet_cleanup() -> None:
    """Keep the garbage collector's secondary reports off the screen once the user has the cause.

    Why: after a failed write, half-finished objects of libraries (openpyxl's row generators, a
    zip file on a full disk) are closed by the garbage collector and print «Exception ignored in…»
    tracebacks of their own. The process is ending with the one-sentence message; ``--debug`` keeps them.
    """
    sys.unraisablehook = lambda _unraisable: None


def _database_error(exc: Exception, ctx: click.Context) -> OhsError | None:
    # Only consult SQLAlchemy when it is loaded: a failure before any storage work is not its.
    if "sqlalchemy" not in sys.modules:
        return None
    from core.storage.db import translate_error

    # The URL only if the command already worked it out: asking for it now could fail anew.
    app = ctx.find_root().obj
    url = getattr(app, "__dict__", {}).get("database_url")
    return translate_error(exc, url)


def _debug(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(getattr(root.obj, "debug", False))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ohs-toolkit")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


#: The core's commands: name → (where the command lives, the line ``ohs --help`` shows). Imported on use.
CORE_COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("core.cli.commands.init_cmd:init", "Создать рабочую папку: ohs.toml, база данных, папки; --demo — учебная школа."),
    "setup": ("core.cli.commands.setup_cmd:setup", "Первый запуск по шагам: профиль, работники, назначения, цели — до пакета СУОТ."),
    "org": ("core.cli.commands.org_cmd:org", "Профиль организации: наименование, реквизиты, сфера, руководитель."),
    "people": ("core.cli.commands.people_cmd:people", "Работники и подразделения: добавить, уволить, импорт и экспорт."),
    "commission": ("core.cli.commands.commission_cmd:commission", "Комиссии по приказу: проверка знаний, комитет по ОТ, СОУТ, риски."),
    "appoint": ("core.cli.commands.commission_cmd:appoint", "Записать приказ о назначении работника на обязанность по ОТ."),
    "appointments": ("core.cli.commands.commission_cmd:appointments", "Действующие назначения: ответственный за ОТ, инструктирующие."),
    "briefing": ("core.cli.commands.briefing_cmd:briefing", "Журнал инструктажей: записать, исправить запись, показать."),
    "verify": ("core.cli.commands.verify_cmd:verify", "Проверить целость журналов: ни одна запись не изменена вне ohs."),
    "backup": ("core.cli.commands.backup_cmd:backup", "Резервная копия рабочей папки в один архив с описью хешей."),
    "restore": ("core.cli.commands.backup_cmd:restore", "Восстановить рабочую папку из архива с проверкой журналов."),
    "docs": ("core.cli.commands.docs_cmd:docs", "Документы: виды, создание, редакции, утверждение, ознакомление."),
    "due": ("core.cli.commands.due_cmd:due", "Сроки: просроченное и наступающее; в календарь (.ics) и таблицу."),
    "check": ("core.cli.commands.due_cmd:check", "Проверка: недостающие реквизиты и документы, отменённые акты."),
    "plugins": ("core.cli.commands.plugins_cmd:plugins_command", "Подключённые плагины и хуки, которые каждый реализует."),
    "db": ("core.cli.commands.db_cmd:db", "База данных: адрес и версия схемы."),
    "user": ("core.cli.commands.user_cmd:user", "Учётные записи сервера: добавить, сменить пароль, отключить, список."),
    "serve": ("core.cli.commands.serve_cmd:serve", "Рабочее место в браузере: сегодня, работники, документы, инструктажи."),
}


def build_cli(pm: Any) -> click.Group:
    """The ``ohs`` group with the core commands and every plugin's commands (imported when used)."""
    from core.cli.lazy import on_load

    cli_i18n.install()
    on_load(_russian_metavars)

    @click.group(name="ohs", cls=OhsGroup, context_settings=CONTEXT_SETTINGS)
    @click.version_option(_version(), "--version", prog_name="ohs", message="%(prog)s, версия %(version)s")
    @click.option(
        "-w", "--workspace", metavar="ПАПКА", envvar="OHS_WORKSPACE",
        help="Рабочая папка (по умолчанию — текущая или ближайшая выше с ohs.toml; OHS_WORKSPACE).",
    )
    @click.option("--db", metavar="АДРЕС", help="Адрес базы данных, например postgresql://… (OHS_DATABASE_URL).")
    @click.option("--debug", is_flag=True, help="Показывать полный отчёт об ошибке.")
    @click.pass_context
    def cli(ctx: click.Context, workspace: str | None, db: str | None, debug: bool) -> None:
        """ohs — охрана труда в организации: СУОТ, журналы инструктажей, сроки обучения и
        медосмотров, отчёты о передовом опыте и заявки на конкурсы Минтруда — из одних данных.

        Начните с «ohs setup» в новой папке (по шагам: профиль, работники, назначения, цели — до
        пакета СУОТ) или «ohs init ПАПКА»; «ohs init --demo demo» — учебная организация.
        """
        from core.app import App

        ctx.obj = App(pm, workspace=workspace, db=db, debug=debug)

    for name, (import_path, short_help) in CORE_COMMANDS.items():
        cli.add_lazy_command(name, import_path, short_help)
    pm.hook.register_commands(cli=cli)
    _russian_metavars(cli)
    return cli


def _russian_metavars(command: click.Command) -> None:
    """Russian placeholders in usage lines and option lists of every command, plugins' included.

    Why here and not in each option: an option written without ``metavar=`` would otherwise show click's
    English type name (``TEXT``, ``INTEGER``); one pass over the loaded tree covers every plugin's commands.
    """
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = "[ПАРАМЕТРЫ]"
    for param in command.params:
        if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
            param.metavar = _type_metavar(param)
    if isinstance(command, click.Group):
        metavar = command.subcommand_metavar or "COMMAND [ARGS]..."
        command.subcommand_metavar = metavar.replace("COMMAND", "КОМАНДА").replace("ARGS", "АРГУМЕНТЫ")
        for sub in command.commands.values():
            _russian_metavars(sub)


def _type_metavar(param: click.Option) -> str | None:
    """The Russian placeholder for an option's type; None keeps click's own (a choice lists its values)."""
    kind = param.type
    if isinstance(kind, click.Choice | click.Tuple):
        return None
    if isinstance(kind, click.Path):
        return "ПАПКА" if not kind.file_okay else "ФАЙЛ" if not kind.dir_okay else "ПУТЬ"
    if isinstance(kind, click.File):
        return "ФАЙЛ"
    if isinstance(kind, click.types.IntParamType | click.types.FloatParamType):
        return "ЧИСЛО"
    if isinstance(kind, click.DateTime):
        return "ДАТА"
    if isinstance(kind, click.types.BoolParamType):
        return "ДА|НЕТ"
    if isinstance(kind, click.types.UUIDParameterType):
        return "ИДЕНТИФИКАТОР"
    if isinstance(kind, click.types.StringParamType):
        return "ТЕКСТ"
    return None


def main(argv: list[str] | None = None) -> None:
    """Console entry point: ``ohs``."""
    from core.plugins import get_plugin_manager

    try:
        pm = get_plugin_manager()
    except Exception as exc:  # a broken third-party plugin must not hide the reason
        click.echo(f"Ошибка: не удалось загрузить плагины: {exc}. Отключите плагин через OHS_DISABLE_PLUGINS.", err=True)
        sys.exit(1)
    try:
        build_cli(pm).main(args=argv, prog_name="ohs")
    except BrokenPipeError:
        # The reader (``| head``) went away: stop quietly, as command-line tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
