"""Documents the organization keeps itself: the micro-trauma register, the accident register, the accident notice.

Forms (tagged [K]: working knowledge, not confirmed in REGULATION.md; see the templates' headers):
the micro-trauma register follows the recommended form of приказ Минтруда от 15.09.2021 № 632н,
the accident register form 9 and the notice form 1 of приказ Минтруда от 20.04.2022 № 223н. The
wording is in templates/suot/{microtrauma_register,accident_register,accident_notice}.xml.j2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.documents.kinds import BuildRequest, DocumentKind
    from plugins.suot.incidents.chain import Case

MICROTRAUMA_TITLE = "Журнал учёта микроповреждений (микротравм) работников"
ACCIDENT_TITLE = "Журнал регистрации несчастных случаев на производстве"
NOTICE_TITLE = "Извещение о несчастном случае на производстве"


def _measure_texts(session, org, cases: list[Case], on) -> dict[int, str]:
    """The text of each measure linked to the cases, with «выполнено ДД.ММ.ГГГГ» once it is done by ``on``.

    Cancelled measures are left out: a register names the measures taken or proposed, not those dropped.
    """
    from plugins.suot.measures import measures_with_state

    ids = {m for c in cases for m in c.measures}
    if not ids:
        return {}
    texts = {}
    for measure, state in measures_with_state(session, org, on=on):
        if measure.id not in ids or state.status == "cancelled":
            continue
        done = f" (выполнено {state.on:%d.%m.%Y})" if state.status == "done" and state.on else ""
        texts[measure.id] = f"{measure.measure}{done}"
    return texts


def _rows(request: BuildRequest, kind: str) -> tuple[list[dict[str, Any]], int | None]:
    """One row per injured person of each case of ``kind`` (of the requested year), in date order."""
    from plugins.suot.incidents.chain import load_cases
    from plugins.suot.incidents.views import case_json, people_index

    session, org = request.session, request.org
    year = request.options.get("year")
    year = int(year) if year else None
    cases = [c for c in load_cases(session, org) if c.fields["type"] == kind
             and c.occurred_on <= request.today and (year is None or c.occurred_on.year == year)]
    cases.sort(key=lambda c: (c.occurred_on, c.fields.get("time") or "", c.case_no))
    people, departments = people_index(session, org)
    measures = _measure_texts(session, org, cases, request.today)
    rows = []
    for case in cases:
        data = case_json(case, people, departments)
        corrections = [e["seq"] for e in data["entries"] if e["action"] == "correct"]
        for person in data["injured"] or [None]:
            rows.append({**data, "n": len(rows) + 1, "person": person,
                         "birth_year": person["birth_date"][:4] if person and person["birth_date"] else None,
                         "measure_texts": [measures[m] for m in case.measures if m in measures],
                         "corrections": corrections})
    return rows, year


def _chain_head(request: BuildRequest) -> dict[str, Any]:
    """The incident chain's end, printed on the register's last page (an anchor anyone can keep)."""
    from core.journal.anchor import printed_head
    from plugins.suot.incidents.chain import incident_spec

    return printed_head(request.session, request.org, incident_spec(), request.today)


def build_microtrauma(request: BuildRequest) -> dict[str, Any]:
    """The micro-traumas (of the year given with --year, else all), one row per injured person."""
    rows, year = _rows(request, "microtrauma")
    return {"year": year, "entries": rows, "chain_head": _chain_head(request)}


def build_accidents(request: BuildRequest) -> dict[str, Any]:
    """The accidents (of the year given with --year, else all), one row per injured person."""
    rows, year = _rows(request, "accident")
    return {"year": year, "entries": rows, "chain_head": _chain_head(request)}


def build_notice(request: BuildRequest) -> dict[str, Any]:
    """The notice of one accident: ``options["incident"]`` (``ohs incidents notice N``)."""
    from core.documents.kinds import MissingDataError, MissingField
    from core.errors import OhsError
    from plugins.suot.incidents.cases import get_case
    from plugins.suot.incidents.views import case_json, people_index

    session, org = request.session, request.org
    case_no = request.options.get("incident")
    if not case_no:
        raise MissingDataError(NOTICE_TITLE, [MissingField(
            "Номер происшествия (извещение делается по одному несчастному случаю)",
            "ohs incidents notice НОМЕР или ohs docs make accident_notice --param incident=НОМЕР")])
    if not str(case_no).isdigit():
        raise OhsError(f"Номер происшествия «{case_no}» — не число; посмотрите номера: ohs incidents list.")
    case = get_case(session, org, int(case_no))
    if case.fields["type"] != "accident":
        raise OhsError(f"Происшествие № {case.case_no} — не несчастный случай на производстве; извещение "
                       "делается только о несчастном случае.")
    missing = []
    if not org.okved:
        missing.append(MissingField("ОКВЭД организации", "ohs org set okved=85.41"))
    if not org.legal_address:
        missing.append(MissingField("Адрес организации", "ohs org set legal_address=\"…\""))
    if missing:
        raise MissingDataError(NOTICE_TITLE, missing)
    people, departments = people_index(session, org)
    data = case_json(case, people, departments)
    return {"case": data, "fatal_count": len(data["injured"]) if data["severity"] == "fatal" else 0}


def incident_kinds() -> list[DocumentKind]:
    """The three kinds of this part."""
    from core.documents.kinds import DocumentKind

    return [
        DocumentKind(key="microtrauma_register", title=MICROTRAUMA_TITLE, template="suot/microtrauma_register.xml.j2",
                     build=build_microtrauma, approval="none", grammatical_gender="m", plugin="suot"),
        DocumentKind(key="accident_register", title=ACCIDENT_TITLE, template="suot/accident_register.xml.j2",
                     build=build_accidents, approval="none", grammatical_gender="m", plugin="suot"),
        DocumentKind(key="accident_notice", title=NOTICE_TITLE, template="suot/accident_notice.xml.j2",
                     build=build_notice, approval="none", grammatical_gender="n", plugin="suot"),
    ]
