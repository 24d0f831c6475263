"""The hazard catalogue: the regulation's list (data/hazards.toml, п. 14.5) and the organization's own hazards."""

from __future__ import annotations

import datetime
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization
    from plugins.suot.risks.models import SuotHazard

DATA = Path(__file__).resolve().parent.parent / "data" / "hazards.toml"


@dataclass(frozen=True)
class Hazard:
    """A hazard of the catalogue: its code, group key and wording; ``builtin`` when it comes from the data file."""

    code: str
    group: str
    text: str
    builtin: bool

    def to_json(self, groups: dict[str, str]) -> dict[str, Any]:
        """The hazard for ``--json`` output, with the group's Russian name."""
        return {"code": self.code, "group": self.group, "group_name": groups.get(self.group, self.group),
                "text": self.text, "builtin": self.builtin}


@functools.cache
def catalogue_data() -> dict[str, Any]:
    """The shipped catalogue file, parsed once."""
    with DATA.open("rb") as handle:
        return tomllib.load(handle)


def groups() -> dict[str, str]:
    """Group key → Russian name (in the order of the regulation)."""
    return dict(catalogue_data()["groups"])


def builtin_hazards() -> list[Hazard]:
    """The regulation's hazards."""
    return [Hazard(h["code"], h["group"], h["text"], True) for h in catalogue_data()["hazard"]]


def _own(session: Session, org: Organization) -> list[SuotHazard]:
    from sqlmodel import select

    from plugins.suot.risks.models import SuotHazard

    return list(session.exec(select(SuotHazard).where(SuotHazard.org_id == org.id).order_by(SuotHazard.id)))


def catalogue(session: Session, org: Organization) -> list[Hazard]:
    """Every hazard the organization can assess: the regulation's, its declared activities' (data/activities.toml),
    then its own in the order added."""
    from plugins.suot.activities import hazards

    activities = [Hazard(h["code"], h["group"], h["text"], True) for h in hazards(org)]
    return [*builtin_hazards(), *activities, *(Hazard(h.code, h.group_key, h.text, False) for h in _own(session, org))]


def find_hazard(session: Session, org: Organization, code: str) -> Hazard:
    """The hazard with that code, or a message naming ``ohs risk hazard list``."""
    code = (code or "").strip()
    for hazard in catalogue(session, org):
        if hazard.code == code:
            return hazard
    raise NotFoundError(f"Опасности с кодом «{code}» нет в перечне; посмотрите коды: ohs risk hazard list "
                        "(или добавьте свою: ohs risk hazard add).")


def add_hazard(session: Session, org: Organization, group: str, text: str, today: datetime.date,
               code: str | None = None) -> SuotHazard:
    """Add the organization's own hazard to the catalogue (code ``own.N`` unless given)."""
    from core.audit import audit
    from plugins.suot.risks.models import SuotHazard

    known = groups()
    if group not in known:
        raise OhsError(f"Неизвестная группа опасностей «{group}»; допустимы: {', '.join(known)}.")
    text = " ".join((text or "").split())
    if not text:
        raise OhsError('Текст опасности пуст; напишите его: --text "Опасность падения со спортивного снаряда".')
    existing = catalogue(session, org)
    if any(h.text.casefold() == text.casefold() for h in existing):
        raise OhsError(f"Опасность «{text}» уже есть в перечне; посмотрите её код: ohs risk hazard list.")
    if code is None:
        code = f"own.{sum(1 for h in existing if not h.builtin) + 1}"
    code = code.strip()
    if not code or len(code) > 60 or any(ch.isspace() for ch in code):
        raise OhsError(f"Код опасности «{code}» неудобен: нужен короткий код без пробелов, например own.falls.")
    if any(h.code == code for h in existing):
        raise OhsError(f"Код «{code}» уже занят; выберите другой --code или не указывайте его.")
    row = SuotHazard(org_id=org.id, code=code, group_key=group, text=text, added_on=today)
    session.add(row)
    session.flush()
    audit(session, org, "suot.hazard.add", "suot_hazard", row.id, code=code, group=group, text=text)
    return row
