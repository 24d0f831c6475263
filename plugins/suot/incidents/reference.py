"""The Social Fund's reference values by ОКВЭД: b стр (≈ Кч) and c стр (≈ Кт), loaded as data with their act.

REGULATION.md §6: СФР (formerly ФСС) publishes the values every year (Постановление ФСС от 26.05.2022
№ 13 for 2023; приказы СФР since); none are shipped with the toolkit, the user loads the year's
values with the act they come from (``ohs incidents reference set``).
"""

from __future__ import annotations

import decimal
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization
    from plugins.suot.incidents.models import SuotInjuryReference


def _number(value: str, option: str) -> str:
    """A non-negative decimal as canonical text («0,76» accepted as typed)."""
    try:
        number = decimal.Decimal(str(value).strip().replace(",", "."))
    except decimal.InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise OhsError(f"Значение «{value}» не неотрицательное число; укажите, например, {option} 0.76.")
    return str(number)


def set_reference(session: Session, org: Organization, year: int, okved: str, frequency: str, days: str,
                  source: str) -> SuotInjuryReference:
    """Store (or replace) the values of one year and ОКВЭД code after checking every one."""
    from sqlmodel import select

    from core.audit import audit
    from core.registry.validation import normalize_okved
    from plugins.suot.incidents.models import SuotInjuryReference

    if not 2000 <= year <= 2100:
        raise OhsError(f"Год {year} вне допустимого диапазона; укажите год, на который установлены значения.")
    code = normalize_okved(okved)
    frequency, days = _number(frequency, "--frequency"), _number(days, "--days")
    source = " ".join((source or "").split())
    if not source:
        raise OhsError("Укажите акт, из которого взяты значения: --source \"Приказ СФР от … № …\".")
    row = session.exec(select(SuotInjuryReference).where(
        SuotInjuryReference.org_id == org.id, SuotInjuryReference.year == year,
        SuotInjuryReference.okved == code)).first()
    if row is None:
        row = SuotInjuryReference(org_id=org.id, year=year, okved=code, frequency=frequency, days=days, source=source)
    else:
        row.frequency, row.days, row.source = frequency, days, source
    session.add(row)
    session.flush()
    audit(session, org, "incident.reference.set", "suot_injury_reference", row.id, year=year, okved=code,
          frequency=frequency, days=days, source=source)
    return row


def list_references(session: Session, org: Organization) -> list[SuotInjuryReference]:
    """Every stored value, by year and code."""
    from sqlmodel import select

    from plugins.suot.incidents.models import SuotInjuryReference

    return list(session.exec(select(SuotInjuryReference).where(SuotInjuryReference.org_id == org.id)
                             .order_by(SuotInjuryReference.year, SuotInjuryReference.okved)))


def reference_json(row: SuotInjuryReference) -> dict[str, Any]:
    """The hook's shape: numbers as Decimal."""
    return {"year": row.year, "okved": row.okved, "frequency": decimal.Decimal(row.frequency),
            "days": decimal.Decimal(row.days), "source": row.source}


def _prefixes(code: str) -> list[str]:
    """85.41.1 → 85.41.1, 85.41, 85.4, 85: the code and the groups above it."""
    found = [code]
    while len(code) > 2:
        code = code[:-1].rstrip(".")
        if code not in found:
            found.append(code)
    return found


def find_reference(session: Session, org: Organization, year: int,
                   okved: str | None) -> tuple[dict[str, Any] | None, str | None]:
    """The values for ``okved`` (or the nearest group above it) of ``year`` or the latest earlier year, and a note.

    Returns (None, why) when there is no ОКВЭД or no values are loaded for it.
    """
    if not okved:
        return None, "в профиле организации не указан ОКВЭД: ohs org set okved=85.41 (или --okved)"
    rows = [r for r in list_references(session, org) if r.year <= year]
    for code in _prefixes(okved):
        matching = [r for r in rows if r.okved == code]
        if matching:
            best = max(matching, key=lambda r: r.year)
            notes = []
            if code != okved:
                notes.append(f"значения группы {code} (для {okved} не загружены)")
            if best.year != year:
                notes.append(f"значения {best.year} года (для {year} не загружены)")
            return reference_json(best), "; ".join(notes) or None
    return None, (f"значения СФР для ОКВЭД {okved} на {year} год не загружены: ohs incidents reference set "
                  f"--year {year} --okved {okved} --frequency … --days … --source \"…\"")
