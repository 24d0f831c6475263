"""Facts about a person from the workspace: authored documents, commissions, other plugins' records
(through the ``person_activity`` and ``injury_indicators`` hooks, never by importing them) and the portfolio.

The facts are derived twice: from every record, and from the records that have evidence (internal
records are their own evidence; a portfolio item needs a file). The difference is what the score
reports as «нет подтверждающего документа».
"""

from __future__ import annotations

import datetime
import functools
import tomllib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plugins.contest_specialist.facts import Facts

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.storage.models import Organization, Person

MAPPING_PATH = Path(__file__).parent / "data" / "mapping.toml"
#: The hooks are asked for a person's whole history: the criteria name no window for these rows.
HISTORY_START = datetime.date(1900, 1, 1)
CENT = Decimal("0.01")
#: The contest's commission list (the facts interface), for ``commission.<key>`` records of other plugins.
COMMISSION_ITEMS = frozenset((
    "osh_committee", "sout", "professional_risks", "introductory_briefing", "knowledge_check", "ppe_incoming_control",
    "buildings", "equipment", "processes", "tools", "materials", "contractors", "microtraumas", "sanitary", "work_rest",
    "milk", "therapeutic_food", "suot_analysis", "contests"))


@functools.cache
def mapping() -> dict[str, Any]:
    """The mapping of workspace records to facts keys (``data/mapping.toml``)."""
    with open(MAPPING_PATH, "rb") as fh:
        return tomllib.load(fh)


@dataclass
class Source:
    """One record behind a fact: what it is, where it is kept, its evidence files."""

    fact: str
    title: str
    ref: str
    evidenced: bool
    files: list[tuple[str, str]] = field(default_factory=list)
    path: str | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"fact": self.fact, "title": self.title, "ref": self.ref, "evidenced": self.evidenced,
                "files": [{"sha256": s, "filename": f} for s, f in self.files], "path": self.path}


@dataclass
class Derived:
    """Facts with evidence, facts from every record, the records, and notes for the facts file."""

    person_id: int
    as_of: datetime.date
    facts: Facts
    all_facts: Facts
    sources: list[Source]
    notes: list[str]
    details: dict[str, str]


@dataclass
class _Internal:
    """What the workspace itself records about the person (the same for both derivations)."""

    counted: dict[str, set[str]] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)
    facts: Facts = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    role_period: tuple[str, datetime.date] | None = None

    def count(self, key: str, ref: str, title: str, path: str | None = None) -> None:
        if key.count(".") == 1 and key.split(".")[0] in ("suot_documents_developed", "commissions"):
            group, item = key.split(".")
            self.members.setdefault(group, set()).add(item)
        else:
            self.counted.setdefault(key, set()).add(ref)
        self.sources.append(Source(key, title, ref, True, path=path))


def _documents(session: Session, org: Organization, person: Person, as_of: datetime.date, out: _Internal) -> None:
    from sqlmodel import select

    from core.documents.models import Document, DocumentAuthor

    rules = mapping()
    query = select(Document).join(DocumentAuthor, DocumentAuthor.document_id == Document.id).where(
        DocumentAuthor.org_id == org.id, DocumentAuthor.person_id == person.id, Document.made_on <= as_of)
    seen: set[str] = set()
    for doc in session.exec(query.order_by(Document.kind, Document.version)):
        if any(doc.kind.startswith(p) for p in rules["ignore_prefixes"]) or doc.kind in seen:
            continue  # one kind is one document, whatever the number of versions
        seen.add(doc.kind)
        key = rules["documents"].get(doc.kind)
        if key is None:
            key = "other_documents_developed"
            out.notes.append(f"вид документа «{doc.kind}» не сопоставлен строке критериев: учтён как иной документ "
                             "(data/mapping.toml, [documents])")
        out.count(key, f"kind:{doc.kind}", f"{doc.title}, ред. {doc.version} от {doc.made_on:%d.%m.%Y}", doc.path)


def _commissions(session: Session, org: Organization, person: Person, as_of: datetime.date, out: _Internal) -> None:
    from sqlmodel import select

    from core.registry.commission_models import Appointment
    from core.registry.commissions import commissions_of

    rules = mapping()
    for seat in commissions_of(session, org, person):
        if seat.from_date > as_of:
            continue
        key = rules["commissions"].get(seat.kind)
        if key is None:
            continue  # investigation commissions: the investigated cases count, from person_activity
        out.count(key, f"commission:{seat.commission_id}",
                  f"{seat.title} ({seat.role_title}), приказ № {seat.order_number} от {seat.order_date:%d.%m.%Y}")
    query = select(Appointment).where(Appointment.org_id == org.id, Appointment.person_id == person.id,
                                      Appointment.from_date <= as_of)
    for appointment in session.exec(query):
        key = rules["appointments"].get(appointment.role)
        if key:
            out.count(key, f"appointment:{appointment.id}",
                      f"назначение приказом № {appointment.order_number} от {appointment.order_date:%d.%m.%Y}")


def _activities(pm: pluggy.PluginManager, session: Session, org: Organization, person: Person,
                as_of: datetime.date, out: _Internal) -> None:
    rules = mapping()["activity"]
    from core.context import Context

    ctx = Context.of(session, org, pm, today=as_of)
    batches = pm.hook.person_activity(ctx=ctx, person_id=person.id, since=HISTORY_START, until=as_of)
    for batch in batches:
        for act in batch or ():
            kind, ref = act.get("kind", ""), act.get("ref", "")
            day = act.get("date")
            if day is not None and day > as_of:
                continue
            key = rules.get(kind)
            if key is None and kind.startswith("commission."):
                name = kind.split(".", 1)[1]
                # Either a core commission kind (mapped) or already a key of the contest's list.
                key = mapping()["commissions"].get(name) or (f"commissions.{name}" if name in COMMISSION_ITEMS else None)
            if key is None:
                out.notes.append(f"запись «{kind}» ({ref}) не сопоставлена строке критериев (data/mapping.toml)")
                continue
            out.count(key, ref, str(act.get("title", ref)))


def _quantize(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _injuries(pm: pluggy.PluginManager, session: Session, org: Organization, as_of: datetime.date,
              out: _Internal) -> None:
    """Кч and Кт: averages of the three calendar years before ``as_of`` against the loaded reference."""
    year = as_of.year - 1
    from core.context import Context

    data = pm.hook.injury_indicators(ctx=Context.of(session, org, pm, today=as_of), year=year, years=3)
    if not data:
        out.notes.append("нет данных о травматизме (хук injury_indicators): Кч, Кт и профзаболевания не указаны")
        return
    per_year = data.get("per_year") or []
    diseases = [y.get("occupational_diseases") for y in per_year]
    if per_year and all(d is not None for d in diseases):
        out.facts["effectiveness.no_occupational_diseases_3y"] = sum(diseases) == 0
    average = data.get("average") or {}
    frequency = _quantize(average.get("frequency"))
    if frequency is not None:
        out.facts["effectiveness.frequency_3y"] = frequency
    severity = _quantize(average.get("severity"))
    insured = [y.get("insured_nonfatal") for y in per_year]
    if severity is None and per_year and all(i is not None for i in insured) and sum(insured) == 0:
        severity = Decimal(0)  # no insured accident in 3 years: nothing lost (edition file, ВЫБОР 7)
        out.notes.append(f"страховых несчастных случаев за {year - 2}–{year} гг. нет: дней на случай — 0")
    if severity is not None:
        out.facts["effectiveness.days_lost_per_accident_3y"] = severity
    reference = data.get("reference")
    if reference:
        if reference.get("frequency"):
            out.facts["effectiveness.frequency_reference"] = Decimal(reference["frequency"])
        if reference.get("days"):
            out.facts["effectiveness.days_lost_reference"] = Decimal(reference["days"])
        out.notes.append(f"эталон: {reference.get('source', '')} (ОКВЭД {reference.get('okved', '')}, "
                         f"{reference.get('year', '')} г.)")
    else:
        out.notes.append("эталонные значения Кч и Кт по виду деятельности не загружены")
    title = f"показатели травматизма за {year - 2}–{year} гг. (записи о несчастных случаях и профзаболеваниях)"
    for row_id, key in (("effectiveness.no_occupational_diseases_3y", "effectiveness.no_occupational_diseases_3y"),
                        ("effectiveness.days_lost", "effectiveness.days_lost_per_accident_3y"),
                        ("effectiveness.frequency", "effectiveness.frequency_3y")):
        if key in out.facts:
            out.sources.append(Source(row_id, title, "injury_indicators", True))


def _internal(pm: pluggy.PluginManager, session: Session, org: Organization, person: Person,
              as_of: datetime.date) -> _Internal:
    out = _Internal()
    _documents(session, org, person, as_of, out)
    _commissions(session, org, person, as_of, out)
    _activities(pm, session, org, person, as_of, out)
    _injuries(pm, session, org, as_of, out)
    role = mapping()["employment_roles"].get(person.osh_role)
    if role and person.hired_on <= as_of:
        out.role_period = (role, person.hired_on)
        out.sources.append(Source(mapping()["employment"][role],
                                  f"{person.position}, {org.short_name or org.name}, с {person.hired_on:%d.%m.%Y} "
                                  "(список работников)", f"person:{person.id}", True))
    return out


def derive(pm: pluggy.PluginManager, session: Session, org: Organization, person: Person,
           as_of: datetime.date) -> Derived:
    """The person's facts on ``as_of`` from the workspace and the portfolio."""
    from plugins.contest_specialist.criteria import load_edition
    from plugins.contest_specialist.portfolio import portfolio_of
    from plugins.contest_specialist.portfolio_facts import portfolio_facts

    internal = _internal(pm, session, org, person, as_of)
    entries = portfolio_of(session, org, person.id)
    windows = {row.id: row.window for row in load_edition().rows}
    evidenced = portfolio_facts([e for e in entries if e.evidence], as_of, internal, mapping(), windows)
    everything = portfolio_facts(entries, as_of, internal, mapping(), windows)
    sources = list(internal.sources)
    lacking: dict[str, list[int]] = {}
    for entry in entries:
        it = entry.item
        rows = sorted(everything.credit.get(it.id, ())) or [f"portfolio.{it.kind}"]
        for row_id in rows:
            sources.append(Source(row_id, it.title, f"portfolio:{it.id}", bool(entry.evidence),
                                  files=list(entry.evidence)))
            if not entry.evidence and row_id in everything.credit.get(it.id, ()):
                lacking.setdefault(row_id, []).append(it.id)
    details = {row_id: "без файла: " + ", ".join(f"запись портфолио №{n}" for n in ids)
               + " (ohs contest specialist portfolio evidence НОМЕР ФАЙЛ)" for row_id, ids in lacking.items()}
    return Derived(person.id, as_of, evidenced.facts, everything.facts, sources, internal.notes, details)
