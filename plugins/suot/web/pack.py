"""«Сделать весь пакет СУОТ» on «Документы»: ``ohs suot pack`` as long work with a progress page (core.web.jobs)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from core.web.pages import PageAction

#: The button on «Документы».
ACTION = PageAction(on="/documents", title="Сделать весь пакет СУОТ", url="/documents/pack",
                    hint="Все документы системы управления охраной труда — проектами; те, что не изменились, "
                         "заново не делаются. На большой организации это занимает несколько секунд.")


def pack_post(request: Any) -> Any:
    """Start the pack (the same service as ``ohs suot pack``, no authors, out/suot-ДАТА) and show its progress."""
    from core.web.jobs import start_job

    return start_job(request, "Пакет документов СУОТ", make_pack_job, back=("Документы", "/documents"))


def make_pack_job(ctx: Any, report: Any) -> Any:
    """The pack in the job's unit of work, told document by document; the result links to approving it."""
    from core.web.jobs import JobResult
    from plugins.suot.pack import make_pack
    from plugins.suot.pack_command import pack_lines

    out_dir = ctx.workspace.out_dir / f"suot-{ctx.today:%Y-%m-%d}"
    result = make_pack(ctx.session, ctx.org, ctx.pm, ctx.workspace, ctx.today, out_dir, [], report=report)
    drafts = sorted(item["id"] for item in [*result.made, *result.unchanged]
                    if item.get("status", "draft") == "draft")
    links = []
    if drafts:
        query = urlencode({"select": ",".join(str(d) for d in drafts)})
        links.append(("Утвердить пакет одним приказом", f"/documents?{query}#approve"))
    message = (f"Сделано проектов: {len(result.made)}; без изменений: {len(result.unchanged)}; "
               f"не хватает данных: {len(result.missing)}.")
    return JobResult(message, lines=pack_lines(result, out_dir, commands=False), links=links)


def routes() -> list[Any]:
    """The pack's form target."""
    from starlette.routing import Route

    return [Route("/documents/pack", pack_post, methods=["POST"], name="suot_pack")]
