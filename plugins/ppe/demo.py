"""The demo sports school's СИЗ: norms (plugins/ppe/data/demo_norms.toml), sizes, and an issue history.

Every active worker with a norm got each personal item on the later of hiring and the norms' first
day, and a replacement (the worn one written off) every period since; the last issue is placed so
that its replacement falls well after the demo day — except two items, one overdue and one due within
a fortnight, and one item never issued to the most recent hire, so ``ohs due`` shows all three cases.
One «до износа» item was issued under a declaration of conformity that expired three weeks before the
demo day (``ohs due`` and ``ohs check`` show it); every other issue names a certificate valid for years.
"""

from __future__ import annotations

import datetime
import tomllib
from typing import TYPE_CHECKING, Any

from plugins.ppe.due import add_months

if TYPE_CHECKING:
    import pluggy

    from core.context import Context
    from sqlmodel import Session

    from core.storage.models import Organization, Person

CERTIFICATE = "сертификат соответствия ЕАЭС № 0457812"
#: (certificate, days from the demo day to its last valid day): the usual one, and the one that has expired.
CERTIFICATE_VALID_DAYS = 3 * 365
EXPIRED = ("декларация о соответствии ЕАЭС № 0512903", -21)
#: Days from the demo day to the replacement date of the two items shown as due (one overdue, one soon).
DUE_SHIFTS = (-10, 12)
#: The item the most recently hired worker of this position was never given.
MISSING = ("Уборщик служебных помещений", "Халат для защиты от общих производственных загрязнений")


def _load() -> dict[str, Any]:
    from plugins.ppe.regulation import DATA_DIR

    with (DATA_DIR / "demo_norms.toml").open("rb") as fh:
        return tomllib.load(fh)


def _norms(session: Session, org: Organization, data: dict[str, Any], positions: set[str],
           pm: pluggy.PluginManager | None) -> None:
    from plugins.ppe.norms import add_norm_item

    since = datetime.date.fromisoformat(data["valid_from"])
    for norm in data["norm"]:
        if norm["position"] not in positions:
            continue
        for item in norm["item"]:
            add_norm_item(session, org, position=norm["position"], name=item["name"], quantity=item["qty"],
                          period=item["period"], basis=item["basis"], since=since, unit=item["unit"],
                          alternative_of=item.get("alternative_of"), washing=item.get("washing", False),
                          skills=item.get("skills", False), pm=pm)


def _history(person: Person, item: Any, start: datetime.date, today: datetime.date,
             shift: int | None) -> list[dict[str, Any]]:
    """Issue and write-off rows of one person's item up to the demo day (``shift``: days to its due date)."""
    months = item.period_months
    # The last issue: its replacement is due ``shift`` days from today, or 3–5 months after today.
    target_due = today + datetime.timedelta(days=shift if shift is not None else 95 + person.id % 60)
    last = max(start, add_months(target_due, -months))
    if shift is None and add_months(last, months) <= today + datetime.timedelta(days=60):
        return []  # hired too recently for the window to hold; never happens with the demo's periods
    dates, day = [], start
    while day < last:
        dates.append(day)
        day = add_months(day, months)
    dates.append(last)
    rows = []
    base = {"person_id": person.id, "item": item.name, "norm_item_id": item.id, "size": None, "reason": None,
            "certificate": None, "wear_percent": None}
    for index, on in enumerate(dates):
        if index:
            rows.append({**base, "kind": "writeoff", "on": on, "quantity": item.quantity, "wear_percent": 100,
                         "reason": "износ по окончании срока носки"})
        rows.append({**base, "kind": "issue", "on": on, "quantity": item.quantity, "certificate": CERTIFICATE})
    return rows


def _due_soon(active: list[Person], norms: dict, by_norm: dict, newest: Person | None,
              today: datetime.date) -> dict[tuple[int, int], int]:
    """(person id, norm line id) → days to its replacement, for two items of staff hired early enough."""
    chosen: dict[tuple[int, int], int] = {}
    positions: set[str] = set()
    shifts = list(DUE_SHIFTS)
    for person in sorted(active, key=lambda p: (p.hired_on, p.id)):
        if not shifts or person.position not in norms or person.position in positions or person is newest:
            continue
        norm = norms[person.position][-1]
        start = max(person.hired_on, norm.valid_from)
        for item in by_norm.get(norm.id, []):
            if item.period_kind != "months" or item.alternative_of is not None or item.washing:
                continue
            if start < add_months(today + datetime.timedelta(days=shifts[0]), -item.period_months):
                chosen[(person.id, item.id)] = shifts.pop(0)
                positions.add(person.position)
                break
    return chosen


def add_demo_ppe(ctx: Context, people: list[Person]) -> None:
    """Norms, sizes and the issue history of the demo school (deterministic)."""
    session, org, today = ctx.session, ctx.org, ctx.today
    from core.journal import bulk_append
    from plugins.ppe.journal import ppe_spec
    from plugins.ppe.models import PpeCertificate, PpeSize
    from plugins.ppe.norms import all_norms, items_by_norm
    from plugins.ppe.journal import fold_item

    data = _load()
    active = [p for p in people if p.is_active(today)]
    _norms(session, org, data, {p.position for p in people}, ctx.pm)
    norms, by_norm = all_norms(session, org), items_by_norm(session, org)
    newest = max((p for p in active if p.position == MISSING[0]), key=lambda p: (p.hired_on, p.id), default=None)
    chosen = _due_soon(active, norms, by_norm, newest, today)
    expired_until = today + datetime.timedelta(days=EXPIRED[1])
    for text, until in ((CERTIFICATE, today + datetime.timedelta(days=CERTIFICATE_VALID_DAYS)), (EXPIRED[0], expired_until)):
        session.add(PpeCertificate(org_id=org.id, key=fold_item(text), text=text, valid_until=until, added_on=today))
    expired_given = False
    rows: list[dict[str, Any]] = []
    for person in active:
        if person.position not in norms:
            continue
        norm = norms[person.position][-1]
        session.add(PpeSize(org_id=org.id, person_id=person.id, personnel_number=f"{person.id:04d}",
                            height=str(158 + person.id * 7 % 30), clothing=str(44 + person.id * 2 % 14),
                            shoes=str(37 + person.id % 9), headwear=str(54 + person.id % 6), respirator="2",
                            gloves=str(7 + person.id % 4), updated_on=max(person.hired_on, norm.valid_from)))
        start = max(person.hired_on, norm.valid_from)
        for item in by_norm.get(norm.id, []):
            if item.period_kind == "duty" or item.alternative_of is not None:
                continue
            if person is newest and item.name == MISSING[1]:
                continue
            if item.period_kind == "wear":
                expired = not expired_given and start <= expired_until
                expired_given = expired_given or expired
                rows.append({"person_id": person.id, "kind": "issue", "on": start, "item": item.name,
                             "norm_item_id": item.id, "quantity": item.quantity, "size": None,
                             "certificate": EXPIRED[0] if expired else CERTIFICATE, "wear_percent": None,
                             "reason": None})
                continue
            rows.extend(_history(person, item, start, today, chosen.get((person.id, item.id))))
    rows.sort(key=lambda r: (r["on"], r["person_id"], r["kind"] != "writeoff"))
    bulk_append(session, org, ppe_spec(), rows, "ppe.demo")
