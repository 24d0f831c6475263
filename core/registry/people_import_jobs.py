"""The employments an import adds or moves: part-time positions and transfers.

1С lists an internal part-timer once per position; the reader joins the rows of one person
(core/registry/people_dupes.py) and keeps the other positions on the main row (``PersonRow.other_jobs``).
Here each such position is met with the person's stored part-time employments: the same табельный номер in
another position or department is a transfer of that employment, the same position and department is
nothing new, anything else opens a part-time employment. A part-time employment the file no longer lists is
left as it is: an import never ends an employment (``ohs people dismiss`` does).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.registry.names import fold
from core.registry.people_values import personnel_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlmodel import Session

    from core.registry.people_io import PersonRow
    from core.storage.models import Organization, Person


@dataclass
class JobChange:
    """A part-time position of a file row: opened anew (``employment_id`` None) or moved there (a transfer)."""

    row: PersonRow
    employment_id: int | None = None


def job_text(row: PersonRow) -> str:
    """«Методист, Методический отдел» for messages."""
    return f"{row.position}{', ' + row.department if row.department else ''}"


def plan_jobs(session: Session, person: Person, row: PersonRow, dept_names: dict[int, str]) -> list[JobChange]:
    """The part-time positions of ``row`` that the stored person does not hold yet (none for a person without)."""
    from core.registry.employments import employments

    if not row.other_jobs:
        return []
    open_ones = [e for e in employments(session, person) if not e.main and e.ended_on is None]
    changes = []
    for job in row.other_jobs:
        place = (fold(job.position), fold(job.department))
        same = [e for e in open_ones if (fold(e.position), fold(dept_names.get(e.department_id or 0))) == place]
        if same:
            continue
        numbered = [e for e in open_ones if job.personnel_number and e.personnel_number
                    and personnel_key(e.personnel_number) == personnel_key(job.personnel_number)]
        changes.append(JobChange(job, numbered[0].id if numbered else None))
    return changes


def apply_jobs(session: Session, org: Organization, person: Person, changes: list[JobChange],
               dept_id: Callable[[str | None], int | None], on: datetime.date) -> None:
    """Open the new part-time employments and transfer the moved ones from ``on``."""
    from core.registry.employments import add_part_time, transfer_part_time

    for change in changes:
        if change.employment_id is None:
            add_part_time(session, org, person, change.row, dept_id(change.row.department))
        else:
            transfer_part_time(session, change.employment_id, change.row.position,
                               dept_id(change.row.department), on)


def new_people_jobs(session: Session, org: Organization, added: list[PersonRow], first_new_id: int,
                    dept_id: Callable[[str | None], int | None]) -> None:
    """The part-time employments of people just inserted in bulk (found by СНИЛС or табельный номер)."""
    from sqlmodel import col, select

    from core.registry.employments import add_part_time
    from core.storage.models import Person

    for row in (r for r in added if r.other_jobs):
        query = select(Person).where(Person.org_id == org.id, col(Person.id) >= first_new_id)
        query = query.where(Person.snils == row.snils) if row.snils else query.where(
            Person.personnel_number == row.personnel_number)
        person = session.exec(query).first()
        if person is None:  # the rows were joined by these very values: the person is there
            continue
        for job in row.other_jobs:
            add_part_time(session, org, person, job, dept_id(job.department))

