"""The schedule family's sections of a worker's card (``person_card_sections``): training and medical exams.

Read with the services of ``ohs training list`` and ``ohs medical list`` for one worker; an entry a correction
replaced is shown greyed, next to the correction, as in the journals themselves.
"""

from __future__ import annotations

from typing import Any

from core.web.pages import CardLink, CardRow, CardSection


def _mark(row: dict[str, Any]) -> str:
    """«исправляет № 3: опечатка», «исправлена № 7»: the entry's place among corrections."""
    parts = []
    if row["corrects"]:
        parts.append(f"исправляет № {row['corrects']}" + (f": {row['reason']}" if row["reason"] else ""))
    if row["corrected_by"]:
        parts.append("исправлена № " + ", ".join(str(n) for n in row["corrected_by"]))
    return "; ".join(parts)


def _day(iso: str) -> str:
    return ".".join(reversed(iso.split("-")))


def training_section(ctx: Any, person: Any) -> CardSection:
    """The worker's trainings and knowledge checks, newest first."""
    from plugins.suot.schedule.training import PROGRAM_SHORT, list_trainings, trainings_json

    rows = trainings_json(ctx.session, ctx.org, list_trainings(ctx.session, ctx.org, person=person))
    active = person.is_active(ctx.today)
    return CardSection(
        key="training", title="Обучение и проверка знания", position=50,
        columns=("№", "Дата", "Программа", "Протокол", "Результат", "Часов", "Отметка"),
        rows=[CardRow((str(r["seq"]), _day(r["on"]), PROGRAM_SHORT.get(r["program"], r["program"]), r["protocol"],
                       r["result_title"], str(r["hours"] or ""), _mark(r)), muted=bool(r["corrected_by"]))
              for r in reversed(rows)],
        empty="Записей в журнале обучения нет.",
        actions=[CardLink("Записать обучение", f"/training/new?people={person.id}")] if active else [])


def medical_section(ctx: Any, person: Any) -> CardSection:
    """The worker's medical exams and psychiatric examinations, newest first."""
    from plugins.suot.schedule.medical import exams_json, list_exams

    rows = exams_json(ctx.session, ctx.org, list_exams(ctx.session, ctx.org, person=person))
    active = person.is_active(ctx.today)
    return CardSection(
        key="medical", title="Медицинские осмотры", position=52,
        columns=("№", "Дата", "Вид", "Результат", "Заключение", "Отметка"),
        rows=[CardRow((str(r["seq"]), _day(r["on"]), r["kind_title"],
                       r["result_title"] + ("; направлен(а) на психиатрическое освидетельствование"
                                            if r["referral"] else ""),
                       r["conclusion"] or "", _mark(r)), muted=bool(r["corrected_by"]))
              for r in reversed(rows)],
        empty="Записей в журнале медосмотров нет.",
        actions=[CardLink("Записать осмотр", f"/medical/new?people={person.id}")] if active else [])


def sections(ctx: Any, person: Any) -> list[CardSection]:
    """Both sections, in the order of the menu (training, then medical exams)."""
    return [training_section(ctx, person), medical_section(ctx, person)]
