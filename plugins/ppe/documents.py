"""Document kinds: the organization's norms for approval and the personal card of issue.

- ``ppe_norms`` — «Нормы бесплатной выдачи СИЗ и смывающих средств»: every position's current norm
  with the basis of each line, approved by order, with the acknowledgement list of those it covers.
- ``ppe_card`` — the personal card of issue as Приложение № 2 to the Правила 766н: the front side
  (person, sizes, the norm) on a portrait page, the back side (issue and return) on a landscape one;
  one person or several (a department) in one file, each person's card starting on a new page.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.documents.kinds import BuildRequest, DocumentKind
    from core.storage.models import Organization, Person

NORMS_TITLE = "Нормы бесплатной выдачи СИЗ и смывающих средств"
CARD_TITLE = "Личная карточка учета выдачи СИЗ"
WASHING_TITLE = "Личная карточка учета выдачи смывающих средств"
GENDER = {"m": "мужской", "f": "женский", "м": "мужской", "ж": "женский"}


def _norm_rows(session: Session, org: Organization, day: datetime.date,
               pm: pluggy.PluginManager | None) -> list[dict[str, Any]]:
    """Positions with their current lines, as the norms document prints them."""
    from plugins.ppe.hazards import hazard_texts
    from plugins.ppe.norms import basis_text, current_norms, items_by_norm, period_text

    by_norm = items_by_norm(session, org)
    hazards = hazard_texts(session, org, day, pm)
    rows = []
    for norm in current_norms(session, org, day):
        lines = by_norm.get(norm.id, [])
        by_line = {i.line: i for i in lines}
        rows.append({"position": norm.position, "valid_from": norm.valid_from, "items": [{
            "line": i.line, "name": i.name, "quantity": f"{i.quantity} {i.unit}", "period": period_text(i),
            "basis": basis_text(i, hazards), "washing": i.washing,
            "alternative": by_line[i.alternative_of].name if i.alternative_of in by_line else ""} for i in lines]})
    return rows


def build_norms(request: BuildRequest) -> dict[str, Any]:
    """The norms of every position on the document's date; no norm at all stops the document."""
    from core.documents.kinds import MissingDataError, MissingField
    from plugins.ppe.regulation import regulation

    rows = _norm_rows(request.session, request.org, request.today, request.pm)
    if not rows:
        raise MissingDataError(NORMS_TITLE, [MissingField("Нормы выдачи СИЗ хотя бы одной должности",
                                                          "ohs ppe norm add ДОЛЖНОСТЬ --item … --qty … --period … "
                                                          "--basis … --from ДАТА")])
    reg = regulation()
    return {"positions": rows, "rules_act": reg.acts["rules_766n"]["approved_by"],
            "etn_act": reg.acts["etn_767n"]["approved_by"]}


def norm_people(session: Session, org: Organization, day: datetime.date) -> list[Person]:
    """Who must acknowledge the norms: active workers whose position has a norm."""
    from core.registry.people import list_people
    from plugins.ppe.norms import current_norms

    positions = {n.position for n in current_norms(session, org, day)}
    return [p for p in list_people(session, org, on=day) if p.position in positions]


def _card(session: Session, org: Organization, person: Person, day: datetime.date, departments: dict[int, str],
          sizes: Any, held: dict, by_norm: dict, norms: dict, washing_card: bool = False,
          moved: dict | None = None) -> dict[str, Any]:
    """One person's card: front-side fields, the norm lines, and the issue/return rows.

    ``washing_card``: the washing agents' card (Приложение № 3) — only washing lines and their issues;
    otherwise the СИЗ card (Приложение № 2) without them.
    """
    from plugins.ppe.norms import applying, basis_text, period_text

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    versions = norms.get(person.position, [])
    norm = applying(versions, min(day, person.dismissed_on or day))
    lines = [{"name": i.name, "basis": basis_text(i), "unit_period": f"{i.unit}, {period_text(i)}",
              "quantity": str(i.quantity)} for i in (by_norm.get(norm.id, []) if norm else [])
             if i.washing == washing_card]
    rows = []
    # Washing agents have a card of their own (Приложение № 3 to the Правила), not this one.
    washing = {i.id for items in by_norm.values() for i in items if i.washing}
    lots = sorted((lot for h in held.get(person.id, ()) for lot in h.lots
                   if (lot.entry.norm_item_id in washing) == washing_card),
                  key=lambda lot: (lot.entry.on, lot.entry.seq))
    for lot in lots:
        issued = lot.entry
        closings = lot.closed or [(None, 0)]
        for index, (closing, qty) in enumerate(closings):
            first = index == 0
            rows.append({
                "name": issued.item if first else "", "model": text(issued.certificate) if first else "",
                "issued_on": issued.on if first else None, "issued_qty": str(issued.quantity) if first else "",
                "returned_on": closing.on if closing else None, "returned_qty": str(qty) if closing else "",
                "wear": f"{closing.wear_percent}" if closing and closing.wear_percent is not None else "",
                "writeoff": bool(closing and closing.kind == "writeoff"),
            })
    # Only a change the register surely recorded (people edit): an HR import may have changed something else.
    changed_on, sure = (moved or {}).get(person.id, (None, False))
    return {
        "surname": person.surname, "name": person.name, "patronymic": text(person.patronymic),
        "personnel_number": text(sizes and sizes.personnel_number),
        "department": departments.get(person.department_id, "") if person.department_id else "",
        "position": person.position, "hired_on": person.hired_on,
        "transferred_on": changed_on if sure else None,
        "gender": GENDER.get((person.gender or "").lower(), ""), "height": text(sizes and sizes.height),
        "clothing": text(sizes and sizes.clothing), "shoes": text(sizes and sizes.shoes),
        "headwear": text(sizes and sizes.headwear), "respirator": text(sizes and sizes.respirator),
        "gloves": text(sizes and sizes.gloves), "norm": lines, "rows": rows,
    }


def _people_by_ids(session: Session, org: Organization, ids: list[int]) -> list[Person]:
    """The organization's people with those ids, in the given order (queried in chunks: SQLite's variable limit)."""
    from sqlmodel import select

    from core.storage.models import Person

    found: dict[int, Person] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        found.update((p.id, p) for p in session.exec(select(Person).where(Person.org_id == org.id, Person.id.in_(chunk))))
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def build_washing_card(request: BuildRequest) -> dict[str, Any]:
    """Washing agents' cards (Приложение № 3 to the Правила 766н) of the people named, by default everyone with a norm."""
    return build_card(request, washing_card=True)


def build_card(request: BuildRequest, washing_card: bool = False) -> dict[str, Any]:
    """Cards of the people named in the options (``person_ids``), by default everyone with a norm."""
    from core.errors import OhsError
    from core.registry.people import department_names, list_people
    from plugins.ppe.journal import all_entries, holdings
    from plugins.ppe.norms import all_norms, items_by_norm
    from plugins.ppe.regulation import regulation
    from plugins.ppe.sizes import all_sizes

    session, org, day = request.session, request.org, request.today
    norms = all_norms(session, org)
    ids = request.options.get("person_ids")
    if ids:
        people = _people_by_ids(session, org, ids)
        entries = all_entries(session, org, [p.id for p in people]) if len(people) < 500 else all_entries(session, org)
    else:
        people = [p for p in list_people(session, org, on=day) if p.position in norms]
        if washing_card:  # only those whose norm has washing agents
            by_norm_now = items_by_norm(session, org)
            people = [p for p in people if any(i.washing for n in norms[p.position][-1:]
                                               for i in by_norm_now.get(n.id, []))]
        entries = all_entries(session, org)
    if not people:
        raise OhsError("Для личных карточек нет работников: добавьте нормы выдачи СИЗ (ohs ppe norm add) "
                       "или укажите работника: ohs ppe card ФИО.")
    by_norm, sizes = items_by_norm(session, org), all_sizes(session, org)
    held: dict[int, list] = {}
    for (person_id, _item), holding in holdings(entries).items():
        held.setdefault(person_id, []).append(holding)
    departments = department_names(session, org)
    from plugins.ppe.transfer import position_changes

    moved = position_changes(session, org)
    cards = [_card(session, org, p, day, departments, sizes.get(p.id), held, by_norm, norms, washing_card, moved)
             for p in people]
    reg = regulation()
    appendix = reg.card.appendix.replace("Приложение № 2", "Приложение № 3") if washing_card else reg.card.appendix
    return {"cards": cards, "form": {"title": reg.card.title, "appendix": appendix}}


def kinds() -> list[DocumentKind]:
    """The plugin's kinds: norms, the two personal cards, the issue sheet, the skills list."""
    from core.documents.kinds import DocumentKind
    from plugins.ppe.sheets import sheet_kinds

    return [
        *sheet_kinds(),
        DocumentKind(key="ppe_norms", title=NORMS_TITLE, template="ppe/norms.xml.j2", build=build_norms,
                     approval="order", grammatical_gender="pl", acknowledge=norm_people,
                     instrumental_title="с Нормами бесплатной выдачи СИЗ и смывающих средств", plugin="ppe"),
        DocumentKind(key="ppe_card", title=CARD_TITLE, template="ppe/card.xml.j2", build=build_card,
                     approval="none", grammatical_gender="f", plugin="ppe"),
        DocumentKind(key="ppe_washing_card", title=WASHING_TITLE, template="ppe/washing_card.xml.j2",
                     build=build_washing_card, approval="none", grammatical_gender="f", plugin="ppe"),
    ]
