"""Where on the desk an item of «Сегодня» is resolved: the page that records what the item asks for.

Items come from every plugin's ``due_items`` and ``checks``; the page is chosen from what they already
carry (the kind of a due item and its record, the command a finding names as its fix), so plugins
need not know the web layer. Items whose page is not built yet get no link (the command is shown).
The same for a value a document lacks (:func:`fill_link`): the form where it is typed, instead of the command.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from core.obligations.checks import Finding
    from core.obligations.due import DueItem

#: Briefing kinds of ``due_items`` → the kind the «Провести инструктаж» form is opened with.
BRIEFING_DUE_KINDS = {"briefing_repeat": "repeat", "briefing_break": "unscheduled", "briefing_primary": "primary",
                      "briefing_intro": "intro"}

#: Due kinds of the registers (by prefix) → the form that records what the item asks for.
REGISTER_DUE_FORMS: tuple[tuple[str, str], ...] = (
    ("training", "/training/new"), ("medical", "/medical/new"), ("psychiatric", "/medical/new"),
    ("sout", "/sout/new"),
)

_FIX_PAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ohs docs make ([a-z_]+)"), "/documents/kind/{0}"),
    (re.compile(r"ohs docs (?:approve|ack)"), "/documents"),
    (re.compile(r"ohs suot pack"), "/documents"),
    (re.compile(r"ohs briefing "), "/briefings/new"),
    (re.compile(r"ohs people (?:add|edit|import)"), "/people"),
    (re.compile(r"ohs risk (?:assess|measure)"), "/risks"),
    (re.compile(r"ohs control "), "/control"),
    (re.compile(r"ohs incidents "), "/incidents"),
)


def due_link(item: DueItem) -> str | None:
    """The page that resolves a due item, or None."""
    prefix, _, key = item.record.partition(":")
    if item.kind in BRIEFING_DUE_KINDS:
        # The subject reads «Архипов А.А., Заместитель директора…»: the name is what the form resolves.
        who = key if prefix == "person" else item.subject.split(",")[0]
        return "/briefings/new?" + urlencode({"kind": BRIEFING_DUE_KINDS[item.kind], "people": who})
    form = next((url for kind, url in REGISTER_DUE_FORMS if item.kind.startswith(kind)), None)
    if form is not None:
        return form + "?" + urlencode(_register_query(item))
    if prefix == "measure" and key.isdigit():
        return f"/measures/{key}"
    if prefix == "document" and key.isdigit():
        return f"/documents/{key}"
    if prefix == "person" and key.isdigit():
        return f"/people/{key}"
    return None


def _register_query(item: DueItem) -> dict[str, str]:
    """The form's fields a due item already knows: the worker, the programme, the kind of exam."""
    extra = dict(item.extra)
    query: dict[str, str] = {}
    if extra.get("person_id"):
        query["people"] = item.subject.split(",")[0]
    if item.kind.startswith("training") and extra.get("program"):
        query["program"] = str(extra["program"])
    if item.kind.startswith("psychiatric"):
        query["kind"] = "psychiatric"
    elif item.kind.startswith("medical"):
        query["kind"] = "periodic"
    return query


def finding_link(finding: Finding) -> str | None:
    """The page that resolves a finding of ``ohs check``, or None."""
    for pattern, url in _FIX_PAGES:
        match = pattern.search(finding.fix or "")
        if match:
            return url.format(*match.groups())
    return None


#: The command that sets a value a document lacks (``MissingField.command``) → the form where the desk sets it.
_FILL_PAGES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"ohs contest digital questionnaire set ([a-z_]+)\.([a-z_]+)="), "Анкета конкурса цифровых решений",
     "/contest/digital/questionnaire#q-{0}-{1}"),
    (re.compile(r"ohs contest specialist "), "Конкурс специалистов", "/contest/specialist"),
    (re.compile(r"ohs org set head="), "Первый запуск: руководитель организации", "/setup/head"),
    (re.compile(r"ohs org set "), "Первый запуск: профиль организации", "/setup/profile"),
    (re.compile(r"ohs appoint briefing_instructor"), "Первый запуск: проводящие инструктажи", "/setup/instructors"),
    (re.compile(r"ohs appoint "), "Первый запуск: специалист по охране труда", "/setup/specialist"),
    (re.compile(r"ohs commission add"), "Первый запуск: комиссия по проверке знания", "/setup/commission"),
    (re.compile(r"ohs people (?:add|import)"), "Загрузить работников", "/people/import"),
    (re.compile(r"ohs training add"), "Записать обучение", "/training/new"),
    (re.compile(r"ohs medical add"), "Записать медосмотр", "/medical/new"),
    (re.compile(r"ohs sout add"), "Записать СОУТ", "/sout/new"),
    (re.compile(r"ohs incidents "), "Происшествия", "/incidents"),
    (re.compile(r"ohs control add"), "Записать акт контроля", "/control/new"),
    (re.compile(r"ohs risk assess"), "Оценить риск", "/risks/assess"),
    (re.compile(r"ohs suot measure add"), "Добавить мероприятие", "/measures/new"),
    (re.compile(r"ohs suot goal add"), "Первый запуск: цели в области охраны труда", "/setup/goals"),
    (re.compile(r"ohs (?:suot pack|docs (?:make|approve))"), "Документы", "/documents"),
)


def fill_link(command: str) -> tuple[str, str] | None:
    """The page (its title and address) where the value a document lacks is typed, or None: no page yet."""
    for pattern, title, url in _FILL_PAGES:
        match = pattern.search(command or "")
        if match:
            return title, url.format(*match.groups())
    return None
