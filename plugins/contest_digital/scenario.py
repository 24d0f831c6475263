"""The demonstration scenario (п. 6.2 of the questionnaire), generated rather than written by hand.

The steps come from what is installed: the commands are read from the command-line tree (so a new
plugin's commands appear by themselves), the documents from every plugin's ``document_kinds``, and
each document is tried on the workspace's organization to say whether the demonstration can make it
now or which data it still needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    import click

    from core.documents.kinds import BuildRequest

#: This plugin's scenario kind is left out of its own document list (it would try to build itself).
SELF_KIND = "contest_digital_scenario"


@dataclass(frozen=True)
class CommandInfo:
    """A command of the CLI: its full invocation and the first line of its help."""

    path: str
    help: str


def root_command(pm: Any) -> click.Group:
    """The running ``ohs`` command tree, or one built from the plugin manager outside a command."""
    import click

    ctx = click.get_current_context(silent=True)
    if ctx is not None and isinstance(ctx.find_root().command, click.Group):
        return ctx.find_root().command
    from core.cli import build_cli

    return build_cli(pm)


def _first_line(command: click.Command) -> str:
    text = (command.help or command.short_help or "").strip()
    # «…журнал.» reads badly before «;» in a list: the closing full stop is dropped.
    return text.splitlines()[0].strip().rstrip(".") if text else ""


def leaf_commands(group: click.Group, prefix: str = "ohs") -> list[CommandInfo]:
    """Every runnable command under ``group``, depth first, in alphabetical order."""
    import click

    found = []
    for name in sorted(group.commands):
        command = group.commands[name]
        if command.hidden:
            continue
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            found += leaf_commands(command, path)
        else:
            found.append(CommandInfo(path, _first_line(command)))
    return found


def command_groups(root: click.Group) -> list[dict[str, Any]]:
    """The top-level groups with their commands: the tasks the solution covers, one group per task area."""
    import click

    from core.lazy import load_all

    load_all(root)  # lazy commands are imported so the walk sees them all
    groups = []
    for name in sorted(root.commands):
        command = root.commands[name]
        if isinstance(command, click.Group) and not command.hidden:
            commands = leaf_commands(command, f"ohs {name}")
            if commands:
                groups.append({"name": name, "title": _first_line(command),
                               "commands": [{"path": c.path, "help": c.help} for c in commands]})
    return groups


def has_command(root: click.Group, *path: str) -> bool:
    """Whether ``ohs <path…>`` exists in the tree."""
    import click

    from core.lazy import load_all

    node: Any = load_all(root)
    for name in path:
        if not isinstance(node, click.Group) or name not in node.commands:
            return False
        node = node.commands[name]
    return True


def document_readiness(request: BuildRequest) -> list[dict[str, Any]]:
    """Each installed document kind, with the command that makes it and what it lacks on this organization.

    Each kind's context is built in a savepoint that is always rolled back: trying a document
    changes nothing.
    """
    from core.documents.kinds import MissingDataError, collect_kinds
    from core.org import role_holder

    session, org = request.session, request.org
    head = role_holder(session, org, "head", request.today)
    rows = []
    for kind in sorted(collect_kinds(request.pm).values(), key=lambda k: (k.plugin, k.key)):
        if kind.key == SELF_KIND:
            continue
        missing: list[str] = []
        if kind.approval != "none" and head is None:
            missing.append("Руководитель организации")
        savepoint = session.begin_nested()
        try:
            kind.build(request)
        except MissingDataError as exc:
            missing += [f.title for f in exc.fields]
        except OhsError as exc:
            missing.append(exc.message)
        finally:
            savepoint.rollback()
        rows.append({"key": kind.key, "title": kind.title, "plugin": kind.plugin,
                     "command": f"ohs docs make {kind.key}", "missing": missing})
    return rows


def scenario_context(request: BuildRequest) -> dict[str, Any]:
    """The scenario's context: the demonstration organization, the task areas and the documents."""
    from plugins.contest_digital.facts import collect_facts

    root = root_command(request.pm)
    if not has_command(root, "docs", "make"):
        raise OhsError("В установленной программе нет команды «ohs docs make»: сценарий показа документов не построить.")
    facts = collect_facts(request.session, request.org, request.pm, request.today)
    return {
        "init_demo": has_command(root, "init"),
        "has": {"org_show": has_command(root, "org", "show"), "verify": has_command(root, "verify")},
        "figures": facts.indicators_text().splitlines(),
        "groups": command_groups(root),
        "documents": document_readiness(request),
    }
