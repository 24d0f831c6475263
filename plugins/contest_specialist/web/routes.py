"""``/contest/specialist``: the participant's facts from the workspace, the score by section, where points are lost,
and the application as a ZIP — the services of ``ohs contest specialist facts|score|pack``."""

from __future__ import annotations

from typing import Any

from core.errors import OhsError
from core.web.unit import form_of, page, unit_of_work


def _candidates(ctx: Any) -> list[Any]:
    """Who may apply: the OSH specialists of the register (role or appointment), the appointed one first."""
    from sqlmodel import select

    from core.registry.commissions import current_appointments
    from core.storage.models import Person

    appointed = [p for a, p in current_appointments(ctx.session, ctx.org, ctx.today) if a.role == "osh_responsible"]
    by_role = list(ctx.session.exec(select(Person).where(Person.org_id == ctx.org.id, Person.osh_role == "specialist",
                                                         Person.dismissed_on.is_(None))))  # type: ignore[union-attr]
    seen: dict[int, Any] = {}
    for person in appointed + by_role:
        seen.setdefault(person.id, person)
    return list(seen.values())


def _chosen(ctx: Any, raw: Any, candidates: list[Any]) -> Any:
    from core.registry.people import resolve_person

    if raw:
        return resolve_person(ctx.session, ctx.org, str(raw))
    return candidates[0] if candidates else None


def contest_page(request: Any, error: OhsError | None = None, status: int = 200) -> Any:
    """The participant's facts, score and lost points (``?person=`` another specialist)."""
    from plugins.contest_specialist.bundle import build_bundle

    raw = request.query_params.get("person") or form_of(request).get("person")
    with unit_of_work(request) as ctx:
        candidates = _candidates(ctx)
        person = _chosen(ctx, raw, candidates)
        view = None
        if person is not None:
            from plugins.contest_specialist.portfolio import KINDS, portfolio_of

            bundle = build_bundle(ctx.pm, ctx.session, ctx.org, person, ctx.today)
            view = _view(bundle)
            view["portfolio"] = [(e, KINDS[e.item.kind].title if e.item.kind in KINDS else e.item.kind)
                                 for e in portfolio_of(ctx.session, ctx.org, person.id)]
    return page(request, "contest_specialist/score.html", status=status, candidates=candidates, person=person,
                view=view, error=error)


def _view(bundle: Any) -> dict[str, Any]:
    """What the page shows of the bundle: facts with their rows' titles, sections with their rows, lost points."""
    result = bundle.score
    titles = {}
    for row in result.edition.rows:
        titles.setdefault(row.fact_key, row.title)
    derived = bundle.derived
    facts = [(key, titles.get(key, key), _shown(value), derived.facts.get(key) != value)
             for key, value in sorted(derived.all_facts.items())]
    sections = [(s, [r for r in result.rows if r.row.section == s.id]) for s in result.sections]
    return {"facts": facts, "notes": derived.notes, "sections": sections, "lost": result.lost, "total": result.total,
            "max": result.edition.max_total, "edition": result.edition, "nomination": bundle.nomination,
            "nomination_error": bundle.nomination_error}


def _shown(value: Any) -> str:
    """A fact as a person reads it: да/нет, lists by «;», numbers with a decimal comma."""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list | tuple):
        return "; ".join(_shown(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    return str(value).replace(".", ",") if not isinstance(value, str) else value


def pack_zip(request: Any) -> Any:
    """Make the application (``ohs contest specialist pack``) as long work; its page offers the ZIP."""
    from core.registry.people import resolve_person
    from core.web.jobs import start_job

    raw = str(form_of(request).get("person") or "")
    try:
        with unit_of_work(request) as ctx:
            person_id = resolve_person(ctx.session, ctx.org, raw).id
    except OhsError as exc:
        return contest_page(request, error=exc, status=400)

    def work(ctx: Any, report: Any) -> Any:
        return pack_job(ctx, report, person_id)

    return start_job(request, "Заявка на конкурс «Лучший специалист по охране труда»", work,
                     back=("Конкурс специалистов", f"/contest/specialist?person={person_id}"))


def pack_job(ctx: Any, report: Any, person_id: int) -> Any:
    """The pack in the job's unit of work; the ZIP is written when it commits, so the page offers it after."""
    from pathlib import Path

    from core.registry.people import resolve_person
    from core.web.jobs import JobResult
    from plugins.contest_specialist.pack import make_pack

    report(0, 0, "документы заявки, факты и архив")
    person = resolve_person(ctx.session, ctx.org, str(person_id))
    out_dir = ctx.workspace.out_dir / f"contest-specialist-{ctx.today:%Y-%m-%d}"
    result = make_pack(ctx.pm, ctx.session, ctx.org, ctx.workspace, person, ctx.today, out_dir)
    zip_path = Path(result["zip"])  # named by the service, written at commit
    lines = [(f"№{d['id']} {d['title']}", f"/documents/{d['id']}") for d in result["documents"] if d.get("id")]
    return JobResult(f"Заявка собрана: {zip_path.name} (файлов: {result['zip_files']}); "
                     f"баллов {result['total']} из {result['max']}.", lines=lines, download=(zip_path, "application/zip"))


def add_evidence_file(request: Any) -> Any:
    """Attach a scan or document to a portfolio record (``ohs contest specialist portfolio evidence``)."""
    import tempfile
    from pathlib import Path

    from core.web.unit import form_file, redirect
    from core.web.uploads import evidence_upload
    from plugins.contest_specialist.portfolio import add_evidence

    values = form_of(request)
    try:
        upload = evidence_upload(form_file(request, "file"))
        item_id = int(str(values.get("item") or "0")) if str(values.get("item") or "").isdigit() else 0
        # The file waits in a folder of ours under a plain name until the store copies it at commit.
        with tempfile.TemporaryDirectory(prefix="ohs-evidence-") as folder:
            path = Path(folder) / upload.name
            path.write_bytes(upload.data)
            with unit_of_work(request, write=True) as ctx:
                add_evidence(ctx.session, ctx.org, ctx.workspace, item_id, path, ctx.today)
    except OhsError as exc:  # shown above the page: the table has a file field per record
        return contest_page(request, error=OhsError(exc.form or exc.message, exc.details), status=400)
    return redirect(request, f"/contest/specialist?person={values.get('person') or ''}",
                    f"Подтверждение «{upload.name}» приложено к записи портфолио №{item_id}.")


def routes() -> list[Any]:
    """The page and the application's ZIP."""
    from starlette.routing import Route

    return [Route("/contest/specialist", contest_page, methods=["GET"], name="contest_specialist"),
            Route("/contest/specialist/pack", pack_zip, methods=["POST"], name="contest_specialist_pack"),
            Route("/contest/specialist/evidence", add_evidence_file, methods=["POST"],
                  name="contest_specialist_evidence")]
