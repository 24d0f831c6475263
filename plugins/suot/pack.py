"""``ohs suot pack``: every СУОТ document at once, as drafts, with what still needs data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from core.workspace import Workspace


@dataclass
class PackResult:
    """What the pack made and what it could not make yet."""

    made: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every kind was made."""
        return not self.missing

    #: The head's surname for the approval hint (the placeholder when no head is set).
    approver: str = "РУКОВОДИТЕЛЬ"

    @property
    def approve_command(self) -> str | None:
        """The one command that approves the whole pack: one order, every grif filled (None if nothing was made)."""
        if not self.made:
            return None
        ids = " ".join(str(item["id"]) for item in self.made)
        return f"ohs docs approve {ids} --by {self.approver} --on ДАТА --order-number НОМЕР_ПРИКАЗА"

    def to_json(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {"complete": self.complete, "made": self.made, "missing": self.missing,
                "approve_command": self.approve_command}


def make_pack(
    session: Session,
    org: Organization,
    pm: pluggy.PluginManager,
    workspace: Workspace,
    today: datetime.date,
    out_dir: Path,
    authors: list[Person],
    kinds: Any = None,
) -> PackResult:
    """Make each СУОТ kind in its own savepoint; a kind lacking data is reported, not half-made.

    Files are staged on the session: they reach ``out_dir`` only if the whole command commits.
    """
    from core.documents.kinds import MissingDataError
    from core.documents.registry import document_path, make_document
    from plugins.suot.documents import all_kinds

    from core.registry.org import role_holder

    result = PackResult()
    head = role_holder(session, org, "head", today)
    if head is not None:
        result.approver = head.surname
    for kind in all_kinds() if kinds is None else kinds:
        savepoint = session.begin_nested()
        try:
            doc = make_document(session, org, pm, workspace, kind, today, out_dir=out_dir, authors=authors)
        except MissingDataError as exc:
            savepoint.rollback()
            result.missing.append({
                "kind": kind.key, "title": kind.title,
                "fields": [{"title": f.title, "command": f.command} for f in exc.fields],
            })
            continue
        savepoint.commit()
        result.made.append({"id": doc.id, "kind": kind.key, "title": kind.title, "version": doc.version,
                            "path": str(document_path(workspace, doc))})
    return result


def pack_command():
    """The ``ohs suot pack`` click command (built on demand so click options stay in one place)."""
    import click

    from core.cli.commands.options import json_option, today_option, today_or

    @click.command(name="pack")
    @click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Папка для документов (по умолчанию out/suot-ДАТА в рабочей папке).")
    @click.option("--author", "authors", multiple=True, metavar="РАБОТНИК", help="Разработчик документов (можно несколько).")
    @today_option
    @json_option
    @click.pass_obj
    def pack(app, out_dir, authors, today, as_json):
        """Сделать все документы СУОТ сразу (проекты) и сказать, каких данных не хватает остальным."""
        from core.cli.output import echo_json, progress
        from core.registry.people import resolve_person
        from plugins.suot.documents import all_kinds

        today = today_or(today)
        out_dir = out_dir or app.workspace.out_dir / f"suot-{today:%Y-%m-%d}"
        # Every file is staged on the session (core.io.atomic): it appears when the transaction commits.
        with app.session() as session:
            org = app.org(session)
            people = [resolve_person(session, org, a) for a in authors]
            with progress(all_kinds(), "Документы СУОТ") as kinds:
                result = make_pack(session, org, app.pm, app.workspace, today, out_dir, people, kinds=kinds)
        if as_json:
            echo_json({"out": str(out_dir), **result.to_json()})
            return
        click.echo(f"Сделано документов: {len(result.made)} (проекты), папка: {out_dir}")
        for item in result.made:
            click.echo(f"  №{item['id']} {item['title']}, ред. {item['version']}")
        if result.approve_command:
            click.echo("\nУтвердить весь пакет одним приказом (программа сделает приказ и заполнит грифы):")
            click.echo(f"  {result.approve_command}")
        if result.missing:
            click.echo(f"\nНе сделано — нужны данные ({len(result.missing)}):")
            for item in result.missing:
                click.echo(f"  {item['title']}:")
                for f in item["fields"]:
                    click.echo(f"    {f['title']}: {f['command']}")

    return pack
