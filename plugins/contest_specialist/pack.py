"""The application pack: the five documents, the facts file, and a ZIP with them and every evidence file."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from core.workspace import Workspace


def _safe_name(text: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_." else "_" for c in text)
    return keep.strip("_")[:80] or "file"


def _zip_members(workspace: Workspace, bundle: Any) -> list[tuple[Path, str]]:
    """Evidence files: portfolio files by item and documents of the registry the person developed."""
    from core.io.store import file_digest
    from plugins.contest_specialist.portfolio import evidence_path

    members: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for source in bundle.derived.sources:
        if source.path:
            path = Path(source.path)
            path = path if path.is_absolute() else workspace.root / path
            if path.is_file() and str(path) not in seen:
                seen.add(str(path))
                members.append((path, f"documents/{path.name}"))
        for sha, filename in source.files:
            path = evidence_path(workspace, sha)
            name = f"evidence/{source.ref.replace(':', '-')}-{_safe_name(filename)}"
            if sha in seen:
                continue  # one file proving several items (the characteristic) goes in once
            if path.is_symlink() or not path.is_file():
                raise OhsError(f"Файл подтверждения {filename} ({source.ref}) пропал из рабочей папки ({path}); "
                               "приложите его заново: ohs contest specialist portfolio evidence.")
            if file_digest(path)[0] != sha:
                raise OhsError(f"Файл подтверждения {filename} ({source.ref}) повреждён: его содержимое не совпадает "
                               "с записанной контрольной суммой; приложите его заново: "
                               "ohs contest specialist portfolio evidence.")
            seen.add(sha)
            members.append((path, name))
    return members


def make_pack(pm: pluggy.PluginManager, session: Session, org: Organization, workspace: Workspace, person: Person,
              as_of: datetime.date, out_dir: Path, nomination: str | None = None) -> dict[str, Any]:
    """Make the documents (registered as drafts), write the facts and the ZIP; returns a JSON-ready summary.

    A project description over 500 characters refuses the whole pack before anything is written.
    """
    from core.audit import audit
    from core.documents.registry import document_path, make_document
    from core.io.atomic import pending_files
    from plugins.contest_specialist.bundle import build_bundle, check_projects
    from plugins.contest_specialist.documents import contest_kinds
    from plugins.contest_specialist.facts import dump_facts

    bundle = build_bundle(pm, session, org, person, as_of, nomination)
    bundle.require_nomination()
    check_projects(bundle.projects)
    files = pending_files(session)  # every file below appears only when the transaction commits
    files.mkdir(out_dir)
    options = {"bundle": bundle, "person_id": person.id, "as_of": as_of, "nomination": nomination}
    documents = []
    for kind in contest_kinds():
        doc = make_document(session, org, pm, workspace, kind, as_of, out_dir=out_dir,
                            options=options)
        documents.append({"id": doc.id, "kind": kind.key, "title": kind.title, "version": doc.version,
                          "path": str(document_path(workspace, doc))})
    facts_path = out_dir / "facts.yaml"
    files.write(facts_path, dump_facts(bundle.derived.facts, bundle.edition,
                                       [f"Факты участника {person.full_name} на {as_of:%d.%m.%Y}."]))
    zip_path = out_dir / f"zayavka-{_safe_name(person.surname)}-{as_of:%Y-%m-%d}.zip"
    members = [(Path(d["path"]), Path(d["path"]).name) for d in documents] + [(facts_path, facts_path.name)]
    members += _zip_members(workspace, bundle)

    def write_zip(temp: Path) -> None:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path, name in members:
                archive.write(files.current(path), name)  # staged files are read where they wait

    files.write(zip_path, write_zip)
    result = bundle.score
    audit(session, org, "contest_specialist.pack", "person", person.id, as_of=as_of, total=str(result.total),
          nomination=bundle.require_nomination().nomination.letter, documents=[d["id"] for d in documents],
          zip=zip_path.name)
    data = result.to_json()
    return {"person": {"id": person.id, "full_name": person.full_name}, "as_of": as_of, "total": data["total"],
            "max": data["max"], "nomination": bundle.require_nomination().to_json(), "documents": documents,
            "facts": str(facts_path), "zip": str(zip_path), "zip_files": len(members), "missing": data["missing"],
            "undescribed": [p.to_json() for p in bundle.projects if not p.described]}
