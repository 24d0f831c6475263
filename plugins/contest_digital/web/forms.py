"""The application typed on the desk: the self-assessment (``/contest/digital/assessment``) and the questionnaire
(``/contest/digital/questionnaire``) — what the workspace cannot tell, without the YAML answers file.

The service of ``ohs contest digital assess`` and ``questionnaire set`` (:func:`plugins.contest_digital.entries.
set_entries`): every value is checked, the changed ones are stored as dated records (never overwritten), or
nothing is written and each wrong value is named next to its field. An emptied field clears the stored value:
the answer the data gives (years of operation, deployments, the registries from the questionnaire) or the
organization profile's value applies again. After saving the score is recomputed on ``/contest/digital``.
"""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import form_list, form_of, page, redirect, unit_of_work

#: The answer of a yes/no criterion as the form's select sends it.
FLAG_WORDS = {"yes": "да", "no": "нет"}


def _assessment_rows(ctx: Any) -> tuple[Any, list[dict[str, Any]], Any]:
    """Every criterion with its stored answer (the form's value), the answer in force with its source, its points."""
    from plugins.contest_digital.criteria import get_edition
    from plugins.contest_digital.entries import current_values, stored_answers
    from plugins.contest_digital.facts import collect_answers
    from plugins.contest_digital.scoring import score

    edition = get_edition(None)
    stored = stored_answers(edition, current_values(ctx.session, ctx.org, ctx.today))
    answers, _facts = collect_answers(ctx.session, ctx.org, ctx.pm, edition, ctx.today)
    result = score(edition, {k: a.value for k, a in answers.items()})
    items = {i.criterion.key: i for i in result.items}
    rows = []
    for c in edition.criteria:
        kept = stored.get(c.key)
        answer = answers.get(c.key)
        rows.append({"c": c, "stored": kept[0] if kept else None, "item": items[c.key],
                     # An answer in force that the form does not hold: the data's or the questionnaire's.
                     "derived": answer.source if answer is not None and kept is None else None})
    return edition, rows, result


def _form_value(criterion: Any, value: Any) -> Any:
    """A stored answer as the form shows it: the level, the list of items, «yes»/«no», the number."""
    if value is None:
        return [] if criterion.kind == "items" else ""
    if criterion.kind == "items":
        return list(value)
    if criterion.kind == "flag":
        return "yes" if value else "no"
    return f"{value:g}" if criterion.kind == "range" else str(value)


def _assessment(request: Any, values: dict[str, Any] | None = None, problems: dict[str, str] | None = None,
                error: OhsError | None = None) -> Any:
    with unit_of_work(request) as ctx:
        edition, rows, result = _assessment_rows(ctx)
    if values is None:
        values = {row["c"].key: _form_value(row["c"], row["stored"]) for row in rows}
    return page(request, "contest_digital/assessment.html", status=400 if error else 200, edition=edition, rows=rows,
                result=result, values=values, problems=problems or {}, error=error)


def assessment_form(request: Any) -> Any:
    """The self-assessment: a control per criterion, filled with the stored answers, the points beside."""
    return _assessment(request)


def _assessment_pairs(request: Any, edition: Any, stored: dict[str, Any]) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """The form's answers as the command's ``KEY=VALUE`` pairs (every criterion; an empty one clears), and the values."""
    values = form_of(request)
    pairs, shown = [], {}
    for c in edition.criteria:
        if c.kind == "items":
            chosen = form_list(request, c.key)
            shown[c.key] = chosen
            # No item ticked is «not provided»; an answer «none of them» typed on the command line is kept.
            raw = ",".join(chosen) or ("[]" if stored.get(c.key, (None,))[0] == () else "")
        else:
            raw = str(values.get(c.key) or "").strip()
            shown[c.key] = raw
            if c.kind == "flag":
                raw = FLAG_WORDS.get(raw, raw)
        pairs.append((c.key, raw))
    return pairs, shown


def assessment_save(request: Any) -> Any:
    """Store the self-assessment (``ohs contest digital assess``) and go to the score, recomputed."""
    from plugins.contest_digital.criteria import get_edition
    from plugins.contest_digital.entries import EntriesError, current_values, set_entries, stored_answers

    edition = get_edition(None)
    try:
        with unit_of_work(request, write=True) as ctx:
            stored = stored_answers(edition, current_values(ctx.session, ctx.org, ctx.today))
            pairs, shown = _assessment_pairs(request, edition, stored)
            changed = set_entries(ctx.session, ctx.org, edition, pairs, ctx.today, criteria=True)
            _edition, _rows, result = _assessment_rows(ctx)
    except EntriesError as exc:
        return _assessment(request, shown, exc.problems, OhsError(f"{exc.message} Исправьте отмеченные показатели."))
    told = f"изменено ответов: {len(changed)}" if changed else "ответы те же"
    return redirect(request, "/contest/digital#sections",
                    f"Самооценка записана ({told}); баллов: {result.total} из {edition.max_total}.")


def _questionnaire(request: Any, values: dict[str, Any] | None = None, problems: dict[str, str] | None = None,
                   error: OhsError | None = None) -> Any:
    from plugins.contest_digital.criteria import get_edition
    from plugins.contest_digital.questionnaire import SOURCE_WORDS, missing_fields, questionnaire_rows

    edition = get_edition(None)
    with unit_of_work(request) as ctx:
        rows = questionnaire_rows(ctx.session, ctx.org, ctx.pm, edition, ctx.today)
    if values is None:
        values = {r.field.key: r.value or "" for r in rows if r.source == "questionnaire"}
    groups = [(number, title, [r for r in rows if r.field.group == number]) for number, title in edition.groups]
    return page(request, "contest_digital/questionnaire.html", status=400 if error else 200, edition=edition,
                groups=groups, values=values, problems=problems or {}, error=error, sources=SOURCE_WORDS,
                missing=len(missing_fields(rows)))


def questionnaire_form(request: Any) -> Any:
    """The questionnaire (Приложение № 1): the typed values, and beside each empty field the value that applies."""
    return _questionnaire(request)


def questionnaire_save(request: Any) -> Any:
    """Store the questionnaire (``ohs contest digital questionnaire set``): every field checked, all or nothing."""
    from plugins.contest_digital.criteria import get_edition
    from plugins.contest_digital.entries import EntriesError, set_entries
    from plugins.contest_digital.questionnaire import missing_fields, questionnaire_rows

    edition = get_edition(None)
    values = {f.key: str(form_of(request).get(f.key) or "") for f in edition.fields}
    try:
        with unit_of_work(request, write=True) as ctx:
            changed = set_entries(ctx.session, ctx.org, edition, list(values.items()), ctx.today)
            missing = missing_fields(questionnaire_rows(ctx.session, ctx.org, ctx.pm, edition, ctx.today))
    except EntriesError as exc:
        return _questionnaire(request, values, exc.problems, OhsError(f"{exc.message} Исправьте отмеченные поля."))
    told = f"изменено полей: {len(changed)}" if changed else "поля те же"
    rest = f"; не заполнено обязательных полей: {len(missing)}" if missing else "; все обязательные поля заполнены"
    return redirect(request, "/contest/digital#application", f"Анкета записана ({told}){rest}.")


def routes() -> list[Any]:
    """The two forms of the application."""
    from starlette.routing import Route

    return [
        Route("/contest/digital/assessment", assessment_form, methods=["GET"], name="contest_digital_assessment"),
        Route("/contest/digital/assessment", assessment_save, methods=["POST"]),
        Route("/contest/digital/questionnaire", questionnaire_form, methods=["GET"],
              name="contest_digital_questionnaire"),
        Route("/contest/digital/questionnaire", questionnaire_save, methods=["POST"]),
    ]
