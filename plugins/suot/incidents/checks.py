"""Findings for ``ohs check`` on the incident journal: what the registers would print as an empty column.

A case with no measure of the plan leaves «Принятые меры» empty in the micro-trauma and accident
registers; an accident without its kind of event or, once closed, without the act Н-1 leaves the
accident register incomplete. Each finding names the command that fills the gap (a correction entry:
the journal is never edited).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.obligations.checks import Finding
    from core.storage.models import Organization


def incident_findings(session: Session, org: Organization, today: datetime.date) -> list[Finding]:
    """A warning per case without a live measure, per accident without the kind of event or the act Н-1."""
    from core.obligations.checks import Finding
    from plugins.suot.incidents.chain import load_cases
    from plugins.suot.incidents.views import case_title, people_index
    from plugins.suot.measures import measures_with_state

    cases = [c for c in load_cases(session, org) if c.occurred_on <= today]
    if not cases:
        return []
    live = {m.id for m, state in measures_with_state(session, org) if state.status != "cancelled"}
    people, _departments = people_index(session, org)
    findings = []
    for case in cases:
        title = case_title(case, people)
        if not any(m in live for m in case.measures):
            findings.append(Finding(
                severity="warning", source="suot", subject=case.ref,
                title=f"Нет мер по устранению причин происшествия № {case.case_no}",
                detail=f"{title}: в журналах графа «Принятые меры» останется пустой.",
                fix=f'ohs incidents correct {case.case_no} --measure-id НОМЕР --reason "указаны принятые меры" '
                    f'(или --measure "…" --measure-deadline … --measure-responsible … --measure-funding …)',
            ))
        if case.fields["type"] != "accident":
            continue
        if not case.fields.get("event"):
            findings.append(Finding(
                severity="warning", source="suot", subject=case.ref,
                title=f"Не указан вид происшествия несчастного случая № {case.case_no}",
                detail=f"{title}: графа «Вид происшествия» журнала регистрации несчастных случаев пуста.",
                fix=f'ohs incidents correct {case.case_no} --event "падение на ровной поверхности" '
                    '--reason "указан вид происшествия по акту Н-1"',
            ))
        if case.status == "closed" and not (case.fields.get("act_number") and case.fields.get("act_date")):
            findings.append(Finding(
                severity="warning", source="suot", subject=case.ref,
                title=f"Не указан акт Н-1 по несчастному случаю № {case.case_no}",
                detail=f"{title}: расследование закрыто, а номер и дата акта о несчастном случае не записаны.",
                fix=f'ohs incidents correct {case.case_no} --act-number НОМЕР --act-date ДАТА '
                    '--reason "указан акт Н-1"',
            ))
    return findings
