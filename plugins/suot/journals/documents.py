"""Журнал регистрации вводного инструктажа и журнал регистрации инструктажа на рабочем месте.

Постановление 2464 approves no journal form, only the data a journal records (REGULATION §2.6, п. 86
[S]): the ten columns of both templates, plus the entry number. The workplace journal is kept per
department (``department`` option, a name or number: one journal; none: one journal per department,
each with its own title page, in one file). ``since``/``until`` print one period as a volume of its
own: numbering starts at 1 and the title page shows those dates; otherwise the first and last
entry's. The options come from ``ohs suot journal`` or ``ohs docs make … --param department=…``.

Entries keep the order they were recorded in (the chain), not the order of their dates: the journal
only grows at its end, so a page printed in March still matches a reprint in November, and a
correction appears where it was made. A worker's entry goes to the department of the employment they held
on the entry's date (core_employment): after a transfer the earlier entries stay in the old department's
journal, and a part-timer's entries appear in the journal of each department they work in.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.documents.kinds import BuildRequest, DocumentKind
    from plugins.suot.journals.entries import JournalVolume

INTRO_TITLE = "Журнал регистрации вводного инструктажа по охране труда"
WORKPLACE_TITLE = "Журнал регистрации инструктажа по охране труда на рабочем месте"


def _period(request: BuildRequest) -> tuple[datetime.date | None, datetime.date | None]:
    """The ``since``/``until`` options (dates, or text from ``ohs docs make --param since=…``), checked."""
    from core.errors import OhsError
    from core.registry.validation import ValidationError, parse_date

    dates = []
    for name, label in (("since", "начало периода журнала"), ("until", "конец периода журнала")):
        value = request.options.get(name)
        try:
            dates.append(parse_date(value, field=label) if value else None)
        except ValidationError as exc:
            raise OhsError(f"{exc.message} Пишите даты как 2026-01-31.") from None
    since, until = dates
    if since and until and until < since:
        raise OhsError(f"Конец периода журнала {until:%d.%m.%Y} раньше его начала {since:%d.%m.%Y}; "
                       "проверьте --from и --to.")
    return since, until


def _volume_view(volume: JournalVolume, keeper: Any = None, number: str | None = None) -> dict[str, Any]:
    return {"department": volume.department, "entries": volume.entries, "corrections": volume.corrections,
            "started": volume.started, "ended": volume.ended, "keeper": keeper, "volume": number}


def _keepers(request: BuildRequest) -> dict[tuple[str, int | None], Any]:
    """Who keeps each journal on the document's day: the appointed instructor of the department (workplace
    journals) or of the introductory briefing, as a person view for the title page."""
    from core.registry.commissions import current_appointments
    from core.documents.context import person_view
    from core.registry.people import department_names

    names = department_names(request.session, request.org)
    return {(a.role, a.department_id): person_view(p, names)
            for a, p in current_appointments(request.session, request.org, request.today)}


def _volume_number(request: BuildRequest) -> str | None:
    """``--param volume=N``: the volume's number on the title page (blank for the hand when not given)."""
    value = request.options.get("volume")
    return str(value).strip() or None if value is not None else None


def _common(request: BuildRequest) -> dict[str, Any]:
    from core.journal.briefing_models import BRIEFING_KINDS, SIGNATURES
    from core.journal.briefings import briefing_spec
    from core.journal.anchor import printed_head
    from plugins.suot.documents.orders import training_rules_in_force

    return {"kind_titles": BRIEFING_KINDS, "signature_titles": SIGNATURES,
            "training_rules_in_force": training_rules_in_force(request.today),
            # The whole briefing chain's end, printed on the last page (an anchor anyone can keep).
            "chain_head": printed_head(request.session, request.org, briefing_spec(), request.today)}


def build_intro(request: BuildRequest) -> dict[str, Any]:
    """The organization's introductory briefings, numbered in the order they were recorded."""
    from plugins.suot.journals.entries import build_volume, journal_rows

    since, until = _period(request)
    rows = journal_rows(request.session, request.org, ("intro",), since=since, until=until)
    volume = build_volume(request.session, request.org, rows, None, since, until)
    keepers = _keepers(request)
    keeper = keepers.get(("intro_briefing", None)) or keepers.get(("osh_responsible", None))
    return {**_common(request), "journal": _volume_view(volume, keeper, _volume_number(request))}


def build_workplace(request: BuildRequest) -> dict[str, Any]:
    """Workplace briefings (primary, repeat, unscheduled, targeted) of one department, or of each department."""
    from core.journal.briefing_models import WORKPLACE_KINDS
    from core.registry.people import departments
    from plugins.suot.journals.entries import NO_DEPARTMENT, build_volume, journal_rows, resolve_department

    session, org = request.session, request.org
    since, until = _period(request)
    wanted = request.options.get("department")
    keepers = _keepers(request)
    ids = {d.name: d.id for d in departments(session, org)}
    volumes = []
    if wanted:
        dept = resolve_department(session, org, str(wanted))
        rows = journal_rows(session, org, WORKPLACE_KINDS, dept.id, since, until)
        volumes.append(build_volume(session, org, rows, dept.name, since, until))
    else:
        # Every department gets its journal, an empty one too: it is printed to be kept by hand.
        for dept in departments(session, org):
            rows = journal_rows(session, org, WORKPLACE_KINDS, dept.id, since, until)
            volumes.append(build_volume(session, org, rows, dept.name, since, until))
        rows = journal_rows(session, org, WORKPLACE_KINDS, NO_DEPARTMENT, since, until)
        if rows:
            volumes.append(build_volume(session, org, rows, None, since, until))
    number = _volume_number(request)

    def keeper(volume: JournalVolume) -> Any:
        return keepers.get(("briefing_instructor", ids.get(volume.department or ""))) or keepers.get(
            ("osh_responsible", None))

    return {**_common(request), "journals": [_volume_view(v, keeper(v), number) for v in volumes]}


def kinds() -> list[DocumentKind]:
    """The two journal kinds (not approved: a journal is a register, not a local act)."""
    from core.documents.kinds import DocumentKind

    return [
        DocumentKind(key="journal_intro", title=INTRO_TITLE, template="suot/journal_intro.xml.j2",
                     build=build_intro, approval="none", grammatical_gender="m", plugin="suot"),
        DocumentKind(key="journal_workplace", title=WORKPLACE_TITLE, template="suot/journal_workplace.xml.j2",
                     build=build_workplace, approval="none", grammatical_gender="m", plugin="suot"),
    ]
