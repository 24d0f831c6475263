"""The СУОТ document kinds, one module per group of documents, each with a ``kinds()`` function."""

from __future__ import annotations

import dataclasses
import importlib

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
        kinds.extend(importlib.import_module(f"{__name__}.{name}").kinds())
    return with_default_authors(kinds)


def with_default_authors(kinds: list) -> list:
    """The kinds approved by a grif, developed by default by the person responsible for OSH (printed as
    «Разработал»; the specialist contest counts these documents). Orders, journals and acts keep no author."""
    from plugins.suot.documents.orders import osh_specialists

    return [dataclasses.replace(k, default_authors=osh_specialists)
            if k.approval != "none" and k.default_authors is None else k for k in kinds]
