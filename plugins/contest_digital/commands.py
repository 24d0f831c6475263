"""``ohs contest digital``: questionnaire, self-assessment, facts, score and the application pack.

Only click is imported at module level; the services and the database load inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE, json_option, today_option, today_or

ANSWERS_OPTION = click.option(
    "--answers", "answers_path", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="ФАЙЛ",
    help="Файл ответов YAML (по умолчанию — данные ohs и сохранённая самооценка).")
EDITION_OPTION = click.option("--edition", default=None, metavar="РЕДАКЦИЯ",
                              help="Редакция критериев (по умолчанию — последняя утверждённая, сейчас 836-2021).")


@click.group(name="digital")
def digital() -> None:
    """«Лучшие цифровые решения по охране труда»: анкета, самооценка, баллы и пакет заявки."""


@digital.group(name="questionnaire")
def questionnaire() -> None:
    """Анкета ИТ-решения (приложение № 1 к Положению о конкурсе): заполнить и посмотреть."""


@questionnaire.command(name="set")
@click.argument("pairs", nargs=-1, metavar="КЛЮЧ=ЗНАЧЕНИЕ...")
@EDITION_OPTION
@today_option
@click.pass_obj
def questionnaire_set(app, pairs, edition, today):
    """Заполнить поля анкеты: ohs contest digital questionnaire set owner.region="Тульская область" solution.name=…

    Пустое значение (ключ=) очищает поле: снова действует значение из профиля организации.
    Ключи и формат значений: ohs contest digital questionnaire show.
    """
    from plugins.contest_digital.criteria import get_edition
    from plugins.contest_digital.entries import parse_pairs, set_entries

    today = today_or(today)
    parsed = parse_pairs(pairs, 'owner.region="Тульская область"')
    with app.session() as session:
        changed = set_entries(session, app.org(session), get_edition(edition), parsed, today)
    click.echo(f"Записано полей анкеты: {len(changed)}" + (f" ({', '.join(changed)})." if changed else " (всё уже так)."))


@questionnaire.command(name="show")
@EDITION_OPTION
@today_option
@json_option
@click.pass_obj
def questionnaire_show(app, edition, today, as_json):
    """Поля анкеты с текущими значениями и их источником (анкета, профиль организации, данные ohs)."""
    from core.cli.output import echo_json
    from plugins.contest_digital.criteria import get_edition
    from plugins.contest_digital.questionnaire import SOURCE_WORDS, missing_fields, questionnaire_rows

    today = today_or(today)
    edition_obj = get_edition(edition)
    with app.session(write=False) as session:
        rows = questionnaire_rows(session, app.org(session), app.pm, edition_obj, today)
    if as_json:
        echo_json({"edition": edition_obj.edition, "fields": [r.to_json() for r in rows],
                   "missing": [r.field.key for r in missing_fields(rows)]})
        return
    group_titles = dict(edition_obj.groups)
    group = None
    for r in rows:
        if r.field.group != group:
            group = r.field.group
            click.echo(f"{group}. {group_titles[group]}")
        source = f" [{SOURCE_WORDS[r.source]}]" if r.source else ""
        value = r.value if r.value is not None else ("—" if r.field.optional else "НЕ ЗАПОЛНЕНО")
        lines = value.splitlines() or [""]
        click.echo(f"  {r.field.number} {r.field.title} ({r.field.key}): {lines[0]}{source}")
        for line in lines[1:]:
            click.echo(f"      {line}")
    missing = missing_fields(rows)
    if missing:
        click.echo(f"\nНе заполнено обязательных полей: {len(missing)}; ohs contest digital questionnaire set КЛЮЧ=ЗНАЧЕНИЕ")


@questionnaire.command(name="history")
@json_option
@click.pass_obj
def questionnaire_history(app, as_json):
    """Все записанные значения анкеты и самооценки по датам (значения не перезаписываются)."""
    from core.cli.output import echo_json, echo_table, fmt_date
    from plugins.contest_digital.entries import history

    with app.session(write=False) as session:
        rows = history(session, app.org(session))
    if as_json:
        echo_json(rows)
        return
    echo_table(["С даты", "Ключ", "Значение"],
               [(fmt_date(r["set_on"]), r["key"], "(очищено)" if r["value"] is None else " ".join(r["value"].split()))
                for r in rows])


@digital.command(name="assess")
@click.argument("pairs", nargs=-1, metavar="ПОКАЗАТЕЛЬ=ОТВЕТ...")
@EDITION_OPTION
@today_option
@click.pass_obj
def assess(app, pairs, edition, today):
    """Записать самооценку по показателям (приложение № 2): ohs contest digital assess tasks=acute design=modern,consistent_style

    Уровни — одно значение из списка; отмечаемые пункты — через запятую ([] — ни одного);
    реестры — да/нет; сроки и количества — числом. Пустое значение (ключ=) убирает ответ.
    Списки значений: ohs contest digital score.
    """
    from plugins.contest_digital.criteria import get_edition
    from plugins.contest_digital.entries import parse_pairs, set_entries

    today = today_or(today)
    parsed = parse_pairs(pairs, "tasks=acute")
    with app.session() as session:
        changed = set_entries(session, app.org(session), get_edition(edition), parsed, today, criteria=True)
    click.echo(f"Записано ответов самооценки: {len(changed)}" + (f" ({', '.join(changed)})." if changed else " (всё уже так)."))


@digital.command(name="facts")
@click.option("--as-of", "as_of", type=ISO_DATE, default=None, metavar="ДАТА", help="На какую дату (по умолчанию сегодня).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="ФАЙЛ",
              help="Записать файл ответов сюда (по умолчанию — вывести).")
@EDITION_OPTION
@json_option
@click.pass_obj
def facts(app, as_of, out_file, edition, as_json):
    """Что известно по данным ohs: срок эксплуатации, внедрения, количественные показатели — файл ответов YAML для дополнения."""
    from core.errors import OhsError
    from core.cli.output import echo_json
    from plugins.contest_digital.answers_file import answers_yaml
    from plugins.contest_digital.criteria import get_edition
    from plugins.contest_digital.facts import collect_answers

    as_of = today_or(as_of)
    edition_obj = get_edition(edition)
    if out_file is not None and out_file.exists():
        raise OhsError(f"Файл {out_file} уже есть: в нём могут быть ваши ответы; укажите другой файл (--out).")
    with app.session(write=False) as session:
        org = app.org(session)
        answers, found = collect_answers(session, org, app.pm, edition_obj, as_of)
        text = answers_yaml(edition_obj, answers, found, org.name)
    if as_json:
        echo_json({"edition": edition_obj.edition, "facts": found.to_json(),
                   "answers": {k: {"value": list(a.value) if isinstance(a.value, tuple) else a.value, "source": a.source}
                               for k, a in answers.items()},
                   "missing": [c.key for c in edition_obj.criteria if c.key not in answers]})
    elif out_file is None:
        click.echo(text, nl=False)
    if out_file is not None:
        from core.io.atomic import write_atomic

        out_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out_file, text)
        if not as_json:
            click.echo(f"Файл ответов: {out_file}; дополните его и проверьте: ohs contest digital score --answers {out_file}")


@digital.command(name="score")
@ANSWERS_OPTION
@EDITION_OPTION
@today_option
@json_option
@click.pass_obj
def score_command(app, answers_path, edition, today, as_json):
    """Баллы по показателям и разделам (до 1000), и по каким показателям нет сведений."""
    from core.documents.kinds import BuildRequest
    from core.cli.output import echo_json, echo_table
    from plugins.contest_digital.answers_file import file_answers
    from plugins.contest_digital.documents import resolve_answers
    from plugins.contest_digital.scoring import score

    today = today_or(today)
    if answers_path is not None:
        # A complete answers file needs no workspace: it can be checked anywhere.
        edition_obj, answers = file_answers(answers_path)
    else:
        with app.session(write=False) as session:
            request = BuildRequest(session=session, org=app.org(session), today=today, workspace=app.workspace,
                                   pm=app.pm, version=0, options={"edition": edition})
            edition_obj, answers = resolve_answers(request)
    result = score(edition_obj, {k: a.value for k, a in answers.items()})
    if as_json:
        echo_json(result.to_json())
        return
    click.echo(f"{edition_obj.title}, редакция {edition_obj.edition}: {result.total} из {edition_obj.max_total} баллов.")
    echo_table(["№", "Показатель", "Ответ", "Баллы", "Макс."],
               [(i.criterion.number, i.criterion.title, i.answer, i.points, i.criterion.max) for i in result.items])
    click.echo("\nРазделы:")
    for s in edition_obj.sections:
        click.echo(f"  {s.number}. {s.title} ({s.id}): {result.section_points(s.id)} из {s.max}")
    if result.missing:
        click.echo(f"\nНет сведений (0 баллов, {edition_obj.missing_rule.split(':')[0]}):")
        for i in result.missing:
            click.echo(f"  {i.criterion.number} {i.criterion.title} (criteria.{i.criterion.key}): {i.criterion.allowed()}")
    if edition_obj.status_note:
        click.echo(f"\n{edition_obj.status_note}")


@digital.command(name="pack")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, metavar="ПАПКА",
              help="Папка для документов заявки и архива.")
@ANSWERS_OPTION
@EDITION_OPTION
@today_option
@json_option
@click.pass_obj
def pack(app, out_dir, answers_path, edition, today, as_json):
    """Пакет заявки: анкета, самооценка, сценарий демонстрации (DOCX), ответы, баллы и ZIP."""
    from core.cli.output import echo_json
    from plugins.contest_digital.pack import make_application_pack

    today = today_or(today)
    # Every file is staged on the session (core.io.atomic): it appears when the transaction commits.
    with app.session() as session:
        result = make_application_pack(session, app.org(session), app.pm, app.workspace, today, out_dir,
                                       answers_path=answers_path, edition=edition)
    if as_json:
        echo_json({"out": str(out_dir), **result.to_json()})
        return
    click.echo(f"Пакет заявки: {out_dir} (самооценка {result.score['total']} из {result.score['max']} баллов)")
    for item in result.made:
        click.echo(f"  №{item['id']} {item['title']}, ред. {item['version']}")
    if result.zip_path:
        click.echo(f"Архив: {result.zip_path}")
    else:
        click.echo(f"\nАрхив не собран: не хватает данных ({len(result.missing)}):")
        for item in result.missing:
            click.echo(f"  {item['title']}:")
            for f in item["fields"]:
                click.echo(f"    {f['title']}: {f['command']}")
