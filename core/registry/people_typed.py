"""A worker typed in by hand (``ohs people add`` or the desk's form), checked field by field.

Each value goes through the validator the import uses; a refusal is a :class:`ValidationError` whose
``field`` names the input (``snils``, ``rate``…), so the web form shows it next to that field and the
command line prints the same sentence.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from core.registry.people_io import PersonRow


def _checked(field: str, check: Callable[[], Any]) -> Any:
    try:
        return check()
    except OhsError as exc:
        exc.field = field  # type: ignore[attr-defined]
        raise


def typed_person_row(
    *, full_name: str, position: str, hired_on: datetime.date, department: str | None = None,
    birth_date: datetime.date | None = None, snils: str | None = None, email: str | None = None,
    gender: str | None = None, role: str = "none", personnel_number: str | None = None,
    employment_kind: str | None = None, rate: str | None = None,
) -> PersonRow:
    """The row ``add_person`` records, every value checked and normalised as the import does."""
    from core.registry import people_values
    from core.registry.people_io import PersonRow
    from core.registry.validation import ValidationError, normalize_email, normalize_snils, split_full_name

    surname, name, patronymic = _checked("full_name", lambda: split_full_name(full_name))
    position = " ".join((position or "").split())
    if not position:
        error = ValidationError("Укажите должность (профессию).")
        error.field = "position"  # type: ignore[attr-defined]
        raise error
    return PersonRow(
        line=0, surname=surname, name=name, patronymic=patronymic, birth_date=birth_date,
        position=position, department=department, hired_on=hired_on,
        snils=_checked("snils", lambda: normalize_snils(snils)) if snils else None,
        email=_checked("email", lambda: normalize_email(email)) if email else None,
        osh_role=role, gender=gender,
        personnel_number=_checked("personnel_number", lambda: people_values.personnel_number(personnel_number)),
        employment_kind=employment_kind, rate=_checked("rate", lambda: people_values.rate(rate)),
    )
