"""The СУОТ part for hazards and risks, control of the system and the management review.

Tables, commands (``ohs risk``, ``ohs control``), document kinds (``risk_map``, ``control_act``,
``management_review``), figures for ``ohs stats``, demo data and ``risk:N``/``control_act:N`` links.
The work itself is in :mod:`plugins.suot.risks`.
"""

from __future__ import annotations

from typing import Any


def models() -> list[type]:
    """Hazards, assessments, control acts, findings, links of measures."""
    from plugins.suot.risks.models import RISK_MODELS

    return list(RISK_MODELS)


def commands(cli) -> None:
    """The top-level ``ohs risk`` and ``ohs control`` groups."""
    cli.add_lazy_command("risk", "plugins.suot.risks.risk_commands:risk_group",
                         "Профессиональные риски: опасности, оценка по матрице 5×5, реестр, меры.")
    cli.add_lazy_command("control", "plugins.suot.risks.control_commands:control_group",
                         "Контроль функционирования СУОТ: акты трёхступенчатого контроля и нарушения.")


def kinds() -> list:
    """The risk map, the control act and the management review."""
    from plugins.suot.risks.documents import kinds as risk_kinds

    return risk_kinds()


def checks(session, org, today) -> list:
    """High and unacceptable risks that have no measure in the plan; control findings without the requirement."""
    from plugins.suot.risks.checks import requirement_findings, risk_findings

    return [*risk_findings(session, org, today), *requirement_findings(session, org, today)]


def stats(session, org) -> list[tuple[str, str, int]]:
    """Hazards assessed (current assessments), all assessment records, control acts and their findings."""
    from sqlmodel import func, select

    from plugins.suot.risks.assessments import current_assessments
    from plugins.suot.risks.models import SuotControlAct, SuotControlFinding, SuotRiskAssessment

    def count(model) -> int:
        return session.exec(select(func.count()).select_from(model).where(model.org_id == org.id)).one()

    return [
        ("suot.risks_assessed", "Оценённых рисков (текущих оценок)", len(current_assessments(session, org))),
        ("suot.risk_assessments", "Записей оценки рисков (с повторными)", count(SuotRiskAssessment)),
        ("suot.control_acts", "Актов контроля функционирования СУОТ", count(SuotControlAct)),
        ("suot.control_findings", "Нарушений, выявленных при контроле", count(SuotControlFinding)),
    ]


def describe_record(session, org, ref: str) -> dict[str, Any] | None:
    """``risk:N`` and ``control_act:N`` as other plugins link to them; None for other or unknown refs."""
    from plugins.suot.risks.describe import describe

    return describe(session, org, ref)


def demo(session, org, people, rng, years, today) -> None:
    """The demo school's hazard register, assessments with measures, and control acts over the years."""
    from plugins.suot.risks.demo import add_demo

    add_demo(session, org, people, rng, years, today)
