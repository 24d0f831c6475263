"""Перечень документов по охране труда, которые должны быть в каждом подразделении.

The list is data (``plugins/suot/data/department_documents.toml``: point 18.4 of the school's 2018
regulation, brought up to date). Each document's status comes from the document registry: approved
(with the date), a draft, missing (with the command that makes it), or kept by hand when
ohs-toolkit does not make that document. Wording is in templates/suot/department_documents.xml.j2.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.documents.kinds import BuildRequest, DocumentKind
    from core.storage.models import Organization

TITLE = "Перечень документов по охране труда в структурных подразделениях"
DATA = Path(__file__).parent.parent / "data" / "department_documents.toml"

#: Status codes the template turns into words.
APPROVED, DRAFT, MISSING, MANUAL = "approved", "draft", "missing", "manual"


@cache
def catalogue() -> tuple[dict[str, Any], ...]:
    """The documents every department holds, in list order."""
    with open(DATA, "rb") as fh:
        return tuple(tomllib.load(fh)["document"])


def kind_status(session: Session, org: Organization, kind: str, known_kinds: set[str]) -> dict[str, Any]:
    """The registry status of one kind: approved (with date and version), draft, missing or manual."""
    from core.documents.registry import list_documents

    if not kind or kind not in known_kinds:
        return {"code": MANUAL, "kind": kind, "date": None, "version": None}
    versions = list_documents(session, org, kind)
    approved = [d for d in versions if d.status == "approved"]
    if approved:
        doc = approved[-1]
        return {"code": APPROVED, "kind": kind, "date": doc.approved_on, "version": doc.version}
    drafts = [d for d in versions if d.status == "draft"]
    if drafts:
        return {"code": DRAFT, "kind": kind, "date": drafts[-1].made_on, "version": drafts[-1].version}
    return {"code": MISSING, "kind": kind, "date": None, "version": None}


def build(request: BuildRequest) -> dict[str, Any]:
    """One table per department of the register, with each document's status."""
    from core.documents.kinds import MissingDataError, MissingField, collect_kinds
    from core.registry.org import role_holder
    from core.registry.people import departments, list_people
    from plugins.suot.documents.regulation import level_of

    session, org, today = request.session, request.org, request.today
    depts = departments(session, org)
    missing = []
    head = role_holder(session, org, "head", today)
    if head is None:
        missing.append(MissingField("Руководитель организации (утверждает перечень)", "ohs org set head=<работник>"))
    if not depts:
        missing.append(MissingField("Подразделения (в списке работников)", "ohs people import <файл> или ohs people add …"))
    if missing:
        raise MissingDataError(TITLE, missing)
    known = set(collect_kinds(request.pm))
    statuses = {d.get("kind", ""): kind_status(session, org, d.get("kind", ""), known) for d in catalogue()}
    by_department: dict[int | None, list[Any]] = {}
    for person in list_people(session, org, on=today):  # grouped once: 10,000 people × 70 departments otherwise
        by_department.setdefault(person.department_id, []).append(person)
    result = []
    for dept in depts:
        staff = by_department.get(dept.id, [])
        # The register has no «head of department» flag: a department-head title, else the
        # organization's head when they sit in this department (the administration).
        heads = [p for p in staff if level_of(p.position) == "department_head"] or [
            p for p in staff if head is not None and p.id == head.id]
        keeper = heads[0] if heads else None
        result.append({
            "name": dept.name,
            "positions": sorted({p.position for p in staff}),
            "keeper": {"surname": keeper.surname, "name": keeper.name, "patronymic": keeper.patronymic,
                       "gender": keeper.gender, "position": keeper.position} if keeper else None,
            "documents": [{**d, "status": statuses[d.get("kind", "")]} for d in catalogue()],
        })
    return {"departments": result}


def kinds() -> list[DocumentKind]:
    """The department documents list kind."""
    from core.documents.kinds import DocumentKind

    return [DocumentKind(
        key="department_documents", title=TITLE, template="suot/department_documents.xml.j2", build=build,
        approval="head", grammatical_gender="m", plugin="suot",
    )]
