"""Two more documents of the plugin: the day's issue sheet and the list of СИЗ that need practical skills.

- ``ppe_issue_sheet`` — «Ведомость выдачи СИЗ» of one day (``--param on=ДАТА``; by default the last day
  with issues up to the document's date): who received what, with a signature line for each.
- ``ppe_skills_list`` — «Перечень СИЗ, применение которых требует практических навыков»: the norm lines
  marked ``--skills``, with the positions and people who use them (for the СИЗ training programme,
  Постановление 2464, REGULATION.md §2.5).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.documents.kinds import BuildRequest, DocumentKind

SHEET_TITLE = "Ведомость выдачи СИЗ"
SKILLS_TITLE = "Перечень СИЗ, применение которых требует практических навыков"


def build_issue_sheet(request: BuildRequest) -> dict[str, Any]:
    """The issues of one day in journal order; a day without issues stops the document naming the option."""
    from sqlmodel import func, select

    from core.documents.kinds import MissingDataError, MissingField
    from core.storage.models import Person
    from core.registry.validation import parse_date
    from plugins.ppe.journal import all_entries, effective
    from plugins.ppe.models import PpeEntry

    session, org = request.session, request.org
    raw = request.options.get("on")
    if raw:
        day = parse_date(raw, field="дата ведомости (on)")
    else:
        day = session.exec(select(func.max(PpeEntry.on)).where(
            PpeEntry.org_id == org.id, PpeEntry.kind == "issue", PpeEntry.on <= request.today)).one()
    issued = [e for e in effective(all_entries(session, org)) if e.kind == "issue" and e.on == day] if day else []
    if not issued:
        when = f" {day:%d.%m.%Y}" if day else ""
        raise MissingDataError(SHEET_TITLE, [MissingField(f"Выдача СИЗ{when}", "ohs ppe issue … или --param on=ДАТА")])
    people = {p.id: p for p in session.exec(select(Person).where(Person.org_id == org.id))}
    rows = [{"name": people[e.person_id].full_name, "position": people[e.person_id].position, "item": e.item,
             "quantity": str(e.quantity), "size": e.size or "", "certificate": e.certificate or ""} for e in issued]
    return {"day": day, "rows": rows}


def build_skills_list(request: BuildRequest) -> dict[str, Any]:
    """Norm lines marked as needing practical skills, with who uses them on the document's date."""
    from core.documents.kinds import MissingDataError, MissingField
    from core.registry.people import list_people
    from plugins.ppe.norms import current_norms, items_by_norm

    session, org, day = request.session, request.org, request.today
    by_norm = items_by_norm(session, org)
    staff = list_people(session, org, on=day)
    rows = []
    for norm in current_norms(session, org, day):
        for item in by_norm.get(norm.id, []):
            if item.skills:
                rows.append({"item": item.name, "position": norm.position,
                             "people": [p.full_name for p in staff if p.position == norm.position]})
    if not rows:
        raise MissingDataError(SKILLS_TITLE, [MissingField("СИЗ, требующие практических навыков",
                                                           "ohs ppe norm add … --skills")])
    return {"items": rows}


def sheet_kinds() -> list[DocumentKind]:
    """The issue sheet and the skills list."""
    from core.documents.kinds import DocumentKind

    return [
        DocumentKind(key="ppe_issue_sheet", title=SHEET_TITLE, template="ppe/issue_sheet.xml.j2",
                     build=build_issue_sheet, approval="none", grammatical_gender="f", plugin="ppe"),
        DocumentKind(key="ppe_skills_list", title=SKILLS_TITLE, template="ppe/skills_list.xml.j2",
                     build=build_skills_list, approval="head", grammatical_gender="m", plugin="ppe"),
    ]
