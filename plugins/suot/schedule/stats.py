"""Usage figures of the schedule part (the ``stats`` hook)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.payloads import Figure
    from sqlmodel import Session

    from core.storage.models import Organization


def schedule_stats(session: Session, org: Organization) -> list[Figure]:
    """Training entries, medical exam entries, workplaces with a СОУТ result (distinct department + position)."""
    from core.payloads import Figure

    from sqlalchemy import func
    from sqlmodel import select

    from plugins.suot.schedule.models import SuotMedicalExam, SuotSout, SuotTraining

    def count(model) -> int:
        return int(session.exec(select(func.count()).select_from(model).where(model.org_id == org.id)).one())

    # Distinct (department, position) pairs: a few hundred rows even for the benchmark organization.
    workplaces = len(session.exec(select(SuotSout.department_id, SuotSout.position)
                                  .where(SuotSout.org_id == org.id).distinct()).all())
    return [Figure("trainings", "записей об обучении и проверке знания", count(SuotTraining)),
            Figure("medical_exams", "записей о медицинских осмотрах", count(SuotMedicalExam)),
            Figure("sout_workplaces", "рабочих мест с результатами СОУТ", int(workplaces))]

