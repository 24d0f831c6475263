"""``ohs contest specialist``: facts, score and the application pack of «Лучший специалист по охране труда».

Only click is imported at module level; the services and the database load inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE, json_option, today_or
from plugins.contest_specialist.portfolio_commands import portfolio_group

as_of_option = click.option("--as-of", "as_of", type=ISO_DATE, default=None, metavar="ДАТА",
                            help="На какую дату считать (окна «5 лет», «3 года», «действующие»); по умолчанию сегодня.")
nomination_option = click.option("--nomination", default=None, metavar="БУКВА",
                                 help="Номинация вручную: буква подпункта пункта 6 Положения (а…ф).")


@click.group(name="specialist")
def specialist() -> None:
    """Конкурс «Лучший специалист по охране труда» (приказ Минтруда № 828): факты, баллы, заявка."""


specialist.add_command(portfolio_group)


@specialist.command(name="facts")
@click.argument("person", metavar="РАБОТНИК")
@as_of_option
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Записать факты в файл YAML (иначе — вывести).")
@click.pass_obj
def facts_cmd(app, person, as_of, out):
    """Собрать факты об участнике из данных рабочей папки и портфолио (YAML для score --facts)."""
    from core.registry.people import resolve_person
    from plugins.contest_specialist.criteria import load_edition
    from plugins.contest_specialist.derive import derive
    from plugins.contest_specialist.facts import dump_facts

    as_of = today_or(as_of)
    with app.session(write=False) as session:
        org = app.org(session)
        who = resolve_person(session, org, person)
        derived = derive(app.pm, session, org, who, as_of)
    edition = load_edition()
    comments = [f"Факты участника конкурса: {who.full_name}, на {as_of:%d.%m.%Y} (ohs contest specialist facts).",
                "Учтены только записи с подтверждающими документами."]
    left_out = sorted(k for k in derived.all_facts if derived.all_facts[k] != derived.facts.get(k))
    if left_out:
        comments.append("Без подтверждающего документа не учтено: " + ", ".join(left_out) + ".")
    comments += [f"Примечание: {note}." for note in derived.notes]
    text = dump_facts(derived.facts, edition, comments)
    if out is None:
        click.echo(text, nl=False)
        return
    from core.io.atomic import write_atomic

    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, text)
    click.echo(f"Факты записаны: {out} (ключей: {len(derived.facts)}).")


@specialist.command(name="score")
@click.argument("person", metavar="РАБОТНИК", required=False)
@click.option("--facts", "facts_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Считать по файлу фактов YAML вместо данных рабочей папки.")
@as_of_option
@nomination_option
@json_option
@click.pass_obj
def score_cmd(app, person, facts_file, as_of, nomination, as_json):
    """Посчитать баллы по приложению № 3: строки, разделы, итог и где теряются баллы."""
    from core.errors import OhsError
    from core.cli.output import echo_json
    from plugins.contest_specialist.report import echo_score

    if (person is None) == (facts_file is None):
        raise OhsError("Укажите либо работника (ohs contest specialist score «Фамилия И.О.»), либо --facts ФАЙЛ.")
    header: list[str] = []
    if facts_file is not None:
        from plugins.contest_specialist.facts import load_facts_file
        from plugins.contest_specialist.scoring import score

        edition, facts = load_facts_file(facts_file)
        result = score(edition, facts)
        header.append(f"{edition.title}, критерии {edition.id} ({edition.act}); факты из файла {facts_file}")
        if edition.status:
            header.append(f"Внимание: {edition.status}.")
    else:
        from core.registry.people import resolve_person
        from plugins.contest_specialist.bundle import build_bundle

        as_of = today_or(as_of)
        with app.session(write=False) as session:
            org = app.org(session)
            bundle = build_bundle(app.pm, session, org, resolve_person(session, org, person), as_of, nomination)
        result = bundle.score
        n = bundle.nomination
        header += [f"{result.edition.title}, критерии {result.edition.id} ({result.edition.act})",
                   f"Участник: {bundle.person.full_name}, {bundle.person.position}; на {as_of:%d.%m.%Y}",
                   f"Номинация «{n.nomination.title}» — {n.rule}" if n else
                   f"Номинация не определена: {bundle.nomination_error}"]
        if result.edition.status:
            header.append(f"Внимание: {result.edition.status}.")
    if as_json:
        echo_json(result.to_json())
    else:
        echo_score(result, header)


@specialist.command(name="nomination")
@click.argument("person", metavar="РАБОТНИК")
@as_of_option
@nomination_option
@json_option
@click.pass_obj
def nomination_cmd(app, person, as_of, nomination, as_json):
    """Номинация участника (пункт 6 Положения) по сфере, малому бизнесу, численности и роли — с правилом."""
    from core.cli.output import echo_json
    from core.registry.people import resolve_person
    from plugins.contest_specialist.criteria import load_edition
    from plugins.contest_specialist.nomination import nomination_for

    as_of = today_or(as_of)
    with app.session(write=False) as session:
        org = app.org(session)
        who = resolve_person(session, org, person)
        choice = nomination_for(session, org, who, load_edition(), as_of, nomination)
    if as_json:
        echo_json({"person": {"id": who.id, "full_name": who.full_name}, **choice.to_json()})
    else:
        click.echo(f"«{choice.nomination.title}»")
        click.echo(f"Правило: {choice.rule}.")


@specialist.command(name="pack")
@click.argument("person", metavar="РАБОТНИК")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Папка для документов заявки и архива ZIP.")
@as_of_option
@nomination_option
@json_option
@click.pass_obj
def pack_cmd(app, person, out_dir, as_of, nomination, as_json):
    """Сделать заявку: приложения № 1–3, справку о проектах, перечень документов и архив ZIP с файлами."""
    from core.cli.output import echo_json
    from core.registry.people import resolve_person
    from plugins.contest_specialist.pack import make_pack

    as_of = today_or(as_of)
    # Every file is staged on the session (core.io.atomic): it appears when the transaction commits.
    with app.session() as session:
        org = app.org(session)
        who = resolve_person(session, org, person)
        result = make_pack(app.pm, session, org, app.workspace, who, as_of, out_dir, nomination)
    if as_json:
        echo_json(result)
        return
    click.echo(f"Заявка участника {who.full_name}: {result['total']} из {result['max']} баллов, папка {out_dir}")
    for doc in result["documents"]:
        click.echo(f"  №{doc['id']} {doc['title']}: {Path(doc['path']).name}")
    click.echo(f"  Архив: {result['zip']} (файлов: {result['zip_files']})")
    if result["missing"]:
        click.echo(f"Теряются баллы в {len(result['missing'])} строках: см. перечень документов или "
                   "ohs contest specialist score.")
    for project in result["undescribed"]:
        click.echo(f"Проект без описания (в справку не включён): {project['text']}; добавьте место внедрения "
                   f"и личное участие: ohs contest specialist portfolio add project {who.surname} --ref {project['ref']} "
                   "--description «…»", err=True)
