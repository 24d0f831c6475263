"""Control of the СУОТ (п. 16 of the school's regulation): acts of the three-stage control and their findings.

п. 16.4: the results of control are recorded in an act; п. 16.5: what is found is corrected at
once. An act is a record: it is never edited. A finding noticed later is added to the act as a new
finding (dated), and a wrong act is corrected by a new act that names it. A finding becomes a
measure of the plan (source «control_act», ``source_ref`` ``control_act:N``).
"""

from __future__ import annotations

import datetime
import functools
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization
    from plugins.suot.risks.links import NewMeasure
    from plugins.suot.risks.models import SuotControlAct, SuotControlFinding

STAGES_DATA = Path(__file__).resolve().parent.parent / "data" / "risk_control_stages.toml"
TITLE = "Акт контроля функционирования системы управления охраной труда"


@functools.cache
def stages() -> dict[int, dict[str, Any]]:
    """Stage number → its name, who holds it, period (when the regulation gives one) and rule."""
    with STAGES_DATA.open("rb") as handle:
        return {int(s["number"]): s for s in tomllib.load(handle)["stage"]}


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _check_person(person, on: datetime.date) -> None:
    if not person.is_active(on):
        gone = (f"{person.short_name} не работал(а) в организации {on:%d.%m.%Y}; контроль проводит "
                "работник, состоящий в штате на дату акта")
        raise OhsError(gone + " (--by).", concerns="by", form=gone + ".")


def add_act(
    session: Session, org: Organization, stage: int, held_on: datetime.date, conducted_by: str, today: datetime.date,
    department: str | None = None, participants: str | None = None, scope: str | None = None,
    conclusion: str | None = None, findings: list[str] = (), corrects: int | None = None,
    requirements: list[str] = (),
) -> SuotControlAct:
    """Record a control act (numbered within its year) with its findings; nothing is written on a refusal.

    ``requirements`` are the requirements violated, one for each finding in the same order (or none at all).
    """
    from sqlmodel import func, select

    from core.audit import audit
    from core.registry.people import get_department, resolve_person
    from plugins.suot.risks.models import SuotControlAct

    if stage not in stages():
        raise OhsError(f"Ступени контроля {stage} нет; допустимы: "
                       + ", ".join(f"{n} — {s['who']}" for n, s in stages().items()) + ".")
    if held_on > today:
        raise OhsError(f"Дата контроля {held_on:%d.%m.%Y} ещё не наступила; укажите дату проведения в --on.",
                       concerns="on", form=f"Дата контроля {held_on:%d.%m.%Y} ещё не наступила; укажите дату "
                                           "проведения.")
    person = resolve_person(session, org, conducted_by)
    _check_person(person, held_on)
    dept = None
    if _clean(department):
        dept = get_department(session, org, department, create=False)
        if dept is None:
            raise NotFoundError(f"Подразделения «{_clean(department)}» нет; посмотрите названия: ohs people list.",
                                concerns="department",
                                form=f"Подразделения «{_clean(department)}» нет; выберите его из списка.")
    if stage == 1 and dept is None:
        first = "Первую ступень контроля проводит руководитель подразделения в своём подразделении: укажите"
        raise OhsError(first + " --department \"…\".", concerns="department", form=first + " подразделение.")
    if requirements and len(requirements) != len(findings):
        raise OhsError(f"Нарушенных требований указано {len(requirements)}, а нарушений {len(findings)}; укажите "
                       "--requirement \"документ, пункт\" для каждого --finding в том же порядке.")
    pairs = [(t, _clean(r)) for t, r in zip((_clean(f) for f in findings), list(requirements) or [None] * len(findings))
             if t]
    texts = [t for t, _ in pairs]
    if not texts and not _clean(conclusion):
        raise OhsError('Акт без нарушений и без заключения пуст; добавьте --finding "…" или '
                       '--conclusion "Нарушений не выявлено".', concerns="findings",
                       form="Акт без нарушений и без заключения пуст; перечислите нарушения или впишите заключение "
                            "«Нарушений не выявлено».")
    if corrects is not None:
        get_act(session, org, corrects)
    year_start, year_end = datetime.date(held_on.year, 1, 1), datetime.date(held_on.year, 12, 31)
    last = session.exec(select(func.max(SuotControlAct.number)).where(
        SuotControlAct.org_id == org.id, SuotControlAct.held_on >= year_start, SuotControlAct.held_on <= year_end,
    )).one()
    act = SuotControlAct(
        org_id=org.id, number=(last or 0) + 1, stage=stage, held_on=held_on, conducted_by_id=person.id,
        department_id=dept.id if dept else None, participants=_clean(participants), scope=_clean(scope),
        conclusion=_clean(conclusion), corrects_id=corrects,
    )
    session.add(act)
    session.flush()
    audit(session, org, "suot.control.add", "suot_control_act", act.id, stage=stage, held_on=held_on,
          number=act.number, by=person.id, findings=len(texts), corrects=corrects)
    for text, requirement in pairs:
        add_finding(session, org, act.id, text, today, requirement=requirement, on=held_on)
    return act


def get_act(session: Session, org: Organization, act_id: int) -> SuotControlAct:
    """The organization's control act with that id, or a message naming ``ohs control list``."""
    from plugins.suot.risks.models import SuotControlAct

    act = session.get(SuotControlAct, act_id)
    if act is None or act.org_id != org.id:
        raise NotFoundError(f"Акта контроля №{act_id} нет; посмотрите номера: ohs control list.")
    return act


def add_finding(session: Session, org: Organization, act_id: int, text: str, today: datetime.date,
                requirement: str | None = None, on: datetime.date | None = None) -> SuotControlFinding:
    """Add a finding to an act, dated ``on`` (the act's date when given with the act, else today).

    The act itself is not changed: a finding added later carries its own date and the act shows it as added.
    """
    from core.audit import audit
    from plugins.suot.risks.models import SuotControlFinding

    act = get_act(session, org, act_id)
    text = _clean(text)
    if not text:
        raise OhsError('Текст нарушения пуст; напишите, что выявлено: --text "Не закреплены брусья".')
    row = SuotControlFinding(org_id=org.id, act_id=act.id, text=text, requirement=_clean(requirement),
                             added_on=on or max(today, act.held_on))
    session.add(row)
    session.flush()
    audit(session, org, "suot.control.finding", "suot_control_finding", row.id, act=act.id, text=text)
    return row


def set_requirement(session: Session, org: Organization, finding_id: int, requirement: str) -> SuotControlFinding:
    """Record the requirement violated on a finding that has none (an old finding); a recorded one is never replaced."""
    from core.audit import audit

    finding = get_finding(session, org, finding_id)
    text = _clean(requirement)
    if not text:
        raise OhsError('Нарушенное требование пусто; укажите документ и пункт: --requirement "…".')
    if finding.requirement:
        raise OhsError(f"У нарушения №{finding.id} требование уже записано («{finding.requirement}»); записанное не "
                       "меняется — исправление оформляется новым актом (ohs control add --corrects).")
    finding.requirement = text
    session.add(finding)
    session.flush()
    audit(session, org, "suot.control.requirement", "suot_control_finding", finding.id, requirement=text)
    return finding


def get_finding(session: Session, org: Organization, finding_id: int) -> SuotControlFinding:
    """The finding with that id, or a message naming ``ohs control show``."""
    from plugins.suot.risks.models import SuotControlFinding

    row = session.get(SuotControlFinding, finding_id)
    if row is None or row.org_id != org.id:
        raise NotFoundError(f"Нарушения №{finding_id} нет; посмотрите номера: ohs control show <номер акта>.")
    return row


def finding_measure(session: Session, org: Organization, finding_id: int, today: datetime.date,
                    new: NewMeasure | None = None, measure_id: int | None = None):
    """Turn a finding into a new measure of the plan, or link an existing measure to it."""
    from plugins.suot.risks.links import measure_for

    finding = get_finding(session, org, finding_id)
    act = get_act(session, org, finding.act_id)
    return measure_for(session, org, f"finding:{finding.id}", today, new, measure_id, "control_act",
                       f"control_act:{act.id}",
                       lambda: f"Акт контроля № {act.number} от {act.held_on:%d.%m.%Y}: {finding.text}")


def list_acts(session: Session, org: Organization, year: int | None = None) -> list[SuotControlAct]:
    """Control acts (of one year) by date."""
    from sqlmodel import select

    from plugins.suot.risks.models import SuotControlAct as A

    query = select(A).where(A.org_id == org.id)
    if year is not None:
        query = query.where(A.held_on >= datetime.date(year, 1, 1), A.held_on <= datetime.date(year, 12, 31))
    return list(session.exec(query.order_by(A.held_on, A.id)))


def findings_of(session: Session, org: Organization, act_ids: list[int]) -> dict[int, list[SuotControlFinding]]:
    """The findings of each act, in the order recorded."""
    from sqlmodel import select

    from plugins.suot.risks.models import SuotControlFinding as F

    found: dict[int, list[SuotControlFinding]] = {i: [] for i in act_ids}
    if act_ids:
        for row in session.exec(select(F).where(F.org_id == org.id, F.act_id.in_(act_ids)).order_by(F.id)):
            found[row.act_id].append(row)
    return found


def acts_json(session: Session, org: Organization, acts: list[SuotControlAct], today: datetime.date,
              on: datetime.date | None = None) -> list[dict[str, Any]]:
    """Acts for ``--json`` and documents: stage, who, where, findings with their measures."""
    from core.storage.models import Person
    from core.registry.people import department_names
    from plugins.suot.risks.links import linked_measures, measure_brief

    findings = findings_of(session, org, [a.id for a in acts])
    measures = linked_measures(session, org, [f"finding:{f.id}" for fs in findings.values() for f in fs], on)
    names = department_names(session, org)
    result = []
    for act in acts:
        person = session.get(Person, act.conducted_by_id)
        stage = stages()[act.stage]
        result.append({
            "id": act.id, "ref": f"control_act:{act.id}", "number": act.number, "stage": act.stage,
            "stage_name": stage["name"], "stage_who": stage["who"], "held_on": act.held_on,
            "conducted_by_id": act.conducted_by_id, "conducted_by": person.short_name if person else None,
            "conducted_by_position": person.position if person else None,
            "department": names.get(act.department_id) if act.department_id else None,
            "participants": act.participants, "scope": act.scope, "conclusion": act.conclusion,
            "corrects_id": act.corrects_id,
            "findings": [{"id": f.id, "text": f.text, "requirement": f.requirement, "added_on": f.added_on,
                          "measures": [measure_brief(m, s, today) for m, s in measures[f"finding:{f.id}"]]}
                         for f in findings[act.id]],
        })
    return result
