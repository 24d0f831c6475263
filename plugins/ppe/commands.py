"""``ohs ppe``: norms of free issue of СИЗ, sizes, issue/return/write-off, personal cards.

Only click is imported at module level; the services and the database load inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE, json_option, renamed_options, today_option, today_or


@click.group(name="ppe")
def ppe() -> None:
    """СИЗ и смывающие средства: нормы выдачи по должностям, выдача, возврат, списание, личные карточки."""


@ppe.group(name="norm")
def norm() -> None:
    """Нормы бесплатной выдачи СИЗ и смывающих средств по должностям (с датой начала действия)."""


@norm.command(name="add")
@click.argument("position", metavar="ДОЛЖНОСТЬ")
@click.option("--item", required=True, help="Наименование СИЗ или смывающего средства.")
@click.option("--qty", type=int, required=True, help="Количество на период.")
@click.option("--unit", default="шт.", show_default=True, help="Единица измерения: шт., пара, комплект, мл.")
@click.option("--period", required=True, help="Срок носки: число месяцев, «до износа» или «дежурный».")
@click.option("--basis", required=True,
              help="Основание: etn:\"Прил. 1, п. …\", hazard:\"опасность\", sout, own:\"решение\", typical_old:\"…\".")
@click.option("--from", "since", type=ISO_DATE, required=True, metavar="ДАТА", help="С какой даты действует строка.")
@click.option("--or", "alternative_of", type=int, default=None, metavar="СТРОКА",
              help="Альтернатива строке с этим номером («или»).")
@click.option("--washing", is_flag=True, help="Смывающее средство (учитывается в карточке смывающих средств).")
@click.option("--skills", is_flag=True, help="Применение требует практических навыков (обучение по СИЗ).")
@json_option
@click.pass_obj
def norm_add(app, position, item, qty, unit, period, basis, since, alternative_of, washing, skills, as_json):
    """Добавить строку в нормы должности; с новой даты — новая редакция норм (прежние строки сохраняются)."""
    from core.cli.output import echo_json
    from plugins.ppe.norms import add_norm_item, item_json

    with app.session() as session:
        org = app.org(session)
        found, line = add_norm_item(session, org, position=position, name=item, quantity=qty, period=period,
                                    basis=basis, since=since, unit=unit, alternative_of=alternative_of,
                                    washing=washing, skills=skills, pm=app.pm)
        data = {"position": found.position, "version": found.version, "valid_from": found.valid_from.isoformat(),
                "item": item_json(line)}
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Нормы «{data['position']}», редакция {data['version']} с {since:%d.%m.%Y}: строка "
                   f"{line.line} — {line.name}, {line.quantity} {line.unit}, {data['item']['period']}".rstrip('.') + '.')


@renamed_options(on="--as-of")
@norm.command(name="list")
@click.option("--as-of", "on", type=ISO_DATE, default=None, metavar="ДАТА", help="Нормы, действующие на дату.")
@today_option
@json_option
@click.pass_obj
def norm_list(app, on, today, as_json):
    """Должности с нормами выдачи СИЗ: действующая редакция и число строк."""
    from core.cli.output import echo_json, echo_table
    from plugins.ppe.norms import current_norms, norm_json

    day = on or today_or(today)
    with app.session(write=False) as session:
        org = app.org(session)
        norms = current_norms(session, org, day)
        rows = [norm_json(session, n) for n in norms]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo(f"Норм выдачи СИЗ на {day:%d.%m.%Y} нет; добавьте: ohs ppe norm add ДОЛЖНОСТЬ --item … .")
        return
    echo_table(["Должность", "Редакция", "С", "Строк"],
               [(r["position"], r["version"], f"{n.valid_from:%d.%m.%Y}", len(r["items"])) for n, r in zip(norms, rows,
                                                                                                     strict=True)])


@renamed_options(on="--as-of")
@norm.command(name="show")
@click.argument("position", metavar="ДОЛЖНОСТЬ")
@click.option("--as-of", "on", type=ISO_DATE, default=None, metavar="ДАТА", help="Редакция, действующая на дату.")
@today_option
@json_option
@click.pass_obj
def norm_show(app, position, on, today, as_json):
    """Нормы одной должности: строки с количеством, сроком носки и основанием."""
    from core.errors import NotFoundError
    from core.cli.output import echo_json, echo_table
    from plugins.ppe.norms import norm_json, norm_on, resolve_position

    day = on or today_or(today)
    with app.session(write=False) as session:
        org = app.org(session)
        position = resolve_position(session, org, position)
        found = norm_on(session, org, position, day)
        if found is None:
            raise NotFoundError(f"Норм выдачи СИЗ для должности «{position}» на {day:%d.%m.%Y} нет; добавьте: "
                                f"ohs ppe norm add \"{position}\" --item … .")
        data = norm_json(session, found)
    if as_json:
        echo_json(data)
        return
    click.echo(f"{data['position']}: редакция {data['version']} с {found.valid_from:%d.%m.%Y}")
    echo_table(["№", "СИЗ", "Кол-во", "Срок", "Основание", "Или"],
               [(i["line"], i["name"], f"{i['quantity']} {i['unit']}", i["period"], i["basis"], i["alternative_of"])
                for i in data["items"]])


@ppe.group(name="size")
def size() -> None:
    """Табельный номер и размеры работника для личной карточки."""


@size.command(name="set")
@click.argument("person", metavar="РАБОТНИК")
@click.option("--number", "personnel_number", default=None, help="Табельный номер.")
@click.option("--height", default=None, help="Рост.")
@click.option("--clothing", default=None, help="Размер одежды.")
@click.option("--shoes", default=None, help="Размер обуви.")
@click.option("--headwear", default=None, help="Размер головного убора.")
@click.option("--respirator", default=None, help="Размер СИЗОД.")
@click.option("--gloves", default=None, help="Размер СИЗ рук.")
@today_option
@click.pass_obj
def size_set(app, person, personnel_number, height, clothing, shoes, headwear, respirator, gloves, today):
    """Записать табельный номер и размеры (не указанные поля остаются прежними)."""
    from core.registry.people import resolve_person
    from plugins.ppe.sizes import set_sizes

    values = {"personnel_number": personnel_number, "height": height, "clothing": clothing, "shoes": shoes,
              "headwear": headwear, "respirator": respirator, "gloves": gloves}
    with app.session() as session:
        org = app.org(session)
        who = resolve_person(session, org, person)
        set_sizes(session, org, who, values, today_or(today))
        name = who.full_name
    click.echo(f"Размеры записаны: {name}.")


@size.command(name="show")
@click.argument("person", metavar="РАБОТНИК")
@json_option
@click.pass_obj
def size_show(app, person, as_json):
    """Табельный номер и размеры работника."""
    from core.cli.output import echo_json
    from core.registry.people import resolve_person
    from plugins.ppe.sizes import SIZE_FIELDS, get_sizes, sizes_json

    with app.session(write=False) as session:
        org = app.org(session)
        who = resolve_person(session, org, person)
        data = {"person": who.full_name, **sizes_json(get_sizes(session, org, who))}
    if as_json:
        echo_json(data)
        return
    click.echo(data["person"])
    for key, title in SIZE_FIELDS.items():
        click.echo(f"  {title}: {data[key] or '—'}")


def _people(session, org, refs, department, on):
    from core.registry.people import list_people, resolve_person

    people = [resolve_person(session, org, r) for r in refs]
    if department:
        people += list_people(session, org, on=on, department=department)
    return people


@ppe.command(name="issue")
@click.argument("people", nargs=-1, metavar="РАБОТНИК...")
@click.option("--department", default=None, help="Выдать всем работникам подразделения.")
@click.option("--item", required=True, help="СИЗ из норм должности (наименование или номер строки).")
@click.option("--qty", type=int, required=True, help="Количество.")
@click.option("--on", type=ISO_DATE, required=True, metavar="ДАТА", help="Дата выдачи.")
@click.option("--size", "size_", default=None, help="Размер выданного.")
@click.option("--certificate", default=None, help="Модель, марка; сертификат или декларация соответствия.")
@click.option("--certificate-until", "certificate_until", type=ISO_DATE, default=None, metavar="ДАТА",
              help="До какого дня действует сертификат (декларация) соответствия.")
@click.option("--reason", default=None, help="Причина выдачи сверх нормы.")
@today_option
@json_option
@click.pass_obj
def issue_cmd(app, people, department, item, qty, on, size_, certificate, certificate_until, reason, today, as_json):
    """Записать выдачу СИЗ одному или нескольким работникам (запись в журнале не исправляется, только дополняется)."""
    from core.cli.output import echo_json
    from plugins.ppe.issues import IssueData, history_json, issue

    with app.session() as session:
        org = app.org(session)
        who = _people(session, org, people, department, on)
        data = IssueData(item=item, quantity=qty, on=on, size=size_, certificate=certificate, reason=reason,
                         certificate_until=certificate_until)
        rows = history_json(session, org, issue(session, org, who, data, today_or(today)))
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        click.echo(f"Запись № {r['seq']}: выдано {r['person']} — {r['item']}, {r['quantity']} ({on:%d.%m.%Y}).")


def _close_command(kind: str, name: str, doc: str):
    @ppe.command(name=name, help=doc)
    @click.argument("person", metavar="РАБОТНИК")
    @click.option("--item", required=True, help="Наименование СИЗ, как оно выдано.")
    @click.option("--qty", type=int, required=True, help="Количество.")
    @click.option("--on", type=ISO_DATE, required=True, metavar="ДАТА", help="Дата.")
    @click.option("--wear", type=int, default=None, help="Процент износа.")
    @click.option("--reason", default=None, help="Причина (для списания обязательна).")
    @today_option
    @json_option
    @click.pass_obj
    def command(app, person, item, qty, on, wear, reason, today, as_json):
        from core.cli.output import echo_json
        from core.registry.people import resolve_person
        from plugins.ppe.issues import close, history_json

        with app.session() as session:
            org = app.org(session)
            who = resolve_person(session, org, person)
            entry = close(session, org, who, kind=kind, item=item, quantity=qty, on=on, today=today_or(today),
                          wear_percent=wear, reason=reason)
            row = history_json(session, org, [entry])[0]
        if as_json:
            echo_json(row)
        else:
            click.echo(f"Запись № {row['seq']}: {row['kind_title']} — {row['person']}, {row['item']}, {row['quantity']}.")

    return command


return_cmd = _close_command("return", "return", "Записать возврат СИЗ работником (при увольнении, переводе, замене).")
writeoff_cmd = _close_command("writeoff", "writeoff", "Записать списание выданных СИЗ (износ, утрата) с причиной.")


@ppe.command(name="correct")
@click.argument("seq", metavar="НОМЕР", type=int)
@click.option("--reason", required=True, help="Причина исправления.")
@click.option("--on", type=ISO_DATE, default=None, metavar="ДАТА", help="Верная дата.")
@click.option("--qty", type=int, default=None, help="Верное количество.")
@click.option("--item", default=None, help="Верное СИЗ (для выдачи).")
@click.option("--size", "size_", default=None, help="Верный размер (для выдачи).")
@click.option("--certificate", default=None, help="Верные модель и сертификат (для выдачи).")
@click.option("--certificate-until", "certificate_until", type=ISO_DATE, default=None, metavar="ДАТА",
              help="До какого дня действует сертификат (для выдачи).")
@click.option("--wear", type=int, default=None, help="Верный процент износа (для возврата и списания).")
@today_option
@json_option
@click.pass_obj
def correct_cmd(app, seq, reason, on, qty, item, size_, certificate, certificate_until, wear, today, as_json):
    """Исправить запись журнала новой записью: прежняя остаётся, в расчётах и карточке действует исправленная."""
    from core.cli.output import echo_json
    from plugins.ppe.issues import correct, history_json

    with app.session() as session:
        org = app.org(session)
        entry = correct(session, org, seq, today_or(today), reason=reason, on=on, quantity=qty, item=item,
                        size=size_, certificate=certificate, wear_percent=wear, certificate_until=certificate_until)
        row = history_json(session, org, [entry])[0]
    if as_json:
        echo_json(row)
    else:
        click.echo(f"Запись № {row['seq']} исправляет запись № {seq}: {row['kind_title']} — {row['person']}, "
                   f"{row['item']}, {row['quantity']}.")


@ppe.command(name="history")
@click.argument("person", metavar="РАБОТНИК", required=False)
@json_option
@click.pass_obj
def history(app, person, as_json):
    """Журнал выдачи, возврата и списания СИЗ (всех работников или одного)."""
    from core.cli.output import echo_json, echo_table
    from core.registry.people import resolve_person
    from plugins.ppe.issues import history_json
    from plugins.ppe.journal import all_entries

    with app.session(write=False) as session:
        org = app.org(session)
        ids = [resolve_person(session, org, person).id] if person else None
        rows = history_json(session, org, all_entries(session, org, ids))
    if as_json:
        echo_json(rows)
        return
    echo_table(["№", "Дата", "Вид", "Работник", "СИЗ", "Кол-во"],
               [(r["seq"], r["on"], r["kind_title"], r["person"], r["item"], r["quantity"]) for r in rows])


@ppe.command(name="card")
@click.argument("people", nargs=-1, metavar="РАБОТНИК...")
@click.option("--department", default=None, help="Карточки всех работников подразделения одним файлом.")
@click.option("--washing", is_flag=True, help="Карточка учёта выдачи смывающих средств (Приложение № 3).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Папка для файла (по умолчанию — out/ рабочей папки).")
@today_option
@json_option
@click.pass_obj
def card(app, people, department, washing, out_dir, today, as_json):
    """Личная карточка учёта выдачи СИЗ по форме Приложения № 2 к Правилам (приказ Минтруда № 766н).

    С --washing — карточка учёта выдачи смывающих средств (Приложение № 3).
    """
    from core.documents.kinds import get_kind
    from core.documents.registry import make_document
    from core.errors import OhsError
    from core.cli.output import echo_json

    day = today_or(today)
    if not people and not department:
        raise OhsError("Укажите работника или подразделение: ohs ppe card ФИО или --department \"…\".")
    with app.session() as session:
        org = app.org(session)
        ids = [p.id for p in _people(session, org, people, department, day)]
        if not ids:
            raise OhsError(f"В подразделении «{department}» на {day:%d.%m.%Y} нет работников.")
        doc = make_document(session, org, app.pm, app.workspace, get_kind(app.pm, "ppe_washing_card" if washing else "ppe_card"), day, out_dir=out_dir,
                            options={"person_ids": ids})
        from core.documents.registry import document_path

        data = {"id": doc.id, "kind": doc.kind, "version": doc.version, "path": str(document_path(app.workspace, doc)),
                "people": len(ids)}
    if as_json:
        echo_json(data)
    else:
        click.echo(f"Личные карточки ({data['people']}): {data['path']}")


@ppe.command(name="transfer")
@click.argument("person", metavar="РАБОТНИК")
@click.option("--to", "to", required=True, metavar="ДОЛЖНОСТЬ", help="Новая должность.")
@click.option("--on", type=ISO_DATE, default=None, metavar="ДАТА", help="Дата перевода (по умолчанию сегодня).")
@today_option
@json_option
@click.pass_obj
def transfer_cmd(app, person, to, on, today, as_json):
    """Разница норм при переводе: что вернуть (или оставить по решению), что остаётся, что выдать.

    Ничего не записывает; саму должность меняют в реестре: ohs people edit РАБОТНИК position="…".
    """
    from core.cli.output import echo_json, echo_table
    from core.registry.people import resolve_person
    from plugins.ppe.transfer import report

    day = today_or(today)
    with app.session(write=False) as session:
        org = app.org(session)
        data = report(session, org, resolve_person(session, org, person), to, on or day, day)
    if as_json:
        echo_json(data)
        return
    import datetime

    def ru(iso: str) -> str:
        return f"{datetime.date.fromisoformat(iso):%d.%m.%Y}"

    norm = data["norm"]
    click.echo(f"{data['person']}: «{data['from']}» → «{data['to']}» с {(on or day):%d.%m.%Y}; нормы новой должности: "
               + (f"редакция {norm['version']} с {ru(norm['valid_from'])}" if norm else "нет"))
    for title, rows in (("Вернуть или оставить по решению работодателя (нет в новых нормах)", data["return"]),
                        ("Остаются (есть в новых нормах)", data["keep"])):
        click.echo(title + (":" if rows else ": —"))
        if rows:
            echo_table(["СИЗ", "Кол-во", "Выдано", "Запись №"],
                       [(r["item"], f"{r['quantity']} {r['unit']}", ru(r["issued_on"]), r["seq"]) for r in rows])
    click.echo("Выдать по нормам новой должности" + (":" if data["issue"] else ": —"))
    if data["issue"]:
        echo_table(["Строка", "СИЗ", "Кол-во"], [(r["line"], r["item"], f"{r['quantity']} {r['unit']}")
                                                for r in data["issue"]])


@ppe.group(name="certificate")
def certificate() -> None:
    """Сертификаты и декларации соответствия выданных СИЗ и сроки их действия."""


@certificate.command(name="set")
@click.argument("text", metavar="СЕРТИФИКАТ")
@click.option("--until", type=ISO_DATE, default=None, metavar="ДАТА", help="До какого дня действует.")
@today_option
@json_option
@click.pass_obj
def certificate_set(app, text, until, today, as_json):
    """Записать срок действия сертификата, указанного в выдачах (для выдач без --certificate-until)."""
    from core.cli.output import echo_json
    from plugins.ppe.certificates import certificate_json, set_validity

    with app.session() as session:
        data = certificate_json(set_validity(session, app.org(session), text, until, today_or(today)))
    if as_json:
        echo_json(data)
    else:
        click.echo(f"«{data['certificate']}»: действует до {until:%d.%m.%Y}.")


@certificate.command(name="list")
@json_option
@click.pass_obj
def certificate_list(app, as_json):
    """Сертификаты (декларации) со сроками действия."""
    from core.cli.output import echo_json, echo_table
    from plugins.ppe.certificates import certificate_json, validity

    with app.session(write=False) as session:
        rows = sorted((certificate_json(c) for c in validity(session, app.org(session)).values()),
                      key=lambda r: (r["valid_until"], r["certificate"]))
    if as_json:
        echo_json(rows)
        return
    echo_table(["Сертификат (декларация)", "Действует до"], [(r["certificate"], r["valid_until"]) for r in rows])


def ppe_group() -> click.Group:
    """``ohs ppe`` (the lazy entry the plugin registers)."""
    return ppe
