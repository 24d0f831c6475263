"""``ohs verify``: prove every journal's hash chain intact or name the first broken entry."""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import json_option


@click.command(name="verify")
@click.option("--export-head", "export_head", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Выгрузить контрольные суммы журналов в ФАЙЛ (храните его вне базы: с ним сверяется --against).")
@click.option("--against", "against", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Сверить журналы с прежней выгрузкой контрольных сумм: журнал должен лишь продолжать её.")
@click.option("--check-head", "printed", multiple=True, metavar="НОМЕР:ХЕШ",
              help="Сверить журнал с контрольной суммой с последней страницы его распечатки (можно несколько раз).")
@json_option
@click.pass_obj
def verify(app, export_head, against, printed, as_json):
    """Проверить целость журналов: ни одна запись не изменена и не удалена вне ohs.

    Проверяются цепочка хешей каждого журнала, его контрольная сумма (число записей и хеш последней),
    журнал аудита и хранимые файлы (документы, подтверждения, вложения) по их контрольным суммам. Код
    выхода 1, если хоть одна проверка не прошла (называется журнал и запись или файл).
    Кто может переписать базу целиком, может переписать и контрольные суммы в ней: храните выгрузку
    (--export-head) вне базы и сверяйтесь с ней (--against) или с контрольной суммой с последней
    страницы распечатанного журнала (--check-head 87:ХЕШ: номер последней записи и хеш).
    """
    from core.clock import today
    from core.errors import OhsError
    from core.io.integrity import check_stored_files
    from core.journal import JournalSpec, journals
    from core.journal.anchor import (
        check_against,
        export_heads,
        parse_printed,
        read_heads,
        resolve_printed,
        write_heads,
    )
    from core.cli.output import echo_json
    from core.render.russian_numbers import plural

    with app.session(write=False) as session:
        org = app.org(session)
        found = [(journal, journal.verify(session, org)) for journal in journals(app.pm)]
        framed = [(j, r) for j, r in found if isinstance(j, JournalSpec)]
        if against is not None:
            check_against(session, org, framed, read_heads(against, org))
        if printed:
            anchor = parse_printed(printed, org)
            resolve_printed(session, org, [j for j, _r in framed], anchor)
            known = {j.key for j, _r in framed}
            for mark in anchor["journals"]:
                if mark["journal"] not in known:
                    raise OhsError(f"Журнала «{mark['journal']}» нет; есть: {', '.join(sorted(known))}.")
            check_against(session, org, framed, anchor)
        reports = [r for _j, r in found]
        all_ok = all(r.ok for r in reports)
        # Stored files (documents, evidence, attachments) against their recorded sha256 and size; not part of
        # the journals' heads, so a broken file does not stop --export-head of intact journals.
        reports.append(check_stored_files(app.context_of(session)))
        if export_head is not None:
            if not all_ok:
                raise OhsError("Контрольные суммы не выгружены: журналы нарушены (см. ohs verify); выгрузка "
                               "нарушенного журнала ничего не удостоверяет.")
            write_heads(export_head, export_heads(org, framed, today()))
    if as_json:
        echo_json([{"journal": r.key, "title": r.title, "entries": r.count, "ok": r.ok, "message": r.message,
                    **({"head": r.head} if r.head else {}),
                    **({"broken": r.details} if not r.ok else {})} for r in reports])
    else:
        for r in reports:
            count = plural(r.count, "запись", "записи", "записей")
            if r.key == "files":
                click.echo(f"{r.title}: {plural(r.count, 'файл', 'файла', 'файлов')}, {r.message}.")
                for line in r.details:
                    click.echo(f"  {line}")
            elif r.ok:
                head = f" Последняя запись № {r.head['count']}, хеш {r.head['hash']}." if r.head else ""
                click.echo(f"{r.title}: {count}, цепочка цела.{head}")
            else:
                click.echo(f"{r.title}: {count}, цепочка нарушена: {r.message}. "
                           "Восстановите базу из резервной копии или сообщите ответственному.")
        if against is not None and all_ok:
            click.echo(f"Журналы продолжают выгрузку контрольных сумм {against}.")
        if printed and all_ok:
            click.echo("Журналы продолжают контрольные суммы с распечатки.")
        if export_head is not None:
            click.echo(f"Контрольные суммы журналов выгружены в {export_head}; храните файл вне базы данных.")
    if not all(r.ok for r in reports):
        click.get_current_context().exit(1)
