"""``ohs verify``: prove every journal's hash chain intact or name the first broken entry."""

from __future__ import annotations

import click

from core.commands.options import json_option


@click.command(name="verify")
@json_option
@click.pass_obj
def verify(app, as_json):
    """Проверить целость журналов: ни одна запись не изменена и не удалена вне ohs; и хранимых файлов.

    Код выхода 1, если хоть одна цепочка нарушена (называется первая несовпадающая запись) или хоть
    один файл документа, подтверждения или вложения пропал или не совпадает с контрольной суммой.
    """
    from core.io.integrity import check_stored_files
    from core.journal import journals
    from core.output import echo_json
    from core.render.russian_numbers import plural

    with app.session(write=False) as session:
        org = app.org(session)
        reports = [journal.verify(session, org) for journal in journals(app.pm)]
        # Stored files (documents, evidence, attachments) against their recorded sha256 and size: core.io.integrity.
        reports.append(check_stored_files(app.pm, session, org, app.workspace))
    if as_json:
        echo_json([{"journal": r.key, "title": r.title, "entries": r.count, "ok": r.ok, "message": r.message,
                    **({"broken": r.details} if not r.ok else {})} for r in reports])
    else:
        for r in reports:
            count = plural(r.count, "запись", "записи", "записей")
            if r.key == "files":
                click.echo(f"{r.title}: {plural(r.count, 'файл', 'файла', 'файлов')}, {r.message}.")
                for line in r.details:
                    click.echo(f"  {line}")
            elif r.ok:
                click.echo(f"{r.title}: {count}, цепочка цела.")
            else:
                click.echo(f"{r.title}: {count}, цепочка нарушена: {r.message}. "
                           "Восстановите базу из резервной копии или сообщите ответственному.")
    if not all(r.ok for r in reports):
        click.get_current_context().exit(1)
