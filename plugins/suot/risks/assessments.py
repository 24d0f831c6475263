"""Risk assessments by workplace (п. 14.4 «б»): probability × severity, measures, residual risk.

An assessment is a record. Assessing the same hazard at the same workplace again adds a new row
that supersedes the previous one, so the register shows the current level and the history shows
how it changed. The level is read from the matrix in force (levels and colours are settings).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization
    from core.workspace import Workspace
    from plugins.suot.risks.links import NewMeasure
    from plugins.suot.risks.matrix import Matrix
    from plugins.suot.risks.models import SuotRiskAssessment

RULE = "Оценка профессиональных рисков (п. 6.1, 14.4 Положения о СУОТ)"


def workplace_label(position: str | None, department: str | None) -> str:
    """«Тренер-преподаватель (Отделение спортивной гимнастики)», or just one of the two."""
    if position and department:
        return f"{position} ({department})"
    return position or department or ""


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _latest(session: Session, org: Organization, code: str, position: str | None,
            department_id: int | None) -> SuotRiskAssessment | None:
    from sqlmodel import select

    from plugins.suot.risks.models import SuotRiskAssessment as R

    query = select(R).where(R.org_id == org.id, R.hazard_code == code)
    query = query.where(R.position == position) if position else query.where(R.position.is_(None))
    query = query.where(R.department_id == department_id) if department_id else query.where(R.department_id.is_(None))
    return session.exec(query.order_by(R.id.desc())).first()


def assess(
    session: Session, org: Organization, hazard_code: str, position: str | None, department: str | None,
    probability: Any, severity: Any, today: datetime.date, on: datetime.date | None = None,
    controls: str | None = None, residual_probability: Any = None, residual_severity: Any = None,
    assessed_by: str | None = None, note: str | None = None, new_measures: list[NewMeasure] = (),
    measure_ids: list[int] = (), workspace: Workspace | None = None,
) -> SuotRiskAssessment:
    """Record an assessment of a hazard at a workplace after every check; it supersedes the previous one."""
    from core.audit import audit
    from core.registry.people import get_department, resolve_person
    from plugins.suot.risks.hazards import find_hazard
    from plugins.suot.risks.links import add_linked, link
    from plugins.suot.risks.matrix import matrix_for
    from plugins.suot.risks.models import SuotRiskAssessment

    matrix = matrix_for(workspace)
    hazard = find_hazard(session, org, hazard_code)
    position = _clean(position)
    dept = None
    if _clean(department):
        dept = get_department(session, org, department, create=False)
        if dept is None:
            raise NotFoundError(f"Подразделения «{_clean(department)}» нет; посмотрите названия: ohs people list "
                                "или укажите только --position.", concerns="department",
                                form=f"Подразделения «{_clean(department)}» нет; выберите его из списка или "
                                     "укажите только должность.")
    if position is None and dept is None:
        raise OhsError("Не указано рабочее место: добавьте --position \"Тренер-преподаватель\" и (или) "
                       "--department \"…\".", concerns="position",
                       form="Не указано рабочее место: впишите должность и (или) выберите подразделение.")
    p = matrix.check(probability, "вероятность", "--probability")
    s = matrix.check(severity, "тяжесть", "--severity")
    rp = rs = None
    if residual_probability is not None or residual_severity is not None:
        if residual_probability is None or residual_severity is None:
            raise OhsError("Остаточный риск задаётся парой: укажите и --residual-probability, и --residual-severity.",
                           form="Остаточный риск задаётся парой: укажите и вероятность, и тяжесть после мер.")
        rp = matrix.check(residual_probability, "вероятность", "--residual-probability")
        rs = matrix.check(residual_severity, "тяжесть", "--residual-severity")
        if rp * rs > p * s:
            higher = (f"Остаточный риск {rp}×{rs}={rp * rs} больше исходного {p}×{s}={p * s}: меры не могут "
                      "повышать риск; проверьте ")
            raise OhsError(higher + "--residual-probability и --residual-severity.",
                           form=higher + "вероятность и тяжесть после мер.")
    on = on or today
    if on > today:
        raise OhsError(f"Дата оценки {on:%d.%m.%Y} ещё не наступила; укажите сегодняшнюю или прошедшую дату в --on.",
                       concerns="on", form=f"Дата оценки {on:%d.%m.%Y} ещё не наступила; укажите сегодняшнюю или "
                                           "прошедшую.")
    previous = _latest(session, org, hazard.code, position, dept.id if dept else None)
    if previous is not None and on < previous.assessed_on:
        earlier = (f"Эта опасность на этом рабочем месте уже оценена {previous.assessed_on:%d.%m.%Y} (риск "
                   f"№{previous.id}); новая оценка не может быть раньше — исправьте ")
        raise OhsError(earlier + "--on.", concerns="on", form=earlier + "дату оценки.")
    assessor = resolve_person(session, org, assessed_by) if _clean(assessed_by) else None
    for number, new in enumerate(new_measures, 1):
        new.check(f"--measure №{number}")
    row = SuotRiskAssessment(
        org_id=org.id, hazard_code=hazard.code, hazard_text=hazard.text, position=position,
        department_id=dept.id if dept else None, probability=p, severity=s, controls=_clean(controls),
        residual_probability=rp, residual_severity=rs, assessed_on=on,
        assessed_by_id=assessor.id if assessor else None, supersedes_id=previous.id if previous else None,
        note=_clean(note),
    )
    session.add(row)
    session.flush()
    audit(session, org, "suot.risk.assess", "suot_risk_assessment", row.id, hazard=hazard.code, position=position,
          department=dept.name if dept else None, probability=p, severity=s, residual=[rp, rs],
          supersedes=row.supersedes_id)
    ref = f"risk:{row.id}"
    level = matrix.level(p, s)
    place = workplace_label(position, dept.name if dept else None)
    analysis = f"Уровень риска «{level.name}» ({p}×{s}={p * s}): {hazard.text} — {place}"
    for new in new_measures:
        add_linked(session, org, ref, new, "risk", ref, analysis, today)
    for measure_id in measure_ids:
        link(session, org, ref, measure_id, today)
    return row


def get_assessment(session: Session, org: Organization, risk_id: int) -> SuotRiskAssessment:
    """The organization's assessment with that number, or a message naming ``ohs risk list``."""
    from plugins.suot.risks.models import SuotRiskAssessment

    row = session.get(SuotRiskAssessment, risk_id)
    if row is None or row.org_id != org.id:
        raise NotFoundError(f"Оценки риска №{risk_id} нет; посмотрите номера: ohs risk list.",
                            form=f"Оценки риска №{risk_id} нет; номера — в реестре рисков («Риски»).")
    return row


def all_assessments(session: Session, org: Organization) -> list[SuotRiskAssessment]:
    """Every assessment ever recorded, in the order recorded."""
    from sqlmodel import select

    from plugins.suot.risks.models import SuotRiskAssessment as R

    return list(session.exec(select(R).where(R.org_id == org.id).order_by(R.id)))


def current_assessments(session: Session, org: Organization, on: datetime.date | None = None,
                        rows: list[SuotRiskAssessment] | None = None) -> list[SuotRiskAssessment]:
    """The latest assessment (on ``on``) of each hazard at each workplace, by workplace and hazard."""
    latest: dict[tuple, SuotRiskAssessment] = {}
    for row in rows if rows is not None else all_assessments(session, org):
        if on is None or row.assessed_on <= on:
            latest[(row.hazard_code, row.position, row.department_id)] = row
    return sorted(latest.values(), key=lambda r: (r.position or "", r.department_id or 0, r.id))


def risk_json(row: SuotRiskAssessment, matrix: Matrix, dept_names: dict[int, str], measures: list[dict],
              groups: dict[str, str], superseded_by: int | None = None) -> dict[str, Any]:
    """An assessment for ``--json`` output: scores, level with colour, residual level, linked measures."""
    level = matrix.level(row.probability, row.severity)
    residual = None
    if row.residual_probability is not None:
        r_level = matrix.level(row.residual_probability, row.residual_severity)
        residual = {"probability": row.residual_probability, "severity": row.residual_severity,
                    "score": row.residual_probability * row.residual_severity, "level": r_level.key,
                    "level_name": r_level.name, "color": r_level.color}
    department = dept_names.get(row.department_id) if row.department_id else None
    group = row.hazard_code.split(".", 1)[0]
    return {
        "id": row.id, "ref": f"risk:{row.id}", "hazard_code": row.hazard_code, "hazard": row.hazard_text,
        "group": group if group in groups else None, "group_name": groups.get(group),
        "position": row.position, "department": department, "workplace": workplace_label(row.position, department),
        "probability": row.probability, "severity": row.severity, "score": row.probability * row.severity,
        "level": level.key, "level_name": level.name, "color": level.color, "controls": row.controls,
        "residual": residual, "assessed_on": row.assessed_on, "assessed_by_id": row.assessed_by_id,
        "supersedes_id": row.supersedes_id, "superseded_by": superseded_by, "current": superseded_by is None,
        "note": row.note, "measures": measures,
    }


def risks_json(session: Session, org: Organization, today: datetime.date, history: bool = False,
               on: datetime.date | None = None, workspace: Workspace | None = None) -> list[dict[str, Any]]:
    """The register for lists and documents: current assessments (or every record with ``history``)."""
    from core.registry.people import department_names
    from plugins.suot.risks.hazards import catalogue, groups
    from plugins.suot.risks.links import linked_measures, measure_brief
    from plugins.suot.risks.matrix import matrix_for

    matrix = matrix_for(workspace)
    every = all_assessments(session, org)
    rows = every if history else current_assessments(session, org, on, every)
    successor = {r.supersedes_id: r.id for r in every if r.supersedes_id}
    # A re-assessment inherits the measures linked to the earlier records of its chain (same hazard,
    # same workplace): the measures were taken for the risk, not for one record of it.
    chains: dict[tuple, list[int]] = {}
    earlier: dict[int, list[int]] = {}
    for r in every:
        chain = chains.setdefault((r.hazard_code, r.position, r.department_id), [])
        chain.append(r.id)
        earlier[r.id] = list(chain)
    measures = linked_measures(session, org, sorted({f"risk:{i}" for r in rows for i in earlier[r.id]}), on)
    names = department_names(session, org)
    group_names = groups()
    own = {h.code: h.group for h in catalogue(session, org)}
    result = []
    for row in rows:
        seen: dict[int, dict] = {}
        for record_id in earlier[row.id]:
            for measure, state in measures[f"risk:{record_id}"]:
                seen.setdefault(measure.id, measure_brief(measure, state, today))
        data = risk_json(row, matrix, names, list(seen.values()), group_names, successor.get(row.id))
        data["group"] = own.get(row.hazard_code, data["group"])
        data["group_name"] = group_names.get(data["group"], data["group_name"])
        result.append(data)
    return result


def add_risk_measure(session: Session, org: Organization, risk_id: int, today: datetime.date,
                     new: NewMeasure | None = None, measure_id: int | None = None,
                     workspace: Workspace | None = None):
    """A measure for an assessed risk without re-assessing it: a new measure of the plan, or a link to one."""
    from core.registry.people import department_names
    from plugins.suot.risks.links import measure_for
    from plugins.suot.risks.matrix import matrix_for

    row = get_assessment(session, org, risk_id)
    ref = f"risk:{row.id}"

    def analysis() -> str:
        level = matrix_for(workspace).level(row.probability, row.severity)
        department = department_names(session, org).get(row.department_id) if row.department_id else None
        return (f"Уровень риска «{level.name}» ({row.probability}×{row.severity}={row.probability * row.severity}): "
                f"{row.hazard_text} — {workplace_label(row.position, department)}")

    return measure_for(session, org, ref, today, new, measure_id, "risk", ref, analysis)
