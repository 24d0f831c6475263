"""``ohs practice proposal``: workers' proposals and survey answers, and their review."""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE, json_option, today_option, today_or
from plugins.best_practices.commands import CATEGORY_CHOICE

CHANNEL_CHOICE = click.Choice(["proposal", "survey", "training", "union", "other"])


@click.group(name="proposal")
def proposal_group() -> None:
    """Предложения работников и ответы опросов: записать, импортировать, принять или отклонить."""


@proposal_group.command(name="add")
@click.option("--text", default=None, help="Текст предложения.")
@click.option("--on", "received", type=ISO_DATE, default=None, metavar="ДАТА",
              help="Дата поступления (по умолчанию — сегодня).")
@click.option("--channel", type=CHANNEL_CHOICE, default="proposal", show_default=True,
              help="Откуда: предложение, опрос, экспресс-опрос после обучения, профсоюз, другое.")
@click.option("--author", default=None, metavar="РАБОТНИК", help="Автор: номер, СНИЛС или ФИО из списка работников.")
@click.option("--department", default=None, help="Подразделение.")
@click.option("--category", type=CATEGORY_CHOICE, default=None, help="Предполагаемая категория практики.")
@click.option("--effect", default=None, help="Ожидаемый эффект.")
@today_option
@json_option
@click.pass_obj
def proposal_add(app, text, received, channel, author, department, category, effect, today, as_json):
    """Записать предложение: ohs practice proposal add --text "…" --author "Серов В.И."."""
    from core.cli.output import echo_json
    from core.registry.people import resolve_person
    from plugins.best_practices.proposals import add_proposal, proposal_json

    today = today_or(today)
    with app.session() as session:
        org = app.org(session)
        person = resolve_person(session, org, author) if author else None
        row = add_proposal(session, org, text, received or today, today, channel=channel, author=person,
                           department=department, category=category, effect=effect)
        data = proposal_json(row)
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Записано предложение №{data['id']} от {data['received_on']:%d.%m.%Y}.")


@proposal_group.command(name="import")
@click.argument("path", type=click.Path(path_type=Path), metavar="ФАЙЛ")
@click.option("--channel", type=CHANNEL_CHOICE, default="survey", show_default=True,
              help="Что за опрос: survey — опрос работников, training — экспресс-опрос после обучения.")
@click.option("--survey", default=None, help="Название опроса (по умолчанию — имя файла).")
@today_option
@json_option
@click.pass_obj
def proposal_import(app, path, channel, survey, today, as_json):
    """Импортировать ответы опроса из CSV/XLSX (выгрузка Google Форм, Яндекс Форм).

    Нужны колонки «Отметка времени» и «Предложение»; «ФИО», «Подразделение», «Категория»,
    «Ожидаемый эффект» — по желанию, остальные вопросы сохраняются как ответы.
    """
    from core.cli.output import echo_json
    from plugins.best_practices.survey_io import import_survey

    today = today_or(today)
    with app.session() as session:
        added, skipped = import_survey(session, app.org(session), path, today, channel=channel, survey=survey)
        ids = [p.id for p in added]
    if as_json:
        echo_json({"added": len(ids), "ids": ids, "skipped": skipped})
    else:
        click.echo(f"Импортировано предложений: {len(ids)}; ответов без предложения пропущено: {skipped}.")


@proposal_group.command(name="list")
@click.option("--status", type=click.Choice(["new", "accepted", "rejected"]), default=None, help="Только в этом состоянии.")
@json_option
@click.pass_obj
def proposal_list(app, status, as_json):
    """Предложения и их рассмотрение."""
    from core.cli.output import echo_json, echo_table, fmt_date
    from plugins.best_practices.proposals import list_proposals, proposal_json

    with app.session(write=False) as session:
        rows = [proposal_json(p) for p in list_proposals(session, app.org(session), status)]
    if as_json:
        echo_json(rows)
        return
    echo_table(["№", "Поступило", "Автор", "Предложение", "Состояние"],
               [(r["id"], fmt_date(r["received_on"]), r["author"], r["text"][:80],
                 r["status_title"] + (f" (практика №{r['practice_id']})" if r["practice_id"] else "")
                 + (f": {r['reason']}" if r["reason"] else "")) for r in rows])


@proposal_group.command(name="accept")
@click.argument("proposal_id", metavar="НОМЕР", type=int)
@click.option("--on", "on", type=ISO_DATE, default=None, metavar="ДАТА", help="Дата решения (по умолчанию — сегодня).")
@click.option("--category", type=CATEGORY_CHOICE, default=None, help="Категория практики (если не указана в предложении).")
@click.option("--title", default=None, help="Название практики.")
@click.option("--implemented", type=ISO_DATE, default=None, metavar="ДАТА", help="С какой даты практика внедрена.")
@click.option("--description", default=None, help="Описание (по умолчанию — текст предложения).")
@click.option("--effect", default=None, help="Эффект (по умолчанию — ожидаемый эффект из предложения).")
@click.option("--department", default=None, help="Где внедрена.")
@click.option("--spread", default=None, help="Как распространяется.")
@click.option("--cost", default=None, help="Затраты, руб.")
@today_option
@json_option
@click.pass_obj
def proposal_accept(app, proposal_id, on, category, title, implemented, description, effect, department, spread, cost,
                    today, as_json):
    """Принять предложение: оно становится практикой реестра (автор предложения — автор практики)."""
    from core.cli.output import echo_json
    from plugins.best_practices.practices import practice_json
    from plugins.best_practices.proposals import accept_proposal, proposal_json

    today = today_or(today)
    with app.session() as session:
        org = app.org(session)
        row, added = accept_proposal(session, org, proposal_id, on or today, today, category=category, title=title,
                                     implemented=implemented, description=description, effect=effect,
                                     department=department, spread=spread, cost=cost)
        data = {"proposal": proposal_json(row), "practice": practice_json(session, added)}
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Предложение №{proposal_id} принято: добавлена практика №{data['practice']['id']}.")


@proposal_group.command(name="reject")
@click.argument("proposal_id", metavar="НОМЕР", type=int)
@click.option("--reason", default=None, help="Причина отклонения (сообщается автору).")
@click.option("--on", "on", type=ISO_DATE, default=None, metavar="ДАТА", help="Дата решения (по умолчанию — сегодня).")
@today_option
@click.pass_obj
def proposal_reject(app, proposal_id, reason, on, today):
    """Отклонить предложение с причиной: ohs practice proposal reject 4 --reason "…"."""
    from plugins.best_practices.proposals import reject_proposal

    today = today_or(today)
    with app.session() as session:
        reject_proposal(session, app.org(session), proposal_id, on or today, reason, today)
    click.echo(f"Предложение №{proposal_id} отклонено.")
