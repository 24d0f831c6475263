"""Application to the Ministry of Labour contest «Лучший специалист по охране труда» (order 828 of 2021), scored by its criteria.

This module holds only hook implementations; heavy imports happen inside them.
"""

from __future__ import annotations

from pathlib import Path

from core.hookspecs import hookimpl

PLUGIN_DIR = Path(__file__).parent
TEMPLATES_DIR = PLUGIN_DIR.parent.parent / "templates" / "contest_specialist"


@hookimpl
def template_dirs():
    """The plugin's document templates (namespace ``contest_specialist``)."""
    return [TEMPLATES_DIR]


@hookimpl
def migration_dirs():
    """The plugin's migration branch (``contest_specialist``)."""
    return [PLUGIN_DIR / "migrations" / "versions"]
