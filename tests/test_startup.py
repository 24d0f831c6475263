"""Start-up stays light: ``ohs --help`` must not import storage, templates or documents."""

import subprocess
import sys

HEAVY = ("sqlmodel", "sqlalchemy", "jinja2", "docx", "openpyxl", "alembic", "pymorphy3", "lxml", "starlette", "uvicorn",
         "multipart")

PROBE = """
import sys
from core.cli.root import main
sys.argv = ["ohs"] + {args!r}
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = [m for m in {heavy!r} if m in sys.modules]
commands = sorted(m for m in sys.modules if m.startswith("core.cli.commands.") or m.endswith("_commands")
                  or m.endswith(".commands"))
print("COMMAND MODULES:", ",".join(commands))
print("HEAVY:", ",".join(heavy))
"""


def _probe(args):
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)], capture_output=True, text=True, check=True
    )
    return out.stdout


def test_help_imports_no_heavy_library():
    out = _probe(["--help"])
    assert "Использование:" in out
    assert out.strip().endswith("HEAVY:"), out


def test_help_imports_no_command_module():
    """The command list comes from the registered lines: each command's module is imported only when used."""
    out = _probe(["--help"])
    assert "COMMAND MODULES: \n" in out or "COMMAND MODULES:\n" in out, out
    people = _probe(["people", "--help"])
    assert "core.cli.commands.people_cmd" in people and "plugins.suot.commands" not in people, people


def test_lazy_commands_list_the_same_lines_once_loaded(pm):
    """Every lazy entry imports to a command, and loading them all changes nothing in ``ohs --help``."""
    import click

    from core.cli.root import build_cli
    from core.cli.lazy import LazyGroup, load_all

    def listing(group, path=()):
        ctx = click.Context(group, info_name="ohs")
        lines = {}
        for name in group.list_commands(ctx):
            help_line = group.lazy[name][1] if isinstance(group, LazyGroup) and name in group.lazy \
                else group.commands[name].short_help
            lines[(*path, name)] = help_line
        return lines

    cli = build_cli(pm)
    before = {**listing(cli), **listing(cli.commands["contest"], ("contest",))}
    assert {"suot", "training", "incidents", "practice", "people"} <= {k[0] for k in before}
    load_all(cli)
    assert not cli.lazy and not cli.commands["contest"].lazy
    after = {**listing(cli), **listing(cli.commands["contest"], ("contest",))}
    assert after == before
    assert all(isinstance(c, click.Command) and c.options_metavar == "[ПАРАМЕТРЫ]" for c in cli.commands.values())


def test_group_help_imports_no_heavy_library():
    for group in ("people", "org", "db", "init", "suot", "training", "incidents", "practice", "contest", "serve"):
        out = _probe([group, "--help"])
        assert out.strip().endswith("HEAVY:"), (group, out)


def test_version_prints_the_installed_version():
    out = _probe(["--version"])
    assert out.startswith("ohs, версия ")


def test_builtin_templates_are_found_from_a_workspace_folder(tmp_path):
    """``python -m core`` puts the current folder first on sys.path; a workspace's own ``templates/`` there
    must not stand in for the toolkit's (it did: the pack failed with a TypeError in a workspace)."""
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "templates").mkdir()  # as every workspace has
    code = "import core.render.environment as e; print(e.BUILTIN_TEMPLATES)"
    found = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    folder = Path(found.stdout.strip())
    assert folder != tmp_path / "templates" and (folder / "suot").is_dir() and (folder / "base").is_dir()
