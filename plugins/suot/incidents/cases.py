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
#: A closing field given for an open case, as a form says it (the command line names «ohs incidents close»).
NOT_CLOSED_FORM = ("Случай ещё не закрыт: дни нетрудоспособности, исход и акт записываются при закрытии случая "
                   "(форма «Закрыть случай» в его карточке).")
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
                           "родитель учащегося\".",
                           form="Для постороннего лица укажите ФИО и кто он, например «Петров П.П., родитель учащегося».")
        return {"outsider": name}
    try:
        return {"person_id": resolve_person(session, org, ref or "").id}
    except NotFoundError as exc:
        raise NotFoundError(f"{exc.message.rstrip('.')}; если это не работник организации, укажите его как "
                            "постороннего: --injured-outsider (--witness-outsider, --member-outsider) \"ФИО, кто\".",
                            form=f"{(exc.form or exc.message).rstrip('.')}; если это не работник организации, "
                                 "впишите его как постороннего.") from None


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
        raise OhsError(f"Вида происшествия «{kind}» нет; выберите: {', '.join(TYPES)}.", concerns="type",
                       form="Выберите вид происшествия из списка.")
    if occurred_on > today:
        raise OhsError(f"Дата происшествия {_fmt(occurred_on)} ещё не наступила; укажите день, когда оно произошло.",
                       concerns="occurred_on")
    if fields.get("time") is not None and not _TIME_RE.fullmatch(fields["time"]):
        raise OhsError(f"Время «{fields['time']}» не в виде ЧЧ:ММ; укажите, например, --time 14:30.", concerns="time",
                       form=f"Время «{fields['time']}» не в виде ЧЧ:ММ; укажите, например, 14:30.")
    for key, title, option in (("place", "место", "--place"), ("circumstances", "обстоятельства", "--circumstances")):
        if not fields.get(key):
            raise OhsError(f"Не указано {title} происшествия; добавьте {option} \"…\".", concerns=key,
                           form=f"Не указано {title} происшествия.")
    _check_severity(kind, fields)
    _check_parties(session, fields, occurred_on)
    if closed_on is None:
        if fields.get("days") or fields.get("outcome") or fields.get("act_number"):
            raise OhsError("Случай ещё не закрыт: дни нетрудоспособности, исход и акт записываются при закрытии: "
                           "ohs incidents close НОМЕР --on ДАТА --days ДНИ.", form=NOT_CLOSED_FORM)
        return
    _check_closing(fields, occurred_on, closed_on, today)


def _check_severity(kind: str, fields: dict[str, Any]) -> None:
    severity, insured = fields.get("severity"), fields.get("insured")
    if kind == "accident":
        if severity not in SEVERITIES:
            raise OhsError(f"Укажите тяжесть несчастного случая: --severity {' | '.join(SEVERITIES)} "
                           f"({', '.join(SEVERITIES.values())}).", concerns="severity",
                           form="Укажите тяжесть несчастного случая.")
    elif severity is not None:
        raise OhsError(f"Тяжесть указывается только для несчастного случая, а это {TYPES[kind]}; уберите --severity.",
                       concerns="severity", form=f"Тяжесть указывается только для несчастного случая, а это "
                                                 f"{TYPES[kind]}; оставьте поле «Тяжесть» пустым.")
    if kind not in WITH_DAYS and insured:
        raise OhsError(f"Страховым случаем может быть только несчастный случай или профзаболевание, а это "
                       f"{TYPES[kind]}; уберите --insured.", concerns="insured",
                       form=f"Страховым случаем может быть только несчастный случай или профзаболевание, а это "
                            f"{TYPES[kind]}.")
    if insured and any("outsider" in p for p in fields.get("injured") or ()):
        raise OhsError("Пострадавший посторонний не застрахован организацией; для такого случая укажите --not-insured.",
                       concerns="insured", form="Пострадавший посторонний не застрахован организацией: такой случай "
                                                "не может быть страховым.")


def _check_parties(session: Session, fields: dict[str, Any], occurred_on: datetime.date) -> None:
    kind = fields["type"]
    injured = fields.get("injured") or []
    if kind in WITH_INJURED and not injured:
        raise OhsError(f"Для случая вида «{TYPES[kind]}» укажите пострадавшего: --injured РАБОТНИК "
                       "(или --injured-outsider \"ФИО, кто\" для постороннего).", concerns="injured",
                       form=f"Для случая вида «{TYPES[kind]}» укажите пострадавшего: работника или постороннего.")
    people = _people(session, fields)
    for key, title in (("injured", "пострадавших"), ("witnesses", "очевидцев"), ("commission", "членов комиссии")):
        seen: set[Any] = set()
        for p in fields.get(key) or ():
            marker = p.get("person_id") or p.get("outsider")
            if marker in seen:
                raise OhsError(f"В списке {title} один человек указан дважды; уберите повтор.", concerns=key)
            seen.add(marker)
            person = people.get(p.get("person_id"))
            if key == "injured" and person is not None and not person.is_active(occurred_on):
                absent = (f"{person.full_name} не работал(а) в организации {_fmt(occurred_on)} (принят(а) "
                          f"{_fmt(person.hired_on)}"
                          f"{', уволен(а) ' + _fmt(person.dismissed_on) if person.dismissed_on else ''}); ")
                raise OhsError(absent + "если пострадал посторонний, укажите его через --injured-outsider \"ФИО, кто\".",
                               concerns="injured",
                               form=absent + "если пострадал посторонний, впишите его как постороннего.")


def _check_closing(fields: dict[str, Any], occurred_on: datetime.date, closed_on: datetime.date,
                   today: datetime.date) -> None:
    kind = fields["type"]
    if closed_on > today:
        raise OhsError(f"Дата закрытия {_fmt(closed_on)} ещё не наступила; укажите прошедшую или сегодняшнюю дату.",
                       concerns="closed_on")
    if closed_on < occurred_on:
        early = f"Дата закрытия {_fmt(closed_on)} раньше даты происшествия {_fmt(occurred_on)}; "
        raise OhsError(early + "исправьте --on.", concerns="closed_on", form=early + "исправьте её.")
    act_date = fields.get("act_date")
    if act_date is not None and not occurred_on <= datetime.date.fromisoformat(act_date) <= today:
        wrong = (f"Дата акта {_fmt(datetime.date.fromisoformat(act_date))} должна быть не раньше даты "
                 f"происшествия {_fmt(occurred_on)} и не позже сегодняшнего дня; ")
        raise OhsError(wrong + "исправьте --act-date.", concerns="act_date", form=wrong + "исправьте её.")
    days = fields.get("days")
    injured = fields.get("injured") or []
    if kind not in WITH_DAYS or not injured:
        if days:
            none = (f"Для случая вида «{TYPES[kind]}» дни нетрудоспособности не записываются "
                    "(микроповреждение по определению не ведёт к нетрудоспособности — иначе это несчастный "
                    "случай: исправьте вид); ")
            raise OhsError(none + "уберите --days.", concerns="days", form=none + "оставьте поле пустым.")
        return
    if days is None and fields.get("severity") == "fatal":
        return
    if days is None or len(days) != len(injured):
        each = f"Укажите дни нетрудоспособности каждого пострадавшего ({len(injured)}) в порядке их перечисления"
        raise OhsError(each + ": --days 12" + (" --days 5" if len(injured) > 1 else "") + ".", concerns="days",
                       form=each + (", через запятую: 12, 5." if len(injured) > 1 else ", например 12."))
    for value in days:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_DAYS:
            whole = f"Число дней нетрудоспособности «{value}» должно быть целым от 0 до {MAX_DAYS}"
            raise OhsError(whole + "; исправьте --days.", concerns="days", form=whole + ".")


# ---------------------------------------------------------------- services

def get_case(session: Session, org: Organization, case_no: int) -> Case:
    """The case with that number, or a message naming ``ohs incidents list``."""
    from plugins.suot.incidents.chain import load_cases

    found = load_cases(session, org, case_no)
    if not found:
        raise NotFoundError(f"Происшествия № {case_no} нет; посмотрите номера: ohs incidents list.",
                            form=f"Происшествия № {case_no} нет; номера — в журнале «Происшествия».")
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


def derived_insured(kind: str, injured: list[dict[str, Any]] | None) -> bool | None:
    """Whether a case of ``kind`` with these injured is insured when nobody said: None for a kind without insurance.

    An employee injured at work is insured (125-ФЗ); an outsider is not insured by this employer.
    """
    if kind not in WITH_DAYS:
        return None
    return not any("outsider" in p for p in injured or ())


def insured_after(kind: str, injured: list[dict[str, Any]] | None, insured: bool | None) -> bool | None:
    """The insured mark a change of kind or injured leaves where nobody set it anew: kept while it still holds,
    else as registration derives it (a micro-trauma is never insured, an outsider is not insured here)."""
    derived = derived_insured(kind, injured)
    if derived is None or insured is None:
        return derived
    return insured and derived


def open_case(session: Session, org: Organization, fields: dict[str, Any], occurred_on: datetime.date,
              today: datetime.date, measure_ids: list[int] = (), new_measure: NewMeasure | None = None) -> Case:
    """Register a case: check it, append the opening entry, link or create its measures."""
    from plugins.suot.incidents.chain import LOCK_NAMESPACE, append, next_case_no
    from core.journal import lock_chain

    if fields.get("type") in WITH_DAYS and fields.get("insured") is None:
        fields = {**fields, "insured": derived_insured(fields["type"], fields.get("injured"))}
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
        closed = f"Происшествие № {case_no} уже закрыто {_fmt(case.closed_on)}; исправление — новой записью"
        raise OhsError(closed + f": ohs incidents correct {case_no} --reason \"…\".",
                       form=closed + " (кнопка «Исправить» в карточке случая).")
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
        raise OhsError("Укажите причину исправления: --reason \"…\".", concerns="reason",
                       form="Укажите причину исправления.")
    case = get_case(session, org, case_no)
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes and not measure_ids and new_measure is None:
        raise OhsError("Исправление ничего не меняет; укажите, что исправить (например --place \"…\" или --days 10).",
                       form="Исправление ничего не меняет: измените хотя бы одно поле.")
    if case.status == "open" and any(k in CLOSE_FIELDS for k in changes):
        raise OhsError(f"Происшествие № {case_no} ещё не закрыто: дни нетрудоспособности, исход и акт записываются "
                       f"при закрытии: ohs incidents close {case_no} --on ДАТА --days ДНИ.",
                       form=f"Происшествие № {case_no} ещё не закрыто: " + NOT_CLOSED_FORM.split(": ", 1)[1])
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
