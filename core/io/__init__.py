"""Files on disk: what users exchange with other programs, and how the toolkit writes and checks its own.

``core.io.atomic`` writes beside the target and renames into place (after the transaction commits, when
the file belongs to a database change); ``core.io.integrity`` re-reads stored files for ``ohs verify``;
``core.io.tabular``, ``core.io.cells`` and ``core.io.archive`` read and write CSV/XLSX safely (no formulas
from user text, no zip bombs).
"""
