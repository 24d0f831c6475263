"""The core's steps of ``ohs setup``: profile, HR file, head, OSH specialist, commission, instructors, check.

Each step calls the service of its plain command (``ohs org set``, ``ohs people import``, ``ohs appoint``,
``ohs commission add``, ``ohs check``); a step already done (the same head, the same order) is reported
and skipped, so running setup again with the same answers changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import OhsError
from core.setup.steps import Answers, FormField, Prompt, SetupStep, StepContext

if TYPE_CHECKING:
    from core.storage.models import Person

#: Profile keys the profile step takes (the roles have steps of their own).
PROFILE_FIELDS = ("name", "short_name", "legal_address", "inn", "kpp", "ogrn", "okved", "sector",
                  "small_business", "headcount", "municipality", "phone", "email", "website", "activities")


def _profile_value(answers: Answers, key: str) -> str | None:
    value = answers.data.get(key)
    if isinstance(value, bool):  # small_business = true
        return "да" if value else "нет"
    if isinstance(value, list):  # activities = ["плавание", "футбол"]
        return ", ".join(str(v) for v in value)
    return answers.text(key)


def run_profile(ctx: StepContext, answers: Answers) -> list[str]:
    """``ohs org set`` with every answered requisite: all checked (ИНН, ОГРН by check digits) before any is set."""
    from core.registry.activities import catalogue
    from core.registry.org import KEYS_BY_NAME, set_profile

    pairs = [(key, value) for key in PROFILE_FIELDS if (value := _profile_value(answers, key)) is not None]
    if not pairs:
        return ["Профиль: ничего не указано."]
    try:
        changed = set_profile(ctx.session, ctx.org, pairs, ctx.today, known_activities=catalogue(ctx.app.pm))
    except OhsError as exc:
        raise type(exc)(f"Ответы, раздел [profile]: {exc.message}", details=exc.details) from None
    if not changed:
        return ["Профиль: без изменений."]
    return ["Профиль: " + ", ".join(KEYS_BY_NAME[k].title for k in changed) + "."]


def ask_profile(prompt: Prompt, ctx: StepContext) -> dict[str, Any] | None:
    """The requisites one by one, the stored value as the default."""
    from core.registry.org import KEYS_BY_NAME

    result = {}
    for key in PROFILE_FIELDS:
        spec = KEYS_BY_NAME[key]
        current = getattr(ctx.org, key)
        question = spec.title + (f" ({spec.hint})" if spec.hint else "")
        value = prompt.text(question, default=None if current in (None, "") else str(current))
        if value is not None:
            result[key] = value
    return result


def run_people(ctx: StepContext, answers: Answers) -> list[str]:
    """``ohs people import``: the file checked whole, the dry-run summary shown, then (once confirmed) imported."""
    import click

    from core.cli.commands.people_import_cmd import echo_layout, echo_plan, read_import_file
    from core.registry.people_import import apply_import, plan_import

    name = answers.text("file", required=True)
    path = Path(name).expanduser()
    path = path if path.is_absolute() else ctx.base_dir / path
    if not path.is_file():
        raise answers.error("file", f"файла {path} нет")
    header_row = answers.integer("header_row", None, 1, 100_000)
    mappings = tuple(answers.texts("map"))
    try:
        table, rows, sha256 = read_import_file(path, ctx.today, header_row, mappings)
    except OhsError as exc:
        raise type(exc)(f"Ответы, раздел [people], ключ file: {exc.message}", details=exc.details) from None
    plan = plan_import(ctx.session, ctx.org, rows, ctx.today)
    echo_layout(table)
    echo_plan(plan, dry_run=True, footer=False)
    summary = plan.summary()
    if not summary["added"] and not summary["updated"]:
        return ["Работники: в файле нет нового — без изменений."]
    if not ctx.confirm("Импортировать работников из файла?", answers.flag("confirm", True)):
        return ["Работники: импорт отменён, база не изменена."]
    apply_import(ctx.session, ctx.org, plan, source=path.name, sha256=sha256)
    click.echo(f"Импортировано: добавлено {summary['added']}, обновлено {summary['updated']}.")
    return []


def ask_people(prompt: Prompt, ctx: StepContext) -> dict[str, Any] | None:
    """The path of the HR export (XLSX or CSV)."""
    path = prompt.text("Файл кадровой программы со списком работников (XLSX или CSV; пусто — пропустить)")
    return {"file": path} if path else None


def _role_step(role: str, word: str):
    """A step setting an organization role (``ohs org set head=…``) from ``person`` and optional ``since``."""

    def run(ctx: StepContext, answers: Answers) -> list[str]:
        from core.registry.org import role_holder, set_profile

        person = answers.person(ctx, "person")
        since = answers.date("since")
        current = role_holder(ctx.session, ctx.org, role, ctx.today)
        if current is not None and current.id == person.id:
            return [f"{word}: {person.full_name} — уже указан(а)."]
        try:
            set_profile(ctx.session, ctx.org, [(role, str(person.id))], ctx.today, since)
        except OhsError as exc:
            raise type(exc)(f"Ответы, раздел [{role}], ключ person: {exc.message}", details=exc.details) from None
        return [f"{word}: {person.full_name}, {person.position}."]

    def ask(prompt: Prompt, ctx: StepContext) -> dict[str, Any] | None:
        ref = prompt.text(f"{word} (табельный номер, СНИЛС или ФИО; пусто — пропустить)")
        return {"person": ref} if ref else None

    return run, ask


run_head, ask_head = _role_step("head", "Руководитель организации")


def _appoint(ctx: StepContext, role: str, person: Person, number: str, date: Any, department: Any = None) -> bool:
    """``ohs appoint``: False when the same appointment by the same order is already recorded."""
    from core.registry.commissions import add_appointment, current_appointments

    for appointment, holder in current_appointments(ctx.session, ctx.org, ctx.today):
        if (appointment.role == role and holder.id == person.id and appointment.order_number == number
                and appointment.department_id == (department.id if department else None)):
            return False
    add_appointment(ctx.session, ctx.org, role, person, number, date, ctx.today, department=department)
    return True


def run_specialist(ctx: StepContext, answers: Answers) -> list[str]:
    """The OSH specialist: «специалист по ОТ» in the register, appointed responsible (and for the intro briefing)."""
    from core.registry.people_edit import edit_person

    person = answers.person(ctx, "person")
    number = answers.text("order_number", required=True)
    date = answers.date("order_date", required=True)
    roles = ["osh_responsible"] + (["intro_briefing"] if answers.flag("intro_briefing", True) else [])
    lines = []
    try:
        if person.osh_role != "specialist":
            edit_person(ctx.session, ctx.org, person, {"osh_role": "специалист по охране труда"}, ctx.today)
        for role in roles:
            if _appoint(ctx, role, person, number, date):
                lines.append(f"Назначение: {person.full_name} — {_role_title(role)}, приказ № {number} "
                             f"от {date:%d.%m.%Y}.")
    except OhsError as exc:
        raise type(exc)(f"Ответы, раздел [specialist]: {exc.message}", details=exc.details) from None
    return lines or [f"Специалист по охране труда: {person.full_name} — уже назначен(а)."]


def _role_title(role: str) -> str:
    from core.registry.commission_models import APPOINTMENT_ROLES

    return APPOINTMENT_ROLES[role]


def _ask_order(prompt: Prompt) -> dict[str, Any]:
    return {"order_number": prompt.text("Номер приказа", required=True),
            "order_date": prompt.text("Дата приказа (ГГГГ-ММ-ДД)", required=True)}


def ask_specialist(prompt: Prompt, ctx: StepContext) -> dict[str, Any] | None:
    """The specialist and the order appointing them."""
    ref = prompt.text("Специалист по охране труда (номер, СНИЛС или ФИО; пусто — пропустить)")
    if not ref:
        return None
    return {"person": ref, **_ask_order(prompt),
            "intro_briefing": prompt.yes("Он же проводит вводный инструктаж?", True)}


def run_commission(ctx: StepContext, answers: Answers) -> list[str]:
    """``ohs commission add``: the knowledge-check commission (or ``kind``) by order, skipped if that order is recorded."""
    from core.registry.commissions import add_commission, list_commissions

    kind = answers.text("kind") or "knowledge_check"
    number = answers.text("order_number", required=True)
    date = answers.date("order_date", required=True)
    composition = [("chair", answers.person(ctx, "chair"))]
    if answers.has("deputy"):
        composition.append(("deputy", answers.person(ctx, "deputy")))
    if answers.has("secretary"):
        composition.append(("secretary", answers.person(ctx, "secretary")))
    for ref in answers.texts("members"):
        composition.append(("member", Answers("commission", {"members": ref}).person(ctx, "members")))
    for existing in list_commissions(ctx.session, ctx.org, on=ctx.today, kind=kind):
        if existing.order_number == number:
            return [f"Комиссия по приказу № {number} уже записана (№{existing.id})."]
    try:
        created = add_commission(ctx.session, ctx.org, kind, number, date, composition, ctx.today)
    except OhsError as exc:
        raise type(exc)(f"Ответы, раздел [commission]: {exc.message}", details=exc.details) from None
    return [f"Комиссия №{created.id}: приказ № {number} от {date:%d.%m.%Y}, состав — {len(composition)} чел."]


def ask_commission(prompt: Prompt, ctx: StepContext) -> dict[str, Any] | None:
    """Chair, members and the order."""
    chair = prompt.text("Комиссия по проверке знаний — председатель (пусто — пропустить)")
    if not chair:
        return None
    return {"chair": chair, "members": prompt.items("Члены комиссии"), **_ask_order(prompt)}


def run_instructors(ctx: StepContext, answers: Answers) -> list[str]:
    """``ohs appoint briefing_instructor … --department``: one instructor per department, by one order."""
    from core.registry.people import get_department

    number = answers.text("order_number", required=True)
    date = answers.date("order_date", required=True)
    by_department = answers.table("by_department")
    if not by_department:
        raise answers.error("by_department", "не указан ни один инструктирующий "
                                             "([instructors.by_department] \"Подразделение\" = \"ФИО\")")
    chosen = []
    for department, ref in by_department.items():
        dept = get_department(ctx.session, ctx.org, department, create=False)
        if dept is None:
            raise answers.error(f"by_department.«{department}»", "такого подразделения нет; список: ohs people departments")
        person = Answers("instructors", {f"by_department.«{department}»": ref}).person(ctx, f"by_department.«{department}»")
        chosen.append((dept, person))
    lines = []
    try:
        for dept, person in chosen:
            if _appoint(ctx, "briefing_instructor", person, number, date, department=dept):
                lines.append(f"Инструктажи в подразделении «{dept.name}»: {person.full_name}.")
    except OhsError as exc:
        raise type(exc)(f"Ответы, раздел [instructors]: {exc.message}", details=exc.details) from None
    return lines or ["Инструктирующие: уже назначены по этому приказу."]


def ask_instructors(prompt: Prompt, ctx: StepContext) -> dict[str, Any] | None:
    """For each department, who conducts the workplace briefings there."""
    from core.registry.people import departments

    names = [d.name for d in departments(ctx.session, ctx.org)]
    if not names:
        return None
    by_department = {}
    for name in names:
        ref = prompt.text(f"Инструктажи на рабочем месте в подразделении «{name}» проводит (пусто — пропустить)")
        if ref:
            by_department[name] = ref
    return {**_ask_order(prompt), "by_department": by_department} if by_department else None


def run_check(ctx: StepContext, answers: Answers) -> list[str]:
    """``ohs check``: what is still missing."""
    from core.obligations.checks import SEVERITY_TITLES, collect_findings

    findings = collect_findings(ctx.app.context_of(ctx.session, ctx.today))
    if not findings:
        return ["Чего не хватает: замечаний нет."]
    lines = [f"Чего ещё не хватает (ohs check), замечаний: {len(findings)}:"]
    for f in findings:
        lines.append(f"  [{SEVERITY_TITLES[f.severity]}] {f.title}" + (f" — как исправить: {f.fix}" if f.fix else ""))
    return lines


def _stored(key: str):
    """The profile's stored value as the form's default (the desk shows what is already filled in)."""
    return lambda ctx: getattr(ctx.org, key) or None


def _sectors() -> list[tuple[str, str]]:
    from core.storage.models import SECTORS

    return list(SECTORS.items())


def _departments_exist(ctx: StepContext) -> list[tuple[str, str]]:
    from core.registry.people import departments

    return [(d.name, d.name) for d in departments(ctx.session, ctx.org)]


ORDER_FIELDS = (FormField("order_number", "Номер приказа", required=True),
                FormField("order_date", "Дата приказа", "date", required=True))
PERSON_HINT = "табельный номер, СНИЛС или ФИО из загруженного списка"

#: The profile's questions on the desk; ИНН, КПП, ОГРН are checked by their check digits when saved.
PROFILE_FORM = (
    FormField("name", "Полное наименование", required=True, default=_stored("name")),
    FormField("short_name", "Сокращённое наименование", default=_stored("short_name")),
    FormField("inn", "ИНН", required=True, hint="10 цифр (организация) или 12 (ИП); проверяется контрольное число",
              default=_stored("inn")),
    FormField("kpp", "КПП", hint="9 цифр", default=_stored("kpp")),
    FormField("ogrn", "ОГРН", hint="13 цифр (ОГРНИП — 15); проверяется контрольное число", default=_stored("ogrn")),
    FormField("okved", "Основной ОКВЭД", hint="например 85.41", default=_stored("okved")),
    FormField("sector", "Сфера", "select", hint="по ней конкурсы определяют номинацию", default=_stored("sector"),
              choices=lambda ctx: _sectors()),
    FormField("legal_address", "Юридический адрес", default=_stored("legal_address")),
    FormField("municipality", "Муниципальное образование", default=_stored("municipality")),
    FormField("phone", "Телефон", default=_stored("phone")),
    FormField("email", "E-mail", default=_stored("email")),
)


def core_steps() -> list[SetupStep]:
    """The core's steps in their order (plugins' steps go between them by ``order``)."""
    return [
        SetupStep("profile", "Профиль организации", 10, run_profile, ask_profile, keys=PROFILE_FIELDS,
                  fields=PROFILE_FORM),
        # On the desk the HR file goes through the people import pages (upload, preview, import), not a form here.
        SetupStep("people", "Работники из файла кадровой программы", 20, run_people, ask_people,
                  keys=("file", "header_row", "map", "confirm")),
        SetupStep("head", "Руководитель организации", 30, run_head, ask_head, keys=("person", "since"),
                  fields=(FormField("person", "Руководитель", "person", required=True, hint=PERSON_HINT),)),
        SetupStep("specialist", "Специалист по охране труда", 40, run_specialist, ask_specialist,
                  keys=("person", "order_number", "order_date", "intro_briefing"),
                  fields=(FormField("person", "Специалист по охране труда", "person", required=True, hint=PERSON_HINT),
                          *ORDER_FIELDS,
                          FormField("intro_briefing", "Он же проводит вводный инструктаж", "flag", default=True))),
        SetupStep("commission", "Комиссия по проверке знания требований охраны труда", 50, run_commission,
                  ask_commission, keys=("kind", "order_number", "order_date", "chair", "deputy", "secretary", "members"),
                  fields=(FormField("chair", "Председатель", "person", required=True, hint=PERSON_HINT),
                          FormField("members", "Члены комиссии", "lines", hint="по одному в строке; " + PERSON_HINT),
                          *ORDER_FIELDS)),
        SetupStep("instructors", "Проводящие инструктажи по подразделениям", 60, run_instructors, ask_instructors,
                  keys=("order_number", "order_date", "by_department"),
                  fields=(FormField("by_department", "Инструктаж на рабочем месте проводит", "departments",
                                    choices=_departments_exist, hint=PERSON_HINT), *ORDER_FIELDS)),
        SetupStep("check", "Чего ещё не хватает", 1000, run_check, None, always=True),
    ]
