"""The plugin manager: every built-in, the СУОТ families included, is a pluggy plugin checked by check_pending()."""

from __future__ import annotations

import types

import pluggy
import pytest

from core.hookspecs import hookimpl
from core.plugins import BUILTIN_PLUGINS, get_plugin_manager, plugin_display_name


def test_a_misspelt_hook_in_a_plugin_fails_the_pending_check():
    pm = get_plugin_manager(entry_points=False)
    typo = types.ModuleType("typo_plugin")

    @hookimpl
    def due_itemz(ctx, until):  # the spec is due_items
        return []

    typo.due_itemz = due_itemz
    pm.register(typo, name="typo_plugin")
    with pytest.raises(pluggy.PluginValidationError, match="due_itemz"):
        pm.check_pending()


def test_the_suot_families_are_plugins_of_their_own():
    pm = get_plugin_manager(entry_points=False)
    names = {plugin_display_name(pm, p) for p in pm.get_plugins()}
    assert {"suot", "suot.schedule", "suot.journals", "suot.risks", "suot.incidents"} <= names
    schedule = pm.get_plugin("plugins.suot.schedule.hooks")
    hooks = {h.name for h in pm.get_hookcallers(schedule)}
    assert {"due_items", "checks", "stats", "journals", "document_kinds", "register_models"} <= hooks


def test_disabling_suot_disables_its_families(monkeypatch):
    monkeypatch.setenv("OHS_DISABLE_PLUGINS", "suot")
    pm = get_plugin_manager(entry_points=False)
    registered = {pm.get_name(p) for p in pm.get_plugins()}
    assert not {name for name in BUILTIN_PLUGINS if name.startswith("plugins.suot")} & registered
    assert "plugins.ppe" in registered


def test_no_module_outside_the_context_reads_the_session_info():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = [str(p.relative_to(root)) for folder in ("core", "plugins") for p in (root / folder).rglob("*.py")
                 if "session.info" in p.read_text(encoding="utf-8") and p.name != "context.py"]
    assert offenders == []


def test_no_service_imports_the_command_line():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = []
    for p in [*(root / "core").rglob("*.py"), *(root / "plugins").rglob("*.py")]:
        rel = p.relative_to(root).as_posix()
        # The command line's own modules, the commands of plugins, and the test harness may; and a plugin's
        # ``register_commands`` hook may use the lazy group's helpers (core.cli.lazy) to add its commands.
        # A plugin's steps of ``ohs setup`` (first_run.py) are command-line code like its commands; the desk's
        # «Первый запуск» runs those same steps (core.cli.setup.runner.all_steps) rather than copies of them.
        if (rel.startswith("core/cli/") or "command" in p.name or p.name == "first_run.py"
                or rel in ("core/testing.py", "core/__main__.py", "core/web/routes/setup.py")):
            continue
        text = p.read_text(encoding="utf-8").replace("from core.cli.lazy import", "")
        if "from core.cli" in text:
            offenders.append(rel)
    assert offenders == []
