"""The OSH management system (СУОТ): documents, briefings, training, medical exams, special assessment, risks, incidents and the plan of measures.

This module holds only hook implementations; heavy imports happen inside them.
"""

from __future__ import annotations

from pathlib import Path

from core.hookspecs import hookimpl

PLUGIN_DIR = Path(__file__).parent
TEMPLATES_DIR = PLUGIN_DIR.parent.parent / "templates" / "suot"


@hookimpl
def template_dirs():
    """The plugin's document templates (namespace ``suot``)."""
    return [TEMPLATES_DIR]


@hookimpl
def migration_dirs():
    """The plugin's migration branch (``suot``)."""
    return [PLUGIN_DIR / "migrations" / "versions"]


@hookimpl
def register_commands(cli):
    """The ``ohs suot`` group (``scan`` and what the plugin adds later)."""
    from plugins.suot.commands import suot

    cli.add_command(suot)


@hookimpl
def checks(session, org, today):
    """Registered documents (draft or approved) whose text cites an act not in force today."""
    from plugins.suot.scan import document_findings

    return document_findings(session, org, today)
