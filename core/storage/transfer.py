"""Moving a workspace's organization into a shared database: ``ohs org add KEY --from-workspace DIR``.

A school kept its labour protection alone, in a workspace with its own SQLite database; the district's
server (PostgreSQL, many organizations in one database) takes it over with everything: the organization,
its people and every record, the journals with their hash chains, the audit log, the plugins' tables and
the files. :func:`move_workspace_in` does it in this order, so that nothing is half-written on any error:

1. both databases are brought to the installed schema (as every command does) and must then be at the same
   revisions; the key must be free in the target, and so must the folder ``<target_root>/orgs/<key>``;
2. the source's journals and stored files must verify (``ohs verify``): a broken chain is not carried into a
   database where it could no longer be told from a broken move;
3. the organization's rows are read in one read transaction of the source; tables, their order and their
   foreign keys come from the metadata of every registered model, references kept otherwise from their
   declarations (core/storage/refs.py) — core/storage/transfer_rows.py;
4. the files are copied into a hidden folder beside the target one, each copy checked by sha256
   (core/storage/transfer_files.py);
5. one transaction of the target: every row inserted under a new id with every reference remapped, the
   journals re-linked with the new ids (core/storage/transfer_chains.py says why and how), an audit row
   recording the move and the id map, the row counts compared table by table, and the moved organization
   verified — journals, and stored files against the hidden folder. Any failure rolls all of it back and
   removes the hidden folder;
6. after the commit the hidden folder takes its name (files reach their place only once the rows that
   vouch for them are committed, as with core/io/atomic.py), and the organization is verified again in the
   target, as the district will see it.

``district``: stored in ``core_organization.district`` when the installed schema has that column (added by
the district-server work, migration core_0016); without it the value is reported as not stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    import pluggy
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from core.storage.transfer_rows import RowPlan
    from core.workspace import Workspace

#: A key becomes a folder name (``orgs/<key>``): letters, digits, ``-``, ``_`` and ``.``, at most 64 characters.
KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
#: The audit action of the move itself (on the organization; the journals get ``journal.transfer`` each).
MOVE_ACTION = "org.transfer"


def move_workspace_in(source: Workspace, target_engine: Engine, *, key: str, name: str | None,
                      district: str | None, target_root: Path, pm: pluggy.PluginManager,
                      database_url: str | None = None) -> dict[str, Any]:
    """Move the organization of the workspace ``source`` into the database of ``target_engine`` as ``key``.

    ``name`` replaces the organization's name when given; ``district`` goes to the organization's
    ``district`` column when the schema has one. The files go to ``<target_root>/orgs/<key>/`` with an
    ``ohs.toml`` naming the key and ``database_url`` (default: the engine's URL, as ``ohs init --db`` writes
    it). Returns the summary: tables and rows copied, journals re-linked, files copied, ``ohs verify``
    before and after. Raises :class:`OhsError` (nothing written, no folder) when anything does not hold.
    """
    from core.storage.db import make_engine

    if not KEY_PATTERN.fullmatch(key or ""):
        raise OhsError(f"Ключ «{key}» не годится: он станет именем папки организации; пишите латинские буквы, "
                       "цифры, «-» или «_» (до 64 знаков), например school-12.")
    folder = Path(target_root) / "orgs" / key
    source_engine = make_engine(source_url(source))
    try:
        return _move(source, source_engine, target_engine, key=key, name=name, district=district,
                     folder=folder, pm=pm, database_url=database_url or engine_url(target_engine))
    finally:
        source_engine.dispose()


def source_url(source: Workspace) -> str:
    """The source workspace's SQLite database (``OHS_DATABASE_URL`` is the server's, never the source's)."""
    from core.storage.db import describe_url, is_sqlite, normalize_url, sqlite_file, sqlite_url

    url = normalize_url(source.database_url) if source.database_url else sqlite_url(source.sqlite_path)
    if not is_sqlite(url):
        raise OhsError(f"Рабочая папка {source.root} уже работает с общей базой {describe_url(url)}: переносить "
                       "нечего — переносится папка со своей базой SQLite (ohs.db).")
    path = sqlite_file(url)
    if path is None or not path.is_file():
        raise OhsError(f"В рабочей папке {source.root} нет базы данных {path}; переносить нечего.")
    return url


def engine_url(engine: Engine) -> str:
    """The engine's address as a workspace's ``ohs.toml`` keeps it (``postgresql://…``)."""
    url = engine.url
    if url.drivername.startswith("postgresql"):
        url = url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _move(source: Workspace, source_engine: Engine, target_engine: Engine, *, key: str, name: str | None,
          district: str | None, folder: Path, pm: pluggy.PluginManager, database_url: str) -> dict[str, Any]:
    from sqlmodel import Session

    from core.storage.db import readonly
    from core.storage.transfer_files import discard, new_config, plan_files, publish, stage
    from core.storage.transfer_rows import ORG_TABLE, org_tables, read_rows

    _same_schema(source_engine, target_engine, pm)
    _refuse_taken(target_engine, key, folder)
    tables = org_tables(pm)
    with Session(readonly(source_engine)) as session:
        org = _source_org(session, source)
        from_ = {"key": org.key, "id": org.id, "folder": str(source.root)}
        before, stored = _verify_source(session, org, source, pm)
        _refuse_unknown_tables(session, {t.name for t in tables}, org.id)
        plan = read_rows(session.connection(), tables, org.id)
    documents = next((c for c in plan.tables if c.table.name == "core_document"), None)
    files = plan_files(source, stored, {r["path"] for r in documents.rows if Path(r["path"]).is_absolute()}
                       if documents else set())
    config = new_config(source, key, database_url)
    from sqlalchemy.engine import make_url

    staging, size = stage(files, folder, key, config, private_config=make_url(database_url).password is not None)
    try:
        with Session(target_engine, expire_on_commit=False) as session:
            with session.begin():
                org_id, journals, counts = _copy(session, plan, files.document_paths, pm, key=key, name=name,
                                                 district=district, from_=from_)
                _check_moved(session, org_id, pm, staging, "перед записью")
    except BaseException:
        discard(staging)
        raise
    publish(staging, folder)
    after = _verify_target(target_engine, key, folder, pm)
    org_copy = plan.by_name()[ORG_TABLE]
    org_columns = org_copy.table.c
    return {
        "organization": {"key": key, "id": org_id, "name": values_name(name) or org_copy.rows[0]["name"],
                         "district": district, "district_stored": district is not None and "district" in org_columns,
                         "from": from_},
        "folder": str(folder),
        "tables": counts,
        "rows": sum(counts.values()),
        "journals": journals,
        "files": {"count": len(files.copies), "bytes": size, "brought_in": sorted(files.document_paths),
                  "left_outside": files.outside},
        "unresolved_references": plan.unresolved,
        "skipped_tables": plan.skipped,
        "verify": {"before": before, "after": after},
    }


def _same_schema(source: Engine, target: Engine, pm: pluggy.PluginManager) -> None:
    """Upgrade both databases as every command does; they must then be at the same revisions."""
    from core.storage.db import readonly
    from core.storage.migrate import database_revisions, ensure_schema

    ensure_schema(source, pm)
    ensure_schema(target, pm)
    revisions = []
    for engine in (source, target):
        with readonly(engine).connect() as conn:
            revisions.append(database_revisions(conn))
            conn.rollback()
    if revisions[0] != revisions[1]:
        extra = ", ".join(sorted(revisions[0] ^ revisions[1]))
        raise OhsError(f"Схемы исходной и общей базы различаются (ревизии {extra}); обновите ohs-toolkit там, "
                       "где работали новой версией, подключите те же плагины и повторите перенос.")


def _refuse_taken(engine: Engine, key: str, folder: Path) -> None:
    import sqlalchemy as sa

    from core.storage.db import readonly
    from core.storage.models import Organization
    from core.storage.transfer_rows import table_of

    table = table_of(Organization)
    with readonly(engine).connect() as conn:
        taken = conn.execute(sa.select(table.c.id).where(table.c.key == key)).first()
        conn.rollback()
    if taken is not None:
        raise OhsError(f"В общей базе уже есть организация с ключом «{key}»; выберите другой ключ.")
    if folder.exists():
        raise OhsError(f"Папка {folder} уже есть; организация с ключом «{key}» не перенесена — выберите другой "
                       "ключ или уберите папку.")


def _source_org(session: Session, source: Workspace) -> Any:
    from sqlmodel import select

    from core.storage.models import Organization

    org = session.exec(select(Organization).where(Organization.key == source.org_key)).first()
    if org is None:
        raise NotFoundError(f"В базе рабочей папки {source.root} нет организации «{source.org_key}» из её ohs.toml; "
                            "проверьте [organization] key.")
    return org


def report_rows(reports: list[Any]) -> list[dict[str, Any]]:
    """``ohs verify --json``'s rows: journal, title, entries, ok, message."""
    return [{"journal": r.key, "title": r.title, "entries": r.count, "ok": r.ok, "message": r.message}
            for r in reports]


def verify_all(session: Session, org: Any, pm: pluggy.PluginManager, workspace: Workspace) -> list[Any]:
    """What ``ohs verify`` checks: every journal of the organization and its stored files."""
    from core.context import Context
    from core.io.integrity import check_stored_files
    from core.journal import journals

    reports = [journal.verify(session, org) for journal in journals(pm)]
    return [*reports, check_stored_files(Context.of(session, org, pm, workspace=workspace))]


def _verify_source(session: Session, org: Any, source: Workspace, pm: pluggy.PluginManager
                   ) -> tuple[list[dict[str, Any]], list[Any]]:
    """``ohs verify`` of the source (refused unless all holds) and the files its records vouch for."""
    from core.context import Context

    reports = verify_all(session, org, pm, source)
    broken = [r for r in reports if not r.ok]
    if broken:
        first = broken[0]
        raise OhsError(f"Рабочая папка {source.root} не прошла проверку: {first.title} — {first.message}; перенос "
                       "не выполнен. Выясните причину (ohs verify) и восстановите журнал из резервной копии.")
    ctx = Context.of(session, org, pm, workspace=source)
    stored = [item for items in pm.hook.stored_files(ctx=ctx) for item in items or ()]
    return report_rows(reports), stored


def _refuse_unknown_tables(session: Session, known: set[str], org_id: int) -> None:
    """A table of a plugin switched off (or not installed) holding the organization's rows would be lost."""
    import sqlalchemy as sa

    from core.storage.migrate import VERSION_TABLE

    conn = session.connection()
    inspector = sa.inspect(conn)
    for table in sorted(set(inspector.get_table_names()) - known - {VERSION_TABLE}):
        if "org_id" not in {c["name"] for c in inspector.get_columns(table)}:
            continue
        rows = conn.execute(sa.text(f'SELECT COUNT(*) FROM "{table}" WHERE org_id = :o'), {"o": org_id}).scalar()
        if rows:
            raise OhsError(f"В исходной базе в таблице {table} есть данные организации ({rows} строк), а модуль, "
                           "которому она принадлежит, не подключён; подключите его (OHS_DISABLE_PLUGINS) и повторите.")


def _copy(session: Session, plan: RowPlan, document_paths: dict[str, str], pm: pluggy.PluginManager, *, key: str,
          name: str | None, district: str | None, from_: dict[str, Any]) -> tuple[int, list[dict[str, Any]], dict[str, int]]:
    """Insert every row under a new id, re-link the journals, record the move; returns the new id, journals, counts."""
    from sqlalchemy.exc import IntegrityError

    from core.audit import record
    from core.journal import JournalSpec, journals
    from core.storage.models import Organization
    from core.storage.transfer_chains import rehash_journals
    from core.storage.transfer_rows import (
        ORG_TABLE, Overrides, allocate_ids, count_rows, entity_tables, insert_rows, new_rows, set_deferred,
    )

    conn = session.connection()
    org_table = plan.by_name()[ORG_TABLE].table
    values: dict[str, Any] = {"key": key}
    if values_name(name):
        values["name"] = values_name(name)
    if district is not None and "district" in org_table.c:
        values["district"] = " ".join(district.split())
    allocate_ids(conn, plan)
    order = {copy.table.name: i for i, copy in enumerate(plan.tables)}
    entity_of = entity_tables((c.table for c in plan.tables),
                              {j.entity for j in journals(pm) if isinstance(j, JournalSpec)})
    overrides = Overrides(organization=values, document_paths=document_paths)
    deferred: list[Any] = []
    try:
        for copy in plan.tables:
            insert_rows(conn, copy, new_rows(plan, copy, overrides, entity_of, order, deferred))
        set_deferred(conn, deferred)
    except IntegrityError as exc:
        if "key" in str(exc.orig) and "core_organization" in str(exc.orig):
            raise OhsError(f"В общей базе уже есть организация с ключом «{key}»; выберите другой ключ.") from None
        raise
    org_id = plan.by_name()[ORG_TABLE].new_ids[from_["id"]]
    org = session.get(Organization, org_id)
    assert org is not None
    relinked = rehash_journals(session, org, pm, {"key": from_["key"], "id": from_["id"]})
    record(session, org, MOVE_ACTION, "organization", org_id,
           {"from": from_, "tables": {c.table.name: len(c.rows) for c in plan.tables if c.rows},
            "ids": {c.table.name: id_runs(c.new_ids) for c in plan.tables if c.new_ids}})
    session.flush()
    # The audit log holds the copied rows and the ones written here: one per re-linked journal, one for the move.
    added = {"core_audit": len(relinked) + 1}
    counts = {}
    for copy in plan.tables:
        found = count_rows(conn, copy, org_id)
        expected = len(copy.rows) + added.get(copy.table.name, 0)
        if found != expected:
            raise OhsError(f"После переноса в таблице {copy.table.name} {found} строк вместо {expected}; перенос "
                           "отменён, в базу ничего не записано.")
        counts[copy.table.name] = len(copy.rows)
    return org_id, relinked, counts


def values_name(name: str | None) -> str | None:
    """The new name as typed, spaces tidied; None when not given."""
    return " ".join(name.split()) or None if name else None


def id_runs(new_ids: dict[int, int]) -> list[list[int]]:
    """The id map compactly: ``[old, new, count]`` runs of consecutive ids (usually one run per table)."""
    runs: list[list[int]] = []
    for old, new in sorted(new_ids.items()):
        if runs and old == runs[-1][0] + runs[-1][2] and new == runs[-1][1] + runs[-1][2]:
            runs[-1][2] += 1
        else:
            runs.append([old, new, 1])
    return runs


def _check_moved(session: Session, org_id: int, pm: pluggy.PluginManager, root: Path, when: str) -> list[dict[str, Any]]:
    """``ohs verify`` of the moved organization with its files at ``root``; refused unless everything holds."""
    from core.storage.models import Organization
    from core.workspace import load_workspace

    org = session.get(Organization, org_id)
    reports = verify_all(session, org, pm, load_workspace(root))
    broken = [r for r in reports if not r.ok]
    if broken:
        first = broken[0]
        raise OhsError(f"Перенесённая организация не прошла проверку {when}: {first.title} — {first.message}; "
                       "перенос отменён, в базу ничего не записано.")
    return report_rows(reports)


def _verify_target(engine: Engine, key: str, folder: Path, pm: pluggy.PluginManager) -> list[dict[str, Any]]:
    """``ohs verify`` of the organization as the district now holds it (after the commit: reported, not raised)."""
    from sqlmodel import Session, select

    from core.storage.db import readonly
    from core.storage.models import Organization
    from core.workspace import load_workspace

    with Session(readonly(engine)) as session:
        org = session.exec(select(Organization).where(Organization.key == key)).one()
        return report_rows(verify_all(session, org, pm, load_workspace(folder)))


def describe_move(summary: dict[str, Any]) -> Iterator[str]:
    """Russian lines about a finished move, for the command's output (``--json`` prints the summary itself)."""
    from core.render.russian_numbers import plural

    org, source = summary["organization"], summary["organization"]["from"]
    yield (f"Организация «{org['name']}» перенесена из рабочей папки {source['folder']} (ключ «{source['key']}») "
           f"в общую базу под ключом «{org['key']}».")
    tables = sum(1 for n in summary["tables"].values() if n)
    files = summary["files"]
    yield (f"Скопировано строк: {summary['rows']} ({plural(tables, 'таблица', 'таблицы', 'таблиц')}), "
           f"{plural(files['count'], 'файл', 'файла', 'файлов')} ({files['bytes']} байт).")
    for journal in summary["journals"]:
        yield (f"{journal['title']}: {plural(journal['entries'], 'запись', 'записи', 'записей')}; хеши пересчитаны "
               f"с новыми номерами строк: последняя запись была {journal['old_hash'][:12]}…, стала "
               f"{journal['hash'][:12]}… (обе — в журнале аудита).")
    after = summary["verify"]["after"]
    broken = [r for r in after if not r["ok"]]
    if broken:
        for r in broken:
            yield f"Внимание: проверка после переноса — {r['title']}: {r['message']}."
    else:
        yield f"Проверка до и после переноса (ohs verify): {plural(len(after), 'проверка', 'проверки', 'проверок')}, всё цело."
    if org["district"] and not org["district_stored"]:
        yield f"Район «{org['district']}» не записан: в этой версии базы у организации нет поля района."
    for where, count in summary["unresolved_references"].items():
        yield f"Внимание: {where} — ссылок на записи, которых нет у организации: {count} (оставлены как были)."
    for path in files["left_outside"]:
        yield f"Внимание: файл {path} лежит вне рабочей папки и не перенесён (на него ссылается журнал аудита)."
    for path in files["brought_in"]:
        yield f"Документ {path} хранился вне рабочей папки; он скопирован в её папку out/external/."
    yield (f"Новая рабочая папка: {summary['folder']}. Прежняя папка больше не нужна: работайте в новой "
           "(записи, сделанные в прежней после переноса, в общую базу не попадут).")
