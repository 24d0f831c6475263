"""Due items of the schedule part, computed in bulk: a handful of queries, then dictionaries in Python.

Every item names the rule it follows (act, point, the organization's own period when stricter) and
the record it was computed from (``briefing:12``, ``training:40``, ``medical:7``, ``sout:3``,
``sout_event:2``, ``absence:5``; ``person:ID`` or ``workplace:DEPT:POSITION`` when what is missing
is the record itself). Only workers employed on ``today`` get personal items.

Why bulk: ``ohs due`` must answer in ≤ 1.5 s for 10,000 workers with 5 years of history, so nothing
here queries per person.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.obligations.due import DueItem
    from core.storage.models import Organization
    from core.obligations.rules.periodicity import EffectiveRule

SOURCE = "suot"
WORKPLACE_BRIEFINGS = ("primary", "repeat")
#: The command that fills a data gap («нет сведений»).
FIX_COMMAND = "ohs history import ФАЙЛ (шаблон: ohs history template ФАЙЛ)"
#: A journal's own start ignores entries carried over from paper (their reason starts with the mark of
#: core/journal/briefings.py): those are last known dates, not a complete record from that day on.
_KEPT_HERE = "(reason IS NULL OR substr(reason, 1, 31) <> 'перенесено из бумажного журнала')"


@dataclass(frozen=True)
class Worker:
    """The columns of a worker that deadlines depend on."""

    id: int
    name: str
    position: str
    department_id: int | None
    hired_on: datetime.date
    birth_date: datetime.date | None


def as_date(value: Any) -> datetime.date | None:
    """A date column as fetched by raw SQL: SQLite gives ISO text, PostgreSQL a date."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value[:10])


def fetch(session: Session, sql: str, org_id: int) -> list[tuple]:
    """Rows of a plain SQL query on the DB-API cursor, ``:org`` replaced by the organization's id.

    Why: ``ohs due`` on the benchmark organization reads ~100,000 journal rows, and SQLAlchemy's
    row objects and type processors were most of its time. The only parameter is an integer id, so
    it is inlined (``int()``) rather than bound, which keeps the SQL the same on SQLite and PostgreSQL.
    Date columns come back raw: use :func:`as_date`.
    """
    cursor = session.connection().connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql.replace(":org", str(int(org_id))))
        return cursor.fetchall()
    finally:
        cursor.close()


class DueScope:
    """What every computation shares: the effective rules, the workers employed today, department names."""

    def __init__(self, session: Session, org: Organization, today: datetime.date, until: datetime.date,
                 rules: dict[str, Any] | None = None) -> None:
        from core.registry.people import department_names
        from core.obligations.rules.periodicity import effective_rules, load_rules

        self.session, self.org, self.today, self.until = session, org, today, until
        self._texts: dict[int, str] = {}
        self._own: dict[tuple[str, str], EffectiveRule] = {}
        #: ``[rules]`` of the workspace's ohs.toml (the organization's own periods).
        self.configured = rules or {}
        self.rules = effective_rules(self.configured, today)
        self.raw_rules = load_rules()
        self.departments = department_names(session, org)
        rows = fetch(session, "SELECT id, surname, name, patronymic, position, department_id, hired_on, birth_date, "
                              "dismissed_on FROM core_person WHERE org_id = :org", org.id)
        rows = [(*r[:6], as_date(r[6]), as_date(r[7]), as_date(r[8])) for r in rows]
        rows = [r for r in rows if r[6] <= today and (r[8] is None or r[8] >= today)]
        self.workers = {
            r[0]: Worker(r[0], f"{r[1]} " + "".join(f"{p[0]}." for p in (r[2], r[3]) if p), r[4], r[5], r[6], r[7])
            for r in rows
        }

    def journal_start(self, table: str) -> datetime.date | None:
        """The first entry kept in the toolkit (not carried over from paper) of a journal; None when there is none.

        Why: a worker with no record is overdue only when the journal was kept here long enough to hold
        it; before that (or with paper history only) the record's absence is a data gap, not a deadline.
        """
        if not hasattr(self, "_starts"):
            self._starts: dict[str, datetime.date | None] = {}
        if table not in self._starts:
            column, kept = ("report_on", _KEPT_HERE.replace("reason", "note")) if table == "suot_sout" else (
                '"on"', _KEPT_HERE)
            rows = fetch(self.session, f"SELECT MIN({column}) FROM {table} WHERE org_id = :org AND {kept}",
                         self.org.id)
            self._starts[table] = as_date(rows[0][0]) if rows else None
        return self._starts[table]

    def gap(self, subject: str, title: str, kind: str, record: str, rule: EffectiveRule | str = "",
            **extra: Any) -> DueItem:
        """A data gap («нет сведений»): a required item with no record and no date it is owed from."""
        from dataclasses import replace

        item = self.item(self.today, title, subject, rule, record, kind, **extra)
        return replace(item, status="no_data", fix=FIX_COMMAND)

    def person_gap(self, worker: Worker, title: str, kind: str, rule: EffectiveRule | str = "",
                   **extra: Any) -> DueItem:
        """A personal data gap: the subject is «Фамилия И.О., должность»."""
        return self.gap(f"{worker.name}, {worker.position}", title, kind, f"person:{worker.id}", rule,
                        person_id=worker.id, department=self.departments.get(worker.department_id), **extra)

    def own(self, rule: EffectiveRule, position: str) -> EffectiveRule:
        """The rule for a position (cached: thousands of workers share a few positions)."""
        key = (rule.key, position)
        if key not in self._own:
            self._own[key] = rule.for_position(position)
        return self._own[key]

    def rule_text(self, rule: EffectiveRule) -> str:
        """«повторный инструктаж не реже одного раза в 3 месяца (срок организации; …) — <акт, пункт>»."""
        if id(rule) not in self._texts:
            self._texts[id(rule)] = self._rule_text(rule)
        return self._texts[id(rule)]

    def _rule_text(self, rule: EffectiveRule) -> str:
        from core.obligations.rules.periodicity import format_period

        text = self.raw_rules[rule.key].requirement.format(period=rule.period)
        if rule.overridden:
            text += f" (срок организации; по закону — {format_period(rule.legal_value, rule.unit)})"
        return f"{text} — {rule.source}"

    def item(self, due: datetime.date, title: str, subject: str, rule: EffectiveRule | str, record: str, kind: str,
             **extra: Any) -> DueItem | None:
        """A due item of this part, or None after ``until``; an effective ``rule`` adds its key, confidence, warning."""
        from core.obligations.due import DueItem

        if due > self.until:
            return None
        if not isinstance(rule, str):
            extra.update(rule_key=rule.key, confidence=rule.confidence)
            if rule.warning:
                extra["warning"] = rule.warning
            rule = self.rule_text(rule)
        return DueItem(due=due, title=title, source=SOURCE, subject=subject, rule=rule, record=record, kind=kind,
                       extra=tuple(sorted(extra.items())))

    def person_item(self, worker: Worker, due: datetime.date, title: str, rule: EffectiveRule | str, record: str,
                    kind: str, **extra: Any) -> DueItem | None:
        """A personal due item: the subject is «Фамилия И.О., должность»."""
        if due > self.until:
            return None
        return self.item(due, title, f"{worker.name}, {worker.position}", rule, record, kind, person_id=worker.id,
                         department=self.departments.get(worker.department_id), **extra)


def schedule_due_items(session: Session, org: Organization, today: datetime.date, until: datetime.date,
                       rules: dict[str, Any] | None = None) -> list:
    """Every deadline of the part up to ``until`` (overdue ones included); ``rules``: the workspace's ``[rules]``."""
    from plugins.suot.schedule.due_people import briefing_items, break_items, medical_items, training_items
    from plugins.suot.schedule.due_workplaces import sout_items

    ctx = DueScope(session, org, today, until, rules)
    items = [*briefing_items(ctx), *break_items(ctx), *training_items(ctx), *medical_items(ctx), *sout_items(ctx)]
    return [i for i in items if i is not None]
