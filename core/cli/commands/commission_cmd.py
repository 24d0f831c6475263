"""``ohs commission``, ``ohs appoint``, ``ohs appointments``: commissions and appointments by order."""

from __future__ import annotations

import click

from core.cli.commands.options import ISO_DATE, json_option, renamed_options, today_option, today_or

PERSON = "РАБОТНИК"


@click.group()
def commission() -> None:
    """Комиссии по приказу: по проверке знаний, комитет по ОТ, СОУТ, оценка рисков и другие.

    Состав комиссии — запись приказа: новый состав оформляется новым приказом (--replaces),
    прежняя запись не изменяется и остаётся в истории.
    """


@commission.command(name="kinds")
@json_option
def commission_kinds(as_json):
    """Виды комиссий (по перечню конкурса «Лучший специалист по охране труда»)."""
    from core.registry.commissions import COMMISSION_KINDS
    from core.cli.output import echo_json, echo_table

    if as_json:
        echo_json([{"kind": k, "title": t} for k, t in COMMISSION_KINDS.items()])
    else:
        echo_table(["Вид", "Название"], COMMISSION_KINDS.items())


@commission.command(name="add")
@click.argument("kind", metavar="ВИД")
@click.option("--order-number", required=True, metavar="НОМЕР", help="Номер приказа о создании комиссии.")
@click.option("--order-date", type=ISO_DATE, required=True, help="Дата приказа.")
@click.option("--chair", "chairs", multiple=True, metavar=PERSON, help="Председатель комиссии.")
@click.option("--deputy", "deputies", multiple=True, metavar=PERSON, help="Заместитель председателя (можно несколько).")
@click.option("--secretary", "secretaries", multiple=True, metavar=PERSON, help="Секретарь комиссии.")
@click.option("--member", "members", multiple=True, metavar=PERSON, help="Член комиссии (повторяйте для каждого).")
@click.option("--signed-by", default=None, metavar=PERSON,
              help="Кто подписал приказ (по умолчанию — руководитель организации на дату приказа).")
@click.option("--replaces", type=int, default=None, metavar="НОМЕР", help="Номер комиссии, которую заменяет этот приказ.")
@click.option("--title", default=None, metavar="НАЗВАНИЕ", help="Название комиссии в приказе (по умолчанию — по виду).")
@click.option("--valid-from", type=ISO_DATE, default=None, help="Действует с (по умолчанию — с даты приказа).")
@click.option("--valid-until", type=ISO_DATE, default=None, help="Действует по (если срок ограничен).")
@today_option
@json_option
@click.pass_obj
def commission_add(app, kind, order_number, order_date, chairs, deputies, secretaries, members, signed_by,
                   replaces, title, valid_from, valid_until, today, as_json):
    """Записать приказ о создании комиссии и её состав.

    Например: ohs commission add knowledge_check --order-number 12 --order-date 2026-01-15
    --chair Ульянова --member Колесникова --member Серов.
    ВИД — см. «ohs commission kinds». РАБОТНИК — номер, СНИЛС или ФИО.
    """
    from core.registry.commissions import add_commission, commission_json
    from core.cli.output import echo_json
    from core.registry.people import resolve_person

    with app.session() as session:
        org = app.org(session)
        roles = [("chair", chairs), ("deputy", deputies), ("secretary", secretaries), ("member", members)]
        composition = [(role, resolve_person(session, org, ref)) for role, refs in roles for ref in refs]
        signer = resolve_person(session, org, signed_by) if signed_by else None
        created = add_commission(
            session, org, kind, order_number, order_date, composition, today_or(today), signed_by=signer,
            replaces_id=replaces, title=title, valid_from=valid_from, valid_until=valid_until,
        )
        data = commission_json(session, org, created)
    if as_json:
        echo_json(data)
        return
    click.echo(f"Записана комиссия №{data['id']}: {data['title']}, приказ № {data['order_number']} "
               f"от {created.order_date:%d.%m.%Y}, состав — {len(data['members'])} чел.")
    if data["replaces_id"]:
        click.echo(f"Заменяет комиссию №{data['replaces_id']} с {created.valid_from:%d.%m.%Y}.")


@renamed_options(on="--as-of")
@commission.command(name="list")
@click.option("--kind", default=None, metavar="ВИД", help="Только этот вид комиссии.")
@click.option("--as-of", "on", type=ISO_DATE, default=None, metavar="ДАТА", help="Действующие на эту дату (по умолчанию — сегодня).")
@click.option("--all", "show_all", is_flag=True, help="Все комиссии, включая заменённые и прошлые.")
@json_option
@click.pass_obj
def commission_list(app, kind, on, show_all, as_json):
    """Действующие комиссии (не заменённые новым приказом); с --all — вся история."""
    from core.registry.commissions import commission_ends, commission_json, list_commissions
    from core.cli.output import echo_json, echo_table

    with app.session(write=False) as session:
        org = app.org(session)
        rows = list_commissions(session, org, on=None if show_all else today_or(on), kind=kind)
        ends = commission_ends(session, org)
        data = [commission_json(session, org, c, ends) for c in rows]
    if as_json:
        echo_json(data)
        return
    echo_table(
        ["№", "Комиссия", "Приказ", "Действует", "Председатель", "Состав"],
        [(d["id"], d["title"], f"№ {d['order_number']} от {_date(d['order_date'])}", _period(d["valid_from"], d["ends_on"]),
          next((m["full_name"] for m in d["members"] if m["role"] == "chair"), None), len(d["members"]))
         for d in data],
    )
    click.echo(f"\nВсего: {len(data)}.")


@commission.command(name="show")
@click.argument("commission_id", type=int, metavar="НОМЕР")
@json_option
@click.pass_obj
def commission_show(app, commission_id, as_json):
    """Показать комиссию: приказ, срок, кто подписал и состав с ролями."""
    from core.registry.commissions import commission_json, get_commission
    from core.cli.output import echo_json, echo_table

    with app.session(write=False) as session:
        org = app.org(session)
        data = commission_json(session, org, get_commission(session, org, commission_id))
    if as_json:
        echo_json(data)
        return
    click.echo(f"Комиссия №{data['id']}: {data['title']}")
    click.echo(f"Приказ: № {data['order_number']} от {_date(data['order_date'])}, подписал(а) "
               f"{data['signed_by']['full_name']}")
    click.echo(f"Действует: {_period(data['valid_from'], data['ends_on'])}")
    if data["replaces_id"]:
        click.echo(f"Заменяет комиссию №{data['replaces_id']}")
    if data["replaced_by_id"]:
        click.echo(f"Заменена комиссией №{data['replaced_by_id']}")
    click.echo("")
    echo_table(["Роль", "ФИО", "Должность"], [(m["role_title"], m["full_name"], m["position"]) for m in data["members"]])


@commission.command(name="of")
@click.argument("person_ref", metavar=PERSON)
@click.option("--since", type=ISO_DATE, default=None, help="Только комиссии, действовавшие с этой даты или позже.")
@json_option
@click.pass_obj
def commission_of(app, person_ref, since, as_json):
    """В каких комиссиях работник состоит или состоял: роль и период (для конкурса специалистов)."""
    from core.registry.commissions import commissions_of
    from core.cli.output import echo_json, echo_table
    from core.registry.people import resolve_person

    with app.session(write=False) as session:
        org = app.org(session)
        person = resolve_person(session, org, person_ref)
        seats = commissions_of(session, org, person, since=since)
    if as_json:
        echo_json({"person_id": person.id, "full_name": person.full_name, "commissions": [s.to_json() for s in seats]})
        return
    click.echo(f"{person.full_name}:")
    echo_table(
        ["№", "Комиссия", "Роль", "Приказ", "Период"],
        [(s.commission_id, s.title, s.role_title, f"№ {s.order_number} от {s.order_date:%d.%m.%Y}",
          _period(s.from_date.isoformat(), s.until_date.isoformat() if s.until_date else None)) for s in seats],
    )


@click.command(name="appoint")
@click.argument("role", metavar="ОБЯЗАННОСТЬ")
@click.argument("person_ref", metavar=PERSON)
@click.option("--order-number", required=True, metavar="НОМЕР", help="Номер приказа о назначении.")
@click.option("--order-date", type=ISO_DATE, required=True, help="Дата приказа.")
@click.option("--department", default=None, metavar="ПОДРАЗДЕЛЕНИЕ", help="Только для этого подразделения (для инструктирующих).")
@click.option("--from", "from_date", type=ISO_DATE, default=None, help="Назначен(а) с (по умолчанию — с даты приказа).")
@click.option("--until", "until_date", type=ISO_DATE, default=None, help="Назначен(а) по (если срок ограничен).")
@today_option
@json_option
@click.pass_obj
def appoint(app, role, person_ref, order_number, order_date, department, from_date, until_date, today, as_json):
    """Записать приказ о назначении работника на обязанность по охране труда.

    Например: ohs appoint osh_responsible Колесникова --order-number 5 --order-date 2026-01-10.
    ОБЯЗАННОСТЬ: osh_responsible (ответственный за организацию работы по ОТ), briefing_instructor
    (проводит инструктажи; можно --department), intro_briefing (проводит вводный инструктаж),
    first_aid_trainer (обучает оказанию первой помощи). Новый приказ на ту же обязанность заменяет прежний.
    """
    from core.registry.commissions import add_appointment, appointment_json
    from core.errors import NotFoundError
    from core.cli.output import echo_json
    from core.registry.people import department_names, get_department, resolve_person

    with app.session() as session:
        org = app.org(session)
        person = resolve_person(session, org, person_ref)
        dept = get_department(session, org, department, create=False) if department else None
        if department and dept is None:
            raise NotFoundError(f"Подразделения «{department}» нет; список: ohs people departments.")
        created = add_appointment(session, org, role, person, order_number, order_date, today_or(today),
                                  department=dept, from_date=from_date, until_date=until_date)
        data = appointment_json(created, person, department_names(session, org))
    if as_json:
        echo_json(data)
        return
    scope = f" ({data['department']})" if data["department"] else ""
    click.echo(f"Записано назначение №{data['id']}: {data['full_name']} — {data['role_title']}{scope}, "
               f"приказ № {data['order_number']} от {created.order_date:%d.%m.%Y}.")


@renamed_options(on="--as-of")
@click.command(name="appointments")
@click.option("--as-of", "on", type=ISO_DATE, default=None, metavar="ДАТА", help="Действующие на эту дату (по умолчанию — сегодня).")
@json_option
@click.pass_obj
def appointments(app, on, as_json):
    """Действующие назначения по приказам: ответственный за ОТ, инструктирующие, обучающие первой помощи."""
    from core.registry.commissions import appointment_json, current_appointments
    from core.cli.output import echo_json, echo_table
    from core.registry.people import department_names

    with app.session(write=False) as session:
        org = app.org(session)
        names = department_names(session, org)
        data = [appointment_json(a, p, names) for a, p in current_appointments(session, org, today_or(on))]
    if as_json:
        echo_json(data)
        return
    echo_table(
        ["№", "Обязанность", "Подразделение", "Работник", "Приказ", "Период"],
        [(d["id"], d["role_title"], d["department"], d["full_name"],
          f"№ {d['order_number']} от {_date(d['order_date'])}", _period(d["from_date"], d["until_date"])) for d in data],
    )


def _date(iso: str) -> str:
    """2026-01-15 → 15.01.2026 (JSON keeps ISO, people read the Russian form)."""
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"


def _period(start: str, end: str | None) -> str:
    return f"с {_date(start)}" + (f" по {_date(end)}" if end else "")
