"""Orders of the СУОТ: the person responsible for OSH, the knowledge-check commission, briefings.

Each order is read back from what ``ohs appoint`` and ``ohs commission add`` recorded: the
document never invents an order number, a date or a name. All wording lives in the templates.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

from core.documents.kinds import DocumentKind, MissingDataError, MissingField
from core.errors import OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.documents.kinds import BuildRequest
    from core.storage.models import Organization, Person

#: Repeat workplace briefing rule in core/obligations/rules/periodicities.toml (6 months, 2464 [S]); an
#: organization may set a shorter period in ohs.toml [rules].
REPEAT_RULE = "repeat_briefing_months"
TRAINING_RULES_ACT = "gov_2464_2021"

APPOINT_HINT = "ohs appoint {role} РАБОТНИК{scope} --order-number … --order-date …"
COMMISSION_HINT = (
    "ohs commission add knowledge_check --order-number … --order-date … --chair РАБОТНИК "
    "--member РАБОТНИК --member РАБОТНИК"
)
MIN_COMMISSION = 3

RESPONSIBLE_TITLE = "Приказ о назначении ответственного за организацию работы по охране труда"
COMMISSION_TITLE = "Приказ о создании комиссии по проверке знания требований охраны труда"
BRIEFINGS_TITLE = "Приказ об организации инструктажей по охране труда"


def training_rules_in_force(on: datetime.date) -> bool:
    """Whether a document dated ``on`` may cite Постановление 2464 by number (``is_citable``).

    Past its sunset (01.09.2026 [C]) with no confirmed extension the register keeps it citable and
    ``ohs check`` asks to verify it. Should the register ever mark it expired, templates refer to
    the procedure set by the Government under ТК РФ ст. 219 instead.
    """
    from core.obligations.rules.acts import is_citable, load_acts

    act = load_acts().get(TRAINING_RULES_ACT)
    return act is not None and is_citable(act, on)


def city_of(address: str | None) -> str | None:
    """«г. Тула» from a postal address, or None when the address names no city."""
    match = re.search(r"(?:^|,\s*)(г\.\s*[^,]+)", address or "")
    return match.group(1).strip() if match else None


def view(session: Session, org: Organization, person: Person) -> Any:
    """A template view of a person (with the department name)."""
    from core.documents.context import person_view
    from core.registry.people import department_names

    return person_view(person, department_names(session, org))


def order_signer(session: Session, org: Organization, on: datetime.date) -> Person:
    """The head who signs an order of that date; refuses a head not in office or not active then."""
    from core.registry.commissions import resolve_signer

    return resolve_signer(session, org, on, None)


def appointments_by_role(request: BuildRequest) -> dict[str, list[tuple[Any, Person]]]:
    """Appointments in force on the document date, grouped by role."""
    from core.registry.commissions import current_appointments

    grouped: dict[str, list[tuple[Any, Person]]] = {}
    for appointment, person in current_appointments(request.session, request.org, request.today):
        grouped.setdefault(appointment.role, []).append((appointment, person))
    return grouped


def _order(number: str, date: datetime.date, signer: Person, request: BuildRequest) -> dict[str, Any]:
    return {
        "number": number, "date": date, "city": city_of(request.org.legal_address),
        "signer": view(request.session, request.org, signer),
    }


def build_order_responsible(request: BuildRequest) -> dict[str, Any]:
    """The current ``osh_responsible`` appointment as the order that made it."""
    found = appointments_by_role(request).get("osh_responsible")
    if not found:
        raise MissingDataError(RESPONSIBLE_TITLE, [MissingField(
            "Ответственный за организацию работы по охране труда",
            APPOINT_HINT.format(role="osh_responsible", scope=""))])
    appointment, person = found[0]
    signer = order_signer(request.session, request.org, appointment.order_date)
    return {
        "order": _order(appointment.order_number, appointment.order_date, signer, request),
        "appointee": view(request.session, request.org, person),
        "from_date": appointment.from_date,
        "training_rules_in_force": training_rules_in_force(request.today),
    }


def build_order_commission(request: BuildRequest) -> dict[str, Any]:
    """The knowledge-check commission in force: its order, chair, deputies, secretary and members."""
    from core.registry.commissions import list_commissions, members_of
    from core.storage.models import Person

    session, org = request.session, request.org
    found = list_commissions(session, org, on=request.today, kind="knowledge_check")
    if not found:
        raise MissingDataError(COMMISSION_TITLE, [MissingField(
            "Комиссия по проверке знания требований охраны труда", COMMISSION_HINT)])
    commission = found[-1]
    members = members_of(session, commission)
    if len(members) < MIN_COMMISSION:
        # Recorded before the rule was enforced, or edited by hand: the order would be unlawful.
        raise OhsError(
            f"В составе комиссии №{commission.id} {len(members)} чел., а Правила обучения по охране труда "
            "требуют не менее трёх человек; создайте новый приказ: " + COMMISSION_HINT + f" --replaces {commission.id}."
        )
    signer = session.get(Person, commission.signed_by_id)
    head = order_signer(session, org, commission.order_date)
    if signer is None or signer.id != head.id:
        raise OhsError(f"Приказ № {commission.order_number} подписал не руководитель на дату приказа; проверьте запись.")
    people = [{"role": m.role, "person": view(session, org, p)} for m, p in members]
    return {
        "order": _order(commission.order_number, commission.order_date, head, request),
        "commission": {"title": commission.title, "valid_from": commission.valid_from,
                       "valid_until": commission.valid_until},
        "chair": next(x["person"] for x in people if x["role"] == "chair"),
        "deputies": [x["person"] for x in people if x["role"] == "deputy"],
        "secretary": next((x["person"] for x in people if x["role"] == "secretary"), None),
        "members": [x["person"] for x in people if x["role"] == "member"],
        "everyone": [x["person"] for x in people],
        "training_rules_in_force": training_rules_in_force(request.today),
    }


def repeat_briefing(request: BuildRequest) -> dict[str, Any]:
    """The repeat-briefing period on the document date: the law's or the organization's stricter one.

    ``ohs.toml`` [rules] ``repeat_briefing_months`` sets it for everyone and
    [rules.positions."Должность"] for one position (the demo school: coaches every 3 months).
    """
    from core.obligations.rules.periodicity import effective_rules

    settings = request.workspace.section("rules")
    rule = effective_rules(settings, request.today)[REPEAT_RULE]
    by_period: dict[str, list[str]] = {}
    for position in (settings.get("positions") or {}):
        special = rule.for_position(position)
        if special is not rule and special.value != rule.value:
            by_period.setdefault(special.period, []).append(position)
    return {"period": rule.period, "value": rule.value, "legal_period": rule.legal_value,
            "positions": [{"period": period, "positions": names} for period, names in by_period.items()]}


def build_order_briefings(request: BuildRequest) -> dict[str, Any]:
    """Who conducts the introductory and workplace briefings, in which departments, and how often."""
    from core.registry.people import department_names, list_people

    session, org = request.session, request.org
    grouped = appointments_by_role(request)
    intro = grouped.get("intro_briefing") or grouped.get("osh_responsible")
    instructors = grouped.get("briefing_instructor") or []
    missing = []
    if not intro:
        missing.append(MissingField("Лицо, проводящее вводный инструктаж",
                                    APPOINT_HINT.format(role="intro_briefing", scope="")))
    if not instructors:
        missing.append(MissingField("Лица, проводящие инструктажи на рабочем месте",
                                    APPOINT_HINT.format(role="briefing_instructor", scope=" --department …")))
    if missing:
        raise MissingDataError(BRIEFINGS_TITLE, missing)
    # The briefing order is the latest order appointing instructors: its number and date head the document.
    latest, _person = max(instructors, key=lambda ap: (ap[0].order_date, ap[0].id))
    signer = order_signer(session, org, latest.order_date)
    names = department_names(session, org)
    rows = [{"department": names.get(a.department_id) if a.department_id else None,
             "person": view(session, org, p)} for a, p in instructors]
    rows.sort(key=lambda r: (r["department"] is None, r["department"] or ""))
    covered = {r["department"] for r in rows}
    staffed = sorted({names[p.department_id] for p in list_people(session, org, on=request.today)
                      if p.department_id in names})
    org_wide = None in covered
    intro_person = view(session, org, intro[0][1])
    acquainted = [intro_person]
    for row in rows:
        if row["person"] not in acquainted:
            acquainted.append(row["person"])
    return {
        "order": _order(latest.order_number, latest.order_date, signer, request),
        "intro": intro_person,
        "acquainted": acquainted,
        "instructors": rows,
        "uncovered": [] if org_wide else [d for d in staffed if d not in covered],
        "repeat": repeat_briefing(request),
        "training_rules_in_force": training_rules_in_force(request.today),
    }


def kinds() -> list[DocumentKind]:
    """The three orders."""
    return [
        DocumentKind(key="order_responsible", title=RESPONSIBLE_TITLE, template="suot/order_responsible.xml.j2",
                     build=build_order_responsible, approval="none", grammatical_gender="m", plugin="suot"),
        DocumentKind(key="order_commission", title=COMMISSION_TITLE, template="suot/order_commission.xml.j2",
                     build=build_order_commission, approval="none", grammatical_gender="m", plugin="suot"),
        DocumentKind(key="order_briefings", title=BRIEFINGS_TITLE, template="suot/order_briefings.xml.j2",
                     build=build_order_briefings, approval="none", grammatical_gender="m", plugin="suot"),
    ]


# ---------------------------------------------------------------- the approving order

APPROVE_TITLE = "Приказ об утверждении локальных нормативных актов по охране труда"
APPROVE_HINT = "ohs suot pack (проекты), затем ohs docs approve НОМЕР… --by РУКОВОДИТЕЛЬ --on ДАТА --order-number N"


def osh_specialists(session: Session, org: Organization, on: datetime.date) -> list[Person]:
    """The person appointed responsible for OSH on that day (the developer of the СУОТ documents by default)."""
    from core.registry.commissions import current_appointments

    return [p for a, p in current_appointments(session, org, on) if a.role == "osh_responsible"][:1]


def _ids(value: Any) -> list[int]:
    """``documents`` option: a list of ids (from ``docs approve``) or «1,2,3» (from ``--param``)."""
    items = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
    try:
        return [int(str(item).strip()) for item in items if str(item).strip()]
    except ValueError:
        raise OhsError("Параметр documents — номера документов через запятую, например documents=3,4,5.") from None


def documents_to_approve(request: BuildRequest) -> list[Any]:
    """The drafts the order approves: those named (``documents``), else the latest draft of each grif kind."""
    from sqlmodel import select

    from core.documents.kinds import collect_kinds
    from core.documents.models import Document

    session, org = request.session, request.org
    kinds = collect_kinds(request.pm)
    if request.options.get("documents"):
        docs = []
        for doc_id in _ids(request.options["documents"]):
            doc = session.get(Document, doc_id)
            if doc is None or doc.org_id != org.id:
                raise OhsError(f"Документа №{doc_id} нет в реестре; посмотрите: ohs docs list.")
            docs.append(doc)
        return docs
    order = list(kinds)
    latest: dict[str, Any] = {}
    # In the order made (ids): with yearly series a version number no longer orders a kind's drafts.
    for doc in session.exec(select(Document).where(Document.org_id == org.id, Document.status == "draft")
                            .order_by(Document.id)):
        kind = kinds.get(doc.kind)
        if kind is not None and kind.approval != "none":
            latest[(doc.kind, doc.period)] = doc
    return sorted(latest.values(), key=lambda d: (order.index(d.kind), d.period))


def _in_force(session: Session, org: Organization, kind: str, period: str = "") -> Any:
    """The version of a kind's series approved now (to be declared no longer in force), or None.

    A yearly document replaces only the approved version of its own year: next year's plan leaves this year's in force.
    """
    from sqlmodel import select

    from core.documents.models import Document

    return session.exec(select(Document).where(Document.org_id == org.id, Document.kind == kind,
                                               Document.period == period, Document.status == "approved")).first()


def build_order_approve(request: BuildRequest) -> dict[str, Any]:
    """The order approving the drafts: their titles, the versions they replace, who acquaints the staff."""
    from core.documents.registry import ACKNOWLEDGE_DAYS, authors_of
    from core.documents.series import period_label
    from core.storage.models import Person

    session, org = request.session, request.org
    docs = documents_to_approve(request)
    if not docs:
        raise MissingDataError(APPROVE_TITLE, [MissingField("Проекты документов для утверждения", APPROVE_HINT)])
    on = request.options.get("on")
    date = datetime.date.fromisoformat(on) if on else None
    signer_id = request.options.get("signer")
    signer = session.get(Person, int(signer_id)) if signer_id else order_signer(session, org, date or request.today)
    replaced = []
    for doc in docs:
        old = _in_force(session, org, doc.kind, doc.period)
        if old is not None and old.id != doc.id:
            replaced.append({"title": old.title + period_label(old), "approved_on": old.approved_on, "order_number": old.order_number})
    responsible = osh_specialists(session, org, date or request.today)
    acquainted: list[Person] = [*responsible]
    for doc in docs:
        acquainted += [p for p in authors_of(session, doc) if p.id not in {a.id for a in acquainted}]
    return {
        "order": {"number": request.number or None, "date": date, "city": city_of(org.legal_address),
                  "signer": view(session, org, signer)},
        "documents": [{"title": d.title + period_label(d), "version": d.version} for d in docs],
        "replaced": replaced,
        "responsible": view(session, org, responsible[0]) if responsible else None,
        "ack_until": date + datetime.timedelta(days=ACKNOWLEDGE_DAYS) if date else None,
        "acquainted": [view(session, org, p) for p in acquainted],
    }


def approving_order_kinds() -> list[DocumentKind]:
    """``order_approve``: made by ``ohs docs approve --order-number``, not part of ``ohs suot pack``."""
    return [DocumentKind(key="order_approve", title=APPROVE_TITLE, template="suot/order_approve.xml.j2",
                         build=build_order_approve, approval="none", grammatical_gender="m", plugin="suot")]
