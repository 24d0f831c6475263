"""``ohs docs``: document kinds, making, versions, approval, acknowledgement, templates."""

from __future__ import annotations

from pathlib import Path

import click

from core.cli.commands.options import ISO_DATE, json_option, today_option, today_or


@click.group()
def docs() -> None:
    """Документы: виды, создание, редакции, утверждение, ознакомление, шаблоны."""


@docs.command(name="kinds")
@json_option
@click.pass_obj
def docs_kinds(app, as_json):
    """Виды документов, которые умеют делать подключённые плагины."""
    from core.documents.kinds import collect_kinds
    from core.cli.output import echo_json, echo_table

    kinds = sorted(collect_kinds(app.pm).values(), key=lambda k: (k.plugin, k.key))
    rows = [{"key": k.key, "title": k.title, "template": k.template, "plugin": k.plugin, "approval": k.approval,
             "acknowledge": k.acknowledge is not None} for k in kinds]
    if as_json:
        echo_json(rows)
    elif not rows:
        click.echo("Видов документов пока нет: их добавляют плагины.")
    else:
        echo_table(["Ключ", "Документ", "Плагин", "Шаблон"], [(r["key"], r["title"], r["plugin"], r["template"]) for r in rows])


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``--param KEY=VALUE`` pairs as a dict, refusing a pair without ``=`` before anything is made."""
    from core.errors import OhsError

    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise OhsError(f"Параметр «{pair}» задан не как КЛЮЧ=ЗНАЧЕНИЕ; например --param department=Тренерский отдел.")
        result[key.strip()] = value.strip()
    return result


@docs.command(name="make")
@click.argument("kind", metavar="ВИД")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Папка для файла (по умолчанию out/ рабочей папки).")
@click.option("--author", "authors", multiple=True, metavar="РАБОТНИК", help="Разработчик документа (можно несколько).")
@click.option("--number", default=None, help="Регистрационный номер документа.")
@click.option("--year", type=click.IntRange(2000, 2100), default=None,
              help="Год, за который делается документ (план мероприятий, отчёты), если не текущий.")
@click.option("--param", "params", multiple=True, metavar="КЛЮЧ=ЗНАЧЕНИЕ",
              help="Параметр вида документа, например department=Тренерский отдел или incident=3 (можно несколько).")
@click.option("--pdf", is_flag=True, help="Также сделать PDF (нужен LibreOffice).")
@today_option
@json_option
@click.pass_obj
def docs_make(app, kind, out_dir, authors, number, year, params, pdf, today, as_json):
    """Сделать новую редакцию документа (проект) в DOCX и записать её в реестр."""
    from core.documents.kinds import get_kind
    from core.documents.registry import document_path, make_document
    from core.cli.output import echo_json
    from core.registry.people import resolve_person

    today = today_or(today)
    kind_obj = get_kind(app.pm, kind)
    with app.session() as session:
        org = app.org(session)
        people = [resolve_person(session, org, a) for a in authors]
        options = {**_params(params), **({"year": year} if year else {})}
        doc = make_document(session, org, app.pm, app.workspace, kind_obj, today, out_dir=out_dir, authors=people,
                            number=number, options=options or None)
        path = document_path(app.workspace, doc)
        pdf_path = None
        if pdf:
            from core.documents.registry import make_pdf

            pdf_path = make_pdf(session, path)  # placed with the DOCX at commit, dropped with it on failure
    from core.documents.series import next_year_note, period_label

    if as_json:
        echo_json({"id": doc.id, "kind": doc.kind, "period": doc.period or None, "version": doc.version,
                   "status": doc.status, "path": str(path), "sha256": doc.sha256,
                   "pdf": str(pdf_path) if pdf_path else None})
        return
    note = next_year_note([kind_obj], "year" in options, today)
    if note:
        click.echo(note)
    click.echo(f"Сделан проект №{doc.id}: «{doc.title}»{period_label(doc)}, редакция {doc.version}: {path}")
    if pdf_path:
        click.echo(f"PDF: {pdf_path}")


def _doc_json(session, app, doc):
    from core.documents.models import STATUSES
    from core.documents.registry import authors_of, document_path, file_state
    from core.storage.models import Person

    approver = session.get(Person, doc.approved_by_id) if doc.approved_by_id else None
    return {
        "id": doc.id, "kind": doc.kind, "title": doc.title, "period": doc.period or None, "version": doc.version,
        "status": doc.status,
        "status_title": STATUSES[doc.status], "number": doc.number, "made_on": doc.made_on,
        "approved_on": doc.approved_on, "approved_by": approver.full_name if approver else None,
        "order_number": doc.order_number, "path": str(document_path(app.workspace, doc)), "sha256": doc.sha256,
        "file": file_state(app.workspace, doc), "authors": [p.full_name for p in authors_of(session, doc)],
    }


@docs.command(name="list")
@click.option("--kind", default=None, help="Только этот вид.")
@json_option
@click.pass_obj
def docs_list(app, kind, as_json):
    """Реестр сделанных документов: редакции и их состояние."""
    from core.documents.models import STATUSES
    from core.documents.registry import list_documents
    from core.documents.series import period_label
    from core.cli.output import echo_json, echo_table, fmt_date

    with app.session(write=False) as session:
        docs_ = list_documents(session, app.org(session), kind)
        rows = [_doc_json(session, app, d) for d in docs_] if as_json else None
    if as_json:
        echo_json(rows)
        return
    echo_table(["№", "Вид", "Документ", "Ред.", "Состояние", "Создан", "Утверждён"],
               [(d.id, d.kind, d.title + period_label(d), d.version, STATUSES[d.status], fmt_date(d.made_on), fmt_date(d.approved_on))
                for d in docs_])


@docs.command(name="show")
@click.argument("doc_id", metavar="НОМЕР")
@today_option
@json_option
@click.pass_obj
def docs_show(app, doc_id, today, as_json):
    """Карточка документа: редакция, состояние, разработчики, файл и его контрольная сумма, ознакомление."""
    from core.documents.registry import get_document
    from core.cli.output import echo_json

    with app.session(write=False) as session:
        org = app.org(session)
        doc = get_document(session, org, doc_id)
        data = {**_doc_json(session, app, doc), **_ack_json(session, app, org, doc, today_or(today))}
    if as_json:
        echo_json(data)
        return
    file_note = {"ok": "на месте, не изменён", "missing": "НЕ НАЙДЕН", "changed": "ИЗМЕНЁН после создания"}[data["file"]]
    click.echo(f"№{data['id']} «{data['title']}» ({data['kind']}), редакция {data['version']}: {data['status_title']}")
    click.echo(f"Создан: {data['made_on']:%d.%m.%Y}" + (f", номер {data['number']}" if data["number"] else ""))
    if data["approved_on"]:
        order = f", приказ № {data['order_number']}" if data["order_number"] else ""
        click.echo(f"Утверждён: {data['approved_on']:%d.%m.%Y}, {data['approved_by']}{order}")
    click.echo(f"Разработчики: {', '.join(data['authors']) or '—'}")
    click.echo(f"Файл: {data['path']} ({file_note})")
    click.echo(f"sha256: {data['sha256']}")
    if data["acknowledgement_required"]:
        click.echo(f"Ознакомлены: {len(data['acknowledged'])}; ещё не ознакомлены: {len(data['to_acknowledge'])}"
                   + (f" (ohs docs ack {data['id']} --all-required --on ДАТА)" if data["to_acknowledge"] else ""))


def _ack_json(session, app, org, doc, today):
    """Who acknowledged the version (with the day and the way) and who must still on ``today``, for ``docs show``."""
    from core.documents.acknowledgements import acknowledgement_state
    from core.documents.models import ACK_METHODS

    state = acknowledgement_state(session, org, app.pm, doc, today)
    return {
        "acknowledgement_required": state.required,
        "acknowledged": [{"person_id": p.id, "person": p.full_name, "on": a.on, "method": a.method,
                          "method_title": ACK_METHODS.get(a.method, a.method)} for a, p in state.done],
        "to_acknowledge": [{"person_id": p.id, "person": p.full_name} for p in state.pending],
    }


@docs.command(name="approve")
@click.argument("doc_ids", nargs=-1, required=True, metavar="НОМЕР...")
@click.option("--by", "by", required=True, metavar="РАБОТНИК", help="Кто утверждает (обычно руководитель).")
@click.option("--on", "on", type=ISO_DATE, required=True, help="Дата утверждения.")
@click.option("--order-number", default=None,
              help="Номер приказа об утверждении: программа сделает сам приказ и впишет номер и дату в грифы.")
@today_option
@json_option
@click.pass_obj
def docs_approve(app, doc_ids, by, on, order_number, today, as_json):
    """Утвердить проекты (один или несколько, всё или ничего): грифы заполняются, прежние редакции заменяются.

    С --order-number делается и утверждается приказ «Об утверждении локальных нормативных актов по охране
    труда» со списком документов; в гриф каждого («УТВЕРЖДЕНО приказом … от … № …») вписываются его дата и номер.
    """
    from core.documents.approval import approve_documents
    from core.documents.registry import document_path, get_document
    from core.errors import OhsError
    from core.cli.output import echo_json, progress_report
    from core.registry.people import resolve_person

    if len(set(doc_ids)) != len(doc_ids):
        raise OhsError("Один и тот же номер документа указан дважды; перечислите каждый документ один раз.")
    with app.session() as session:
        org = app.org(session)
        docs_ = [get_document(session, org, doc_id) for doc_id in doc_ids]
        with progress_report("Утверждение") as report:
            result = approve_documents(session, org, app.pm, app.workspace, docs_, resolve_person(session, org, by),
                                       on, today_or(today), order_number, report=report)
        paths = {d.id: str(document_path(app.workspace, d)) for d in [*result.approved, *result.superseded]}
        order = result.order
        order_json = ({"id": order.id, "number": order.number, "path": str(document_path(app.workspace, order)),
                       "sha256": order.sha256} if order else None)
    if as_json:
        echo_json({"approved": [{"id": d.id, "kind": d.kind, "version": d.version, "path": paths[d.id],
                                 "sha256": d.sha256} for d in result.approved],
                   "order": order_json, "superseded": [d.id for d in result.superseded]})
        return
    if order_json:
        click.echo(f"Сделан и утверждён приказ № {order_json['number']} от {on:%d.%m.%Y} "
                   f"(документ №{order_json['id']}): {order_json['path']}")
    for d in result.approved:
        click.echo(f"Документ №{d.id} «{d.title}» утверждён {on:%d.%m.%Y}: {paths[d.id]}")
    for d in result.superseded:
        click.echo(f"Редакция {d.version} (№{d.id}) заменена; ознакомления с ней больше не действуют.")


@docs.command(name="ack")
@click.argument("doc_id", metavar="НОМЕР")
@click.argument("people", nargs=-1, metavar="РАБОТНИК...")
@click.option("--all-required", is_flag=True, help="Всех, кто ещё не ознакомлен с этой редакцией.")
@click.option("--on", "on", type=ISO_DATE, required=True, help="Дата ознакомления.")
@click.option("--method", type=click.Choice(["paper", "simple", "qualified"]), default="paper", show_default=True,
              help="Как: paper — подпись на бумаге, simple — простая ЭП, qualified — усиленная квалифицированная ЭП.")
@today_option
@click.pass_obj
def docs_ack(app, doc_id, people, all_required, on, method, today):
    """Записать ознакомление работников с утверждённой редакцией документа."""
    from core.documents.kinds import get_kind
    from core.documents.models import Acknowledgement
    from core.documents.registry import acknowledge, get_document
    from core.errors import OhsError
    from core.registry.people import resolve_person

    today = today_or(today)
    with app.session() as session:
        org = app.org(session)
        doc = get_document(session, org, doc_id)
        persons = [resolve_person(session, org, p) for p in people]
        if all_required:
            kind = get_kind(app.pm, doc.kind)
            if kind.acknowledge is None:
                raise OhsError(f"С документом «{doc.title}» работников знакомить не требуется.")
            from sqlmodel import select

            done = set(session.exec(select(Acknowledgement.person_id).where(Acknowledgement.document_id == doc.id)))
            persons += [p for p in kind.acknowledge(session, org, on) if p.id not in done and p not in persons]
        if not persons:
            raise OhsError("Не указано, кто ознакомлен: перечислите работников или укажите --all-required.")
        count = acknowledge(session, org, doc, persons, on, method, today)
    click.echo(f"Записано ознакомлений: {count}.")


@docs.command(name="diff")
@click.argument("first", metavar="НОМЕР1")
@click.argument("second", metavar="НОМЕР2")
@click.pass_obj
def docs_diff(app, first, second):
    """Показать, что изменилось в тексте между двумя редакциями."""
    from core.documents.registry import diff, get_document

    with app.session(write=False) as session:
        org = app.org(session)
        lines = diff(get_document(session, org, first), get_document(session, org, second))
    click.echo("\n".join(lines) if lines else "Тексты редакций совпадают.")


@docs.group(name="template")
def docs_template():
    """Шаблоны документов: посмотреть встроенный, скопировать в рабочую папку для правки."""


@docs_template.command(name="show")
@click.argument("key", metavar="ВИД|ШАБЛОН")
@click.pass_obj
def docs_template_show(app, key):
    """Напечатать встроенный шаблон вида документа (или шаблон по имени: base/approval.xml.j2)."""
    from core.documents.templates import read_builtin_template, template_name

    click.echo(read_builtin_template(app.pm, template_name(app.pm, key)), nl=False)


@docs_template.command(name="copy")
@click.argument("key", metavar="ВИД|ШАБЛОН")
@click.option("--force", is_flag=True, help="Заменить уже скопированный шаблон.")
@click.pass_obj
def docs_template_copy(app, key, force):
    """Скопировать встроенный шаблон в templates/ рабочей папки: дальше документ делается по копии."""
    from core.documents.templates import copy_template, template_name

    target = copy_template(app.pm, app.workspace, template_name(app.pm, key), force)
    click.echo(f"Шаблон скопирован: {target}. Правьте его — документы будут делаться по нему.")
