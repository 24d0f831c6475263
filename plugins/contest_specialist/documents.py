"""Documents of the application: Приложения № 1, 2, 3 to the regulation, the note on projects, the evidence list.

Each kind needs the participant (``options["person_id"]``, ``options["as_of"]``); the pack passes the
computed bundle so the five documents share one derivation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.documents.kinds import BuildRequest, DocumentKind
    from plugins.contest_specialist.bundle import Bundle

PACK_COMMAND = "ohs contest specialist pack РАБОТНИК --out ПАПКА"
LEVEL_WORDS = {"higher": "высшее", "secondary_vocational": "среднее профессиональное", "none": "нет"}


def _n(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value.normalize())
    return str(value)


def _bundle(request: BuildRequest) -> Bundle:
    from core.documents.kinds import MissingDataError, MissingField
    from core.storage.models import Person
    from plugins.contest_specialist.bundle import build_bundle

    options = request.options
    if options.get("bundle") is not None:
        return options["bundle"]
    person = request.session.get(Person, options["person_id"]) if options.get("person_id") else None
    if person is None or person.org_id != request.org.id:
        raise MissingDataError("Заявка на конкурс", [MissingField("Участник конкурса", PACK_COMMAND)])
    return build_bundle(request.pm, request.session, request.org, person, options.get("as_of") or request.today,
                        options.get("nomination"))


def _person(bundle: Bundle) -> dict[str, Any]:
    p = bundle.person
    return {"surname": p.surname, "name": p.name, "patronymic": p.patronymic, "gender": p.gender,
            "full_name": p.full_name, "position": p.position, "hired_on": p.hired_on, "dismissed_on": p.dismissed_on}


def _require_org(request: BuildRequest, title: str) -> None:
    from core.documents.kinds import MissingDataError, MissingField
    from core.registry.org import role_holder

    org = request.org
    missing = [MissingField(label, f"ohs org set {key}=…") for key, label in (
        ("name", "Полное наименование организации"), ("legal_address", "Юридический адрес"), ("inn", "ИНН"),
        ("kpp", "КПП")) if not getattr(org, key)]
    if role_holder(request.session, org, "head", request.today) is None:
        missing.append(MissingField("Руководитель организации (подписывает)", "ohs org set head=РАБОТНИК"))
    if missing:
        raise MissingDataError(title, missing)


def build_application(request: BuildRequest) -> dict[str, Any]:
    """Приложение № 1: заявка (organization, participant, period of work) and the nomination."""
    bundle = _bundle(request)
    _require_org(request, "Заявка на участие в конкурсе")
    return {"person": _person(bundle), "nomination": bundle.require_nomination().to_json(),
            "edition": bundle.edition.approved_by}


def build_characteristic(request: BuildRequest) -> dict[str, Any]:
    """Приложение № 2: the eight qualities with the scores entered (blank where not yet scored)."""
    bundle = _bundle(request)
    _require_org(request, "Оценка квалификации и личностных качеств участника")
    facts = bundle.derived.facts
    rows = [{"title": r.title, "score": str(facts[r.id]) if r.id in facts else ""}
            for r in bundle.edition.rows if r.section == "characteristic"]
    low, high = bundle.edition.characteristic_scale
    return {"person": _person(bundle), "rows": rows, "scale": f"{low}–{high}"}


def value_text(bundle: Bundle, row: Any) -> str:
    """The participant's value of one row as printed on the score sheet."""
    facts = bundle.derived.facts
    if row.unit == "member":
        return "участвовал" if row.item in facts.get(row.fact, ()) else "не указано"
    if row.unit == "ratio":
        if row.fact in facts and row.reference in facts:
            value, ref = facts[row.fact], facts[row.reference]
            return f"{_n(value)} (среднее по виду деятельности {_n(ref)})"
        return "не указано"
    if row.id not in facts:
        return "не указано"
    value = facts[row.id]
    if row.unit == "choice":
        return LEVEL_WORDS.get(value, value)
    if row.unit == "flag":
        return "да" if value else "нет"
    return _n(value)


def build_score_sheet(request: BuildRequest) -> dict[str, Any]:
    """Приложение № 3 with the participant's values and points, section totals and the total."""
    bundle = _bundle(request)
    result = bundle.score
    sections = []
    for section in result.sections:
        rows = [{"title": rs.row.title, "evidence": rs.row.evidence, "value": value_text(bundle, rs.row),
                 "points": _n(rs.points), "max": _n(rs.row.cap)} for rs in result.rows if rs.row.section == section.id]
        sections.append({"title": section.title, "points": _n(section.points), "max": _n(section.max),
                         "raw": _n(section.raw), "capped": section.raw > section.max, "rows": rows})
    return {"person": _person(bundle), "sections": sections, "total": _n(result.total),
            "max": _n(result.edition.max_total), "nomination": bundle.require_nomination().to_json(),
            "as_of": bundle.as_of, "edition": bundle.edition.approved_by}


def build_projects(request: BuildRequest) -> dict[str, Any]:
    """The note on projects: each at most 500 characters (longer ones refuse the document)."""
    from plugins.contest_specialist.bundle import check_projects

    bundle = _bundle(request)
    check_projects(bundle.projects)
    return {"person": _person(bundle), "projects": [p.to_json() for p in bundle.projects]}


def build_evidence_list(request: BuildRequest) -> dict[str, Any]:
    """Evidence documents by row (records and files), then what is still missing with the points at stake."""
    bundle = _bundle(request)
    rows = []
    for rs in bundle.score.rows:
        if rs.points <= 0:
            continue
        records = [s.title + ("" if s.evidenced else " (файла нет)") for s in bundle.sources_for(rs.row.id)]
        rows.append({"title": rs.row.title, "evidence": rs.row.evidence, "points": _n(rs.points),
                     "records": "; ".join(records) or "сведения указаны участником"})
    missing = [{"title": m.row.title, "reason": m.reason, "points": _n(m.points), "evidence": m.row.evidence}
               for m in bundle.score.lost if m.points > 0]
    return {"person": _person(bundle), "rows": rows, "missing": missing, "as_of": bundle.as_of}


def contest_kinds() -> list[DocumentKind]:
    """The five documents of the application."""
    from core.documents.kinds import DocumentKind

    def kind(key: str, title: str, build: Any, gender: str = "f") -> DocumentKind:
        return DocumentKind(key=f"contest_specialist_{key}", title=title,
                            template=f"contest_specialist/{key}.xml.j2", build=build, approval="none",
                            grammatical_gender=gender, plugin="contest_specialist")

    return [
        kind("application", "Заявка на участие во Всероссийском конкурсе «Лучший специалист по охране труда»",
             build_application),
        kind("characteristic", "Оценка квалификации и личностных качеств участника Всероссийского конкурса",
             build_characteristic),
        kind("score_sheet", "Показатели и критерии оценки Всероссийского конкурса (с баллами участника)",
             build_score_sheet, "pl"),
        kind("projects", "Справка о реализованных проектах участника Всероссийского конкурса", build_projects),
        kind("evidence_list", "Перечень подтверждающих документов участника Всероссийского конкурса",
             build_evidence_list, "m"),
    ]
