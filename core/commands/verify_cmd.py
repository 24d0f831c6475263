"""``ohs verify``: prove every journal's hash chain intact or name the first broken entry."""

from __future__ import annotations

import click

from core.commands.options import json_option


@click.command(name="verify")
@json_option
@click.pass_obj
def verify(app, as_json):
    """Проверить целость журналов: ни одна запись не изменена и не удалена вне ohs.

    Код выхода 1, если хоть одна цепочка нарушена (называется первая несовпадающая запись).
    """
    from core.journal import journals
    from core.output import echo_json
    from core.render.russian_numbers import plural

    with app.session(write=False) as session:
        org = app.org(session)
        reports = [journal.verify(session, org) for journal in journals(app.pm)]
    if as_json:
        echo_json([{"journal": r.key, "title": r.title, "entries": r.count, "ok": r.ok, "message": r.message,
                    **({"broken": r.details} if not r.ok else {})} for r in reports])
    else:
        for r in reports:
            count = plural(r.count, "запись", "записи", "записей")
            if r.ok:
                click.echo(f"{r.title}: {count}, цепочка цела.")
            else:
                click.echo(f"{r.title}: {count}, цепочка нарушена: {r.message}. "
                           "Восстановите базу из резервной копии или сообщите ответственному.")
    if not all(r.ok for r in reports):
        click.get_current_context().exit(1)
