"""Incident cases: what a case records, the checks it must pass, and the services that open, close and correct it.

Every operation builds the case's state as it would stand after the new entry and checks that whole
state (``check_case``), so a correction cannot produce what registration would refuse.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import NotFoundError, OhsError

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization, Person
    from plugins.suot.incidents.chain import Case

#: Kinds of incident, as the journal names them.
TYPES: dict[str, str] = {
    "accident": "несчастный случай на производстве",
    "microtrauma": "микроповреждение (микротравма)",
    "occupational_disease": "профессиональное заболевание",
    "emergency": "авария, чрезвычайная ситуация",
}
#: Severity of an accident (ТК РФ ст. 227–229: лёгкий, тяжёлый, со смертельным исходом).
SEVERITIES: dict[str, str] = {"light": "лёгкий", "severe": "тяжёлый", "fatal": "со смертельным исходом"}
#: Kinds with an injured person by definition.
WITH_INJURED = ("accident", "microtrauma", "occupational_disease")
#: Kinds whose closing records days of incapacity (a micro-trauma by definition causes none: 632н).
WITH_DAYS = ("accident", "occupational_disease")
#: Fields a correction may change (the closing fields only on a closed case).
OPEN_FIELDS = ("type", "occurred_on", "time", "place", "circumstances", "event", "injury", "severity", "insured",
               "injured", "witnesses", "commission", "causes")
CLOSE_FIELDS = ("closed_on", "days", "outcome", "act_number", "act_date")
MAX_DAYS = 3660
_TIME_RE = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def _fmt(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


@dataclass(frozen=True)
class NewMeasure:
    """A measure of the plan to create for the case (source «incident», linked as ``incident:N``)."""

    measure: str
    deadline: datetime.date
    responsible: str
    funding: str
    expected: str | None = None


def party(session: Session, org: Organization, ref: str | None = None, outsider: str | None = None) -> dict[str, Any]:
    """A person involved: a register person (``{"person_id"}``) or an outsider marked as such (``{"outsider"}``)."""
    from core.registry.people import resolve_person

    if outsider is not None:
        name = _clean(outsider)
        if not name:
            raise OhsError("Для постороннего лица укажите ФИО (и кто он), например --injured-outsider \"Петров П.П., "
                           "родитель учащегося\".")
        return {"outsider": name}
    try:
        return {"person_id": resolve_person(session, org, ref or "").id}
    except NotFoundError as exc:
        raise NotFoundError(f"{exc.message.rstrip('.')}; если это не работник организации, укажите его как "
                            "постороннего: --injured-outsider (--witness-outsider, --member-outsider) \"ФИО, кто\".") from None


def _people(session: Session, fields: dict[str, Any]) -> dict[int, Person]:
    from core.storage.models import Person

    ids = {p["person_id"] for key in ("injured", "witnesses", "commission") for p in fields.get(key) or ()
           if "person_id" in p}
    return {i: session.get(Person, i) for i in ids}


def check_case(session: Session, org: Organization, fields: dict[str, Any], occurred_on: datetime.date,
               closed_on: datetime.date | None, today: datetime.date) -> None:
    """Refuse, in one Russian sentence, a case state the journal must not hold (``closed_on`` None: open)."""
    kind = fields.get("type")
    if kind not in TYPES:
        raise OhsError(f"Вида происшествия «{kind}» нет; выберите: {', '.join(TYPES)}.")
    if occurred_on > today:
        raise OhsError(f"Дата происшествия {_fmt(occurred_on)} ещё не наступила; укажите день, когда оно произошло.")
    if fields.get("time") is not None and not _TIME_RE.fullmatch(fields["time"]):
        raise OhsError(f"Время «{fields['time']}» не в виде ЧЧ:ММ; укажите, например, --time 14:30.")
    for key, title, option in (("place", "место", "--place"), ("circumstances", "обстоятельства", "--circumstances")):
        if not fields.get(key):
            raise OhsError(f"Не указано {title} происшествия; добавьте {option} \"…\".")
    _check_severity(kind, fields)
    _check_parties(session, fields, occurred_on)
    if closed_on is None:
        if fields.get("days") or fields.get("outcome") or fields.get("act_number"):
            raise OhsError("Случай ещё не закрыт: дни нетрудоспособности, исход и акт записываются при закрытии: "
                           "ohs incidents close НОМЕР --on ДАТА --days ДНИ.")
        return
    _check_closing(fields, occurred_on, closed_on, today)


def _check_severity(kind: str, fields: dict[str, Any]) -> None:
    severity, insured = fields.get("severity"), fields.get("insured")
    if kind == "accident":
        if severity not in SEVERITIES:
            raise OhsError(f"Укажите тяжесть несчастного случая: --severity {' | '.join(SEVERITIES)} "
                           f"({', '.join(SEVERITIES.values())}).")
    elif severity is not None:
        raise OhsError(f"Тяжесть указывается только для несчастного случая, а это {TYPES[kind]}; уберите --severity.")
    if kind not in WITH_DAYS and insured:
        raise OhsError(f"Страховым случаем может быть только несчастный случай или профзаболевание, а это "
                       f"{TYPES[kind]}; уберите --insured.")
    if insured and any("outsider" in p for p in fields.get("injured") or ()):
        raise OhsError("Пострадавший посторонний не застрахован организацией; для такого случая укажите --not-insured.")


def _check_parties(session: Session, fields: dict[str, Any], occurred_on: datetime.date) -> None:
    kind = fields["type"]
    injured = fields.get("injured") or []
    if kind in WITH_INJURED and not injured:
        raise OhsError(f"Для случая вида «{TYPES[kind]}» укажите пострадавшего: --injured РАБОТНИК "
                       "(или --injured-outsider \"ФИО, кто\" для постороннего).")
    people = _people(session, fields)
    for key, title in (("injured", "пострадавших"), ("witnesses", "очевидцев"), ("commission", "членов комиссии")):
        seen: set[Any] = set()
        for p in fields.get(key) or ():
            marker = p.get("person_id") or p.get("outsider")
            if marker in seen:
                raise OhsError(f"В списке {title} один человек указан дважды; уберите повтор.")
            seen.add(marker)
            person = people.get(p.get("person_id"))
            if key == "injured" and person is not None and not person.is_active(occurred_on):
                raise OhsError(
                    f"{person.full_name} не работал(а) в организации {_fmt(occurred_on)} (принят(а) "
                    f"{_fmt(person.hired_on)}{', уволен(а) ' + _fmt(person.dismissed_on) if person.dismissed_on else ''}); "
                    "если пострадал посторонний, укажите его через --injured-outsider \"ФИО, кто\".")


def _check_closing(fields: dict[str, Any], occurred_on: datetime.date, closed_on: datetime.date,
                   today: datetime.date) -> None:
    kind = fields["type"]
    if closed_on > today:
        raise OhsError(f"Дата закрытия {_fmt(closed_on)} ещё не наступила; укажите прошедшую или сегодняшнюю дату.")
    if closed_on < occurred_on:
        raise OhsError(f"Дата закрытия {_fmt(closed_on)} раньше даты происшествия {_fmt(occurred_on)}; исправьте --on.")
    act_date = fields.get("act_date")
    if act_date is not None and not occurred_on <= datetime.date.fromisoformat(act_date) <= today:
        raise OhsError(f"Дата акта {_fmt(datetime.date.fromisoformat(act_date))} должна быть не раньше даты "
                       f"происшествия {_fmt(occurred_on)} и не позже сегодняшнего дня; исправьте --act-date.")
    days = fields.get("days")
    injured = fields.get("injured") or []
    if kind not in WITH_DAYS or not injured:
        if days:
            raise OhsError(f"Для случая вида «{TYPES[kind]}» дни нетрудоспособности не записываются "
                           "(микроповреждение по определению не ведёт к нетрудоспособности — иначе это несчастный "
                           "случай: исправьте вид); уберите --days.")
        return
    if days is None and fields.get("severity") == "fatal":
        return
    if days is None or len(days) != len(injured):
        raise OhsError(f"Укажите дни нетрудоспособности каждого пострадавшего ({len(injured)}) в порядке их "
                       "перечисления: --days 12" + (" --days 5" if len(injured) > 1 else "") + ".")
    for value in days:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_DAYS:
            raise OhsError(f"Число дней нетрудоспособности «{value}» должно быть целым от 0 до {MAX_DAYS}; "
                           "исправьте --days.")


# ---------------------------------------------------------------- services

def get_case(session: Session, org: Organization, case_no: int) -> Case:
    """The case with that number, or a message naming ``ohs incidents list``."""
    from plugins.suot.incidents.chain import load_cases

    found = load_cases(session, org, case_no)
    if not found:
        raise NotFoundError(f"Происшествия № {case_no} нет; посмотрите номера: ohs incidents list.")
    return found[0]


def _check_measures(session: Session, org: Organization, measure_ids: list[int]) -> list[int]:
    from plugins.suot.measures import get_measure

    return [get_measure(session, org, i).id for i in dict.fromkeys(measure_ids)]


def _add_measure(session: Session, org: Organization, case_no: int, occurred_on: datetime.date,
                 fields: dict[str, Any], new: NewMeasure, today: datetime.date) -> int:
    from plugins.suot.measures import add_measure

    analysis = f"{TYPES[fields['type']].capitalize()} {_fmt(occurred_on)}: {fields['circumstances']}"
    return add_measure(session, org, new.measure, new.deadline, new.responsible, new.funding, today,
                       expected=new.expected, analysis=analysis[:2000], source="incident",
                       source_ref=f"incident:{case_no}").id


def open_case(session: Session, org: Organization, fields: dict[str, Any], occurred_on: datetime.date,
              today: datetime.date, measure_ids: list[int] = (), new_measure: NewMeasure | None = None) -> Case:
    """Register a case: check it, append the opening entry, link or create its measures."""
    from plugins.suot.incidents.chain import LOCK_NAMESPACE, append, next_case_no
    from core.journal import lock_chain

    if fields.get("type") in WITH_DAYS and fields.get("insured") is None:
        # An employee injured at work is insured (125-ФЗ); an outsider is not insured by this employer.
        fields = {**fields, "insured": not any("outsider" in p for p in fields.get("injured") or ())}
    fields = {k: v for k, v in fields.items() if v not in (None, [], "")}
    check_case(session, org, fields, occurred_on, None, today)
    linked = _check_measures(session, org, list(measure_ids))
    lock_chain(session, LOCK_NAMESPACE, org.id)
    case_no = next_case_no(session, org)
    if new_measure is not None:
        linked.append(_add_measure(session, org, case_no, occurred_on, fields, new_measure, today))
    append(session, org, case_no, "open", occurred_on, {**fields, **({"measures": linked} if linked else {})})
    return get_case(session, org, case_no)


def close_case(session: Session, org: Organization, case_no: int, closed_on: datetime.date, today: datetime.date,
               closing: dict[str, Any], measure_ids: list[int] = (), new_measure: NewMeasure | None = None) -> Case:
    """Close a case: days of incapacity, outcome, act, causes; the entry points to the opening entry."""
    from plugins.suot.incidents.chain import append

    case = get_case(session, org, case_no)
    if case.status == "closed":
        raise OhsError(f"Происшествие № {case_no} уже закрыто {_fmt(case.closed_on)}; исправление — новой записью: "
                       f"ohs incidents correct {case_no} --reason \"…\".")
    closing = {k: v for k, v in closing.items() if v not in (None, [], "")}
    check_case(session, org, {**case.fields, **closing}, case.occurred_on, closed_on, today)
    linked = _check_measures(session, org, list(measure_ids))
    if new_measure is not None:
        linked.append(_add_measure(session, org, case_no, case.occurred_on, case.fields, new_measure, today))
    append(session, org, case_no, "close", closed_on, {**closing, **({"measures": linked} if linked else {})},
           refers_seq=case.opening.seq)
    return get_case(session, org, case_no)


def correct_case(session: Session, org: Organization, case_no: int, changes: dict[str, Any], reason: str | None,
                 today: datetime.date, measure_ids: list[int] = (), new_measure: NewMeasure | None = None) -> Case:
    """Correct a case with a new entry holding the changed fields and the reason; the original stays."""
    from plugins.suot.incidents.chain import append

    reason = _clean(reason)
    if not reason:
        raise OhsError("Укажите причину исправления: --reason \"…\".")
    case = get_case(session, org, case_no)
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes and not measure_ids and new_measure is None:
        raise OhsError("Исправление ничего не меняет; укажите, что исправить (например --place \"…\" или --days 10).")
    if case.status == "open" and any(k in CLOSE_FIELDS for k in changes):
        raise OhsError(f"Происшествие № {case_no} ещё не закрыто: дни нетрудоспособности, исход и акт записываются "
                       f"при закрытии: ohs incidents close {case_no} --on ДАТА --days ДНИ.")
    fields = {k: v for k, v in {**case.fields, **changes}.items() if v not in ([], "")}
    occurred_on = changes.get("occurred_on", case.occurred_on)
    closed_on = changes.get("closed_on", case.closed_on)
    fields.pop("occurred_on", None)
    fields.pop("closed_on", None)
    check_case(session, org, fields, occurred_on, closed_on, today)
    linked = _check_measures(session, org, list(measure_ids))
    if new_measure is not None:
        linked.append(_add_measure(session, org, case_no, occurred_on, fields, new_measure, today))
    # A correction of the closing fields points to the closing entry, any other to the opening one.
    corrected = next((e for e in reversed(case.entries) if e.action == "close"), case.opening) \
        if any(k in CLOSE_FIELDS for k in changes) else case.opening
    append(session, org, case_no, "correct", today, {**changes, **({"measures": linked} if linked else {})},
           refers_seq=corrected.seq, reason=reason)
    return get_case(session, org, case_no)
