"""``ohs contest specialist portfolio``: add, list, attach evidence, retract (as a new record)."""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE, json_option, today_option, today_or

KIND_CHOICE = click.Choice(["education", "retraining", "employment", "certificate", "event", "award", "council",
                            "publication", "membership", "mentoring", "characteristic", "document", "program",
                            "investigation", "project", "clean_record", "penalty"])


@click.group(name="portfolio")
def portfolio_group() -> None:
    """Портфолио участника: дипломы, стаж, сертификаты, мероприятия, награды, публикации, характеристика."""


@portfolio_group.command(name="add")
@click.argument("kind", metavar="ВИД", type=KIND_CHOICE)
@click.argument("person", metavar="РАБОТНИК")
@click.option("--title", default=None, help="Название (документа, мероприятия, награды, организации…).")
@click.option("--on", "on", type=ISO_DATE, required=True, metavar="ДАТА",
              help="Дата: выдачи документа, мероприятия, награды; начало периода.")
@click.option("--to", "date_to", type=ISO_DATE, default=None, metavar="ДАТА", help="Конец периода (если закончился).")
@click.option("--valid-until", type=ISO_DATE, default=None, metavar="ДАТА", help="Действителен до (свидетельства).")
@click.option("--type", "subtype", default=None,
              help="Вид: higher/secondary_vocational; osh_position/osh_head/osh_services; short_course/attested/"
                   "international; federal_council/guillotine; критерий характеристики; ключ документа…")
@click.option("--level", default=None, help="Уровень: organization, regional, national, international (награды — и federal, contest).")
@click.option("--role", default=None, help="Роль на мероприятии: participant, speaker, moderator, exhibitor, expert.")
@click.option("--format", "fmt", default=None,
              help="Формат мероприятия: conference, forum, meeting, webinar, competition, exhibition, worldskills.")
@click.option("--by-authority", is_flag=True, help="Мероприятие проводит орган исполнительной власти.")
@click.option("--technosphere", is_flag=True, help="Диплом по направлению «Техносферная безопасность» (20.03.01) и соответствующим.")
@click.option("--hours", type=int, default=None, help="Объём переподготовки, часов.")
@click.option("--score", type=int, default=None, help="Оценка в характеристике, от 1 до 5.")
@click.option("--description", default=None, help="Описание проекта: место внедрения и личное участие (до 500 символов).")
@click.option("--ref", default=None, help="Запись другого модуля, которую описывает проект (practice:3, measure:12).")
@click.option("--evidence", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Файл подтверждающего документа (скан, копия).")
@today_option
@json_option
@click.pass_obj
def portfolio_add(app, kind, person, title, on, date_to, valid_until, subtype, level, role, fmt, by_authority,
                  technosphere, hours, score, description, ref, evidence, today, as_json):
    """Добавить запись: ohs contest specialist portfolio add certificate «Колесникова О.В.» --type attested --on 2024-03-01 --evidence скан.pdf."""
    from core.cli.output import echo_json
    from core.registry.people import resolve_person
    from plugins.contest_specialist.portfolio import ItemInput, PortfolioEntry, add_item

    today = today_or(today)
    values = {"date_to": date_to, "valid_until": valid_until, "role": role, "format": fmt,
              "by_authority": by_authority, "technosphere": technosphere, "hours": hours, "score": score,
              "description": description, "ref": ref}
    with app.session() as session:
        org = app.org(session)
        who = resolve_person(session, org, person)
        item = add_item(session, org, app.workspace, who,
                        ItemInput(kind, title, on, subtype, level, values), today, evidence)
        data = PortfolioEntry(item, [], None).to_json()
    if as_json:
        echo_json(data)
    else:
        tail = "" if evidence else "; подтверждающего файла нет — без него запись баллов не даёт (portfolio evidence)"
        click.echo(f"Добавлена запись портфолио №{data['id']}: {data['kind_title']} «{data['title']}»{tail}.")


@portfolio_group.command(name="list")
@click.argument("person", metavar="РАБОТНИК")
@click.option("--all", "show_all", is_flag=True, help="Вместе с отозванными записями.")
@json_option
@click.pass_obj
def portfolio_list(app, person, show_all, as_json):
    """Записи портфолио работника с файлами подтверждений."""
    from core.cli.output import echo_json, echo_table, fmt_date
    from core.registry.people import resolve_person
    from plugins.contest_specialist.portfolio import portfolio_of

    with app.session(write=False) as session:
        org = app.org(session)
        who = resolve_person(session, org, person)
        rows = [e.to_json() for e in portfolio_of(session, org, who.id, include_retracted=show_all)]
    if as_json:
        echo_json(rows)
        return
    echo_table(["№", "Вид", "Тип/уровень", "Название", "Дата", "Файлы", "Отозвана"], [
        (r["id"], r["kind_title"], r["type"] or r["level"] or "", r["title"], fmt_date(r["on"]),
         len(r["evidence"]) or "нет", r["retracted"] or "") for r in rows])


@portfolio_group.command(name="evidence")
@click.argument("item_id", metavar="НОМЕР", type=int)
@click.argument("path", metavar="ФАЙЛ", type=click.Path(dir_okay=False, path_type=Path))
@today_option
@click.pass_obj
def portfolio_evidence(app, item_id, path, today):
    """Приложить подтверждающий файл к записи (хранится в рабочей папке по sha256)."""
    from plugins.contest_specialist.portfolio import add_evidence

    with app.session() as session:
        sha = add_evidence(session, app.org(session), app.workspace, item_id, path, today_or(today))
    click.echo(f"К записи №{item_id} приложен файл {path.name} (sha256 {sha[:12]}…).")


@portfolio_group.command(name="remove")
@click.argument("item_id", metavar="НОМЕР", type=int)
@click.option("--reason", required=True, help="Почему запись отзывается.")
@today_option
@click.pass_obj
def portfolio_remove(app, item_id, reason, today):
    """Отозвать запись (она остаётся в истории с причиной; новая запись вносится заново)."""
    from plugins.contest_specialist.portfolio import retract_item

    with app.session() as session:
        retract_item(session, app.org(session), item_id, reason, today_or(today))
    click.echo(f"Запись портфолио №{item_id} отозвана.")
