"""Command groups that import a command's module only when that command is used.

Why: ``ohs --help`` must stay within 2.5× of importing click and pluggy (DESIGN.md), and with four
plugins the command modules alone cost as much as that baseline. A lazy entry keeps the command's
name and its one-line help (what ``--help`` lists); the module is imported when the command runs,
when its own help is asked for, or when something walks the whole tree (:func:`load_all`).
"""

from __future__ import annotations

import importlib
from typing import Any

import click


class LazyGroup(click.Group):
    """A ``click.Group`` whose subcommands may be registered as ``module:attribute`` paths."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, tuple[str, str]] = {}

    def add_lazy_command(self, name: str, import_path: str, short_help: str) -> None:
        """Register ``name``: ``import_path`` names a click command or a function returning one."""
        if name not in self.commands:
            self.lazy[name] = (import_path, short_help)

    def load(self, name: str) -> click.Command | None:
        """The subcommand ``name``, importing it first if it is still lazy."""
        if name not in self.commands and name in self.lazy:
            import_path, short_help = self.lazy.pop(name)
            module_name, _, attribute = import_path.partition(":")
            found = getattr(importlib.import_module(module_name), attribute)
            command = found if isinstance(found, click.Command) else found()
            # The listing shows the registered line whether or not the module was imported.
            command.short_help = short_help
            for hook in _ON_LOAD:
                hook(command)
            self.add_command(command, name)
        return self.commands.get(name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Loaded and lazy subcommands, sorted."""
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The subcommand, imported on first use."""
        return self.load(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help`` without importing lazy commands."""
        rows = []
        for name in self.list_commands(ctx):
            if name in self.lazy:
                rows.append((name, self.lazy[name][1]))
                continue
            command = self.commands[name]
            if not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section(click.core._("Commands")):  # type: ignore[attr-defined]  # rebound by i18n
                formatter.write_dl(rows)


#: Called with every command as it is loaded (the CLI translates metavars this way).
_ON_LOAD: list[Any] = []


def on_load(hook: Any) -> None:
    """Run ``hook(command)`` on each lazily loaded command."""
    if hook not in _ON_LOAD:
        _ON_LOAD.append(hook)


def load_all(command: click.Command) -> click.Command:
    """Import every lazy subcommand under ``command`` (for code that walks the whole tree)."""
    if isinstance(command, LazyGroup):
        for name in list(command.lazy):
            command.load(name)
    if isinstance(command, click.Group):
        for sub in list(command.commands.values()):
            load_all(sub)
    return command


def lazy_group(name: str, help: str) -> LazyGroup:
    """An empty lazy group several plugins can add to (``ohs contest`` holds both contests)."""
    return LazyGroup(name, help=help, short_help=help)


def shared_group(cli: click.Group, name: str, help: str) -> LazyGroup:
    """The group ``name`` under ``cli`` that several plugins add to, created by whichever registers first.

    ``ohs contest`` holds both contest plugins; each calls this and adds its own lazy command to the result.
    """
    group = cli.commands.get(name)
    if group is None:
        group = lazy_group(name, help)
        cli.add_command(group)
    if not isinstance(group, LazyGroup):
        raise TypeError(f"command {name!r} is not a group plugins can share")
    return group
