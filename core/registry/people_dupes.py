"""Several rows of one person in one HR file.

1С lists an internal part-timer once per position. Rows are joined only when they carry the same
СНИЛС or the same табельный номер (and the same name); rows that merely share a name and a birth
date, or that share a number but name different people, are listed as errors — the import never
guesses who is who.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from core.registry.names import fold
from core.registry.people_values import personnel_key

if TYPE_CHECKING:
    from core.registry.people_io import PersonRow, RowError

    from core.registry.people_columns import Columns


@dataclass
class Merge:
    """Rows joined into one person: the row kept (the main place of work) and the other rows (part-time)."""

    kept: PersonRow
    others: list[PersonRow]
    reason: str  # «СНИЛС» or «табельный номер»


def _who(row: PersonRow) -> str:
    return " ".join(filter(None, (row.surname, row.name, row.patronymic)))


def merge_duplicates(rows: list[PersonRow], name_column: str, columns: Columns) -> tuple[
        list[PersonRow], list[Merge], list[RowError]]:
    """The rows with each person once, the joins made, and the rows that could not be told apart.

    The row kept is the main place of work (else the first row); the empty cells of the kept row take
    the other rows' values, so a partial second row adds what it knows.
    """
    from core.registry.people_io import RowError

    groups: dict[int, list[PersonRow]] = {}
    owner: dict[tuple[str, str], int] = {}  # ("snils"|"number", value) → group id
    reasons: dict[int, str] = {}
    errors: list[RowError] = []
    for index, row in enumerate(rows):
        links = [("snils", row.snils), ("number", personnel_key(row.personnel_number) if row.personnel_number else None)]
        found = {owner[link] for link in links if link[1] and link in owner}
        if len(found) > 1:  # the СНИЛС points at one group and the number at another
            lines = sorted(groups[g][0].line for g in found)
            errors.append(RowError(row.line, name_column, (
                f"СНИЛС и табельный номер указывают на разных людей (строки {', '.join(map(str, lines))}); "
                "исправьте СНИЛС или табельный номер.")))
            continue
        group = found.pop() if found else index
        if group != index and fold(_who(groups[group][0])) != fold(_who(row)):
            column = columns["snils"][1] if row.snils and ("snils", row.snils) in owner else (
                columns.get("personnel_number", (0, name_column))[1])
            errors.append(RowError(row.line, column, (
                f"тот же СНИЛС или табельный номер, что у {_who(groups[group][0])} в строке {groups[group][0].line}, "
                "а ФИО другие; исправьте СНИЛС или табельный номер.")))
            continue
        if group != index:
            reasons.setdefault(group, "СНИЛС" if row.snils and ("snils", row.snils) in owner else "табельный номер")
        groups.setdefault(group, []).append(row)
        for link in links:
            if link[1]:
                owner.setdefault(link, group)
    people: list[PersonRow] = []
    merges: list[Merge] = []
    for group, members in groups.items():
        if len(members) == 1:
            people.append(members[0])
            continue
        kept = next((m for m in members if m.employment_kind == "main"), members[0])
        others = [m for m in members if m is not kept]
        people.append(_filled(kept, others))
        merges.append(Merge(kept, others, reasons.get(group, "СНИЛС")))
    errors.extend(_namesakes(people, name_column))
    people.sort(key=lambda r: r.line)
    bad = {e.line for e in errors}
    return [p for p in people if p.line not in bad], merges, errors


def _filled(kept: PersonRow, others: list[PersonRow]) -> PersonRow:
    """``kept`` with its empty person-level cells taken from the other rows, which it carries as ``other_jobs``."""
    changes: dict[str, object] = {}
    given = set(kept.given or ())
    for field in ("birth_date", "snils", "email", "gender", "personnel_number", "patronymic"):
        if getattr(kept, field) is None:
            value = next((getattr(o, field) for o in others if getattr(o, field) is not None), None)
            if value is not None:
                changes[field] = value
                given.add(field)
    return replace(kept, **changes, given=frozenset(given), other_jobs=tuple(others))


def _namesakes(people: list[PersonRow], name_column: str) -> list[RowError]:
    """Rows with the same ФИО and birth date not joined by a СНИЛС or number: both are listed."""
    from core.registry.people_io import RowError

    first: dict[tuple[str, object], PersonRow] = {}
    errors: list[RowError] = []
    for row in sorted(people, key=lambda r: r.line):
        if row.birth_date is None:
            continue
        earlier = first.setdefault((fold(_who(row)), row.birth_date), row)
        if earlier is not row:
            reason = (f"{_who(row)} с датой рождения {row.birth_date:%d.%m.%Y} уже есть в строке {earlier.line}; "
                      "если это один человек, укажите в обеих строках один СНИЛС или табельный номер, иначе — "
                      "исправьте ФИО или дату рождения.")
            errors.append(RowError(row.line, name_column, reason))
            errors.append(RowError(earlier.line, name_column, f"те же ФИО и дата рождения, что в строке {row.line}."))
    # An internal part-timer is by definition someone the file already lists: a namesake row not joined to it
    # by a СНИЛС or number would become a second person.
    by_name: dict[str, list[PersonRow]] = {}
    for row in people:
        by_name.setdefault(fold(_who(row)), []).append(row)
    for row in people:
        if row.employment_kind != "internal" or any(e.line == row.line for e in errors):
            continue
        same = [o for o in by_name[fold(_who(row))] if o is not row
                and not (o.birth_date and row.birth_date and o.birth_date != row.birth_date)]
        if same:
            errors.append(RowError(row.line, name_column, (
                f"{_who(row)} — внутреннее совместительство, и те же ФИО в строке {same[0].line}: если это один "
                "человек, укажите в обеих строках один СНИЛС (или табельный номер), иначе исправьте ФИО.")))
    return errors
