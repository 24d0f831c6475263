"""The rows of a printed briefing journal: one query, numbered, with corrections cross-referenced.

Why the rows are the query's own tuples, numbered and with names joined by the database: a large
department's workplace journal holds tens of thousands of entries, and at 10,000 rows the ORM's row
loading, joining names in Python and building a dict per entry (with the template's item lookups)
together took as long as writing the DOCX. The template unpacks each row into named values
(``ROW_FIELDS``); the few corrections travel separately, keyed by entry number. Everything here is
data; the wording of the journal lives in its template.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Department, Organization

#: Sentinel for «people without a department» (department_id NULL).
NO_DEPARTMENT = 0

#: What each row of :func:`journal_rows` holds, in order (the templates unpack rows in this order).
ROW_FIELDS = ("n", "on", "person", "position", "birth_date", "kind", "reason", "instructor", "instructor_position",
              "act", "signature", "id", "seq", "corrects_id")
_N, _ON, _KIND, _ID, _SEQ, _CORRECTS = (ROW_FIELDS.index(name) for name in ("n", "on", "kind", "id", "seq",
                                                                            "corrects_id"))


@dataclass
class JournalVolume:
    """One printed journal: its department (None for the organization-wide intro journal) and entries.

    ``corrections`` maps an entry's number to ``{"corrects": ref or None, "corrected_by": [ref…]}``
    for the entries that correct or are corrected; a ref is ``{"n", "seq", "on", "kind"}`` with
    ``n`` None when the other entry is printed elsewhere.
    """

    department: str | None
    entries: list[tuple] = field(default_factory=list)
    corrections: dict[int, dict[str, Any]] = field(default_factory=dict)
    started: datetime.date | None = None
    ended: datetime.date | None = None


def _full_name(person):
    """«Фамилия Имя Отчество» computed by the database (``||`` works on SQLite and PostgreSQL alike)."""
    from sqlalchemy import func

    return person.surname + " " + person.name + func.coalesce(" " + person.patronymic, "")


def journal_rows(session: Session, org: Organization, kinds: tuple[str, ...], department_id: int | None = None,
                 since: datetime.date | None = None, until: datetime.date | None = None) -> list[tuple]:
    """Entries of these kinds in chain order, numbered 1…N, joined with the worker and the instructor (one query).

    ``department_id``: entries of workers who held an employment in that department on the entry's date
    (a transfer leaves the earlier entries in the old department; a part-timer's entries are in each
    department of theirs), a worker with no employment on that date placed by the register's department;
    ``NO_DEPARTMENT``: the same for employments without a department; None: everyone. The position printed
    is the one held on the entry's date (in that department). Each row holds :data:`ROW_FIELDS`; the
    number is ``row_number()`` over the selected entries (so a period starts at 1), empty texts are ""
    (a template stops on None).
    """
    from sqlalchemy import and_, exists, func, or_, select
    from sqlalchemy.orm import aliased

    from core.journal.briefing_models import Briefing
    from core.storage.models import Employment, Person

    worker, instructor = aliased(Person), aliased(Person)
    in_force = and_(Employment.person_id == Briefing.person_id, Employment.started_on <= Briefing.on,
                    or_(Employment.ended_on.is_(None), Employment.ended_on >= Briefing.on))
    if department_id is None:
        here = Employment.main.is_(True)
    else:
        here = Employment.department_id.is_(None) if department_id == NO_DEPARTMENT else (
            Employment.department_id == department_id)
    held = (select(Employment.position).where(in_force, here)
            .order_by(Employment.main.desc(), Employment.started_on.desc(), Employment.id.desc())
            .limit(1).scalar_subquery())
    query = (
        select(func.row_number().over(order_by=Briefing.seq), Briefing.on, _full_name(worker),
               func.coalesce(held, worker.position), worker.birth_date, Briefing.kind,
               func.coalesce(Briefing.reason, ""), func.coalesce(_full_name(instructor), ""),
               func.coalesce(instructor.position, ""), func.coalesce(Briefing.act, ""), Briefing.signature,
               Briefing.id, Briefing.seq, Briefing.corrects_id)
        .join(worker, worker.id == Briefing.person_id)
        # Outer: an entry carried over from a paper journal may name no instructor (core_0012).
        .outerjoin(instructor, instructor.id == Briefing.instructor_id)
        .where(Briefing.org_id == org.id, Briefing.kind.in_(kinds))
    )
    if department_id is not None:
        registered = worker.department_id.is_(None) if department_id == NO_DEPARTMENT else (
            worker.department_id == department_id)
        query = query.where(or_(exists().where(in_force, here), and_(~exists().where(in_force), registered)))
    if since is not None:
        query = query.where(Briefing.on >= since)
    if until is not None:
        query = query.where(Briefing.on <= until)
    # On the connection: the ORM's per-row loading is not needed for plain columns.
    return in_date_order(list(session.connection().execute(query.order_by(Briefing.seq)).all()))


def in_date_order(rows: list[tuple]) -> list[tuple]:
    """Rows as a paper journal reads: by briefing date, then by entry; each correction right after what it corrects.

    ``rows`` come in chain (entry) order, so a back-filled primary briefing of 16.06 entered after the
    repeat briefings of 11.02 moves to its date. A correction keeps the place of the entry it corrects
    (followed by the other corrections of it, in entry order); the rows are numbered 1…N again.
    """
    by_id = {row[_ID]: row for row in rows}

    def root(row: tuple) -> tuple:
        seen = set()
        while row[_CORRECTS] is not None and row[_CORRECTS] in by_id and row[_ID] not in seen:
            seen.add(row[_ID])
            row = by_id[row[_CORRECTS]]
        return row

    def key(row: tuple) -> tuple:
        first = root(row)
        return (first[_ON], first[_SEQ], row is not first, row[_SEQ])

    ordered = sorted(rows, key=key)
    if all(a is b for a, b in zip(ordered, rows)):
        return rows
    return [(n, *row[1:]) for n, row in enumerate(ordered, 1)]


def _entries_by_id(session: Session, org: Organization, ids: set[int]) -> dict[int, dict[str, Any]]:
    """Entries printed elsewhere (another kind's journal or another period), as refs without a number here."""
    from sqlalchemy import select

    from core.journal.briefing_models import Briefing

    if not ids:
        return {}
    found = session.execute(
        select(Briefing.id, Briefing.seq, Briefing.on, Briefing.kind)
        .where(Briefing.org_id == org.id, Briefing.id.in_(sorted(ids)))
    ).all()
    return {row[0]: {"n": None, "seq": row[1], "on": row[2], "kind": row[3]} for row in found}


def _all_corrections(session: Session, org: Organization) -> list[tuple]:
    """Every correction of the organization's journal: (corrects_id, id, seq, on, kind), in chain order."""
    from sqlalchemy import select

    from core.journal.briefing_models import Briefing

    return list(session.execute(
        select(Briefing.corrects_id, Briefing.id, Briefing.seq, Briefing.on, Briefing.kind)
        .where(Briefing.org_id == org.id, Briefing.corrects_id.is_not(None)).order_by(Briefing.seq)
    ).all())


def build_volume(session: Session, org: Organization, rows: list[tuple], department: str | None,
                 since: datetime.date | None = None, until: datetime.date | None = None) -> JournalVolume:
    """Link every correction in ``rows`` with the entry it corrects, both ways.

    A link inside this journal carries the entry's number here (``n``); an entry printed elsewhere
    carries its date, kind and register number (``seq``). The start and end dates are the ones
    given, else the first and the last entry's.
    """
    number = {row[_ID]: row[_N] for row in rows}
    pointing = {row[_CORRECTS] for row in rows if row[_CORRECTS] is not None}
    inside = {row[_ID]: {"n": row[_N], "seq": row[_SEQ], "on": row[_ON], "kind": row[_KIND]}
              for row in rows if row[_ID] in pointing}
    refs = {**_entries_by_id(session, org, pointing - inside.keys()), **inside}
    corrections: dict[int, dict[str, Any]] = {}
    for row in rows:
        if row[_CORRECTS] is not None:
            corrections.setdefault(row[_N], {"corrects": None, "corrected_by": []})["corrects"] = refs.get(
                row[_CORRECTS])
    for corrects_id, corr_id, corr_seq, corr_on, corr_kind in _all_corrections(session, org):
        if corrects_id in number:
            ref = {"n": number.get(corr_id), "seq": corr_seq, "on": corr_on, "kind": corr_kind}
            corrections.setdefault(number[corrects_id], {"corrects": None, "corrected_by": []})[
                "corrected_by"].append(ref)
    dates = [row[_ON] for row in rows]
    return JournalVolume(department=department, entries=rows, corrections=corrections,
                         started=since or (min(dates) if dates else None),
                         # «Окончен» is filled only when the volume is closed (a period printed with --to);
                         # a running journal's title page leaves it for the hand that closes it.
                         ended=until)


def resolve_department(session: Session, org: Organization, ref: str) -> Department:
    """A department by its number in ``ohs people departments`` or by name (case and ё do not matter)."""
    from core.errors import NotFoundError
    from core.registry.people import departments

    known = departments(session, org)
    wanted = " ".join(ref.split()).lower().replace("ё", "е")
    for dept in known:
        if (wanted.isdigit() and dept.id == int(wanted)) or dept.name.lower().replace("ё", "е") == wanted:
            return dept
    names = "; ".join(d.name for d in known) or "подразделений нет"
    raise NotFoundError(f"Подразделения «{ref}» нет ({names}); список с номерами: ohs people departments.")
