"""The incidents part of the СУОТ plugin: the incident journal, injury indicators, the Social Fund's values.

The functions below are the part's contributions (see plugins/suot/parts.py); the work is done in
the ``plugins.suot.incidents`` package, imported inside each function so ``ohs --help`` stays light.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.hookspecs import hookimpl

if TYPE_CHECKING:
    from core.payloads import Figure


@hookimpl
def register_models(register) -> None:
    """The incident journal and the reference values."""
    from plugins.suot.incidents.models import INCIDENT_MODELS

    for model in INCIDENT_MODELS:
        register(model)


@hookimpl
def register_commands(cli) -> None:
    """The top-level ``ohs incidents`` group."""
    # The indicator module adds ``indicators`` and ``reference`` to the group, so the group is taken from it.
    cli.add_lazy_command("incidents", "plugins.suot.incidents.indicator_commands:incidents",
                         "Происшествия: несчастные случаи, микротравмы, профзаболевания; показатели Кч и Кт.")


@hookimpl
def document_kinds() -> list:
    """Журнал учёта микроповреждений, журнал регистрации несчастных случаев, извещение о несчастном случае."""
    from plugins.suot.incidents.documents import incident_kinds
    from plugins.suot.documents import with_default_authors

    return with_default_authors(incident_kinds())


@hookimpl
def journals() -> list:
    """The incident journal, for ``ohs verify``."""
    from plugins.suot.incidents.chain import incident_journal

    return [incident_journal()]


@hookimpl
def checks(ctx) -> list:
    """Cases without measures; accidents without the kind of event or the act Н-1."""
    from plugins.suot.incidents.checks import incident_findings

    return incident_findings(ctx.session, ctx.org, ctx.today)


@hookimpl
def stats(ctx) -> list[Figure]:
    """Incidents recorded, in all and by kind."""
    from core.payloads import Figure

    from plugins.suot.incidents.cases import TYPES
    from plugins.suot.incidents.chain import load_cases

    cases = load_cases(ctx.session, ctx.org)
    by_type = {key: 0 for key in TYPES}
    for case in cases:
        by_type[case.fields["type"]] += 1
    return [Figure("incidents", "Происшествий записано", len(cases)),
            *(Figure(f"incidents.{key}", f"— {title}", count) for (key, title), count in
              zip(TYPES.items(), by_type.values(), strict=True))]


@hookimpl
def injury_indicators(ctx, year: int, years: int) -> dict[str, Any] | None:
    """Кч, Кт and the reference values in the hook's shape (core/hookspecs.py)."""
    from plugins.suot.incidents.indicators import injury_indicators as compute

    return compute(ctx.session, ctx.org, year, years, ctx.today)


#: The kinds of investigation evidence by incident kind (micro-traumas are considered, not investigated).
INVESTIGATION_KINDS = {"accident": "investigation.accident", "occupational_disease": "investigation.occupational_disease",
                       "emergency": "investigation.emergency"}


@hookimpl(optionalhook=True)
def person_activity(ctx, person_id: int, since: datetime.date, until: datetime.date) -> list[dict]:
    """Investigations whose commission the person sat on, dated by the act (or closing, or the incident)."""
    from plugins.suot.incidents.chain import load_cases
    from plugins.suot.incidents.views import case_title, date_of, people_index

    people, _departments = people_index(ctx.session, ctx.org)
    found = []
    for case in load_cases(ctx.session, ctx.org):
        kind = INVESTIGATION_KINDS.get(case.fields["type"])
        members = {p.get("person_id") for p in case.fields.get("commission") or ()}
        if kind is None or person_id not in members:
            continue
        on = date_of(case.fields.get("act_date")) or case.closed_on or case.occurred_on
        if since <= on <= until:
            found.append({"kind": kind, "title": f"Расследование: {case_title(case, people)}", "date": on,
                          "ref": case.ref})
    return found


@hookimpl(optionalhook=True)
def describe_record(ctx, ref: str) -> dict[str, Any] | None:
    """``incident:N``: its title and date, or None for other references or a missing case."""
    if not ref.startswith("incident:"):
        return None
    from plugins.suot.incidents.chain import load_cases
    from plugins.suot.incidents.views import case_title, people_index

    try:
        case_no = int(ref.split(":", 1)[1])
    except ValueError:
        return None
    found = load_cases(ctx.session, ctx.org, case_no)
    if not found:
        return None
    people, _departments = people_index(ctx.session, ctx.org)
    return {"ref": found[0].ref, "title": case_title(found[0], people), "date": found[0].occurred_on}


@hookimpl
def demo_data(ctx, people, rng, years) -> None:
    """A few years of micro-traumas, accidents and an emergency for the demo school."""
    from plugins.suot.incidents.demo import add_demo_incidents

    add_demo_incidents(ctx.session, ctx.org, people, years, ctx.today)


@hookimpl
def web_pages() -> list:
    """«Происшествия» (/incidents) of the desk."""
    from plugins.suot.incidents.web import pages

    return pages()
