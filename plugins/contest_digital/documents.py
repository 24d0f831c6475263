"""The application's documents: the questionnaire (Приложение № 1), the self-assessment (Приложение № 2)
and the demonstration scenario (п. 6.2). All wording is in templates/contest_digital/.

``request.options`` may carry ``answers_path`` (an answers file; otherwise the stored self-assessment and
the facts are used), ``edition`` (otherwise the default edition) and ``resolved`` (answers already read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.documents.kinds import BuildRequest, DocumentKind
    from plugins.contest_digital.criteria import Edition
    from plugins.contest_digital.facts import Answer

QUESTIONNAIRE = "contest_digital_questionnaire"
ASSESSMENT = "contest_digital_assessment"
SCENARIO = "contest_digital_scenario"
TITLES = {
    QUESTIONNAIRE: "Анкета ИТ-решения (конкурс «Лучшие цифровые решения по охране труда»)",
    ASSESSMENT: "Самооценка по показателям и критериям конкурса «Лучшие цифровые решения по охране труда»",
    SCENARIO: "Сценарий ознакомления с ИТ-решением на демонстрационном полигоне",
}


def _edition_view(edition: Edition) -> dict[str, Any]:
    return {"id": edition.edition, "title": edition.title, "act": edition.act, "max": edition.max_total,
            "status_note": edition.status_note, "missing_rule": edition.missing_rule}


def resolve_answers(request: BuildRequest) -> tuple[Edition, dict[str, Answer]]:
    """The answers to score: the answers file when given, else the data (facts and stored self-assessment)."""
    from plugins.contest_digital.answers_file import file_answers
    from plugins.contest_digital.criteria import get_edition
    from plugins.contest_digital.facts import collect_answers

    if "resolved" in request.options:  # the pack has read them once already
        return request.options["resolved"]
    path = request.options.get("answers_path")
    if path is not None:
        return file_answers(path)
    edition = get_edition(request.options.get("edition"))
    answers, _facts = collect_answers(request.session, request.org, request.pm, edition, request.today)
    return edition, answers


def build_questionnaire(request: BuildRequest) -> dict[str, Any]:
    """Every field of Приложение № 1 with its value; a required field without one stops the document."""
    from core.documents.kinds import MissingDataError, MissingField
    from plugins.contest_digital.criteria import get_edition
    from plugins.contest_digital.questionnaire import missing_fields, questionnaire_rows

    edition = get_edition(request.options.get("edition"))
    rows = questionnaire_rows(request.session, request.org, request.pm, edition, request.today)
    missing = missing_fields(rows)
    if missing:
        raise MissingDataError(TITLES[QUESTIONNAIRE], [
            MissingField(f"{r.field.number} {r.field.title}", f"ohs contest digital questionnaire set {r.field.key}=…")
            for r in missing])
    # The indicators the data gives (not typed by the applicant) are told as the organization's use of the
    # solution, in sentences (templates/contest_digital/usage.xml.j2), not as a list of counters.
    told = {r.field.key for r in rows if r.source == "facts" and r.field.default == "facts.indicators"}
    groups = [{"number": number, "title": title,
               "rows": [{"number": r.field.number, "title": r.field.title, "hint": r.field.hint, "value": r.value,
                         "usage": r.field.key in told}
                        for r in rows if r.field.group == number]}
              for number, title in edition.groups]
    usage = None
    if told:
        from plugins.contest_digital.facts import collect_facts

        usage = collect_facts(request.session, request.org, request.pm, request.today).usage()
    return {"edition": _edition_view(edition), "groups": groups, "usage": usage}


def build_assessment(request: BuildRequest) -> dict[str, Any]:
    """The criteria of Приложение № 2 with the answers, their sources and the points."""
    from plugins.contest_digital.scoring import score

    edition, answers = resolve_answers(request)
    result = score(edition, {k: a.value for k, a in answers.items()})
    items = {i.criterion.key: i for i in result.items}
    sections = [{
        "number": s.number, "title": s.title, "max": s.max, "points": result.section_points(s.id),
        "criteria": [{"number": c.number, "title": c.title, "evidence": c.evidence, "answer": items[c.key].answer,
                      "source": answers[c.key].source if c.key in answers else None,
                      "points": items[c.key].points, "max": c.max} for c in s.criteria],
    } for s in edition.sections]
    missing = [{"number": i.criterion.number, "title": i.criterion.title, "key": i.criterion.key, "max": i.criterion.max}
               for i in result.missing]
    return {"edition": _edition_view(edition), "sections": sections, "total": result.total, "missing": missing}


def build_scenario(request: BuildRequest) -> dict[str, Any]:
    """The step-by-step walk through the solution's tasks on the demonstration organization."""
    from plugins.contest_digital.scenario import scenario_context

    return scenario_context(request)


def kinds() -> list[DocumentKind]:
    """The three documents of the application."""
    from core.documents.kinds import DocumentKind

    return [
        DocumentKind(key=QUESTIONNAIRE, title=TITLES[QUESTIONNAIRE], template="contest_digital/questionnaire.xml.j2",
                     build=build_questionnaire, approval="none", grammatical_gender="f", plugin="contest_digital"),
        DocumentKind(key=ASSESSMENT, title=TITLES[ASSESSMENT], template="contest_digital/assessment.xml.j2",
                     build=build_assessment, approval="none", grammatical_gender="f", plugin="contest_digital"),
        DocumentKind(key=SCENARIO, title=TITLES[SCENARIO], template="contest_digital/scenario.xml.j2",
                     build=build_scenario, approval="none", grammatical_gender="m", plugin="contest_digital"),
    ]
