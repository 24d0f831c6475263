"""Best practice («передовой опыт»): the register and the quarterly report to the district.

This module holds only hook implementations; heavy imports happen inside them.
"""

from __future__ import annotations

from pathlib import Path

from core.hookspecs import hookimpl

PLUGIN_DIR = Path(__file__).parent
TEMPLATES_DIR = PLUGIN_DIR.parent.parent / "templates" / "best_practices"


@hookimpl
def template_dirs():
    """The plugin's document templates (namespace ``best_practices``)."""
    return [TEMPLATES_DIR]


@hookimpl
def migration_dirs():
    """The plugin's migration branch (``best_practices``)."""
    return [PLUGIN_DIR / "migrations" / "versions"]
