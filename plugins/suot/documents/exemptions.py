"""Перечень профессий (должностей), освобождённых от первичного и повторного инструктажа.

Only positions meeting all three conditions of REGULATION.md §2.2 (confidence [S]: Rostrud as
reported by buhgalteria.ru) are listed; see plugins/suot/positions.py. The document cites the
Правила обучения (постановление Правительства РФ от 24.12.2021 № 2464, act key ``gov_2464_2021``
in core/obligations/rules/acts.toml). That act has a sunset date in the register, so the list is refused on a
day the register says the Правила are not in force: a document must not cite a lapsed act.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    from core.documents.kinds import BuildRequest, DocumentKind

TITLE = ("Перечень профессий (должностей) работников, освобождённых от прохождения первичного "
         "и повторного инструктажа на рабочем месте")
#: The act the exemption rests on, as keyed in core/obligations/rules/acts.toml.
BASIS_ACT = "gov_2464_2021"


def basis_problem(today: Any) -> str | None:
    """Why the Правила обучения cannot be cited on ``today`` per the acts register, or None if they can."""
    from core.obligations.rules.acts import is_citable, load_acts, status_reason

    act = load_acts()[BASIS_ACT]
    if is_citable(act, today):
        return None
    return (f"основание освобождения — {act.name} — на {today:%d.%m.%Y} по реестру актов не действует "
            f"({status_reason(act, today)}); проверьте на publication.pravo.gov.ru, продлены ли Правила обучения "
            "или чем заменены, и обновите core/obligations/rules/acts.toml")


def check_basis(today: Any) -> None:
    """Refuse when the register says the Правила обучения are not in force on the document date."""
    problem = basis_problem(today)
    if problem:
        raise OhsError(f"Перечень не создан: {problem}.")


def build(request: BuildRequest) -> dict[str, Any]:
    """The positions that qualify on the document date; none qualifying stops the document."""
    from core.documents.kinds import MissingDataError, MissingField
    from core.registry.org import role_holder
    from plugins.suot.positions import exemption_checks

    session, org, today = request.session, request.org, request.today
    check_basis(today)
    checks = exemption_checks(session, org, today)
    qualifying = [c for c in checks if c.qualifies]
    missing = []
    if role_holder(session, org, "head", today) is None:
        missing.append(MissingField("Руководитель организации (утверждает перечень)", "ohs org set head=<работник>"))
    if not qualifying:
        missing.append(MissingField(
            "Должности, отвечающие всем трём условиям (только офисная техника, нет иных источников опасности, "
            "класс условий труда 1 или 2 по СОУТ); почему каждая не подходит — ohs suot exemptions",
            'ohs suot position set "<должность>" --office-only yes --other-hazards no --sout-class 2'))
    if missing:
        raise MissingDataError(TITLE, missing)
    rows = [{"position": c.position, "departments": c.departments, "people": c.people,
             "sout_class": c.fact.sout_class, "sout_date": c.fact.sout_date} for c in qualifying]
    return {"positions": rows}


def kinds() -> list[DocumentKind]:
    """The exemptions list kind (approved by order: «УТВЕРЖДЕН»)."""
    from core.documents.kinds import DocumentKind

    return [DocumentKind(
        key="briefing_exemptions", title=TITLE, template="suot/briefing_exemptions.xml.j2", build=build,
        approval="order", grammatical_gender="m", plugin="suot",
    )]
