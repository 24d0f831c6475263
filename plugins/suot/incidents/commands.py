"""``ohs incidents``: the incident journal (add, close, correct, list, show, notice). No edit, no delete.

Only click is imported at module level; services and the database load inside the commands. The
indicators and reference-value commands live in ``indicator_commands``.
"""

from __future__ import annotations

import click

from core.cli.commands.options import ISO_DATE, json_option, renamed_options, today_option, today_or

TYPE_CHOICE = click.Choice(["accident", "microtrauma", "occupational_disease", "emergency"])
SEVERITY_CHOICE = click.Choice(["light", "severe", "fatal"])
PERSON = "РАБОТНИК"


@click.group(name="incidents")
def incidents() -> None:
    """Происшествия: несчастные случаи, микротравмы, профзаболевания, аварии; показатели травматизма.

    Записи не редактируются и не удаляются: закрытие случая («ohs incidents close») и исправление
    («ohs incidents correct НОМЕР --reason …») — новые записи со ссылкой на исходную; журнал — цепочка
    хешей, её целость проверяет «ohs verify».
    """


def _people_options(func):
    """--injured/--witness/--member, each with an --…-outsider twin for people outside the register."""
    for name, help_text in reversed((
        ("injured", "Пострадавший работник (номер, СНИЛС или ФИО); можно несколько."),
        ("injured-outsider", "Пострадавший посторонний (не из списка работников): «ФИО, кто»."),
        ("witness", "Очевидец-работник; можно несколько."),
        ("witness-outsider", "Очевидец — посторонний: «ФИО, кто»."),
        ("member", "Член комиссии по расследованию (работник); можно несколько."),
        ("member-outsider", "Член комиссии не из числа работников: «ФИО, должность, организация»."),
    )):
        func = click.option(f"--{name}", name.replace("-", "_"), multiple=True, metavar=PERSON if "outsider" not in name
                            else "ФИО", help=help_text)(func)
    return func


def _case_options(func):
    """The fields of a case that registration sets and a correction may change."""
    options = (
        click.option("--on", "occurred_on", type=ISO_DATE, default=None, help="Дата происшествия."),
        click.option("--time", default=None, metavar="ЧЧ:ММ", help="Время происшествия."),
        click.option("--place", default=None, help="Место происшествия."),
        click.option("--circumstances", default=None, help="Краткие обстоятельства."),
        click.option("--event", default=None,
                     help="Вид происшествия, как в акте Н-1: что случилось, а не какая травма (например «падение "
                          "на ровной поверхности», «падение предметов», «воздействие движущихся предметов»)."),
        click.option("--injury", default=None, help="Характер повреждения (диагноз)."),
        click.option("--severity", type=SEVERITY_CHOICE, default=None,
                     help="Тяжесть несчастного случая: light (лёгкий), severe (тяжёлый), fatal (смертельный)."),
        click.option("--insured/--not-insured", default=None,
                     help="Страховой случай (по умолчанию — да, если все пострадавшие из списка работников)."),
        click.option("--causes", default=None, help="Причины."),
    )
    for option in reversed(options):
        func = option(func)
    return _people_options(func)


def _measure_options(func):
    """Link plan measures or create one for the case."""
    options = (
        click.option("--measure-id", "measure_ids", type=int, multiple=True, metavar="НОМЕР",
                     help="Связать с мероприятием плана (ohs suot measure list); можно несколько."),
        click.option("--measure", "measure_text", default=None, help="Создать мероприятие плана по этому случаю."),
        click.option("--measure-deadline", type=ISO_DATE, default=None, help="Срок нового мероприятия."),
        click.option("--measure-responsible", default=None, metavar=PERSON, help="Ответственный за новое мероприятие."),
        click.option("--measure-funding", default=None, help="Источник финансирования нового мероприятия."),
    )
    for option in reversed(options):
        func = option(func)
    return func


def _new_measure(kw):
    from core.errors import OhsError
    from plugins.suot.incidents.cases import NewMeasure

    given = [kw["measure_text"], kw["measure_deadline"], kw["measure_responsible"], kw["measure_funding"]]
    if not any(given):
        return None
    if not all(given):
        raise OhsError("Для нового мероприятия укажите всё: --measure \"…\" --measure-deadline ДАТА "
                       "--measure-responsible РАБОТНИК --measure-funding \"…\".")
    return NewMeasure(kw["measure_text"], kw["measure_deadline"], kw["measure_responsible"], kw["measure_funding"])


def _parties(session, org, kw, key):
    """The list given for ``key`` (register people, then outsiders), or None when neither option was used."""
    from plugins.suot.incidents.cases import party

    refs, outsiders = kw[key], kw[f"{key}_outsider"]
    if not refs and not outsiders:
        return None
    return [party(session, org, ref=r) for r in refs] + [party(session, org, outsider=o) for o in outsiders]


def _fields(session, org, kw):
    """Case fields from the options (None where an option was not given)."""
    fields = {name: kw[name] for name in ("time", "place", "circumstances", "event", "injury", "severity", "insured",
                                          "causes")}
    for name in ("place", "circumstances", "event", "injury", "causes"):
        fields[name] = " ".join((fields[name] or "").split()) or None
    fields["injured"] = _parties(session, org, kw, "injured")
    fields["witnesses"] = _parties(session, org, kw, "witness")
    fields["commission"] = _parties(session, org, kw, "member")
    return fields


def _print(app, session, org, case, as_json, verb):
    from core.cli.output import echo_json
    from plugins.suot.incidents.views import case_json, case_title, people_index

    people, departments = people_index(session, org)
    if as_json:
        echo_json(case_json(case, people, departments))
    else:
        click.echo(f"{verb} происшествие № {case.case_no}: {case_title(case, people)}.")


@renamed_options(date="--on")
@incidents.command(name="add")
@click.option("--type", "kind", type=TYPE_CHOICE, required=True,
              help="Вид: accident (несчастный случай), microtrauma (микротравма), occupational_disease "
                   "(профзаболевание), emergency (авария, ЧС).")
@_case_options
@_measure_options
@today_option
@json_option
@click.pass_obj
def incident_add(app, kind, today, as_json, **kw):
    """Зарегистрировать происшествие.

    Пример: ohs incidents add --type microtrauma --on 2026-03-12 --place "Гимнастический зал"
    --circumstances "Ушиб кисти при страховке" --injured "Иванов И.И."
    """
    from core.errors import OhsError
    from plugins.suot.incidents.cases import open_case

    if kw["occurred_on"] is None:
        raise OhsError("Укажите дату происшествия: --on ДАТА.")
    with app.session() as session:
        org = app.org(session)
        fields = {"type": kind, **_fields(session, org, kw)}
        case = open_case(session, org, fields, kw["occurred_on"], today_or(today), kw["measure_ids"], _new_measure(kw))
        _print(app, session, org, case, as_json, "Зарегистрировано")


@incidents.command(name="close")
@click.argument("case_no", metavar="НОМЕР", type=int)
@click.option("--on", "closed_on", type=ISO_DATE, required=True, help="Дата закрытия (окончания расследования).")
@click.option("--days", type=int, multiple=True, metavar="ДНИ",
              help="Дни нетрудоспособности: по одному на каждого пострадавшего, в порядке их перечисления.")
@click.option("--outcome", default=None, help="Последствия: выздоровел, переведён на другую работу, инвалидность, умер.")
@click.option("--act-number", default=None, help="Номер акта о несчастном случае (форма Н-1) или справки.")
@click.option("--act-date", type=ISO_DATE, default=None, help="Дата утверждения акта.")
@click.option("--causes", default=None, help="Причины (установленные расследованием).")
@click.option("--member", multiple=True, metavar=PERSON, help="Член комиссии по расследованию (работник).")
@click.option("--member-outsider", multiple=True, metavar="ФИО", help="Член комиссии не из числа работников.")
@_measure_options
@today_option
@json_option
@click.pass_obj
def incident_close(app, case_no, closed_on, days, outcome, act_number, act_date, causes, today, as_json, **kw):
    """Закрыть случай: дни нетрудоспособности, последствия, акт, причины, мероприятия.

    Пример: ohs incidents close 3 --on 2026-04-20 --days 14 --act-number 1 --act-date 2026-03-20
    """
    from plugins.suot.incidents.cases import close_case

    with app.session() as session:
        org = app.org(session)
        closing = {"days": list(days) or None, "outcome": outcome, "act_number": act_number,
                   "act_date": act_date.isoformat() if act_date else None, "causes": causes,
                   "commission": _parties(session, org, kw, "member")}
        case = close_case(session, org, case_no, closed_on, today_or(today), closing, kw["measure_ids"],
                          _new_measure(kw))
        _print(app, session, org, case, as_json, "Закрыто")


@renamed_options(date="--on")
@incidents.command(name="correct")
@click.argument("case_no", metavar="НОМЕР", type=int)
@click.option("--reason", required=True, help="Причина исправления.")
@click.option("--type", "kind", type=TYPE_CHOICE, default=None, help="Исправленный вид происшествия.")
@_case_options
@click.option("--closed-on", type=ISO_DATE, default=None, help="Исправленная дата закрытия.")
@click.option("--days", type=int, multiple=True, metavar="ДНИ", help="Исправленные дни нетрудоспособности.")
@click.option("--outcome", default=None, help="Исправленные последствия.")
@click.option("--act-number", default=None, help="Исправленный номер акта.")
@click.option("--act-date", type=ISO_DATE, default=None, help="Исправленная дата акта.")
@_measure_options
@today_option
@json_option
@click.pass_obj
def incident_correct(app, case_no, reason, kind, closed_on, days, outcome, act_number, act_date, today, as_json, **kw):
    """Исправить запись о происшествии новой записью (исходная остаётся).

    Пример: ohs incidents correct 3 --reason "уточнено по листку нетрудоспособности" --days 16
    """
    from plugins.suot.incidents.cases import correct_case

    with app.session() as session:
        org = app.org(session)
        changes = {"type": kind, "occurred_on": kw["occurred_on"], **_fields(session, org, kw),
                   "closed_on": closed_on, "days": list(days) or None, "outcome": outcome, "act_number": act_number,
                   "act_date": act_date.isoformat() if act_date else None}
        case = correct_case(session, org, case_no, changes, reason, today_or(today), kw["measure_ids"],
                            _new_measure(kw))
        _print(app, session, org, case, as_json, "Исправлено")


@incidents.command(name="list")
@click.option("--year", type=int, default=None, help="Только происшествия этого года.")
@click.option("--type", "kind", type=TYPE_CHOICE, default=None, help="Только этого вида.")
@json_option
@click.pass_obj
def incident_list(app, year, kind, as_json):
    """Происшествия в их текущем состоянии (с учётом закрытия и исправлений)."""
    from core.cli.output import echo_json, echo_table
    from plugins.suot.incidents.chain import load_cases
    from plugins.suot.incidents.views import case_json, people_index

    with app.session(write=False) as session:
        org = app.org(session)
        people, departments = people_index(session, org)
        rows = [case_json(c, people, departments) for c in load_cases(session, org)
                if (year is None or c.occurred_on.year == year) and (kind is None or c.fields["type"] == kind)]
    if as_json:
        echo_json(rows)
        return
    echo_table(["№", "Дата", "Вид", "Тяжесть", "Пострадавшие", "Состояние", "Дней"], [
        (r["id"], r["occurred_on"], r["type_title"], r["severity_title"],
         ", ".join(p["short_name"] or "" for p in r["injured"]),
         "закрыт " + r["closed_on"] if r["closed_on"] else "открыт", r["days_lost"]) for r in rows])


@incidents.command(name="show")
@click.argument("case_no", metavar="НОМЕР", type=int)
@json_option
@click.pass_obj
def incident_show(app, case_no, as_json):
    """Одно происшествие: поля в текущем состоянии и все записи журнала по нему."""
    from core.cli.output import echo_json
    from plugins.suot.incidents.cases import get_case
    from plugins.suot.incidents.views import case_json, people_index

    with app.session(write=False) as session:
        org = app.org(session)
        people, departments = people_index(session, org)
        data = case_json(get_case(session, org, case_no), people, departments)
    if as_json:
        echo_json(data)
        return
    click.echo(f"Происшествие № {data['id']}: {data['type_title']}, {data['occurred_on']}"
               f"{', ' + data['severity_title'] if data['severity_title'] else ''}; "
               f"{'закрыто ' + data['closed_on'] if data['closed_on'] else 'открыто'}.")
    for label, key in (("Место", "place"), ("Обстоятельства", "circumstances"), ("Вид происшествия", "event"),
                       ("Причины", "causes")):
        if data[key]:
            click.echo(f"{label}: {data[key]}")
    for label, key in (("Пострадавшие", "injured"), ("Очевидцы", "witnesses"), ("Комиссия", "commission")):
        if data[key]:
            names = [p["name"] + (" (посторонний)" if p["outsider"] else "") +
                     (f", дней нетрудоспособности: {p['days']}" if p.get("days") is not None else "") for p in data[key]]
            click.echo(f"{label}: {'; '.join(names)}")
    from plugins.suot.incidents.chain import ACTION_WORDS

    for e in data["entries"]:
        click.echo(f"  запись № {e['seq']} от {e['on']}: {ACTION_WORDS[e['action']]}"
                   + (f" (к записи № {e['refers']})" if e["refers"] else "") + (f" — {e['reason']}" if e["reason"] else ""))


@incidents.command(name="notice")
@click.argument("case_no", metavar="НОМЕР", type=int)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None, help="Папка для файла.")
@today_option
@json_option
@click.pass_obj
def incident_notice(app, case_no, out_dir, today, as_json):
    """Сделать извещение о несчастном случае по происшествию НОМЕР (DOCX, в реестр документов)."""
    from pathlib import Path

    from core.documents.kinds import get_kind
    from core.documents.registry import document_path, make_document
    from core.cli.output import echo_json

    kind = get_kind(app.pm, "accident_notice")
    with app.session() as session:
        org = app.org(session)
        doc = make_document(session, org, app.pm, app.workspace, kind, today_or(today),
                            out_dir=Path(out_dir) if out_dir else None, options={"incident": case_no})
        path = document_path(app.workspace, doc)
    if as_json:
        echo_json({"id": doc.id, "kind": doc.kind, "version": doc.version, "path": str(path)})
    else:
        click.echo(f"Сделано извещение №{doc.id}: {path}")
