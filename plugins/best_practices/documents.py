"""Document kinds: the quarterly report (cover letter + table) and the district's summary.

There is no federal form (REGULATION §9), so all wording is in the templates
``templates/best_practices/quarter_report.xml.j2`` and ``district_summary.xml.j2``, which a region
overrides by copying them into the workspace's ``templates/best_practices/``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.documents.kinds import BuildRequest, DocumentKind
    from core.storage.models import Organization
    from plugins.best_practices.models import BestPractice
    from core.render.russian_dates import Quarter

REPORT_TITLE = "Информация о внедрённом передовом опыте в области охраны труда"
DISTRICT_TITLE = "Сводная информация о передовом опыте в области охраны труда"


def _quarter(request: BuildRequest) -> Quarter:
    """The quarter from the options (``--year``/``--quarter``), by default the one the date falls in."""
    from core.render.russian_dates import quarter_of
    from plugins.best_practices.settings import make_quarter

    options = request.options
    if options.get("quarter"):
        return make_quarter(int(options.get("year") or request.today.year), int(options["quarter"]))
    if options.get("year") and int(options["year"]) != request.today.year:
        return make_quarter(int(options["year"]), 4)
    return quarter_of(request.today)


def practice_rows(session: Session, org: Organization, practices: list[BestPractice]) -> list[dict[str, Any]]:
    """Practices as the report table shows them, ordered by category as the letter lists them."""
    from plugins.best_practices.practices import CATEGORIES, CATEGORY_SHORT, SOURCES

    order = {key: i for i, key in enumerate(CATEGORIES)}
    where_default = org.short_name or org.name
    return [{
        "category": p.category, "category_title": CATEGORY_SHORT[p.category], "title": p.title,
        "description": p.description, "where": p.department or where_default, "since": p.implemented_on,
        "effect": p.effect, "spread": p.spread or "", "source": SOURCES.get(p.source, ""),
    } for p in sorted(practices, key=lambda p: (order[p.category], p.implemented_on, p.id))]


def category_counts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """How many practices of each category, in the letter's order, only those present."""
    from plugins.best_practices.practices import CATEGORIES

    counts = [{"key": key, "title": title, "count": sum(1 for r in rows if r["category"] == key)}
              for key, title in CATEGORIES.items()]
    return [c for c in counts if c["count"]]


def _executor(session: Session, org: Organization, on: datetime.date) -> dict[str, Any] | None:
    """The OSH specialist who prepared the report («Исп.»), when the register names one."""
    from sqlmodel import select

    from core.storage.models import Person

    for person in session.exec(select(Person).where(Person.org_id == org.id, Person.osh_role.in_(("head", "specialist")))
                               .order_by(Person.osh_role, Person.id)):
        if person.is_active(on):
            return {"name": person.full_name, "position": person.position}
    return None


def build_report(request: BuildRequest) -> dict[str, Any]:
    """The cover letter and the table of the quarter's practices; missing head or addressee stops it."""
    from core.documents.kinds import MissingDataError, MissingField
    from core.errors import OhsError
    from core.registry.org import role_holder
    from plugins.best_practices.models import BestPractice
    from plugins.best_practices.settings import default_addressee, load_settings
    from plugins.best_practices.submissions import check_started, report_practices

    session, org = request.session, request.org
    quarter = _quarter(request)
    check_started(quarter, request.today)
    settings = load_settings(request.workspace.section("best_practices"))
    addressee = settings.addressee or default_addressee(org)
    missing = []
    if addressee is None:
        missing.append(MissingField("Адресат отчёта (администрация района)",
                                    'в ohs.toml: [best_practices] addressee = "Администрация …" '
                                    "или ohs org set municipality=…"))
    if role_holder(session, org, "head", request.today) is None:
        missing.append(MissingField("Руководитель организации (подписывает письмо)", "ohs org set head=РАБОТНИК"))
    if missing:
        raise MissingDataError(f"{REPORT_TITLE} за {quarter.label}", missing)
    ids = request.options.get("practice_ids")
    if ids is None:
        from plugins.best_practices.submissions import all_submissions, latest_by_quarter

        sent = latest_by_quarter(all_submissions(session, org)).get(quarter)
        if sent is not None:
            # Frozen: only ``ohs practice submit --reason`` makes a new version of a submitted quarter.
            raise OhsError(f"Отчёт за {quarter.label} уже направлен {sent.submitted_on:%d.%m.%Y} и не переделывается; "
                           f"исправленный: ohs practice submit --year {quarter.year} --quarter {quarter.number} "
                           "--on ДАТА --reason \"…\".")
        practices = report_practices(session, org, quarter)
    else:
        practices = [p for p in (session.get(BestPractice, i) for i in ids) if p is not None and p.org_id == org.id]
    rows = practice_rows(session, org, practices)
    earlier = sum(1 for p in practices if p.implemented_on < quarter.start)
    return {
        "quarter": {"year": quarter.year, "number": quarter.number, "label": quarter.label,
                    "start": quarter.start, "end": quarter.end},
        "addressee": addressee, "letter_date": request.today, "practices": rows, "categories": category_counts(rows),
        "earlier": earlier, "executor": _executor(session, org, request.today),
    }


def build_district(request: BuildRequest) -> dict[str, Any]:
    """Who submitted and who did not, and every reported practice by category, for the administration."""
    from plugins.best_practices.district import district_summary
    from plugins.best_practices.settings import load_settings

    quarter = _quarter(request)
    settings = load_settings(request.workspace.section("best_practices"))
    # On a server the district officer's summary covers the organizations of their district only.
    summary = district_summary(request.session, request.org, quarter, settings, request.today,
                               district=request.options.get("district"))
    return {"quarter": {"year": quarter.year, "number": quarter.number, "label": quarter.label},
            "summary": summary, "made_on": request.today}


def kinds() -> list[DocumentKind]:
    """The plugin's two kinds."""
    from core.documents.kinds import DocumentKind

    return [
        DocumentKind(key="best_practices_report", title=REPORT_TITLE, template="best_practices/quarter_report.xml.j2",
                     build=build_report, approval="none", grammatical_gender="f", plugin="best_practices"),
        DocumentKind(key="best_practices_district", title=DISTRICT_TITLE,
                     template="best_practices/district_summary.xml.j2", build=build_district, approval="none",
                     grammatical_gender="f", plugin="best_practices"),
    ]
