"""The organization's norms of free issue of СИЗ and washing agents, per position, versioned by date.

A norm version applies from its ``valid_from`` until the next version of the same position; adding a
line on a later day makes a new version (the earlier lines copied), so what applied on a past day is
never rewritten. Positions are those of the people register: a norm for a position nobody holds is
refused as a typo.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError
from plugins.ppe.models import BASIS_KINDS, PERIOD_KINDS, PpeNorm, PpeNormItem

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.storage.models import Organization

#: Words a user may type for the two periods without a number of months.
PERIOD_WORDS = {"wear": "wear", "до износа": "wear", "duty": "duty", "дежурный": "duty", "дежурные": "duty"}


@dataclass(frozen=True)
class Period:
    """How often an item is issued: ``kind`` in PERIOD_KINDS, ``months`` for ``months``."""

    kind: str
    months: int | None = None


@dataclass(frozen=True)
class Basis:
    """What a norm line rests on: ``kind`` in BASIS_KINDS and the reference (appendix and item, hazard…)."""

    kind: str
    ref: str = ""


def _fold(text: str) -> str:
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").split()).casefold()


def parse_period(text: str) -> Period:
    """«12» (months), «wear»/«до износа», «duty»/«дежурный»; anything else is refused naming --period."""
    value = " ".join(str(text).split()).casefold()
    if value in PERIOD_WORDS:
        return Period(PERIOD_WORDS[value])
    if value.isdigit() and 1 <= int(value) <= 120:
        return Period("months", int(value))
    raise OhsError(f"Срок носки «{text}» (--period) не понят; укажите число месяцев от 1 до 120, «до износа» "
                   "или «дежурный».")


def parse_basis(text: str) -> Basis:
    """``etn:Прил. 1, п. 12``, ``hazard:Падение``, ``sout``, ``own:…``, ``typical_old:…``; refused naming --basis."""
    kind, _, ref = str(text).partition(":")
    kind = kind.strip()
    if kind not in BASIS_KINDS:
        raise OhsError(f"Основание «{text}» (--basis) не понято; укажите одно из: {', '.join(BASIS_KINDS)} — "
                       "например etn:\"Прил. 1, п. 12\" или hazard:\"Падение на скользком полу\".")
    ref = " ".join(ref.split())
    if kind in ("etn", "hazard", "typical_old") and not ref:
        raise OhsError(f"Для основания {kind} (--basis) укажите после двоеточия пункт норм или опасность.")
    return Basis(kind, ref)


def known_positions(session: Session, org: Organization) -> dict[str, str]:
    """Folded position → the position as the people register spells it."""
    from sqlmodel import select

    from core.storage.models import Person

    return {_fold(p): p for p in session.exec(select(Person.position).where(Person.org_id == org.id).distinct())}


def resolve_position(session: Session, org: Organization, text: str) -> str:
    """The position as the register spells it, or a message naming the unknown position."""
    found = known_positions(session, org).get(_fold(text or ""))
    if found is None:
        raise NotFoundError(f"Должности «{text}» (ДОЛЖНОСТЬ) нет ни у одного работника; проверьте написание: "
                            "ohs people list.")
    return found


def norm_versions(session: Session, org: Organization, position: str) -> list[PpeNorm]:
    """Every version of the position's norm, oldest first."""
    from sqlmodel import select

    return list(session.exec(select(PpeNorm).where(PpeNorm.org_id == org.id, PpeNorm.position == position)
                             .order_by(PpeNorm.version)))


def norm_items(session: Session, norm: PpeNorm) -> list[PpeNormItem]:
    """The lines of one norm version in order."""
    from sqlmodel import select

    return list(session.exec(select(PpeNormItem).where(PpeNormItem.norm_id == norm.id).order_by(PpeNormItem.line)))


def norm_on(session: Session, org: Organization, position: str, day: datetime.date) -> PpeNorm | None:
    """The version of the position's norm that applies on ``day``, or None."""
    applying = [n for n in norm_versions(session, org, position) if n.valid_from <= day]
    return applying[-1] if applying else None


def all_norms(session: Session, org: Organization) -> dict[str, list[PpeNorm]]:
    """Position → its versions, oldest first (one query, for due items and documents)."""
    from sqlmodel import select

    found: dict[str, list[PpeNorm]] = {}
    for norm in session.exec(select(PpeNorm).where(PpeNorm.org_id == org.id).order_by(PpeNorm.position, PpeNorm.version)):
        found.setdefault(norm.position, []).append(norm)
    return found


def items_by_norm(session: Session, org: Organization) -> dict[int, list[PpeNormItem]]:
    """Norm id → its lines in order (one query)."""
    from sqlmodel import select

    found: dict[int, list[PpeNormItem]] = {}
    for item in session.exec(select(PpeNormItem).where(PpeNormItem.org_id == org.id)
                             .order_by(PpeNormItem.norm_id, PpeNormItem.line)):
        found.setdefault(item.norm_id, []).append(item)
    return found


def applying(versions: list[PpeNorm], day: datetime.date) -> PpeNorm | None:
    """The version among ``versions`` (oldest first) that applies on ``day``."""
    found = None
    for norm in versions:
        if norm.valid_from <= day:
            found = norm
    return found


def find_item(items: list[PpeNormItem], name: str) -> PpeNormItem | None:
    """The line whose name matches (case and «ё» ignored), or one given by its number («3»)."""
    text = str(name).strip()
    if text.isdigit():
        return next((i for i in items if i.line == int(text)), None)
    return next((i for i in items if _fold(i.name) == _fold(text)), None)


def add_norm_item(session: Session, org: Organization, *, position: str, name: str, quantity: int, period: str,
                  basis: str, since: datetime.date, unit: str = "шт.", alternative_of: int | None = None,
                  washing: bool = False, skills: bool = False,
                  pm: pluggy.PluginManager | None = None) -> tuple[PpeNorm, PpeNormItem]:
    """Add a line to the position's norm applying from ``since`` (a new version when the day is later)."""
    from core.audit import audit

    position = resolve_position(session, org, position)
    name = " ".join((name or "").split())
    if not name:
        raise OhsError("Не указано наименование СИЗ (--item).")
    if quantity is None or quantity < 1:
        raise OhsError("Количество (--qty) должно быть целым числом не меньше 1.")
    parsed_period, parsed_basis = parse_period(period), parse_basis(basis)
    if parsed_basis.kind == "hazard":
        from core.clock import today
        from plugins.ppe.hazards import resolve_hazard

        parsed_basis = Basis("hazard", resolve_hazard(session, org, parsed_basis.ref, today(), pm))
    versions = norm_versions(session, org, position)
    latest = versions[-1] if versions else None
    if latest is not None and since < latest.valid_from:
        raise OhsError(f"Нормы должности «{position}» уже действуют в редакции с {latest.valid_from:%d.%m.%Y}; "
                       f"дата --from {since:%d.%m.%Y} раньше — укажите дату не раньше действующей редакции.")
    if latest is not None and latest.valid_from == since:
        norm, lines = latest, norm_items(session, latest)
    else:
        norm = PpeNorm(org_id=org.id, position=position, version=(latest.version + 1) if latest else 1, valid_from=since)
        session.add(norm)
        session.flush()
        lines = []
        for old in norm_items(session, latest) if latest else []:
            copy = PpeNormItem(**{**old.model_dump(exclude={"id", "norm_id"}), "norm_id": norm.id})
            session.add(copy)
            lines.append(copy)
    if find_item(lines, name) is not None:
        raise OhsError(f"«{name}» (--item) уже есть в нормах должности «{position}»; повторно добавлять не нужно.")
    if alternative_of is not None and not any(i.line == alternative_of for i in lines):
        raise OhsError(f"Строки № {alternative_of} (--or) в нормах должности «{position}» нет; посмотрите: "
                       f"ohs ppe norm show \"{position}\".")
    item = PpeNormItem(org_id=org.id, norm_id=norm.id, line=max((i.line for i in lines), default=0) + 1, name=name,
                       unit=" ".join((unit or "шт.").split()), quantity=quantity, period_kind=parsed_period.kind,
                       period_months=parsed_period.months, basis_kind=parsed_basis.kind, basis_ref=parsed_basis.ref,
                       alternative_of=alternative_of, washing=washing, skills=skills)
    session.add(item)
    session.flush()
    audit(session, org, "ppe.norm.add", "ppe_norm_item", item.id, position=position, version=norm.version,
          item=name, quantity=quantity, period=period, basis=basis, since=since)
    return norm, item


def period_text(item: PpeNormItem) -> str:
    """«12 мес.», «до износа», «дежурный»."""
    if item.period_kind == "months":
        return f"{item.period_months} мес."
    return PERIOD_KINDS[item.period_kind]


def basis_text(item: PpeNormItem, hazards: dict[str, str] | None = None) -> str:
    """The basis as the norms document prints it («Единые типовые нормы, Прил. 1, п. 12»); a hazard's code
    is replaced by its wording when ``hazards`` (code → wording, plugins.ppe.hazards.hazard_texts) knows it."""
    title = BASIS_KINDS[item.basis_kind]
    ref = (hazards or {}).get(item.basis_ref, item.basis_ref) if item.basis_kind == "hazard" else item.basis_ref
    return f"{title}: {ref}" if ref else title


def item_json(item: PpeNormItem) -> dict[str, Any]:
    """One line as plain data."""
    from core.io.json_values import record_view

    return record_view(item, "line name unit quantity period_kind period_months period basis_kind basis_ref basis "
                             "alternative_of washing skills", period=period_text(item), basis=basis_text(item))


def norm_json(session: Session, norm: PpeNorm, items: list[PpeNormItem] | None = None) -> dict[str, Any]:
    """One norm version with its lines."""
    items = norm_items(session, norm) if items is None else items
    return {"position": norm.position, "version": norm.version, "valid_from": norm.valid_from.isoformat(),
            "items": [item_json(i) for i in items]}


def current_norms(session: Session, org: Organization, day: datetime.date) -> list[PpeNorm]:
    """The version applying on ``day`` of every position that has a norm, by position."""
    found = [applying(versions, day) for versions in all_norms(session, org).values()]
    return [n for n in found if n is not None]


def norm_groups(items: list[PpeNormItem]) -> list[list[PpeNormItem]]:
    """Lines grouped with their alternatives («или»): issuing any line of a group satisfies it."""
    groups: dict[int, list[PpeNormItem]] = {}
    parent = {i.line: i.alternative_of for i in items}
    for item in items:
        root = item.line
        seen = set()
        while parent.get(root) is not None and root not in seen:
            seen.add(root)
            root = parent[root]
        groups.setdefault(root, []).append(item)
    return list(groups.values())

