"""Renaming, merging and removing departments, with every reference to them moved along.

A department is referred to by ``department_id`` from the people register, appointments and plugin
tables (risk assessments, control acts, СОУТ workplaces…). Rather than a list that a new plugin
table would escape, the references are found from the database itself: every column with a foreign
key to ``core_department.id``. No journal hashes a department (journals name people), so moving these
ids breaks no chain; ``JOURNAL_GUARD_COLUMNS`` make a merge an error should a journal ever start to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Department, Organization

#: Columns every hash-chained journal table has (core/journal/models.py): a department id there is hashed.
JOURNAL_GUARD_COLUMNS = {"prev_hash", "hash", "seq"}


#: The core's own tables in messages; a plugin's table is named as it is.
_LABELS = {"core_person": "работники (и уволенные)", "core_appointment": "назначения приказом"}

#: The employments mirror the people's departments (and keep the earlier ones): moved along with the people,
#: counted apart, so that a department is «empty» by what it holds now and its history still blocks removal.
EMPLOYMENTS = ("core_employment", "department_id")


@dataclass
class References:
    """Rows pointing at a department, per table and column."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    employments: int = 0  # employments in the department, current and past (see EMPLOYMENTS)

    @property
    def total(self) -> int:
        """All referring rows."""
        return sum(self.counts.values())

    def described(self) -> str:
        """«работники (и уволенные): 3, назначения приказом: 1, другие записи: 5 (suot_sout, …)» for messages."""
        parts = [f"{_LABELS[t]}: {n}" for (t, _c), n in sorted(self.counts.items()) if t in _LABELS]
        other = {t: n for (t, _c), n in self.counts.items() if t not in _LABELS}
        if other:  # a plugin's tables have no Russian name in the core: say how many, and where
            parts.append(f"другие записи: {sum(other.values())} ({', '.join(sorted(other))})")
        return ", ".join(parts)


def _department(session: Session, org: Organization, name: str) -> Department:
    from core.registry.people import find_department

    dept = find_department(session, org, name)
    if dept is None:
        raise NotFoundError(f"Подразделения «{name}» нет; список: ohs people departments.")
    return dept


def _referring_columns(session: Session) -> list[tuple[str, str, bool]]:
    """(table, column, is_journal) for every foreign key to core_department.id (or ``department_id`` column)."""
    from sqlalchemy import inspect

    inspector = inspect(session.connection())
    found = []
    for table in inspector.get_table_names():
        columns = {c["name"] for c in inspector.get_columns(table)}
        referring = {fk["constrained_columns"][0] for fk in inspector.get_foreign_keys(table)
                     if fk.get("referred_table") == "core_department" and len(fk["constrained_columns"]) == 1}
        if table != "core_department" and "department_id" in columns:
            referring.add("department_id")  # a plugin table that names the column by convention but declares no key
        found += [(table, column, JOURNAL_GUARD_COLUMNS <= columns) for column in sorted(referring)]
    return found


def references(session: Session, department_id: int) -> References:
    """How many rows of each table refer to the department."""
    from sqlalchemy import column, func, select, table

    refs = References()
    for name, col, _journal in _referring_columns(session):
        count = session.execute(select(func.count()).select_from(table(name)).where(
            column(col) == department_id)).scalar_one()
        if count and (name, col) == EMPLOYMENTS:
            refs.employments = int(count)
        elif count:
            refs.counts[(name, col)] = int(count)
    return refs


def rename_department(session: Session, org: Organization, old: str, new: str) -> tuple[str, str]:
    """Give a department a new name; (old name, new name). Another department of that name is an error."""
    from core.audit import audit
    from core.registry.people import find_department

    new = " ".join(new.split())
    if not new:
        raise OhsError("Новое название подразделения пустое: укажите его.")
    dept = _department(session, org, old)
    other = find_department(session, org, new)
    if other is not None and other.id != dept.id:
        raise OhsError(f"Подразделение «{other.name}» уже есть; чтобы соединить их: "
                       f"ohs people departments merge \"{dept.name}\" \"{other.name}\".")
    before = dept.name
    if before == new:
        raise OhsError(f"Подразделение уже называется «{new}».")
    dept.name = new
    session.add(dept)
    audit(session, org, "departments.rename", "department", dept.id, old=before, new=new)
    return before, new


def merge_departments(session: Session, org: Organization, source: str, target: str) -> tuple[str, str, References]:
    """Move everything of ``source`` into ``target`` and remove ``source``; (from, into, moved references)."""
    from sqlalchemy import column, table, update

    from core.audit import audit

    src, dst = _department(session, org, source), _department(session, org, target)
    if src.id == dst.id:
        raise OhsError(f"«{source}» и «{target}» — одно подразделение «{src.name}»: соединять нечего.")
    moved = references(session, src.id)
    journals = [t for t, _c, journal in _referring_columns(session) if journal and (t, _c) in moved.counts]
    if journals:
        raise OhsError(f"Подразделение «{src.name}» упомянуто в записях журналов ({', '.join(journals)}), а записи "
                       "журналов не правятся: переименуйте подразделение вместо слияния.")
    session.flush()
    for (name, col) in [*moved.counts, *([EMPLOYMENTS] if moved.employments else [])]:
        session.execute(update(table(name, column(col))).where(column(col) == src.id).values({col: dst.id}))
    session.expire_all()  # rows loaded before the bulk update hold the old id
    from core.storage.models import Department

    session.delete(session.get(Department, src.id))
    audit(session, org, "departments.merge", "department", dst.id, source=src.name, source_id=src.id,
          target=dst.name, moved={f"{t}.{c}": n for (t, c), n in moved.counts.items()},
          employments=moved.employments)
    return src.name, dst.name, moved


def remove_department(session: Session, org: Organization, name: str) -> str:
    """Remove a department nothing refers to (dismissed people count too: their history names it)."""
    from core.audit import audit

    dept = _department(session, org, name)
    refs = references(session, dept.id)
    if refs.total:
        raise OhsError(f"Подразделение «{dept.name}» не пусто (записей: {refs.total} — {refs.described()}); "
                       "перенесите их в другое подразделение: ohs people departments merge "
                       f"\"{dept.name}\" \"НОВОЕ\".")
    if refs.employments:
        raise OhsError(f"Подразделение «{dept.name}» упомянуто в истории должностей работников (переводы, "
                       f"совместительство: {refs.employments}), а история не стирается; соедините его с другим: "
                       f"ohs people departments merge \"{dept.name}\" \"НОВОЕ\".")
    removed = dept.name
    session.delete(dept)
    audit(session, org, "departments.remove", "department", dept.id, name=removed)
    return removed
