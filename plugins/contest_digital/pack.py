"""``ohs contest digital pack``: the application as files — questionnaire, self-assessment, scenario, answers, ZIP."""

from __future__ import annotations

import datetime
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.storage.models import Organization
    from core.workspace import Workspace

ANSWERS_NAME = "answers.yaml"
SCORE_NAME = "score.json"


@dataclass
class PackResult:
    """What the pack made, what it could not make yet, and the ZIP (only when nothing is missing)."""

    made: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    zip_path: Path | None = None
    score: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {"complete": not self.missing, "made": self.made, "missing": self.missing,
                "files": [str(p) for p in self.files], "zip": str(self.zip_path) if self.zip_path else None,
                "total": self.score.get("total"), "max": self.score.get("max")}


def make_application_pack(
    session: Session, org: Organization, pm: pluggy.PluginManager, workspace: Workspace, today: datetime.date,
    out_dir: Path, answers_path: Path | None = None, edition: str | None = None,
) -> PackResult:
    """Make the three documents (each in its own savepoint), write the answers and the score, ZIP them.

    A document lacking data is reported with the commands that supply it; the ZIP is made only when
    every document is there, so an incomplete application is never packed by mistake.
    """
    from core.documents.kinds import BuildRequest, MissingDataError
    from core.documents.registry import document_path, make_document
    from core.io.atomic import pending_files
    from plugins.contest_digital.answers_file import answers_yaml
    from plugins.contest_digital.documents import kinds, resolve_answers
    from plugins.contest_digital.facts import collect_facts
    from plugins.contest_digital.scoring import score

    options = {"answers_path": answers_path, "edition": edition}
    request = BuildRequest(session=session, org=org, today=today, workspace=workspace, pm=pm, version=0,
                           options=options)
    # Read (and check) the answers before any file is written: a wrong answers file stops the pack at once.
    used_edition, answers = resolve_answers(request)
    options["resolved"] = (used_edition, answers)
    result = PackResult()
    for kind in kinds():
        savepoint = session.begin_nested()
        try:
            doc = make_document(session, org, pm, workspace, kind, today, out_dir=out_dir, options=options)
        except MissingDataError as exc:
            savepoint.rollback()
            result.missing.append({"kind": kind.key, "title": kind.title,
                                   "fields": [{"title": f.title, "command": f.command} for f in exc.fields]})
            continue
        savepoint.commit()
        path = document_path(workspace, doc)
        result.files.append(path)
        result.made.append({"id": doc.id, "kind": kind.key, "title": kind.title, "version": doc.version,
                            "path": str(path)})
    facts = collect_facts(session, org, pm, today)
    result.score = score(used_edition, {k: a.value for k, a in answers.items()}).to_json()
    files = pending_files(session)  # every file below appears only when the transaction commits
    files.mkdir(out_dir)
    answers_file = out_dir / ANSWERS_NAME
    files.write(answers_file, answers_yaml(used_edition, answers, facts, org.name))
    score_file = out_dir / SCORE_NAME
    files.write(score_file, json.dumps(result.score, ensure_ascii=False, indent=2))
    result.files += [answers_file, score_file]
    if not result.missing:
        result.zip_path = out_dir / f"contest_digital-{used_edition.edition}-{today:%Y-%m-%d}.zip"

        def write_zip(temp: Path) -> None:
            with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for path in result.files:
                    archive.write(files.current(path), arcname=path.name)  # staged files are read where they wait

        files.write(result.zip_path, write_zip)
    return result
