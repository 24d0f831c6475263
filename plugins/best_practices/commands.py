"""``ohs practice``: the register of best practice — add, list, show, attach files, link records.

Only click is imported at module level; the services and the database load inside the commands.
The quarterly report commands are in report_commands.py, proposals in proposal_commands.py.
"""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE, json_option, today_option, today_or

CATEGORY_CHOICE = click.Choice(["technique", "technology", "organization", "osh_service", "union"])
SOURCE_CHOICE = click.Choice(["survey", "proposal", "training", "audit", "other"])


@click.group(name="practice")
def practice() -> None:
    """Передовой опыт в охране труда: реестр практик, предложения работников, квартальный отчёт в администрацию."""


@practice.command(name="add")
@click.option("--category", type=CATEGORY_CHOICE, default=None,
              help="Область: техника, технология, организация труда, служба ОТ, уполномоченные профсоюза.")
@click.option("--title", default=None, help="Краткое название практики.")
@click.option("--description", default=None, help="Что сделано и как.")
@click.option("--effect", default=None, help="Эффект: что изменилось (травмы, нарушения, время, затраты).")
@click.option("--implemented", type=ISO_DATE, default=None, metavar="ДАТА", help="С какой даты внедрена.")
@click.option("--department", default=None, help="Где внедрена (подразделение, участок).")
@click.option("--source", type=SOURCE_CHOICE, default="other", show_default=True,
              help="Откуда: опрос, предложение работника, опрос после обучения, аудит, другое.")
@click.option("--cost", default=None, help="Затраты, руб.")
@click.option("--author", default=None, metavar="РАБОТНИК", help="Автор: номер, СНИЛС или ФИО.")
@click.option("--spread", default=None, help="Как распространяется: приказ, видеоролик, обучение…")
@click.option("--link", "links", multiple=True, metavar="ССЫЛКА",
              help="Мероприятие, происшествие или риск, на который отвечает практика: measure:3, incident:5, risk:2.")
@today_option
@json_option
@click.pass_obj
def practice_add(app, category, title, description, effect, implemented, department, source, cost, author, spread,
                 links, today, as_json):
    """Добавить практику в реестр передового опыта.

    Пример: ohs practice add --category technique --title "…" --description "…" --effect "…"
    --implemented 2026-11-20.
    """
    from core.cli.output import echo_json
    from core.registry.people import resolve_person
    from plugins.best_practices.practices import add_practice, practice_json

    today = today_or(today)
    with app.session() as session:
        org = app.org(session)
        person = resolve_person(session, org, author) if author else None
        row = add_practice(session, org, category=category, title=title, description=description, effect=effect,
                           implemented=implemented, today=today, department=department, source=source, cost=cost,
                           author=person, spread=spread, links=tuple(links), pm=app.pm)
        data = practice_json(session, row, full=True)
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Добавлена практика №{data['id']}: {data['title']} (внедрена {implemented:%d.%m.%Y}).")


def _reported(session, org):
    from plugins.best_practices.submissions import all_submissions, reported_in

    return {pid: q.key for pid, q in reported_in(all_submissions(session, org)).items()}


@practice.command(name="list")
@click.option("--year", type=int, default=None, help="Год (вместе с --quarter).")
@click.option("--quarter", type=click.IntRange(1, 4), default=None, help="Только практики, внедрённые в этом квартале.")
@json_option
@click.pass_obj
def practice_list(app, year, quarter, as_json):
    """Практики реестра с датой внедрения и кварталом, в отчёте за который они указаны."""
    from core.errors import OhsError
    from core.cli.output import echo_json, echo_table, fmt_date
    from plugins.best_practices.practices import list_practices, practice_json
    from plugins.best_practices.settings import make_quarter

    if (year is None) != (quarter is None):
        raise OhsError("Укажите и год, и квартал: --year 2026 --quarter 4 (или ни того, ни другого).")
    period = make_quarter(year, quarter) if year is not None else None
    with app.session(write=False) as session:
        org = app.org(session)
        reported = _reported(session, org)
        rows = [practice_json(session, p, reported) for p in list_practices(session, org, period)]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("Практик нет; добавьте: ohs practice add …")
        return
    echo_table(["№", "Внедрена", "Категория", "Практика", "Где", "В отчёте"],
               [(r["id"], fmt_date(r["implemented_on"]), r["category_title"], r["title"], r["department"],
                 r["reported_in"]) for r in rows])


@practice.command(name="show")
@click.argument("practice_id", metavar="НОМЕР", type=int)
@json_option
@click.pass_obj
def practice_show(app, practice_id, as_json):
    """Практика целиком: описание, эффект, связи, приложенные файлы."""
    from core.cli.output import echo_json, fmt_date
    from plugins.best_practices.attachments import KIND_WORDS
    from plugins.best_practices.practices import CATEGORIES, SOURCES, get_practice, practice_json

    with app.session(write=False) as session:
        org = app.org(session)
        data = practice_json(session, get_practice(session, org, practice_id), _reported(session, org), full=True)
    if as_json:
        echo_json(data)
        return
    lines = [
        f"Практика №{data['id']}: {data['title']}",
        f"Категория: {CATEGORIES[data['category']]}",
        f"Внедрена: {fmt_date(data['implemented_on'])}" + (f", {data['department']}" if data["department"] else ""),
        f"Описание: {data['description']}", f"Эффект: {data['effect']}",
        f"Источник: {SOURCES[data['source']]}",
    ]
    if data["author"]:
        lines.append(f"Автор: {data['author']}")
    if data["cost"]:
        lines.append(f"Затраты: {data['cost']} руб.")
    if data["spread"]:
        lines.append(f"Распространение: {data['spread']}")
    lines.append(f"В отчёте за: {data['reported_in'] or 'ещё не указана'}")
    for link in data["links"]:
        lines.append(f"Связь: {link['ref']} — {link['title']}")
    for a in data["attachments"]:
        lines.append(f"Файл №{a['id']}: {a['name']} ({KIND_WORDS[a['kind']]}, {a['size']} байт, sha256 {a['sha256'][:12]}…)")
    click.echo("\n".join(lines))


@practice.command(name="attach")
@click.argument("practice_id", metavar="НОМЕР", type=int)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="ФАЙЛ...")
@today_option
@json_option
@click.pass_obj
def practice_attach(app, practice_id, files, today, as_json):
    """Приложить фото, видео или документы (приказ) к практике; файлы хранятся в рабочей папке по sha256."""
    from core.cli.output import echo_json
    from plugins.best_practices.attachments import attach, check_file
    from plugins.best_practices.practices import get_practice

    today = today_or(today)
    for path in files:  # every file is checked before any is stored
        check_file(path)
    with app.session() as session:
        org = app.org(session)
        row = get_practice(session, org, practice_id)
        added = [attach(session, org, app.workspace, row, path, today) for path in files]
        data = [{"id": a.id, "name": a.name, "kind": a.kind, "size": a.size, "sha256": a.sha256} for a in added]
    if as_json:
        echo_json(data)
    else:
        for a in data:
            click.echo(f"Приложен файл №{a['id']} «{a['name']}» к практике №{practice_id} (sha256 {a['sha256'][:12]}…).")


@practice.command(name="link")
@click.argument("practice_id", metavar="НОМЕР", type=int)
@click.argument("ref", metavar="ССЫЛКА")
@click.pass_obj
def practice_link(app, practice_id, ref):
    """Связать практику с мероприятием, происшествием или риском: ohs practice link 2 measure:3."""
    from plugins.best_practices.practices import add_link, get_practice

    with app.session() as session:
        org = app.org(session)
        found = add_link(session, org, get_practice(session, org, practice_id), ref, app.pm)
    click.echo(f"Практика №{practice_id} связана с {found['ref']}: {found['title']}.")


def practice_group() -> click.Group:
    """``ohs practice`` with its sub-groups (the lazy entry the plugin registers)."""
    from plugins.best_practices.proposal_commands import proposal_group
    from plugins.best_practices.report_commands import REPORT_COMMANDS

    from plugins.best_practices.settings_commands import practice_settings

    if "proposal" not in practice.commands:
        practice.add_command(proposal_group)
    if "settings" not in practice.commands:
        practice.add_command(practice_settings)
    for command in REPORT_COMMANDS:
        if command.name not in practice.commands:
            practice.add_command(command)
    return practice
