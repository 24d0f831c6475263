"""The demo organization's application: plausible questionnaire values and a modest self-assessment.

The values do not depend on ``rng`` (nothing here is random), so the shared generator is left untouched
and the other plugins' demo data stays the same. Requisites (ИНН, address, phone…) are not stored:
they come from the organization profile as the questionnaire's defaults.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.storage.models import Organization

QUESTIONNAIRE = {
    "owner.region": "Тульская область",
    "contact.phone": "(4872) 47-12-20",
    "contact.email": "ohs@sport-gym.tula.example",
    "solution.name": "ohs-toolkit — учёт и документы по охране труда организации",
    "solution.tasks": (
        "Ведение системы управления охраной труда: положение о СУОТ, политика, приказы и программы инструктажей.\n"
        "Журналы инструктажей с защитой записей от изменения (хеш-цепочка) и сроки обучения, медосмотров, СОУТ.\n"
        "План мероприятий по охране труда с контролем исполнения."),
    "solution.effect": (
        "Документы СУОТ готовятся из одних данных за минуты вместо дней; ни один срок инструктажа, обучения "
        "или медосмотра не пропускается: программа показывает просроченное и предстоящее."),
    "solution.example": (
        "Спортивная школа олимпийского резерва (г. Тула): реестр работников, журналы инструктажей и план "
        "мероприятий ведутся в ohs-toolkit; отзыв директора прилагается."),
    "solution.url": "https://sport-gym.tula.example/ohs",
    "demo.access": ("Демонстрационная организация — спортивная школа с работниками, подразделениями и записями за "
                    "три года — разворачивается на компьютере эксперта за минуту; доступ к серверу — по запросу "
                    "оператора конкурса."),
}
SELF_ASSESSMENT = {
    "tasks": "relevant",
    "methods": "common",
    "technologies": "common",
    "effect": "tangible",
    "design": "consistent_style",
    "navigation": "simple,multiple_ways",
    "ux": "informative,interactive_forms",
    "support": "form_or_email,text_instructions",
    "program_registry": "нет",
    "russian_software_registry": "нет",
}


def add_demo_application(session: Session, org: Organization, today: datetime.date) -> None:
    """Store the demo questionnaire and self-assessment as of ``today`` (the demo's date), validated as a user's."""
    from plugins.contest_digital.criteria import default_edition
    from plugins.contest_digital.entries import set_entries

    edition = default_edition()
    set_entries(session, org, edition, list(QUESTIONNAIRE.items()), today)
    set_entries(session, org, edition, list(SELF_ASSESSMENT.items()), today, criteria=True)
