"""The anchor: each journal's head exported to a file kept outside the database, and checked against later.

Why: whoever can write to the database can rewrite a journal, its audit rows and its head so that
all agree; nothing inside the database then tells. A head exported earlier (``ohs verify
--export-head FILE``, kept on another machine, mailed to the head of the organization, printed on
a journal's last page) still does: a chain that was only appended to since still holds, at the
exported number, exactly the exported hash (``ohs verify --against FILE``).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from core.journal.spec import JournalReport, JournalSpec
from core.journal.verify import gone

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

FORMAT = "ohs-journal-heads/1"


def export_heads(org: Organization, reports: list[tuple[JournalSpec, JournalReport]],
                 on: datetime.date) -> dict[str, Any]:
    """The anchor's content: the organization, the date and each verified journal's count and last hash."""
    return {
        "format": FORMAT, "made_on": on.isoformat(),
        "organization": {"key": org.key, "name": org.name, "inn": org.inn},
        "journals": [{"journal": spec.key, "title": spec.title, "count": (r.head or {}).get("count", 0),
                      "hash": (r.head or {}).get("hash", "")} for spec, r in reports],
    }


def write_heads(path: Path, data: dict[str, Any]) -> None:
    """Write the anchor atomically: a half-written anchor would later accuse an intact journal."""
    from core.io.atomic import write_atomic

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def read_heads(path: Path, org: Organization) -> dict[str, Any]:
    """An exported anchor of this organization, or a Russian error saying what is wrong with the file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OhsError(f"Файла {path} нет; укажите выгрузку, сделанную командой ohs verify --export-head.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise OhsError(f"Файл {path} — не выгрузка контрольных сумм ohs (его не удалось прочитать); "
                       "укажите файл, сделанный командой ohs verify --export-head.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("journals"), list):
        raise OhsError(f"Файл {path} — не выгрузка контрольных сумм ohs; укажите файл, сделанный командой "
                       "ohs verify --export-head.")
    owner = data.get("organization") or {}
    if owner.get("key") != org.key:
        raise OhsError(f"Выгрузка {path} сделана для другой организации («{owner.get('name') or owner.get('key')}»); "
                       "укажите выгрузку этой организации.")
    return data


def check_against(session: Session, org: Organization, reports: list[tuple[JournalSpec, JournalReport]],
                  data: dict[str, Any]) -> None:
    """Mark every journal that no longer extends its exported head (fewer entries, or another hash there)."""
    from sqlmodel import select

    made = data.get("made_on")
    try:
        made = f"от {datetime.date.fromisoformat(made):%d.%m.%Y}"
    except (TypeError, ValueError):
        made = "(с распечатки)"
    anchored = {j.get("journal"): j for j in data["journals"] if isinstance(j, dict)}
    for spec, report in reports:
        mark = anchored.get(spec.key)
        if mark is None or not report.ok:
            continue
        count, expected = int(mark.get("count") or 0), str(mark.get("hash") or "")
        if count == 0:
            continue
        model = spec.model
        entry = session.exec(select(model).where(model.org_id == org.id, model.seq == count)).first()
        if entry is None:
            report.fail(report.count, f"{gone(spec, report.count + 1, count)} вне ohs: по выгрузке контрольных сумм "
                                      f"{made} в журнале было {count}, а сейчас {report.count}",
                        seq=report.count + 1, reason="anchor")
        elif entry.hash != expected:
            report.fail(count - 1, f"{spec.label(session, entry)} не совпадает с выгрузкой контрольных сумм "
                                   f"{made}: журнал до этой записи переписан вне ohs", seq=count, reason="anchor")


def printed_head(session: Session, org: Organization, spec: JournalSpec, on: datetime.date) -> dict[str, Any]:
    """The control sum a journal document prints on its last page: the chain's end as it stands.

    ``{key, on, count, hash}``: read from the chain itself, so a cut or rewritten journal prints what it now is.
    """
    from core.journal.store import last_entry

    last = last_entry(session, org, spec)
    return {"key": spec.key, "on": on, "count": last.seq if last is not None else 0,
            "hash": last.hash if last is not None else ""}


def parse_printed(values: tuple[str, ...], org: Organization) -> dict[str, Any]:
    """``НОМЕР:ХЕШ`` (or ``ЖУРНАЛ:НОМЕР:ХЕШ``) copied from a printout, as an anchor like an exported file.

    The printout names the journal in Russian only (an official paper carries no internal keys), so the
    journal may be left out: :func:`resolve_printed` finds it by the entry's number and hash.
    """
    import re

    journals = []
    for value in values:
        match = re.fullmatch(r"\s*(?:([a-z_]+):)?(\d+):([0-9a-fA-F]{64})\s*", value)
        if match is None:
            raise OhsError(f"«{value}» — не контрольная сумма журнала; пишите её как на последней странице журнала: "
                           "НОМЕР:ХЕШ, например 87:4607…fd34 (номер последней записи и все 64 знака хеша).")
        journals.append({"journal": match[1], "count": int(match[2]), "hash": match[3].lower()})
    return {"format": FORMAT, "made_on": None, "organization": {"key": org.key}, "journals": journals}


def resolve_printed(session: Session, org: Organization, specs: list[JournalSpec], anchor: dict[str, Any]) -> None:
    """Name the journal of every printed mark given without one: the journal whose entry of that number has that hash.

    A mark no journal matches is itself the finding: the journal it was printed from was rewritten (or the
    hash was copied wrongly) — a Russian error, exit 1.
    """
    from sqlmodel import select

    for mark in anchor["journals"]:
        if mark["journal"] is not None:
            continue
        for spec in specs:
            model = spec.model
            entry = session.exec(select(model).where(model.org_id == org.id, model.seq == mark["count"])).first()
            if entry is not None and entry.hash == mark["hash"]:
                mark["journal"] = spec.key
                break
        else:
            raise OhsError(f"Ни в одном журнале нет записи № {mark['count']} с хешем {mark['hash'][:12]}…: журнал, "
                           "с которого сделана распечатка, переписан вне ohs, или хеш списан с ошибкой.")
