"""``ohs setup``: the guided first run — from an empty folder to the pack and what is still missing."""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import today_option, today_or


@click.command(name="setup")
@click.option("--answers", "answers_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="ФАЙЛ", help="Ответы из файла TOML (для скриптов): вопросов не будет.")
@today_option
@click.pass_context
def setup(ctx: click.Context, answers_path: Path | None, today) -> None:
    """Первый запуск по шагам: профиль, работники, руководитель, специалист по ОТ, комиссия,
    инструктирующие, цели, профиль отрасли, настройки отчёта в администрацию, пакет СУОТ и чего не хватает.

    В терминале программа спрашивает; с --answers ФАЙЛ берёт ответы из файла (раздел на шаг:
    [profile], [people], [head], [specialist], [commission], [instructors], [goals], [sector],
    [district]; шаг без раздела пропускается). Каждый шаг — то же, что его обычная команда (ohs org set,
    ohs people import, ohs appoint, ohs commission add, ohs suot goal add, ohs suot pack, ohs check), и
    записывается целиком или никак: неверный ответ называет раздел и ключ, и шаг не записывается.
    Повторный запуск с теми же ответами ничего не повторяет. В папке без рабочей папки сначала
    выполняется «ohs init».
    """
    from core.errors import OhsError
    from core.cli.setup.answers_file import read_answers
    from core.cli.setup.runner import all_steps, run_setup
    from core.errors import WorkspaceError

    app = ctx.obj
    today = today_or(today)
    answers = None
    if answers_path is not None:
        answers = read_answers(answers_path, [s.key for s in all_steps(app.pm)])
    elif not _terminal():
        raise OhsError("Ввод не из терминала: задайте ответы файлом, ohs setup --answers ФАЙЛ.")
    try:
        app.workspace  # noqa: B018 - found here, or created below
    except WorkspaceError:
        _init_here(ctx, app, answers)
    base = answers_path.resolve().parent if answers_path is not None else Path.cwd()
    run_setup(app, answers, base, today)
    click.echo("\nГотово. Дальше: ohs due — сроки; ohs practice report — квартальный отчёт; "
               "ohs docs approve … — утверждение пакета.")


def _terminal() -> bool:
    import sys

    return sys.stdin.isatty()


def _init_here(ctx: click.Context, app, answers) -> None:
    """No workspace here (or at ``-w``): make one as ``ohs init`` does, named by the profile's name if given."""
    from core.cli.commands.init_cmd import init

    import os

    folder = app.workspace_option or os.environ.get("OHS_WORKSPACE") or "."
    name = str(((answers or {}).get("profile") or {}).get("name") or "")
    click.echo(f"Рабочей папки нет — создаю её (ohs init {folder}).")
    app.setting_up = True
    ctx.invoke(init, directory=folder, demo=False, employees=None, years=None, as_of=None, org_key=None, name=name)
