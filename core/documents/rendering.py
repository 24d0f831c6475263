"""One document version from its kind, data and date to the markup tree the DOCX writer takes.

Both the draft (``ohs docs make``) and the approved rendering (``ohs docs approve``, which fills the
grif) come from here, so the two differ only where the approval is printed.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy
    from lxml import etree
    from sqlmodel import Session

    from core.documents.context import Approval
    from core.documents.kinds import DocumentKind
    from core.storage.models import Organization, Person
    from core.workspace import Workspace

ACK_TEMPLATE = "base/acknowledgement.xml.j2"


def acknowledgement_rows(people: list[Person]) -> list[dict[str, str]]:
    """Rows of the acknowledgement sheet: name and position, date and signature left blank."""
    return [{"name": p.full_name, "position": p.position} for p in people]


def build_context(kind: DocumentKind, request: Any, context: dict[str, Any]) -> dict[str, Any]:
    """The kind's own context; every missing value, the kind's and the common ones, reported at once."""
    from core.documents.kinds import MissingDataError, MissingField

    missing = []
    if kind.approval != "none" and context["head"] is None:
        # Every approved document names the head who signs or issues the approving order.
        missing.append(MissingField("Руководитель организации", "ohs org set head=РАБОТНИК"))
    try:
        built = kind.build(request)
    except MissingDataError as exc:
        commands = {f.command for f in exc.fields}
        raise MissingDataError(kind.title, [*exc.fields, *(f for f in missing if f.command not in commands)]) from None
    if missing:
        raise MissingDataError(kind.title, missing)
    return built


def render_version(
    session: Session,
    org: Organization,
    pm: pluggy.PluginManager,
    workspace: Workspace,
    kind: DocumentKind,
    version: int,
    made_on: datetime.date,
    number: str | None = None,
    options: dict[str, Any] | None = None,
    authors: list[Person] | None = None,
    approval: Approval | None = None,
) -> etree._Element:
    """The markup of one version as of its date ``made_on`` (with the acknowledgement sheet if the kind has one)."""
    from core.documents.context import common_context
    from core.documents.kinds import BuildRequest
    from core.documents.templates import document_environment
    from core.render.environment import render_markup
    from core.render.markup import parse_markup

    request = BuildRequest(session=session, org=org, today=made_on, workspace=workspace, pm=pm, version=version,
                           number=number, options=options or {})
    context = common_context(session, org, kind, version, made_on, number, authors=authors, approval=approval)
    context.update(build_context(kind, request, context))
    env = document_environment(pm, workspace)
    root = parse_markup(render_markup(env, kind.template, context), kind.template)
    if kind.acknowledge is not None:
        people = kind.acknowledge(session, org, made_on)
        sheet = render_markup(env, ACK_TEMPLATE, {
            **context, "people": acknowledgement_rows(people),
            "title": kind.instrumental_title or None,
        })
        for element in parse_markup(sheet, ACK_TEMPLATE):
            root.append(element)
    return root
