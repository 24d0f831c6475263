"""The СУОТ document kinds, one module per group of documents, each with a ``kinds()`` function."""

from __future__ import annotations

import importlib
import importlib.util

#: Modules that contribute kinds, in the order ``ohs docs kinds`` and ``ohs suot pack`` list them.
KIND_MODULES = (
    "regulation",
    "policy",
    "orders",
    "programs",
    "exemptions",
    "instructions",
    "department_documents",
    "measures",
)


def all_kinds() -> list:
    """Every СУОТ document kind."""
    kinds = []
    for name in KIND_MODULES:
        dotted = f"{__name__}.{name}"
        # Modules are added one by one; a kind whose module is not written yet is simply absent.
        if importlib.util.find_spec(dotted) is None:
            continue
        kinds.extend(importlib.import_module(dotted).kinds())
    return kinds
