"""The demonstration scenario (п. 6.2 of the questionnaire), generated rather than written by hand.

It tells an expert, in plain Russian, what the labour-protection specialist does with the solution on the
demonstration organization and with which result: the account of use comes from every plugin's ``stats``
(templates/contest_digital/usage.xml.j2), the documents from every plugin's ``document_kinds``, and each
document is tried on the workspace's organization to say whether it is made now or which data it needs.
No command lines: the scenario is read by a jury, the commands are in the program's own help.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:

    from core.documents.kinds import BuildRequest

#: This plugin's scenario kind is left out of its own document list (it would try to build itself).
SELF_KIND = "contest_digital_scenario"


def document_readiness(request: BuildRequest) -> list[dict[str, Any]]:
    """Each installed document kind, with what it lacks on this organization (field names, never commands).

    Each kind's context is built in a savepoint that is always rolled back: trying a document
    changes nothing. A refusal that is not about missing data is told as «нужны дополнительные сведения»:
    its message speaks to the user at the terminal, not to a jury.
    """
    from core.documents.kinds import MissingDataError, collect_kinds
    from core.registry.org import role_holder

    session, org = request.session, request.org
    head = role_holder(session, org, "head", request.today)
    rows = []
    for kind in sorted(collect_kinds(request.pm).values(), key=lambda k: (k.plugin, k.key)):
        if kind.key == SELF_KIND:
            continue
        missing: list[str] = []
        if kind.approval != "none" and head is None:
            missing.append("руководитель организации")
        savepoint = session.begin_nested()
        try:
            kind.build(request)
        except MissingDataError as exc:
            missing += [f.title for f in exc.fields]
        except OhsError:
            missing.append("дополнительные сведения")
        finally:
            savepoint.rollback()
        rows.append({"key": kind.key, "title": kind.title, "plugin": kind.plugin, "missing": missing})
    return rows


def scenario_context(request: BuildRequest) -> dict[str, Any]:
    """The scenario's context: the demonstration organization, its use of the solution and the documents."""
    from plugins.contest_digital.facts import collect_facts

    facts = collect_facts(request.session, request.org, request.pm, request.today)
    # ``ohs init --demo``, ``ohs verify`` and ``ohs docs make`` are the core's own commands: always there.
    return {
        "init_demo": True,
        "has": {"verify": True},
        "usage": facts.usage(),
        "documents": document_readiness(request),
    }
