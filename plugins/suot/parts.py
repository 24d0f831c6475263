"""The parts of the СУОТ plugin beyond its documents: each part is a module with the same optional functions.

Why: the plugin covers several record families (training, medical exams and СОУТ; risks and
control; incidents; generated journals) that grow independently. Each part is one module under
``plugins/suot/`` that may define any of:

- ``models() -> list[type]`` — its tables;
- ``commands(cli: LazyGroup) -> None`` — its top-level commands, registered with ``cli.add_lazy_command``;
- ``suot_commands(suot_group: click.Group) -> None`` — its subcommands of ``ohs suot`` (added when that group loads);
- ``kinds() -> list[DocumentKind]`` — its document kinds (not part of ``ohs suot pack``);
- ``due_items(session, org, today, until) -> list[DueItem]``;
- ``checks(session, org, today) -> list[Finding]``;
- ``stats(session, org) -> list[tuple[str, str, int]]``;
- ``journals() -> list[Journal]``;
- ``injury_indicators(session, org, year, years, today) -> dict | None``;
- ``person_activity(session, org, person_id, since, until) -> list[dict]``;
- ``describe_record(session, org, ref) -> dict | None``;
- ``demo(session, org, people, rng, years, today) -> None``.

The plugin's hook implementations (``plugins/suot/__init__.py``) call each part that defines the
function; a part whose module does not exist yet is skipped.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from types import ModuleType

#: Part modules in the order their contributions are listed (and their demo data added).
PART_MODULES = (
    "plugins.suot.schedule_part",   # training, knowledge checks, medical exams, СОУТ, deadlines
    "plugins.suot.journal_part",    # generated briefing journals (journal_intro, journal_workplace)
    "plugins.suot.risk_part",       # hazards, risks, control acts, management review
    "plugins.suot.incident_part",   # incidents, injury indicators, Social Fund reference values
)


def parts() -> Iterator[ModuleType]:
    """The part modules that exist, imported."""
    for dotted in PART_MODULES:
        if importlib.util.find_spec(dotted) is not None:
            yield importlib.import_module(dotted)


def each(function: str) -> Iterator:
    """The parts' functions named ``function``, for those parts that define it."""
    for part in parts():
        found = getattr(part, function, None)
        if found is not None:
            yield found


def collect(function: str, *args) -> list:
    """Concatenate the lists returned by every part's ``function(*args)``."""
    return [item for found in each(function) for item in found(*args) or ()]


def first(function: str, *args):
    """The first non-None result of the parts' ``function(*args)``."""
    for found in each(function):
        result = found(*args)
        if result is not None:
            return result
    return None
