"""``/contest/digital``: what the workspace tells of the solution, the self-assessment by section, the missing
indicators, and the application as a ZIP — the services of ``ohs contest digital facts|score|pack``."""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import page, unit_of_work


def _state(ctx: Any) -> dict[str, Any]:
    from core.documents.kinds import BuildRequest
    from plugins.contest_digital.documents import resolve_answers
    from plugins.contest_digital.facts import collect_facts
    from plugins.contest_digital.scoring import score

    request = BuildRequest(session=ctx.session, org=ctx.org, today=ctx.today, workspace=ctx.workspace, pm=ctx.pm,
                           version=0, options={"edition": None})
    edition, answers = resolve_answers(request)
    result = score(edition, {k: a.value for k, a in answers.items()})
    facts = collect_facts(ctx.session, ctx.org, ctx.pm, ctx.today)
    sections = [(s, result.section_points(s.id), [i for i in result.items if i.criterion.section == s.id])
                for s in edition.sections]
    return {"edition": edition, "result": result, "sections": sections, "facts": facts,
            "sources": {k: a.source for k, a in answers.items()}}


def contest_page(request: Any, error: OhsError | None = None, status: int = 200) -> Any:
    """Facts, the score by section, the indicators without an answer and how far the questionnaire is filled."""
    from plugins.contest_digital.questionnaire import missing_fields, questionnaire_rows

    with unit_of_work(request) as ctx:
        state = _state(ctx)
        missing = missing_fields(questionnaire_rows(ctx.session, ctx.org, ctx.pm, state["edition"], ctx.today,
                                                    facts=state["facts"]))
    return page(request, "contest_digital/score.html", status=status, error=error,
                questionnaire_missing=len(missing), **state)


def pack_zip(request: Any) -> Any:
    """Make the application (``ohs contest digital pack``) as long work (about ten seconds for 10,000 workers);
    its page offers the ZIP, or says which document lacks what."""
    from core.web.jobs import start_job

    return start_job(request, "Заявка на конкурс «Лучшие цифровые решения по охране труда»", pack_job,
                     back=("Конкурс цифровых решений", "/contest/digital"))


def pack_job(ctx: Any, report: Any) -> Any:
    """The pack in the job's unit of work; the ZIP is written when it commits, so the page offers it after."""
    from core.web.jobs import JobResult
    from core.web.links import fill_link
    from plugins.contest_digital.pack import make_application_pack

    report(0, 0, "три документа заявки, ответы и баллы")
    out_dir = ctx.workspace.out_dir / f"contest-digital-{ctx.today:%Y-%m-%d}"
    result = make_application_pack(ctx.session, ctx.org, ctx.pm, ctx.workspace, ctx.today, out_dir)
    lines: list[Any] = [(f"№{item['id']} {item['title']}, ред. {item['version']}", f"/documents/{item['id']}")
                        for item in result.made]
    if result.zip_path is None:
        # As the command does: the documents that could be made are kept, the archive waits for the others.
        lines += ["", "Не хватает данных:"]
        for item in result.missing:
            lines.append(item["title"])
            # The command names the questionnaire's key; on the desk the field is on the questionnaire's form.
            for f in item["fields"]:
                where = fill_link(f["command"])
                lines.append((f"  {f['title']}: {where[0].lower()}", where[1]) if where else f"  {f['title']}")
        return JobResult("Архив не собран: для документов заявки не хватает данных (ниже).", lines=lines)
    return JobResult(f"Заявка собрана: {result.zip_path.name}.", lines=lines,
                     download=(result.zip_path, "application/zip"))


def routes() -> list[Any]:
    """The page and the application's ZIP."""
    from starlette.routing import Route

    return [Route("/contest/digital", contest_page, methods=["GET"], name="contest_digital"),
            Route("/contest/digital/pack", pack_zip, methods=["POST"], name="contest_digital_pack")]
