"""``ohs suot pack``: every СУОТ document at once, as drafts, with what still needs data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    import pluggy
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from core.workspace import Workspace


@dataclass
class PackResult:
    """What the pack made and what it could not make yet."""

    made: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    #: Kinds whose latest version already reads exactly as a new one would: no new draft was made.
    unchanged: list[dict[str, Any]] = field(default_factory=list)
    #: The line saying yearly documents were made for the next year (December), if they were.
    note: str | None = None

    @property
    def complete(self) -> bool:
        """Every kind was made."""
        return not self.missing

    #: The head's surname for the approval hint (the placeholder when no head is set).
    approver: str = "РУКОВОДИТЕЛЬ"

    @property
    def approve_command(self) -> str | None:
        """The one command that approves the pack's drafts (new and unchanged ones): one order, every grif filled."""
        drafts = self.made + [item for item in self.unchanged if item["status"] == "draft"]
        if not drafts:
            return None
        ids = " ".join(str(item["id"]) for item in sorted(drafts, key=lambda item: item["id"]))
        return f"ohs docs approve {ids} --by {self.approver} --on ДАТА --order-number НОМЕР_ПРИКАЗА"

    def to_json(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {"complete": self.complete, "made": self.made, "unchanged": self.unchanged, "missing": self.missing,
                "approve_command": self.approve_command, "note": self.note}


def make_pack(
    session: Session,
    org: Organization,
    pm: pluggy.PluginManager,
    workspace: Workspace,
    today: datetime.date,
    out_dir: Path,
    authors: list[Person],
    kinds: Any = None,
    year: int | None = None,
    report: Callable[[int, int, str], None] | None = None,
) -> PackResult:
    """Make each СУОТ kind in its own savepoint; a kind lacking data is reported, not half-made.

    A kind whose latest version (of the year, for yearly kinds) would read the same is reported
    «без изменений» and no draft is made. Yearly kinds are made for ``year``, by default the year
    being planned (the next one in December). Files are staged on the session: they reach
    ``out_dir`` only if the whole command commits. ``report(done, total, title)`` is told of each kind
    before it is made (the desk's progress page).
    """
    from core.documents.kinds import MissingDataError
    from core.documents.registry import document_path, make_document
    from core.documents.series import next_year_note, period_label, unchanged_version
    from core.registry.org import role_holder
    from plugins.suot.documents import all_kinds

    result = PackResult()
    head = role_holder(session, org, "head", today)
    if head is not None:
        result.approver = head.surname
    kinds = list(all_kinds() if kinds is None else kinds)
    result.note = next_year_note(kinds, year is not None, today)
    for number, kind in enumerate(kinds):
        if report is not None:
            report(number, len(kinds), kind.title)
        options = {"year": year} if year is not None and kind.period == "year" else None
        savepoint = session.begin_nested()
        try:
            same = unchanged_version(session, org, pm, workspace, kind, today, authors=authors, options=options)
            if same is not None:
                savepoint.rollback()
                result.unchanged.append({"id": same.id, "kind": kind.key, "title": kind.title + period_label(same),
                                         "version": same.version, "status": same.status,
                                         "path": str(document_path(workspace, same))})
                continue
            doc = make_document(session, org, pm, workspace, kind, today, out_dir=out_dir, authors=authors,
                                options=options)
        except MissingDataError as exc:
            savepoint.rollback()
            result.missing.append({
                "kind": kind.key, "title": kind.title,
                "fields": [{"title": f.title, "command": f.command} for f in exc.fields],
            })
            continue
        savepoint.commit()
        result.made.append({"id": doc.id, "kind": kind.key, "title": kind.title + period_label(doc),
                            "version": doc.version, "path": str(document_path(workspace, doc))})
    if report is not None:
        report(len(kinds), len(kinds), "")
    return result
