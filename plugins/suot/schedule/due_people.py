"""Personal deadlines: repeat and post-break briefings, trainings and retakes, medical exams, psychiatric examination.

Each function takes the shared :class:`~plugins.suot.schedule.due.DueScope` and reads its journal in
one query; see plugins/suot/schedule/due.py for why.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from core.obligations.rules.periodicity import add_period, next_date

if TYPE_CHECKING:
    from plugins.suot.schedule.due import DueScope


def _briefings(ctx: DueScope) -> list[tuple]:
    """(seq, person_id, kind, on) of briefing entries not superseded by a correction (cached for the run)."""
    from plugins.suot.schedule.due import as_date, fetch

    if not hasattr(ctx, "_briefings"):
        rows = fetch(ctx.session, 'SELECT id, seq, person_id, kind, "on", corrects_id FROM core_briefing '
                                  "WHERE org_id = :org", ctx.org.id)
        superseded = {r[5] for r in rows if r[5]}
        ctx._briefings = [(r[1], r[2], r[3], as_date(r[4])) for r in rows if r[0] not in superseded]
    return ctx._briefings


def exempt_positions(ctx: DueScope) -> set[str]:
    """Positions freed from primary and repeat briefings: those meeting the three conditions of REGULATION §2.2,
    once the organization has approved its list (the ``briefing_exemptions`` document); none before that,
    because the exemption is the employer's decision, not a fact the toolkit may assume.
    """
    from plugins.suot.positions import approved_exemptions

    return approved_exemptions(ctx.session, ctx.org, ctx.today)[0]


def briefing_items(ctx: DueScope) -> list:
    """Repeat briefing: the last primary or repeat one plus the period (per position when overridden)."""
    rule = ctx.rules.get("repeat_briefing_months")
    if rule is None:
        return []
    exempt = exempt_positions(ctx)
    last: dict[int, tuple] = {}
    entries = _briefings(ctx)
    journal_start = ctx.journal_start("core_briefing")
    for seq, person_id, kind, on in entries:
        if kind in ("primary", "repeat") and (person_id not in last or (on, seq) > last[person_id]):
            last[person_id] = (on, seq)
    items = []
    for worker in ctx.workers.values():
        if worker.position in exempt:
            continue
        own = ctx.own(rule, worker.position)
        if worker.id in last:
            on, seq = last[worker.id]
            items.append(ctx.person_item(worker, next_date(own, on), "Повторный инструктаж на рабочем месте", own,
                                         f"briefing:{seq}", "briefing_repeat", last_on=on.isoformat()))
        elif journal_start is None:
            # Nothing kept here yet (at most paper history): the last briefing is unknown, not years overdue.
            items.append(ctx.person_gap(worker, "Инструктаж на рабочем месте (первичный или повторный): нет сведений",
                                        "briefing_repeat", own))
        else:
            # No workplace briefing in the journal: a repeat one was due a period after starting work or
            # after the journal began, whichever is later (what came before the journal is unknown).
            since = max(worker.hired_on, journal_start)
            items.append(ctx.person_item(worker, next_date(own, since),
                                         "Инструктаж на рабочем месте (в журнале нет первичного и повторного)", own,
                                         f"person:{worker.id}", "briefing_repeat", last_on=None))
    return items


def break_items(ctx: DueScope) -> list:
    """An unscheduled briefing on return from a break longer than the rule's days, unless one is recorded."""
    from sqlmodel import select

    from plugins.suot.schedule.models import SuotAbsence as A

    rule = ctx.rules.get("break_unscheduled_days")
    if rule is None:
        return []
    unscheduled: dict[int, list[datetime.date]] = {}
    for _seq, person_id, kind, on in _briefings(ctx):
        if kind == "unscheduled":
            unscheduled.setdefault(person_id, []).append(on)
    items = []
    for absence_id, person_id, from_on, to_on in ctx.session.exec(
            select(A.id, A.person_id, A.from_on, A.to_on).where(A.org_id == ctx.org.id)).all():
        worker = ctx.workers.get(person_id)
        length = (to_on - from_on).days + 1
        if worker is None or length <= rule.value:
            continue
        back = to_on + datetime.timedelta(days=1)
        if any(on >= back for on in unscheduled.get(person_id, ())):
            continue
        items.append(ctx.person_item(worker, back, f"Внеплановый инструктаж после перерыва в работе ({length} дн.)",
                                     rule, f"absence:{absence_id}", "briefing_break",
                                     absent_from=from_on.isoformat(), absent_to=to_on.isoformat()))
    return items


def training_items(ctx: DueScope) -> list:
    """Next training per program, retakes of failed checks, programmes the position requires but nobody recorded,
    new hires not trained within the rule's days; a data gap where nothing is known."""
    from plugins.suot.schedule.training import PROGRAM_RULES, PROGRAM_SHORT, effective_trainings

    last: dict[tuple[int, str], tuple] = {}
    trained_since_hire: set[int] = set()
    recorded: set[int] = set()
    for _id, seq, person_id, program, on, result, protocol in effective_trainings(ctx.session, ctx.org):
        key = (person_id, program)
        recorded.add(person_id)
        if key not in last or (on, seq) > last[key][:2]:
            last[key] = (on, seq, result, protocol)
        worker = ctx.workers.get(person_id)
        if worker is not None and on >= worker.hired_on:
            trained_since_hire.add(person_id)
    items = []
    retake = ctx.rules.get("failed_check_retake_days")
    for (person_id, program), (on, seq, result, protocol) in last.items():
        worker = ctx.workers.get(person_id)
        rule = ctx.rules.get(PROGRAM_RULES[program])
        if worker is None or rule is None:
            continue
        what = PROGRAM_SHORT[program]
        if result == "failed" and retake is not None:
            items.append(ctx.person_item(worker, next_date(ctx.own(retake, worker.position), on),
                                         f"Повторная проверка знания ({what}) после неудовлетворительной", retake,
                                         f"training:{seq}", "training_retake", program=program, protocol=protocol))
        elif result == "passed":
            own = ctx.own(rule, worker.position)
            items.append(ctx.person_item(worker, next_date(own, on), f"Обучение и проверка знания ({what})", own,
                                         f"training:{seq}", "training", program=program, protocol=protocol))
    start = ctx.journal_start("suot_training")
    required = position_programs(ctx)
    new_hire = ctx.rules.get("new_hire_training_days")
    rule_start = ctx.raw_rules["new_hire_training_days"].applies_from if new_hire else None
    for worker in ctx.workers.values():
        programs = required.get(worker.position)
        if programs:
            items.extend(_required_programs(ctx, worker, programs, last, start, new_hire))
        elif start is None and worker.id not in recorded:
            items.append(ctx.person_gap(worker, "Обучение по охране труда и проверка знания: нет сведений",
                                        "training", program=None))
        elif new_hire is not None and worker.id not in trained_since_hire and not (
                rule_start and worker.hired_on < rule_start) and start is not None:
            items.append(ctx.person_item(worker, next_date(new_hire, worker.hired_on),
                                         "Обучение по охране труда нового работника", new_hire,
                                         f"person:{worker.id}", "training_new_hire",
                                         hired_on=worker.hired_on.isoformat()))
    return items


def position_programs(ctx: DueScope) -> dict[str, list[str]]:
    """Position (the register's spelling) → the programmes its latest fact requires (``suot position set --programs``)."""
    from plugins.suot.positions import fact_programs, latest_facts

    if not hasattr(ctx, "_programs"):
        ctx._programs = {position: fact_programs(fact) for position, fact in latest_facts(ctx.session, ctx.org).items()
                         if fact_programs(fact)}
    return ctx._programs


def _required_programs(ctx: DueScope, worker, programs: list[str], last: dict, start: datetime.date | None,
                       new_hire) -> list:
    """A programme the position requires with no record of the worker: owed since hiring (or since the journal
    began, whichever is later) within the new-hire days; a data gap when the journal holds nothing kept here."""
    from plugins.suot.schedule.training import PROGRAM_RULES, PROGRAM_SHORT

    items = []
    for program in programs:
        if (worker.id, program) in last:
            continue
        what = PROGRAM_SHORT[program]
        rule = ctx.rules.get(PROGRAM_RULES[program])
        if start is None:
            items.append(ctx.person_gap(worker, f"Обучение и проверка знания ({what}): нет сведений", "training",
                                        rule or "", program=program))
        elif new_hire is not None:
            since = max(worker.hired_on, start)
            items.append(ctx.person_item(worker, next_date(new_hire, since),
                                         f"Обучение и проверка знания ({what}): требуется по должности, в журнале нет",
                                         new_hire, f"person:{worker.id}", "training_missing", program=program))
    return items


def _age_on(birth: datetime.date | None, day: datetime.date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def medical_items(ctx: DueScope) -> list:
    """Periodic exam by basis, СОУТ factor or age (the earliest wins); a missing exam; the psychiatric examination."""
    from core.obligations.rules.periodicity import needs_psychiatric, psychiatric_fragments
    from plugins.suot.schedule.medical import effective_exams

    last: dict[int, tuple] = {}
    psychiatric: dict[int, list[datetime.date]] = {}
    referrals: list[tuple] = []
    for _id, seq, person_id, kind, on, _result, basis, referral in effective_exams(ctx.session, ctx.org):
        if kind == "psychiatric":
            psychiatric.setdefault(person_id, []).append(on)
            continue
        if person_id not in last or (on, seq) > last[person_id][:2]:
            last[person_id] = (on, seq, basis)
        if referral:
            referrals.append((person_id, on, seq))
    bases = _Bases(ctx)
    start = ctx.journal_start("suot_medical_exam")
    items = []
    for worker in ctx.workers.values():
        items.append(_periodic(ctx, worker, last.get(worker.id), bases, start))
    items.extend(_psychiatric(ctx, psychiatric, referrals, psychiatric_fragments(), needs_psychiatric, start))
    return items


class _Bases:
    """Which 29н bases apply to a worker: the record's, else the position's or the organization's; plus СОУТ factors."""

    def __init__(self, ctx: DueScope) -> None:
        from sqlmodel import select

        from core.obligations.rules.periodicity import default_medical_basis, factor_bases, medical_bases, position_medical_bases
        from plugins.suot.schedule.due_workplaces import latest_reports
        from plugins.suot.schedule.models import SuotSout
        from plugins.suot.schedule.sout import class_rank

        self._folded: dict[str, str] = {}
        self.bases = medical_bases()
        self.default = default_medical_basis(ctx.configured)
        self.by_position = position_medical_bases(ctx.configured)
        factors = factor_bases()
        reports = ctx.session.exec(select(SuotSout).where(SuotSout.org_id == ctx.org.id)).all()
        #: (department id, folded position) → bases its current СОУТ factors bring.
        self.by_workplace: dict[tuple, set[str]] = {}
        for key, row in latest_reports(list(reports)).items():
            for pair in (row.factors or "").split("; "):
                name, _sep, value = pair.rpartition("=")
                for f in factors:
                    if f.fragment in name.lower() and class_rank(value) >= class_rank(f.min_class):
                        self.by_workplace.setdefault(key, set()).add(f.basis)

    def own(self, worker) -> str:
        """The basis when the exam record names none."""
        return self.by_position.get(self._fold(worker.position), self.default) if self.by_position else self.default

    def of(self, worker, recorded: str | None) -> list[str]:
        """Every basis that applies: the recorded (or own) one first, then the workplace's СОУТ factors."""
        found = [recorded or self.own(worker)]
        if self.by_workplace:
            found += sorted(self.by_workplace.get((worker.department_id, self._fold(worker.position)), ()))
        return [b for b in dict.fromkeys(found) if self.bases.get(b) and self.bases[b].rule]

    def _fold(self, position: str) -> str:
        from core.obligations.rules.periodicity import fold_position

        if position not in self._folded:
            self._folded[position] = fold_position(position)
        return self._folded[position]


def _periodic(ctx: DueScope, worker, found: tuple | None, bases: _Bases, start: datetime.date | None):
    """The next periodic exam of one worker: the earliest date any applicable rule gives; with no exam recorded,
    a data gap while the journal holds nothing kept here (``start`` None), else an exam owed since hiring."""
    applicable = bases.of(worker, found[2] if found else None)
    rules = [(b, ctx.rules[bases.bases[b].rule]) for b in applicable if bases.bases[b].rule in ctx.rules]
    if found is None:
        if not rules:
            return None
        basis, rule = rules[0]
        if start is None:
            return ctx.person_gap(worker, "Медицинский осмотр: нет сведений", "medical_missing",
                                  ctx.own(rule, worker.position), basis=basis)
        start = ctx.raw_rules[rule.key].applies_from
        due = max(worker.hired_on, start) if start else worker.hired_on
        return ctx.person_item(worker, due, "Медицинский осмотр (в журнале нет ни одного)",
                               ctx.own(rule, worker.position),
                               f"person:{worker.id}", "medical_missing", basis=basis)
    on, seq, _recorded = found
    candidates = [(b, ctx.own(r, worker.position)) for b, r in rules]
    age = _age_on(worker.birth_date, on)
    for limit, key in ((18, "medical_exam_under_18_years"), (21, "medical_exam_under_21_years")):
        if age is not None and age < limit and key in ctx.rules:
            candidates.append((f"age_under_{limit}", ctx.rules[key]))
    if not candidates:
        return None
    basis, rule = candidates[0] if len(candidates) == 1 else min(candidates, key=lambda c: next_date(c[1], on))
    return ctx.person_item(worker, next_date(rule, on), "Периодический медицинский осмотр", rule, f"medical:{seq}",
                           "medical_periodic", basis=basis, last_on=on.isoformat())


def _psychiatric(ctx: DueScope, done: dict[int, list[datetime.date]], referrals: list[tuple], fragments, needs,
                 start: datetime.date | None) -> list:
    """At hiring for the 342н positions (unless examined within the rule's years before); on a referral.

    A worker with no examination recorded at all, while the journal holds nothing kept here, is a data gap."""
    rule = ctx.rules.get("psychiatric_recent_years")
    if rule is None:
        return []
    start = ctx.raw_rules["psychiatric_recent_years"].applies_from
    items = []
    for worker in ctx.workers.values():
        if (start and worker.hired_on < start) or not needs(worker.position, fragments):
            continue
        earliest = add_period(worker.hired_on, -rule.value, rule.unit)
        if any(on >= earliest for on in done.get(worker.id, ())):
            continue
        if start is None and not done.get(worker.id):
            items.append(ctx.person_gap(worker, "Психиатрическое освидетельствование при приёме на работу: нет сведений",
                                        "psychiatric", rule))
            continue
        items.append(ctx.person_item(worker, worker.hired_on,
                                     "Психиатрическое освидетельствование при приёме на работу", rule,
                                     f"person:{worker.id}", "psychiatric", hired_on=worker.hired_on.isoformat()))
    referral_rule = (f"психиатрическое освидетельствование по направлению работодателя при подозрении на "
                     f"противопоказания на периодическом осмотре — {rule.source.split(', п.')[0]}, п. 5")
    for person_id, on, seq in referrals:
        worker = ctx.workers.get(person_id)
        if worker is None or any(d >= on for d in done.get(person_id, ())):
            continue
        items.append(ctx.person_item(worker, on, "Психиатрическое освидетельствование по направлению", referral_rule,
                                     f"medical:{seq}", "psychiatric", referral_on=on.isoformat(), confidence="S"))
    return items
