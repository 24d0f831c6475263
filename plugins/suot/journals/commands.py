"""``ohs suot journal``: print the briefing journals for one department or one period.

``ohs docs make journal_workplace`` prints every department's journal in one file; this group adds
the options a journal needs (department, period) and otherwise behaves as ``ohs docs make``.
"""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE, json_option, today_option, today_or


@click.group(name="journal")
def journal_group() -> None:
    """Журналы инструктажей для печати: вводного и на рабочем месте (по подразделению)."""


def _journal_options(command):
    """--from, --to, --out, --pdf, --today, --json: shared by both journals."""
    for option in reversed([
        click.option("--from", "since", type=ISO_DATE, default=None,
                     help="Начало периода (журнал начат; по умолчанию — дата первой записи)."),
        click.option("--to", "until", type=ISO_DATE, default=None,
                     help="Конец периода (журнал окончен; по умолчанию — дата последней записи)."),
        click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Папка для файла (по умолчанию out/ рабочей папки)."),
        click.option("--pdf", is_flag=True, help="Также сделать PDF (нужен LibreOffice)."),
        today_option,
        json_option,
    ]):
        command = option(command)
    return command


def _make(app, key: str, options: dict, out_dir: Path | None, pdf: bool, today, as_json: bool) -> None:
    """Make the journal as ``ohs docs make`` does: a draft registered with its sha256, PDF on request."""
    from core.documents.kinds import get_kind
    from core.documents.registry import document_path, make_document
    from core.cli.output import echo_json

    kind = get_kind(app.pm, key)
    with app.session() as session:
        org = app.org(session)
        doc = make_document(session, org, app.pm, app.workspace, kind, today_or(today), out_dir=out_dir,
                            options=options)
        path = document_path(app.workspace, doc)
        pdf_path = None
        if pdf:
            from core.documents.registry import make_pdf

            pdf_path = make_pdf(session, path)  # placed with the DOCX at commit, dropped with it on failure
    if as_json:
        echo_json({"id": doc.id, "kind": doc.kind, "version": doc.version, "path": str(path), "sha256": doc.sha256,
                   "pdf": str(pdf_path) if pdf_path else None, **{k: v for k, v in options.items() if v}})
        return
    click.echo(f"Сделан журнал №{doc.id}: «{doc.title}», редакция {doc.version}: {path}")
    if pdf_path:
        click.echo(f"PDF: {pdf_path}")


@journal_group.command(name="intro")
@_journal_options
@click.pass_obj
def journal_intro(app, since, until, out_dir, pdf, today, as_json):
    """Журнал регистрации вводного инструктажа (вся организация).

    Пример: ohs suot journal intro --from 2026-01-01 --to 2026-12-31
    """
    _make(app, "journal_intro", {"since": since, "until": until}, out_dir, pdf, today, as_json)


@journal_group.command(name="workplace")
@click.option("--department", default=None, metavar="ПОДРАЗДЕЛЕНИЕ",
              help="Подразделение (название или номер из ohs people departments); без него — все подразделения.")
@_journal_options
@click.pass_obj
def journal_workplace(app, department, since, until, out_dir, pdf, today, as_json):
    """Журнал регистрации инструктажа на рабочем месте подразделения.

    Пример: ohs suot journal workplace --department "Хозяйственный отдел"
    """
    _make(app, "journal_workplace", {"department": department, "since": since, "until": until}, out_dir, pdf,
          today, as_json)
