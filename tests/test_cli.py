"""Command-line conventions: Russian help, exit codes, no tracebacks, JSON."""

import json

import pytest

from core.cli.root import build_cli


def test_help_is_in_russian(invoke):
    out = invoke("--help").output
    assert out.startswith("Использование: ohs [ПАРАМЕТРЫ] КОМАНДА [АРГУМЕНТЫ]...")
    assert "Параметры:" in out and "Команды:" in out and "Показать эту справку и выйти." in out


def test_every_command_has_russian_help(pm):
    cli = build_cli(pm)

    def walk(cmd, path):
        yield path, cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, [*path, name])

    for path, cmd in walk(cli, []):
        text = cmd.help or ""
        assert text.strip(), f"ohs {' '.join(path)} has no help"
        assert any("а" <= ch <= "я" for ch in text.lower()), f"ohs {' '.join(path)}: help is not in Russian"


def test_usage_errors_exit_with_2_in_russian(invoke):
    result = invoke("--no-such-option")
    assert result.exit_code == 2 and "Нет такого параметра" in result.stderr
    result = invoke("people", "add")
    assert result.exit_code == 2 and "Не указан аргумент" in result.stderr
    result = invoke("nonsense")
    assert result.exit_code == 2 and "Нет такой команды" in result.stderr


def test_bad_date_option_is_a_russian_usage_error(invoke, workspace):
    result = invoke("-w", workspace, "due", "--today", "23/11/2026")
    assert result.exit_code == 2
    assert "2026-11-23" in result.stderr and "Traceback" not in result.output


def test_user_errors_exit_with_1_without_traceback(invoke, tmp_path):
    result = invoke("people", "list")  # no workspace here or above
    assert result.exit_code == 1
    assert result.stderr.startswith("Ошибка: Рабочая папка не найдена")
    assert len(result.stderr.strip().splitlines()) == 1


def test_debug_shows_the_traceback(pm, tmp_path):
    from click.testing import CliRunner

    result = CliRunner().invoke(build_cli(pm), ["--debug", "people", "list"])
    assert result.exception is not None and type(result.exception).__name__ == "WorkspaceError"


def test_due_until_before_today_is_refused(invoke, workspace):
    result = invoke("-w", workspace, "due", "--today", "2026-11-23", "--until", "2026-11-01")
    assert result.exit_code == 1 and "раньше" in result.stderr


@pytest.mark.parametrize("args", [["org", "show"], ["people", "list"], ["due"], ["check"], ["plugins"], ["db", "status"]])
def test_json_output_is_valid_json(invoke, workspace, args):
    result = invoke("-w", workspace, *args, "--json")
    assert result.exit_code == 0, result.output
    json.loads(result.output)
