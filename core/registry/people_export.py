"""``ohs people export`` and the desk's «Выгрузить»: the register (or the part of it a search found) as a file.

One service for both, so the file the browser downloads is the file the command writes: the columns of the
import (it reads back), CSV as Russian Excel opens it or XLSX, written atomically.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

#: The formats a register is written in (the file's suffix).
FORMATS = (".csv", ".xlsx")


def export_people(session: Session, org: Organization, path: Path, *, on: datetime.date, query: str = "",
                  department_id: int | None = None, include_dismissed: bool = False) -> int:
    """Write the workers employed on ``on`` (everyone with ``include_dismissed``) to ``path``; how many.

    ``query`` and ``department_id`` narrow the list as the desk's search does (names starting with each word,
    the department of the main position); without them it is the whole register, as ``ohs people list``.
    """
    from core.registry.people import department_names, person_row
    from core.registry.people_io import write_people_file
    from core.registry.people_search import matching_people

    if path.suffix.lower() not in FORMATS:
        raise OhsError(f"Файл {path.name}: выберите расширение .csv или .xlsx.")
    names = department_names(session, org)
    people = matching_people(session, org, on=on, query=query, department_id=department_id,
                             include_dismissed=include_dismissed)
    write_people_file(path, [person_row(p, names, line=i + 2) for i, p in enumerate(people)])
    return len(people)
