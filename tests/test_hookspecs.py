"""The plugin contract: documented hooks, each tested; misspelt hooks fail; plugins can be disabled."""

import inspect
import sys
import textwrap
from pathlib import Path

import pluggy
import pytest

from core import hookspecs
from core.hookspecs import hookimpl
from core.plugins import BUILTIN_PLUGINS, get_plugin_manager

SPECS = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(fn, "ohs_spec")]
TESTS_DIR = Path(__file__).parent


def test_the_contract_has_the_designed_hooks():
    for name in ("register_commands", "register_models", "template_dirs", "document_kinds", "due_items", "checks", "stats"):
        assert name in SPECS


@pytest.mark.parametrize("name", SPECS)
def test_every_hook_is_documented_and_tested(name):
    assert inspect.getdoc(getattr(hookspecs, name)), f"hook {name} has no docstring"
    sources = "\n".join(p.read_text(encoding="utf-8") for p in TESTS_DIR.rglob("test_*.py"))
    assert f"def test_hook_{name}" in sources, f"no test_hook_{name} in tests/"


def test_builtin_plugins_are_registered():
    pm = get_plugin_manager(entry_points=False)
    for dotted in BUILTIN_PLUGINS:
        assert pm.has_plugin(dotted)


def test_misspelt_hook_is_an_error():
    class Typo:
        @hookimpl
        def due_itemz(self, session):
            return []

    pm = get_plugin_manager(entry_points=False)
    pm.register(Typo())
    with pytest.raises(pluggy.PluginValidationError):
        pm.check_pending()


def test_disable_plugins_by_name(monkeypatch):
    monkeypatch.setenv("OHS_DISABLE_PLUGINS", "plugins.best_practices, contest_digital")
    pm = get_plugin_manager(entry_points=False)
    assert not pm.has_plugin("plugins.best_practices")
    assert not pm.has_plugin("plugins.contest_digital")
    assert pm.has_plugin("plugins.suot")


def test_third_party_plugin_is_loaded_from_entry_points(tmp_path, monkeypatch, invoke):
    """A distribution registering under the ``ohs`` group is found and its command appears."""
    (tmp_path / "ohs_hello.py").write_text(
        textwrap.dedent(
            '''
            import click
            from core.hookspecs import hookimpl

            @hookimpl
            def register_commands(cli):
                @cli.command()
                def hello():
                    """Поздороваться."""
                    click.echo("привет")
            '''
        ),
        encoding="utf-8",
    )
    dist = tmp_path / "ohs_hello-1.2.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: ohs-hello\nVersion: 1.2\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[ohs]\nhello = ohs_hello\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        pm = get_plugin_manager()
        assert pm.has_plugin("hello")
        from click.testing import CliRunner

        from core.cli.root import build_cli

        result = CliRunner().invoke(build_cli(pm), ["hello"])
        assert result.output == "привет\n"
        listing = CliRunner().invoke(build_cli(pm), ["plugins", "--json"])
        assert '"distribution": "ohs-hello"' in listing.output
    finally:
        sys.modules.pop("ohs_hello", None)
    # Disabled by its entry-point name, it is never imported.
    monkeypatch.setenv("OHS_DISABLE_PLUGINS", "hello")
    assert not get_plugin_manager().has_plugin("hello")
