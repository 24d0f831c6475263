"""Submissions of the quarterly report: a hash-chained record of what was sent, when, with which number.

Why a chain: the district relies on «submitted on …» and on which practices were already reported,
so a submission is never edited (the chain is the core journal framework's, core/journal/). A quarter once submitted is
frozen: its report is the stored DOCX (sha256 in the document registry). Sending a corrected report
is a resubmission: a new version of the quarter with the reason, and a new document.
"""

from __future__ import annotations

import datetime
import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from core.journal import JournalReport, JournalSpec, append_entries, lock_chain
from core.render.russian_dates import Quarter
from plugins.best_practices.settings import make_quarter

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.documents.models import Document
    from core.storage.models import Organization
    from core.workspace import Workspace
    from plugins.best_practices.models import BestPractice, BestPracticeSubmission

#: Advisory-lock namespace of this chain on PostgreSQL (unique among journals).
LOCK_NAMESPACE = 0x0B97
REPORT_KIND = "best_practices_report"
HASHED_FIELDS = (
    "org_id", "seq", "year", "quarter", "version", "submitted_on", "number", "addressee", "reason",
    "practice_ids", "document_id", "sha256", "created_at", "actor",
)
AUDIT_ACTION = "practice.submit"
AUDIT_ENTITY = "best_practices_submission"


def practice_ids_of(row: BestPracticeSubmission) -> list[int]:
    """The practices a submission carried."""
    return [int(i) for i in json.loads(row.practice_ids or "[]")]


def all_submissions(session: Session, org: Organization) -> list[BestPracticeSubmission]:
    """Every submission of the organization, in chain order."""
    from sqlmodel import select

    from plugins.best_practices.models import BestPracticeSubmission

    return list(session.exec(select(BestPracticeSubmission).where(BestPracticeSubmission.org_id == org.id)
                             .order_by(BestPracticeSubmission.seq)))


def latest_by_quarter(rows: list[BestPracticeSubmission]) -> dict[Quarter, BestPracticeSubmission]:
    """The current (latest) version of each submitted quarter."""
    latest: dict[Quarter, BestPracticeSubmission] = {}
    for row in rows:
        q = Quarter(row.year, row.quarter)
        if q not in latest or row.version > latest[q].version:
            latest[q] = row
    return latest


def reported_in(rows: list[BestPracticeSubmission], except_quarter: Quarter | None = None) -> dict[int, Quarter]:
    """Practice id → the quarter whose current report carried it (other than ``except_quarter``)."""
    found: dict[int, Quarter] = {}
    for quarter, row in sorted(latest_by_quarter(rows).items()):
        if quarter == except_quarter:
            continue
        for practice_id in practice_ids_of(row):
            found.setdefault(practice_id, quarter)
    return found


def check_started(quarter: Quarter, today: datetime.date) -> None:
    """A report for a quarter that has not started is refused."""
    if quarter.start > today:
        raise OhsError(f"{quarter.label} ещё не начался (с {quarter.start:%d.%m.%Y}); отчёт за него составить "
                       "нельзя — укажите текущий или прошедший квартал.")


def report_practices(session: Session, org: Organization, quarter: Quarter,
                     rows: list[BestPracticeSubmission] | None = None) -> list[BestPractice]:
    """What the quarter's report carries.

    Submitted: exactly what the current submission carried (the report is frozen). Not yet: the
    practices implemented by the quarter's end that no other quarter's report carried, so the
    quarter's own practices and earlier ones not yet reported, none twice.
    """
    from sqlmodel import select

    from plugins.best_practices.models import BestPractice

    rows = all_submissions(session, org) if rows is None else rows
    current = latest_by_quarter(rows).get(quarter)
    query = select(BestPractice).where(BestPractice.org_id == org.id)
    if current is not None:
        ids = practice_ids_of(current)
        if not ids:
            return []
        query = query.where(BestPractice.id.in_(ids))
    else:
        query = query.where(BestPractice.implemented_on <= quarter.end)
    done = reported_in(rows, except_quarter=quarter) if current is None else {}
    found = session.exec(query.order_by(BestPractice.implemented_on, BestPractice.id))
    return [p for p in found if p.id not in done]


def append_submission(session: Session, org: Organization, *, quarter: Quarter, version: int,
                      submitted_on: datetime.date, number: str | None, addressee: str, reason: str | None,
                      practice_ids: list[int], document: Document | None) -> BestPracticeSubmission:
    """Add one entry at the end of the organization's chain (numbered, hashed and audited by the framework)."""
    row = {"year": quarter.year, "quarter": quarter.number, "version": version, "submitted_on": submitted_on,
           "number": number, "addressee": addressee, "reason": reason, "practice_ids": json.dumps(sorted(practice_ids)),
           "document_id": document.id if document else None, "sha256": document.sha256 if document else None}

    def audit_for(_entry: BestPracticeSubmission) -> tuple[str, dict[str, Any]]:
        return AUDIT_ACTION, {"quarter": quarter.key, "version": version, "on": submitted_on, "number": number,
                              "reason": reason, "practices": sorted(practice_ids)}

    return append_entries(session, org, submission_spec(), [row], audit_for)[0]


def default_addressee_for(org: Organization, workspace: Workspace | None) -> str:
    """The addressee from the settings, else the municipality's administration, else a plain «administration»."""
    from plugins.best_practices.settings import default_addressee, workspace_settings

    return workspace_settings(workspace).addressee or default_addressee(org) or "Администрация муниципального образования"


def submit(session: Session, org: Organization, pm: pluggy.PluginManager, workspace: Workspace, quarter: Quarter,
           on: datetime.date, today: datetime.date, number: str | None = None, reason: str | None = None,
           out_dir: Path | None = None) -> tuple[BestPracticeSubmission, Document]:
    """Make the quarter's report dated ``on`` with outgoing ``number`` and record that it was sent.

    A quarter already submitted needs ``reason``: the new version is made and recorded beside the old.
    """
    from core.documents.kinds import get_kind
    from core.documents.registry import make_document

    check_started(quarter, today)
    if on > today:
        raise OhsError(f"Дата отправки {on:%d.%m.%Y} ещё не наступила; укажите день, когда отчёт направлен.",
                       concerns="on")
    if on < quarter.start:
        early = f"Дата отправки {on:%d.%m.%Y} раньше начала квартала ({quarter.start:%d.%m.%Y}); "
        raise OhsError(early + "проверьте --on и --quarter.", concerns="on",
                       form=early + "проверьте дату отправки.")
    number = " ".join((number or "").split()) or None
    reason = " ".join((reason or "").split()) or None
    lock_chain(session, LOCK_NAMESPACE, org.id)
    rows = all_submissions(session, org)
    current = latest_by_quarter(rows).get(quarter)
    if current is not None:
        if not reason:
            sent = (f"Отчёт за {quarter.label} уже направлен {current.submitted_on:%d.%m.%Y}"
                    f"{f' (исх. № {current.number})' if current.number else ''}; чтобы направить исправленный, ")
            raise OhsError(
                sent + f"укажите причину: ohs practice submit --year {quarter.year} --quarter {quarter.number} "
                f"--on ДАТА --reason \"…\".", concerns="reason",
                form=sent + "укажите причину повторной отправки: что исправлено или добавлено.")
        if on < current.submitted_on:
            earlier = f"Повторный отчёт не может быть датирован раньше предыдущего ({current.submitted_on:%d.%m.%Y}); "
            raise OhsError(earlier + "проверьте --on.", concerns="on", form=earlier + "проверьте дату отправки.")
    elif reason:
        raise OhsError(f"Отчёт за {quarter.label} ещё не направлялся; --reason нужен только для повторного отчёта.",
                       concerns="reason", form=f"Отчёт за {quarter.label} ещё не направлялся; причина указывается "
                                               "только при повторной отправке.")
    # A resubmission recomputes the list: the frozen one is the version being replaced.
    practices = report_practices(session, org, quarter, [r for r in rows if Quarter(r.year, r.quarter) != quarter])
    from plugins.best_practices.settings import default_addressee, load_settings

    settings = load_settings(workspace.section("best_practices"))
    addressee = settings.addressee or default_addressee(org)
    document = make_document(session, org, pm, workspace, get_kind(pm, REPORT_KIND), on, out_dir=out_dir,
                             number=number, options={"year": quarter.year, "quarter": quarter.number,
                                                     "practice_ids": [p.id for p in practices]})
    row = append_submission(session, org, quarter=quarter, version=(current.version + 1) if current else 1,
                            submitted_on=on, number=number, addressee=addressee or "", reason=reason,
                            practice_ids=[p.id for p in practices], document=document)
    session.flush()
    return row, document


def submission_json(row: BestPracticeSubmission) -> dict[str, Any]:
    """A submission for ``--json`` output."""
    from core.io.json_values import record_view

    return record_view(row, "seq year quarter version submitted_on number addressee reason practice_ids document_id "
                            "sha256 actor hash", practice_ids=practice_ids_of(row))


def _label(_session: Session, row: BestPracticeSubmission) -> str:
    return (f"отправка № {row.seq} (отчёт за {Quarter(row.year, row.quarter).label}, ред. {row.version}, "
            f"от {row.submitted_on:%d.%m.%Y})")


@functools.lru_cache(maxsize=1)
def submission_spec() -> JournalSpec:
    """The submissions' chain as the framework and ``ohs verify`` see it."""
    from plugins.best_practices.models import BestPracticeSubmission

    return JournalSpec(key="best_practices", title="Отчёты о передовом опыте (отправки)", model=BestPracticeSubmission,
                       entity=AUDIT_ENTITY, namespace=LOCK_NAMESPACE, hashed=HASHED_FIELDS, label=_label,
                       list_command="ohs practice submissions", noun="отправка", noun_genitive="отправки")


def verify_submissions(session: Session, org: Organization) -> JournalReport:
    """Walk the chain of submissions; a cut tail is caught through the audit log and the head."""
    return submission_spec().verify(session, org)


def submission_journal() -> JournalSpec:
    """The submissions' spec (the plugin's ``journals`` hook)."""
    return submission_spec()


def quarter_option(year: int | None, number: int | None, today: datetime.date) -> Quarter:
    """The quarter named on the command line; both parts are needed."""
    from core.render.russian_dates import quarter_of

    if year is None and number is None:
        return quarter_of(today)
    if year is None or number is None:
        raise OhsError("Укажите и год, и квартал: --year 2026 --quarter 4.")
    return make_quarter(year, number)
