"""``ohs practice report|submit|submissions|district``: the quarterly report and the district's summary."""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE, json_option, renamed_options, today_option, today_or

_year = click.option("--year", type=int, default=None, help="Год отчёта (по умолчанию — текущий квартал).")
_quarter = click.option("--quarter", type=click.IntRange(1, 4), default=None, help="Квартал: 1–4.")
_out = click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                    help="Папка для файла (по умолчанию out/ рабочей папки).")


@renamed_options(date="--letter-date")
@click.command(name="report")
@_year
@_quarter
@_out
@click.option("--number", default=None, help="Исходящий номер письма.")
@click.option("--letter-date", "letter_date", type=ISO_DATE, default=None, metavar="ДАТА",
              help="Дата письма (по умолчанию — сегодня).")
@today_option
@json_option
@click.pass_obj
def practice_report(app, year, quarter, out_dir, number, letter_date, today, as_json):
    """Сделать отчёт за квартал: сопроводительное письмо в администрацию и таблицу практик (DOCX).

    В отчёт входят практики, внедрённые в квартале, и более ранние, ещё не указанные в отчётах.
    Отчёт за уже направленный квартал не переделывается: показывается направленный файл.
    """
    from core.documents.kinds import get_kind
    from core.documents.registry import document_path, file_state, get_document, make_document
    from core.errors import OhsError
    from core.cli.output import echo_json
    from plugins.best_practices.submissions import (
        REPORT_KIND, all_submissions, check_started, latest_by_quarter, quarter_option,
    )

    today = today_or(today)
    period = quarter_option(year, quarter, today)
    check_started(period, today)
    letter_date = letter_date or today
    if letter_date > today:
        raise OhsError(f"Дата письма {letter_date:%d.%m.%Y} ещё не наступила.")
    with app.session() as session:
        org = app.org(session)
        current = latest_by_quarter(all_submissions(session, org)).get(period)
        if current is not None:
            doc = get_document(session, org, current.document_id) if current.document_id else None
            data = {"quarter": period.key, "frozen": True, "submitted_on": current.submitted_on,
                    "number": current.number, "version": current.version, "document_id": current.document_id,
                    "path": str(document_path(app.workspace, doc)) if doc else None, "sha256": current.sha256,
                    "file": file_state(app.workspace, doc) if doc else None}
        else:
            doc = make_document(session, org, app.pm, app.workspace, get_kind(app.pm, REPORT_KIND), letter_date,
                                out_dir=out_dir, number=number,
                                options={"year": period.year, "quarter": period.number})
            data = {"quarter": period.key, "frozen": False, "document_id": doc.id,
                    "path": str(document_path(app.workspace, doc)), "sha256": doc.sha256}
    if as_json:
        echo_json(data)
    elif data["frozen"]:
        where = f": {data['path']}" if data["path"] else " (до ведения ohs, файла нет)"
        click.echo(f"Отчёт за {period.label} уже направлен {data['submitted_on']:%d.%m.%Y} и не меняется{where}. "
                   f"Исправленный отчёт: ohs practice submit --year {period.year} --quarter {period.number} "
                   "--on ДАТА --reason \"…\".")
    else:
        click.echo(f"Сделан проект отчёта за {period.label} (документ №{data['document_id']}): {data['path']}")


@click.command(name="submit")
@_year
@_quarter
@click.option("--on", "on", type=ISO_DATE, required=True, metavar="ДАТА", help="Дата отправки в администрацию.")
@click.option("--number", default=None, help="Исходящий номер письма.")
@click.option("--reason", default=None, help="Причина повторной отправки (для уже направленного квартала).")
@_out
@today_option
@json_option
@click.pass_obj
def practice_submit(app, year, quarter, on, number, reason, out_dir, today, as_json):
    """Записать отправку отчёта за квартал: отчёт формируется на дату отправки и больше не меняется.

    Повторная отправка того же квартала — только с --reason: появится новая редакция.
    """
    from core.documents.registry import document_path
    from core.cli.output import echo_json
    from plugins.best_practices.submissions import quarter_option, submission_json, submit

    today = today_or(today)
    period = quarter_option(year, quarter, today)
    with app.session() as session:
        row, doc = submit(session, app.org(session), app.pm, app.workspace, period, on, today, number=number,
                          reason=reason, out_dir=out_dir)
        data = {**submission_json(row), "path": str(document_path(app.workspace, doc))}
    if as_json:
        echo_json(data)
    else:
        again = f", редакция {data['version']}" if data["version"] > 1 else ""
        click.echo(f"Отчёт за {period.label} направлен {on:%d.%m.%Y}{again}; практик в отчёте: "
                   f"{len(data['practice_ids'])}. Файл: {data['path']}")


@click.command(name="submissions")
@json_option
@click.pass_obj
def practice_submissions(app, as_json):
    """Отправленные отчёты о передовом опыте (записи не меняются; повторные — с причиной)."""
    from core.cli.output import echo_json, echo_table, fmt_date
    from plugins.best_practices.submissions import all_submissions, submission_json

    with app.session(write=False) as session:
        rows = [submission_json(r) for r in all_submissions(session, app.org(session))]
    if as_json:
        echo_json(rows)
        return
    echo_table(["№", "Квартал", "Ред.", "Отправлен", "Исх. №", "Практик", "Причина повтора"],
               [(r["seq"], f"{r['year']}-Q{r['quarter']}", r["version"], fmt_date(r["submitted_on"]), r["number"],
                 len(r["practice_ids"]), r["reason"]) for r in rows])


@click.command(name="district")
@_year
@_quarter
@_out
@today_option
@json_option
@click.pass_obj
def practice_district(app, year, quarter, out_dir, today, as_json):
    """Сводка района: кто направил отчёт за квартал, кто нет, и все практики по категориям.

    Видны все организации общей базы данных. С --out делается сводка для администрации (DOCX).
    """
    from core.cli.output import echo_json, echo_table, fmt_date
    from plugins.best_practices.district import district_summary
    from plugins.best_practices.settings import load_settings
    from plugins.best_practices.submissions import quarter_option

    today = today_or(today)
    period = quarter_option(year, quarter, today)
    settings = load_settings(app.workspace.section("best_practices"))
    path = None
    with app.session(write=out_dir is not None) as session:
        org = app.org(session)
        summary = district_summary(session, org, period, settings, today)
        if out_dir is not None:
            from core.documents.kinds import get_kind
            from core.documents.registry import document_path, make_document

            doc = make_document(session, org, app.pm, app.workspace, get_kind(app.pm, "best_practices_district"),
                                today, out_dir=out_dir, options={"year": period.year, "quarter": period.number})
            path = str(document_path(app.workspace, doc))
    if as_json:
        echo_json({**summary, "path": path})
        return
    echo_table(["Организация", "Отчёт", "Исх. №", "Практик"],
               [(o["name"], (f"направлен {fmt_date(o['submitted_on'])}" + (", с опозданием" if o["late"] else ""))
                 if o["submitted"] else ("не направлен, срок истёк" if o["overdue"] else "не направлен"),
                 o["number"], o["practices"]) for o in summary["organizations"]])
    click.echo(f"\nЗа {period.label}: направили {summary['submitted']} из {len(summary['organizations'])}, "
               f"практик {summary['practices']}; срок {fmt_date(summary['deadline'])}.")
    if path:
        click.echo(f"Сводка: {path}")


REPORT_COMMANDS = (practice_report, practice_submit, practice_submissions, practice_district)
