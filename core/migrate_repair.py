"""Kept at this path for the landed revision ``suot_0007``, which imports it (landed revisions are never edited).

The code is in :mod:`core.storage.migrate_repair`.
"""

from core.storage.migrate_repair import TableSpec, ensure_tables

__all__ = ["TableSpec", "ensure_tables"]
