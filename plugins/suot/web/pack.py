"""«Сделать весь пакет СУОТ» on «Документы»: ``ohs suot pack`` as long work with a progress page (core.web.jobs)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from core.web.pages import PageAction

#: The button on «Документы».
ACTION = PageAction(on="/documents", title="Сделать весь пакет СУОТ", url="/documents/pack",
                    hint="Все документы системы управления охраной труда — проектами; те, что не изменились, "
                         "заново не делаются. На большой организации это занимает несколько секунд.")
#: The same work as the last step of «Первый запуск»: its page shows what was made and offers approving the pack.
SETUP_ACTION = PageAction(on="/setup/pack", title="Сделать пакет документов СУОТ", url="/documents/pack",
                          hint="Программа сделает проекты документов системы управления охраной труда из введённых "
                               "данных и покажет, каких данных не хватает; затем весь пакет утверждается одним "
                               "приказом.")


def pack_post(request: Any) -> Any:
    """Start the pack (the same service as ``ohs suot pack``, no authors, out/suot-ДАТА) and show its progress."""
    from core.web.jobs import start_job

    return start_job(request, "Пакет документов СУОТ", make_pack_job, back=("Документы", "/documents"))


def make_pack_job(ctx: Any, report: Any) -> Any:
    """The pack in the job's unit of work, told document by document; the result links to approving it."""
    from core.web.jobs import JobResult
    from plugins.suot.pack import make_pack

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
    return JobResult(message, lines=result_lines(result, out_dir), links=links)


def result_lines(result: Any, out_dir: Any) -> list[Any]:
    """What ``ohs suot pack`` prints, as the desk shows it: each document linked to its card, each kind lacking
    data to its page (which says what to fill in and where)."""
    lines: list[Any] = []
    if result.note:
        lines.append(result.note)
    if result.made:
        lines.append(f"Сделаны проекты ({len(result.made)}), папка: {out_dir}")
        lines += [(f"№{item['id']} {item['title']}, ред. {item['version']}", f"/documents/{item['id']}")
                  for item in result.made]
    if result.unchanged:
        lines += ["", f"Без изменений — новая редакция не нужна ({len(result.unchanged)}):"]
        lines += [(f"№{item['id']} {item['title']}, ред. {item['version']} "
                   f"({'проект' if item['status'] == 'draft' else 'утверждён'})", f"/documents/{item['id']}")
                  for item in result.unchanged]
    if result.missing:
        lines += ["", f"Не сделано — нужны данные ({len(result.missing)}):"]
        for item in result.missing:
            lines.append((item["title"], f"/documents/kind/{item['kind']}"))
            lines += [f"  {f['title']}" for f in item["fields"]]
    return lines


def routes() -> list[Any]:
    """The pack's form target."""
    from starlette.routing import Route

    return [Route("/documents/pack", pack_post, methods=["POST"], name="suot_pack")]
