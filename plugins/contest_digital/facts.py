"""What the toolkit's own data says about its industrial operation, and the answers built from it.

- Years of operation: from the first recorded use — the earliest audit-log entry or the creation of
  the organization, whichever is earlier — to ``as_of``, in calendar years. Dates of the records
  themselves (a briefing of 2023 typed in today) are not used: they prove history, not use.
- Quantitative indicators: every plugin's ``stats`` hook (no plugin is imported), plus the number of
  organizations kept in the database (a district database serves several). Headline figures are
  picked from the stats by key (see :data:`HEADLINES`).
- Deployments: the organizations in this database — a lower bound, other installations are the
  applicant's to add.
"""

from __future__ import annotations

import datetime
import fnmatch
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy
    from sqlmodel import Session

    from core.storage.models import Organization
    from plugins.contest_digital.criteria import Edition

#: Headline indicators of the questionnaire's 4.2 and the ``stats`` keys that feed them (glob patterns).
#: Journal entries are, besides, every figure whose key is the key of a journal (the ``journals`` hook:
#: ``trainings``, ``incidents``…); breakdowns such as ``incidents.accident`` are not added twice.
HEADLINES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("people", "работников в реестре", ("people",)),
    ("documents", "документов сделано", ("documents", "*.documents")),
    ("journal_entries", "записей в журналах", ("journal.*",)),
    ("reports", "отчётов представлено", ("reports", "*.reports")),
)


@dataclass(frozen=True)
class Facts:
    """The figures the data can give, as of one day."""

    as_of: datetime.date
    first_use: datetime.date
    operation_years: float
    organizations: int
    stats: tuple[tuple[str, str, int], ...]
    headlines: dict[str, int | None] = field(default_factory=dict)
    #: Stats keys that alone make a headline figure (not repeated in the detailed list).
    sole_sources: frozenset[str] = frozenset()

    @property
    def launch_year(self) -> int:
        """The year of the first recorded use."""
        return self.first_use.year

    def indicators_text(self) -> str:
        """The 4.2 «Количественные показатели» as text: the headline figures, then every figure by kind."""
        lines = [f"организаций, обслуживаемых в базе данных: {self.organizations}"]
        labels = dict((name, label) for name, label, _patterns in HEADLINES)
        lines += [f"{labels[name]}: {value}" for name, value in self.headlines.items() if value is not None]
        lines += [f"{_lower_first(label)}: {value}" for key, label, value in self.stats if key not in self.sole_sources]
        return "\n".join(lines)

    def usage(self) -> dict[str, Any]:
        """The figures for the plain-Russian account of use (templates/contest_digital/usage.xml.j2):
        ``f`` (stats key → number, with ``organizations``) and ``stats`` (key, label, value)."""
        figures: dict[str, int] = {key: value for key, _label, value in self.stats}
        figures["organizations"] = self.organizations
        return {"f": figures, "stats": [{"key": k, "label": label, "value": v} for k, label, v in self.stats]}

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "as_of": self.as_of, "first_use": self.first_use, "operation_years": self.operation_years,
            "launch_year": self.launch_year, "organizations": self.organizations,
            "headlines": self.headlines,
            "stats": [{"key": k, "label": label, "value": v} for k, label, v in self.stats],
        }


def _lower_first(label: str) -> str:
    """Plugins capitalise their labels differently; in a list they read as one style («записи…», «СОУТ…» kept)."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[0].isupper() and label[1].islower() else label


def _anniversary(start: datetime.date, years: int) -> datetime.date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a common year: the anniversary is the 28th
        return start.replace(year=start.year + years, day=28)


def calendar_years(start: datetime.date, end: datetime.date) -> float:
    """Whole calendar years from ``start`` to ``end`` plus the elapsed share of the next, floored to 0.01.

    Exactly one year (2025-11-24 → 2026-11-24) is 1.0; flooring keeps 0.999 from counting as a year.
    """
    if end <= start:
        return 0.0
    whole = end.year - start.year
    if _anniversary(start, whole) > end:
        whole -= 1
    last = _anniversary(start, whole)
    span = (_anniversary(start, whole + 1) - last).days
    return math.floor((whole + (end - last).days / span) * 100) / 100


def first_use(session: Session, org: Organization) -> datetime.date:
    """The day of the first recorded use: the earliest audit entry or the organization's creation."""
    from sqlalchemy import func
    from sqlmodel import select

    from core.storage.models import AuditEntry

    earliest = session.exec(select(func.min(AuditEntry.at)).where(AuditEntry.org_id == org.id)).one()
    moments = [m for m in (earliest, org.created_at) if m is not None]
    return min(moments).date()


def usage_stats(session: Session, org: Organization, pm: pluggy.PluginManager) -> tuple[tuple[str, str, int], ...]:
    """Every plugin's usage figures, in the order the plugins report them."""
    from core.context import Context

    return tuple((str(k), str(label), int(v)) for batch in pm.hook.stats(ctx=Context.of(session, org, pm))
                 for k, label, v in batch or ())


def headlines(
    stats: tuple[tuple[str, str, int], ...], journal_keys: frozenset[str] = frozenset(),
) -> tuple[dict[str, int | None], frozenset[str]]:
    """Headline figures summed from the matching stats (None where no plugin reports one),
    and the keys that are the only source of a headline."""
    result: dict[str, int | None] = {}
    sole: set[str] = set()
    for name, _label, patterns in HEADLINES:
        keys = [k for k, _l, _v in stats
                if any(fnmatch.fnmatchcase(k, p) for p in patterns) or (name == "journal_entries" and k in journal_keys)]
        result[name] = sum(v for k, _l, v in stats if k in keys) if keys else None
        if len(keys) == 1:
            sole.add(keys[0])
    return result, frozenset(sole)


def collect_facts(session: Session, org: Organization, pm: pluggy.PluginManager, as_of: datetime.date) -> Facts:
    """The facts as of ``as_of``."""
    from sqlalchemy import func
    from sqlmodel import select

    from core.storage.models import Organization as Org

    from core.journal import journals

    start = first_use(session, org)
    stats = usage_stats(session, org, pm)
    organizations = int(session.exec(select(func.count()).select_from(Org)).one())
    figures, sole = headlines(stats, frozenset(j.key for j in journals(pm)))
    return Facts(as_of=as_of, first_use=start, operation_years=calendar_years(start, as_of),
                 organizations=organizations, stats=stats, headlines=figures, sole_sources=sole)


@dataclass(frozen=True)
class Answer:
    """An answer with where it came from (shown next to it in the facts file and the self-assessment)."""

    value: Any
    source: str


def collect_answers(
    session: Session, org: Organization, pm: pluggy.PluginManager, edition: Edition, as_of: datetime.date,
) -> tuple[dict[str, Answer], Facts]:
    """The answers the data gives: the facts, then the stored self-assessment over them."""
    from plugins.contest_digital.entries import current_values, stored_answers

    facts = collect_facts(session, org, pm, as_of)
    stored = current_values(session, org, as_of)
    answers: dict[str, Answer] = {}
    if edition.criterion("operation_years"):
        answers["operation_years"] = Answer(
            facts.operation_years, f"первая запись в журнале изменений решения — {facts.first_use:%d.%m.%Y}")
    if edition.criterion("deployments"):
        answers["deployments"] = Answer(
            facts.organizations, "организаций, ведущих охрану труда в базе данных решения")
    for f in edition.fields:
        if f.criterion and edition.criterion(f.criterion) and f.key in stored:
            answers[f.criterion] = Answer(True, f"анкета, п. {f.number}: № {stored[f.key].value}")
    for key, (value, set_on) in stored_answers(edition, stored).items():
        answers[key] = Answer(value, f"самооценка от {set_on:%d.%m.%Y}")
    return answers, facts
