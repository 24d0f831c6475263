"""The register of best practice («передовой опыт»): add, list, show, link to measures, incidents, risks.

The kinds of practice and the ways to collect them are those of the seed letter 002: technique,
technology, organization of work, the OSH service's own practice and that of the trade-union
representatives; surveys, workers' proposals, express surveys after training, audits.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from core.payloads import Figure
    import pluggy
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from plugins.best_practices.models import BestPractice
    from core.render.russian_dates import Quarter

#: Categories of the seed letter, with the words the report prints.
CATEGORIES: dict[str, str] = {
    "technique": "в области техники (модернизация оборудования)",
    "technology": "в области технологии (совершенствование технологических процессов)",
    "organization": "в области организации труда",
    "osh_service": "организация работы специалиста (службы) по охране труда",
    "union": "опыт уполномоченных по охране труда профсоюзной организации",
}
#: Short names for tables and lists.
CATEGORY_SHORT: dict[str, str] = {
    "technique": "техника", "technology": "технология", "organization": "организация труда",
    "osh_service": "служба охраны труда", "union": "уполномоченные профсоюза",
}
SOURCES: dict[str, str] = {
    "survey": "опрос работников", "proposal": "предложение работника", "training": "опрос после обучения",
    "audit": "аудит, проверка", "other": "другое",
}
#: Kinds of record a practice may answer; each is described by its owner through ``describe_record``.
LINK_KINDS = ("measure", "incident", "risk")


def clean(value: str | None) -> str | None:
    """Single spaces inside each line, blank lines dropped; None for nothing."""
    lines = [" ".join(line.split()) for line in (value or "").splitlines()]
    text = "\n".join(line for line in lines if line)
    return text or None


def parse_cost(value: str | None) -> str | None:
    """The cost as a canonical decimal string («180000.00»); «180 000,50» is accepted as typed."""
    from core.registry.validation import money_text

    try:
        return money_text(value, f"Затраты «{value}» — не сумма; укажите рубли числом, например --cost 45000.")
    except OhsError as exc:
        raise OhsError(exc.message, concerns="cost",
                       form=f"Затраты «{value}» — не сумма; укажите рубли числом, например 45000.") from None


def check_practice(category: str | None, title: str | None, implemented: datetime.date | None,
                   today: datetime.date, source: str = "other") -> None:
    """Refuse a practice without title, category or date, or with a date in the future."""
    if not category:
        raise OhsError(f"Не указана категория практики; добавьте --category ({', '.join(CATEGORIES)}).",
                       concerns="category", form="Выберите область практики.")
    if category not in CATEGORIES:
        raise OhsError(f"Категории «{category}» нет; выберите: {', '.join(CATEGORIES)}.", concerns="category",
                       form="Выберите область практики.")
    if not clean(title):
        raise OhsError('Не указано название практики; добавьте --title "…".', concerns="title",
                       form="Не указано название практики.")
    if implemented is None:
        raise OhsError("Не указана дата внедрения; добавьте --implemented ДАТА (например, 2026-11-20).",
                       concerns="implemented", form="Не указана дата внедрения практики.")
    if implemented > today:
        raise OhsError(f"Дата внедрения {implemented:%d.%m.%Y} ещё не наступила; практика в реестре — уже "
                       "внедрённая, укажите прошедшую дату.", concerns="implemented")
    if source not in SOURCES:
        raise OhsError(f"Источника «{source}» нет; выберите: {', '.join(SOURCES)}.")


def describe_ref(session: Session, org: Organization, ref: str, pm: pluggy.PluginManager | None) -> dict[str, Any]:
    """The record behind ``measure:N``/``incident:N``/``risk:N`` as its plugin describes it; refused if nobody does."""
    ref = ref.strip().lower()
    kind, _, number = ref.partition(":")
    if kind not in LINK_KINDS or not number.isdigit():
        raise OhsError(f"Ссылка «{ref}» не понята; пишите вид и номер: measure:3, incident:5 или risk:2.")
    from core.context import Context

    found = pm.hook.describe_record(ctx=Context.of(session, org, pm), ref=ref) if pm is not None else None
    if not found:
        raise NotFoundError(f"Записи «{ref}» нет (или её вид не ведёт ни один подключённый модуль); "
                            "проверьте номер, например: ohs suot measure list.")
    return found


def add_link(session: Session, org: Organization, practice: BestPractice, ref: str,
             pm: pluggy.PluginManager | None) -> dict[str, Any]:
    """Link the practice to the record it answered (refused when nobody describes that record)."""
    from sqlmodel import select

    from core.audit import audit
    from plugins.best_practices.models import BestPracticeLink

    found = describe_ref(session, org, ref, pm)
    ref = found.get("ref") or ref.strip().lower()
    exists = session.exec(select(BestPracticeLink).where(
        BestPracticeLink.practice_id == practice.id, BestPracticeLink.ref == ref)).first()
    if exists is not None:
        raise OhsError(f"Практика №{practice.id} уже связана с {ref}.")
    date = found.get("date")
    session.add(BestPracticeLink(org_id=org.id, practice_id=practice.id, ref=ref, title=str(found.get("title") or ref),
                                 date=date if isinstance(date, datetime.date) else None))
    session.flush()
    audit(session, org, "practice.link", "best_practices_practice", practice.id, ref=ref)
    return found


def add_practice(
    session: Session, org: Organization, *, category: str, title: str, description: str | None,
    effect: str | None, implemented: datetime.date, today: datetime.date, department: str | None = None,
    source: str = "other", cost: str | None = None, author: Person | None = None, spread: str | None = None,
    links: tuple[str, ...] = (), pm: pluggy.PluginManager | None = None,
) -> BestPractice:
    """Add a practice after the checks; links are resolved first so a bad one writes nothing."""
    from core.audit import audit
    from plugins.best_practices.models import BestPractice

    check_practice(category, title, implemented, today, source)
    if not clean(description):
        raise OhsError('Не указано описание практики; добавьте --description "что сделано и как".',
                       concerns="description", form="Не указано описание практики: что сделано и как.")
    if not clean(effect):
        raise OhsError('Не указан эффект практики; добавьте --effect "что изменилось (травмы, время, затраты)".',
                       concerns="effect", form="Не указан эффект практики: что изменилось (травмы, время, затраты).")
    for ref in links:
        describe_ref(session, org, ref, pm)
    row = BestPractice(
        org_id=org.id, category=category, title=clean(title), description=clean(description), effect=clean(effect),
        implemented_on=implemented, department=clean(department), source=source, cost=parse_cost(cost),
        spread=clean(spread), author_id=author.id if author else None, added_on=today,
    )
    session.add(row)
    session.flush()
    audit(session, org, "practice.add", "best_practices_practice", row.id, category=category, title=row.title,
          implemented_on=implemented, source=source, author=row.author_id)
    for ref in links:
        add_link(session, org, row, ref, pm)
    return row


def get_practice(session: Session, org: Organization, practice_id: int) -> BestPractice:
    """The organization's practice with that number."""
    from plugins.best_practices.models import BestPractice

    row = session.get(BestPractice, practice_id)
    if row is None or row.org_id != org.id:
        raise NotFoundError(f"Практики №{practice_id} нет; посмотрите номера: ohs practice list.")
    return row


def list_practices(session: Session, org: Organization, quarter: Quarter | None = None) -> list[BestPractice]:
    """Practices by date of implementation (only those of one quarter when given)."""
    from sqlmodel import select

    from plugins.best_practices.models import BestPractice

    query = select(BestPractice).where(BestPractice.org_id == org.id)
    if quarter is not None:
        query = query.where(BestPractice.implemented_on >= quarter.start, BestPractice.implemented_on <= quarter.end)
    return list(session.exec(query.order_by(BestPractice.implemented_on, BestPractice.id)))


def practice_json(session: Session, practice: BestPractice, reported: dict[int, str] | None = None,
                  full: bool = False) -> dict[str, Any]:
    """A practice for ``--json``; ``full`` adds links and attachments; ``reported`` maps id → quarter key."""
    from core.storage.models import Person

    author = session.get(Person, practice.author_id) if practice.author_id else None
    data: dict[str, Any] = {
        "id": practice.id, "category": practice.category, "category_title": CATEGORY_SHORT[practice.category],
        "title": practice.title, "description": practice.description, "effect": practice.effect,
        "implemented_on": practice.implemented_on, "department": practice.department, "source": practice.source,
        "cost": practice.cost, "spread": practice.spread, "author_id": practice.author_id,
        "author": author.short_name if author else None, "added_on": practice.added_on,
        "reported_in": (reported or {}).get(practice.id),
    }
    if full:
        from sqlmodel import select

        from plugins.best_practices.models import BestPracticeAttachment, BestPracticeLink

        data["links"] = [{"ref": link.ref, "title": link.title, "date": link.date} for link in session.exec(
            select(BestPracticeLink).where(BestPracticeLink.practice_id == practice.id).order_by(BestPracticeLink.id))]
        data["attachments"] = [{"id": a.id, "name": a.name, "kind": a.kind, "media_type": a.media_type,
                                "size": a.size, "sha256": a.sha256, "added_on": a.added_on}
                               for a in session.exec(select(BestPracticeAttachment).where(
                                   BestPracticeAttachment.practice_id == practice.id)
                                   .order_by(BestPracticeAttachment.id))]
    return data


def practice_stats(session: Session, org: Organization) -> list[Figure]:
    """Practices in the register, proposals received and reports submitted (``stats`` hook)."""
    from core.payloads import Figure

    from sqlalchemy import func
    from sqlmodel import select

    from plugins.best_practices.models import BestPractice, BestPracticeProposal, BestPracticeSubmission

    def count(model: type) -> int:
        return session.exec(select(func.count()).select_from(model).where(model.org_id == org.id)).one()

    return [
        Figure("best_practices.practices", "Практик в реестре передового опыта", count(BestPractice)),
        Figure("best_practices.proposals", "Предложений и ответов опросов", count(BestPracticeProposal)),
        Figure("best_practices.reports", "Отчётов о передовом опыте направлено", count(BestPracticeSubmission)),
    ]


def person_practices(session: Session, org: Organization, person_id: int, since: datetime.date,
                     until: datetime.date) -> list[dict[str, Any]]:
    """Practices the person authored, implemented between the dates (``person_activity`` hook)."""
    from sqlmodel import select

    from plugins.best_practices.models import BestPractice

    rows = session.exec(select(BestPractice).where(
        BestPractice.org_id == org.id, BestPractice.author_id == person_id,
        BestPractice.implemented_on >= since, BestPractice.implemented_on <= until,
    ).order_by(BestPractice.implemented_on, BestPractice.id))
    return [{"kind": "practice", "title": p.title, "date": p.implemented_on, "ref": f"practice:{p.id}",
             "category": p.category} for p in rows]


def describe_practice(session: Session, org: Organization, ref: str) -> dict[str, Any] | None:
    """``practice:N`` for other plugins (the contest applications cite it), or None."""
    from plugins.best_practices.models import BestPractice

    kind, _, number = ref.partition(":")
    if kind != "practice" or not number.isdigit():
        return None
    row = session.get(BestPractice, int(number))
    if row is None or row.org_id != org.id:
        return None
    return {"ref": f"practice:{row.id}", "title": row.title, "date": row.implemented_on}


def practice_project(session: Session, org: Organization, ref: str) -> dict[str, Any] | None:
    """``practice:N`` as a project of the specialist contest's note (``project_description`` hook), or None."""
    from plugins.best_practices.models import BestPractice

    kind, _, number = ref.partition(":")
    if kind != "practice" or not number.isdigit():
        return None
    row = session.get(BestPractice, int(number))
    if row is None or row.org_id != org.id:
        return None
    return {"ref": f"practice:{row.id}", "title": row.title, "description": row.description, "effect": row.effect,
            "implemented_on": row.implemented_on, "place": row.department}
