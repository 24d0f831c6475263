"""The СУОТ part for hazards and risks, control of the system and the management review.

Tables, commands (``ohs risk``, ``ohs control``), document kinds (``risk_map``, ``control_act``,
``management_review``), figures for ``ohs stats``, demo data and ``risk:N``/``control_act:N`` links.
The work itself is in :mod:`plugins.suot.risks`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.hookspecs import hookimpl

if TYPE_CHECKING:
    from core.payloads import Figure


@hookimpl
def register_models(register) -> None:
    """Hazards, assessments, control acts, findings, links of measures."""
    from plugins.suot.risks.models import RISK_MODELS

    for model in RISK_MODELS:
        register(model)


@hookimpl
def register_commands(cli) -> None:
    """The top-level ``ohs risk`` and ``ohs control`` groups."""
    cli.add_lazy_command("risk", "plugins.suot.risks.risk_commands:risk_group",
                         "Профессиональные риски: опасности, оценка по матрице 5×5, реестр, меры.")
    cli.add_lazy_command("control", "plugins.suot.risks.control_commands:control_group",
                         "Контроль функционирования СУОТ: акты трёхступенчатого контроля и нарушения.")


@hookimpl
def document_kinds() -> list:
    """The risk map, the control act and the management review."""
    from plugins.suot.risks.documents import kinds as risk_kinds
    from plugins.suot.documents import with_default_authors

    return with_default_authors(risk_kinds())


@hookimpl
def checks(ctx) -> list:
    """High and unacceptable risks that have no measure in the plan; control findings without the requirement."""
    from plugins.suot.risks.checks import requirement_findings, risk_findings

    return [*risk_findings(ctx.session, ctx.org, ctx.today, ctx.workspace),
            *requirement_findings(ctx.session, ctx.org, ctx.today)]


@hookimpl
def stats(ctx) -> list[Figure]:
    """Hazards assessed (current assessments), all assessment records, control acts and their findings."""
    from core.payloads import Figure

    from sqlmodel import func, select

    from plugins.suot.risks.assessments import current_assessments
    from plugins.suot.risks.models import SuotControlAct, SuotControlFinding, SuotRiskAssessment

    def count(model) -> int:
        return ctx.session.exec(select(func.count()).select_from(model).where(model.org_id == ctx.org.id)).one()

    return [
        Figure("suot.risks_assessed", "Оценённых рисков (текущих оценок)", len(current_assessments(ctx.session, ctx.org))),
        Figure("suot.risk_assessments", "Записей оценки рисков (с повторными)", count(SuotRiskAssessment)),
        Figure("suot.control_acts", "Актов контроля функционирования СУОТ", count(SuotControlAct)),
        Figure("suot.control_findings", "Нарушений, выявленных при контроле", count(SuotControlFinding)),
    ]


@hookimpl(optionalhook=True)
def describe_record(ctx, ref: str) -> dict[str, Any] | None:
    """``risk:N`` and ``control_act:N`` as other plugins link to them; None for other or unknown refs."""
    from plugins.suot.risks.describe import describe

    return describe(ctx.session, ctx.org, ref)


@hookimpl
def demo_data(ctx, people, rng, years) -> None:
    """The demo school's hazard register, assessments with measures, and control acts over the years."""
    from plugins.suot.risks.demo import add_demo

    add_demo(ctx.session, ctx.org, people, rng, years, ctx.today)


@hookimpl(optionalhook=True)
def ppe_risk_register(ctx):
    """The hazards and current risks a СИЗ norm's hazard basis names (hook declared by the ppe plugin)."""
    from plugins.suot.risks.ppe_register import ppe_register

    return ppe_register(ctx.session, ctx.org, ctx.today)


@hookimpl
def web_pages() -> list:
    """«Риски» (/risks) and «Производственный контроль» (/control) of the desk."""
    from plugins.suot.risks.web import pages

    return pages()
