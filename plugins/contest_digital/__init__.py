"""Application to the Ministry of Labour contest «Лучшие цифровые решения по охране труда» (order 836 of 2021), scored by its criteria.

This module holds only hook implementations; heavy imports happen inside them.
"""

from __future__ import annotations

from pathlib import Path

from core.hookspecs import hookimpl

PLUGIN_DIR = Path(__file__).parent
TEMPLATES_DIR = PLUGIN_DIR.parent.parent / "templates" / "contest_digital"


@hookimpl
def template_dirs():
    """The plugin's document templates (namespace ``contest_digital``)."""
    return [TEMPLATES_DIR]


@hookimpl
def migration_dirs():
    """The plugin's migration branch (``contest_digital``)."""
    return [PLUGIN_DIR / "migrations" / "versions"]
