"""The plugin manager: built-in plugins, third-party plugins from the ``ohs`` entry-point group."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pluggy

from core import hookspecs

#: Built-in plugins, registered in this order. ``core.builtin_hooks`` carries the core's own
#: contributions (its tables, templates, checks), so the core goes through the same hooks.
#: The СУОТ plugin's families are plugins of their own, registered before it: pluggy calls the last
#: registered first, so ``suot`` adds its demo data and lists its kinds before schedule, journals, risks
#: and incidents (the order of the rng draws and of ``ohs docs kinds``).
BUILTIN_PLUGINS: tuple[str, ...] = (
    "core.builtin_hooks",
    "plugins.suot.incidents.hooks",
    "plugins.suot.risks.hooks",
    "plugins.suot.journals.hooks",
    "plugins.suot.schedule.hooks",
    "plugins.suot",
    "plugins.best_practices",
    "plugins.ppe",
    "plugins.contest_specialist",
    "plugins.contest_digital",
)

ENTRY_POINT_GROUP = "ohs"


def disabled_plugins() -> list[str]:
    """Plugin names listed in ``OHS_DISABLE_PLUGINS`` (comma-separated)."""
    return [n.strip() for n in os.environ.get("OHS_DISABLE_PLUGINS", "").split(",") if n.strip()]


def get_plugin_manager(
    *, builtins: tuple[str, ...] = BUILTIN_PLUGINS, entry_points: bool = True
) -> pluggy.PluginManager:
    """Build a fresh plugin manager with the contract, built-ins and installed plugins.

    Built-ins are registered after entry-point plugins; pluggy calls the last registered first,
    so a third-party plugin that must win uses ``tryfirst`` and built-in fallbacks use
    ``trylast``. Blocking happens before loading, so a disabled plugin is never imported.
    """
    pm = pluggy.PluginManager("ohs")
    pm.add_hookspecs(hookspecs)
    for name in disabled_plugins():
        pm.set_blocked(name)
    if entry_points:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    for dotted in builtins:
        if not any(pm.is_blocked(name) for name in _blocking_names(dotted)):
            pm.register(importlib.import_module(dotted), name=dotted)
    # A plugin that consumes hooks of its own declares them (DESIGN: «the consuming plugin declares a
    # hookspec of its own»): its ``HOOKSPECS`` names the modules, added before the pending check so
    # another plugin's implementation of them is verified like any core hook.
    for plugin in pm.get_plugins():
        for dotted in getattr(plugin, "HOOKSPECS", ()):
            pm.add_hookspecs(importlib.import_module(dotted))
    # A hook implementation with a misspelt name would otherwise be silently ignored.
    pm.check_pending()
    return pm


def _blocking_names(dotted: str) -> tuple[str, ...]:
    """Names that disable a built-in: its module path, and for ``plugins.suot.schedule.hooks`` also ``suot``
    and ``plugins.suot`` (a family goes with its plugin)."""
    parts = dotted.split(".")
    if parts[0] == "plugins" and len(parts) > 1:
        return dotted, parts[1], f"plugins.{parts[1]}"
    return dotted, parts[-1]


def plugin_display_name(pm: pluggy.PluginManager, plugin: Any) -> str:
    """Short name for listings: ``suot`` for ``plugins.suot``, the entry-point name otherwise."""
    name = pm.get_name(plugin) or repr(plugin)
    if name.startswith("plugins."):
        return name.split(".", 1)[1].removesuffix(".hooks")
    if name == "core.builtin_hooks":
        return "core"
    return name


def describe_plugins(pm: pluggy.PluginManager) -> list[dict[str, Any]]:
    """Each registered plugin with the hooks it implements and where it comes from.

    A built-in plugin's families (``suot.schedule``…) are registered apart but enabled and disabled with it:
    they are listed in its row (``parts``), their hooks joined to its own.
    """
    dist_of = {id(p): d for p, d in pm.list_plugin_distinfo()}
    rows: dict[str, dict[str, Any]] = {}
    for plugin in pm.get_plugins():
        hooks = {h.name for h in pm.get_hookcallers(plugin) or []}
        dist = dist_of.get(id(plugin))
        name = pm.get_name(plugin) or ""
        shown = plugin_display_name(pm, plugin)
        owner, _, part = shown.partition(".") if name in BUILTIN_PLUGINS else (shown, "", "")
        row = rows.setdefault(owner, {
            "name": owner, "core": name == "core.builtin_hooks", "module": None, "builtin": name in BUILTIN_PLUGINS,
            "version": dist.version if dist else None, "distribution": dist.project_name if dist else None,
            "hooks": set(), "parts": [],
        })
        row["hooks"] |= hooks
        if part:
            row["parts"].append(part)
        else:
            row["module"] = getattr(plugin, "__name__", type(plugin).__name__)
    result = [{**row, "hooks": sorted(row["hooks"]), "parts": sorted(row["parts"])} for row in rows.values()]
    return sorted(result, key=lambda r: (not r["builtin"], r["name"]))


#: Where the built-in plugins' templates live: ``templates/<name>/`` beside ``core`` and ``plugins``.
TEMPLATES_ROOT = Path(__file__).resolve().parent.parent / "templates"


def standard_hooks(
    plugin_file: str, models: str, *, templates: Path | None = None
) -> tuple[Callable[[], list[Path]], Callable[[], list[Path]], Callable[[Callable[[type], None]], None]]:
    """The three hooks every plugin with tables writes alike: ``template_dirs``, ``migration_dirs``, ``register_models``.

    ``plugin_file`` is the plugin package's ``__file__``; ``models`` names its model list as
    ``module:ATTRIBUTE`` (imported only when the hook is called, so loading the plugin stays cheap);
    ``templates`` defaults to ``templates/<package name>/``. Use in the plugin's ``__init__``::

        template_dirs, migration_dirs, register_models = standard_hooks(__file__, "plugins.ppe.models:PPE_MODELS")

    pluggy finds the three by their names and hook markers, as if written out.
    """
    from core.hookspecs import hookimpl

    package_dir = Path(plugin_file).resolve().parent
    name = package_dir.name
    template_dir = templates if templates is not None else TEMPLATES_ROOT / name
    module_name, _, attribute = models.partition(":")

    @hookimpl
    def template_dirs() -> list[Path]:
        return [template_dir]

    @hookimpl
    def migration_dirs() -> list[Path]:
        return [package_dir / "migrations" / "versions"]

    @hookimpl
    def register_models(register: Callable[[type], None]) -> None:
        for model in getattr(importlib.import_module(module_name), attribute):
            register(model)

    template_dirs.__doc__ = f"The plugin's document templates (namespace ``{name}``)."
    migration_dirs.__doc__ = f"The plugin's migration branch (``{name}``)."
    register_models.__doc__ = f"The plugin's tables (``{models}``)."
    return template_dirs, migration_dirs, register_models
